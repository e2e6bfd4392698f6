"""The totals a notice announces (新增高风险区8个, 7个高风险区调整为中风险区), where its lists
begin, and the check of totals against what is listed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grammar import ORDINAL_RX, SHIFT_VERB, change_words, may_hold_in, predicate_patterns, zone_alternation, zone_code, zone_pattern
from .items import county_at

if TYPE_CHECKING:
    from .changes import Extraction

def lead_end(text: str, start: int, end: int) -> int:
    """Where the lists of a notice body begin: the first section heading, zone label, numbered
    line or zone predicate. The passage before it is the lead."""
    best = end
    if not change_words().search(text, start, end):
        return end  # every predicate and zone label names a zone or a lifting
    for name in ("from_to", "to", "still", "plain", "into", "lift_inside", "lift_measure", "lift", "items_after", "label"):
        if not may_hold_in(name, text, start, best):
            continue  # none of the characters every match holds before the best end so far
        m = predicate_patterns()[name].search(text, start, best)
        if not m:
            continue
        at = m.start()
        if name not in ("items_after", "label", "lift_inside", "lift_measure"):
            # The places come before this predicate: the lead ends at the clause that holds them.
            clause = max(text.rfind(c, start, at) for c in ",,;;。:\n")
            starter = max((mm.start() for mm in _STARTER_RX.finditer(text[start:at])), default=-1)
            at = max(clause + 1, start + starter if starter >= 0 else start, start)
        best = min(best, at)
    pos = start
    for ln in text[start:best].split("\n"):
        if ORDINAL_RX.match(ln) and re.search(zone_alternation(), ln):
            return min(best, pos)
        pos += len(ln) + 1
    return best


_STARTER_RX = re.compile(r"将|对|把|确定")
# Totals in a lead (``{z}``: the zone terms), and whether they give the zone moved from.
_SUMMARY_PATTERNS = (
    (r"(?P<n>\d+)\s*个\s*(?P<z1>{z})\s*" + SHIFT_VERB + r"\s*(?:为|至)\s*(?P<z2>{z})", True),
    (r"(?P<z1>{z})\s*" + SHIFT_VERB + r"\s*(?:为|至)\s*(?P<z2>{z})\s*(?P<n>\d+)\s*个", True),
    (r"(?:新增|新划定|增加|调整为|降为|划定)\s*(?P<z2>{z})\s*(?P<n>\d+)\s*个", False),
)


def summary_counts(text: str, s: int, e: int) -> list[tuple[str | None, str, int, tuple[int, int]]]:
    """Totals announced in a lead passage: ``新增高风险区8个``, ``7个高风险区调整为中风险区``."""
    out = []
    taken: list[tuple[int, int]] = []
    for pat, has_from in _SUMMARY_PATTERNS:
        for m in zone_pattern(pat).finditer(text[s:e]):
            span = (s + m.start(), s + m.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            frm = zone_code(m["z1"]) if has_from else None
            out.append((frm, zone_code(m["z2"]), int(m["n"]), span))
    return out


def _check_totals(text: str, lead: tuple[int, int], ext: Extraction) -> None:
    for frm, to, n, span in summary_counts(text, *lead):
        district = _clause_county(text, lead[0], span[0])
        def in_district(c, unnamed: bool) -> bool:
            if district is None:
                return True
            if c.item.district is None:
                return unnamed
            return text[c.item.district[0] : c.item.district[1]] == district

        # Items naming no district of their own may lie in the one the total names.
        listed = None
        for unnamed in (False, True):
            pool = [c for c in ext.changes if c.kind == "change" and c.to_zone == to and in_district(c, unnamed)]
            # The total names a transition; items may or may not state their previous zone.
            exact = sum(1 for c in pool if c.from_zone == frm)
            loose = sum(1 for c in pool if c.from_zone in (frm, None))
            found = exact if exact == n else (loose if loose == n else (len(pool) if len(pool) == n else exact or loose))
            if listed is None or found == n:
                listed = found
        if listed != n:
            what = text[span[0] : span[1]]
            where = f"{district}: " if district else ""
            ext.warnings.append(("total_mismatch", f"{where}{n} declared ({what}), {listed} listed", span))


def _clause_county(text: str, lo: int, pos: int) -> str | None:
    """The county named last before ``pos`` in the same clause (阳曲县4个…,3个… → 阳曲县)."""
    start = max(text.rfind(";", lo, pos), text.rfind(";", lo, pos), text.rfind("。", lo, pos), lo - 1) + 1
    found = None
    i = start
    while i < pos:
        end = county_at(text, i, pos)
        if end is not None:
            found = text[i:end]
            i = end
        else:
            i += 1
    return found

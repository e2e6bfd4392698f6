"""Scopes: the district and township a notice's title or lead sentence names, which its items
inherit when they name none."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer
from .districts import FUNCTIONAL_AREA_HINT, FUNCTIONAL_AREA_REACH, FUNCTIONAL_AREA_RX, FUNCTIONAL_AREA_WORD, county_at

_CJK_RX = re.compile(r"[\u4e00-\u9fff]")
_TOWN_END_RX = re.compile(r"街道|镇|乡")


def find_scope(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """County-level and township-level names written in the given spans (titles, lead sentences)."""
    g = gazetteer()
    counties: list[tuple[int, int]] = []
    towns: list[tuple[int, int]] = []
    town_heads, towns_known = g.level_heads(4), g.level_names(4)
    for s, e in spans:
        county_cands = _county_candidates(text, s, e)
        town_cands = _town_candidates(text, s, e)
        i = s
        for cand in sorted(county_cands | town_cands):
            if cand < i:
                continue  # inside a name read already
            i = cand
            d_end = county_at(text, i, e) if i in county_cands else None
            if d_end is not None and (i == s or not _CJK_RX.match(text[i - 1]) or _prev_is_admin(text, s, i)):
                counties.append((i, d_end))
                i = d_end
                continue
            if i in town_cands:
                for ln in town_heads.get(text[i : i + 2], ()):
                    if 3 <= ln <= min(8, e - i) and text.endswith(("街道", "镇", "乡"), i, i + ln) and text[i : i + ln] in towns_known:
                        towns.append((i, i + ln))
                        i += ln
                        break
    return counties, towns


def _county_candidates(text: str, s: int, e: int) -> set[int]:
    """Positions in ``[s, e)`` where :func:`county_at` may find a name. A functional area
    (its word is in the span) may start at any character that starts a county's name;
    otherwise a county's whole name, where it is written, and (a 个 in the span) an unlisted
    name ending in 区 two or three characters on."""
    g = gazetteer()
    starts, names = g.level_starts(3), g.level_names(3)
    if FUNCTIONAL_AREA_HINT.search(text, s, e):
        # A functional area starts at most FUNCTIONAL_AREA_REACH characters before its word.
        near: set[int] = set()
        for m in FUNCTIONAL_AREA_WORD.finditer(text, s, e):
            near.update(range(max(s, m.start() - FUNCTIONAL_AREA_REACH), m.end()))
        return {i for i in range(s, e) if text[i] in starts or i in near and FUNCTIONAL_AREA_RX.match(text, i, e)}
    heads = g.level_heads(3).get  # a name opens with its first two characters
    found = set()
    for m in _county_first_rx().finditer(text, s, e):  # only where a name's first character stands
        i = m.start()
        lengths = heads(text[i : i + 2])
        if lengths:
            for ln in lengths:
                if ln <= 10 and i + ln <= e and text[i : i + ln] in names:
                    found.add(i)
                    break
    if "个" in text[s:e]:
        # An unlisted name heading a count (汽开区(1个):) is two or three characters and 区;
        # it is looked for where a county's name may start.
        q = text.find("区", s, e)
        while q >= 0:
            found.update(i for i in (q - 3, q - 2) if i >= s and text[i] in starts)
            q = text.find("区", q + 1, e)
    return found


@lru_cache(maxsize=1)
def _county_first_rx() -> re.Pattern[str]:
    """A class of the characters county-level names open with."""
    firsts = sorted({head[0] for head in gazetteer().level_heads(3)})
    return re.compile("[" + "".join(map(re.escape, firsts)) + "]")


def _town_candidates(text: str, s: int, e: int) -> set[int]:
    """Positions in ``[s, e)`` where a township name may start: township names end in
    街道/镇/乡 and run 3 to 8 characters, so only the 3 to 8 characters before such an ending
    can start one."""
    found: set[int] = set()
    for m in _TOWN_END_RX.finditer(text, s, e):
        found.update(range(max(s, m.end() - 8), m.end() - 2))
    return found


def _prev_is_admin(text: str, s: int, i: int) -> bool:
    """True when the characters before ``i`` end an admin name (成都市|成华区) or a function word."""
    g = gazetteer()
    for ln in range(2, 8):
        if i - ln < s:
            break
        cand = text[i - ln : i]
        if g.lookup(cand, (1, 2)) or cand in ("关于", "在", "对", "将", "的", "划定", "调整"):
            return True
    return text[i - 1] in "于在对将的定"

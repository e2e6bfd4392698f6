"""A subject whose places follow it, one a line, with the predicate closing the last of them.

``将临朐县原21处高风险区:`` / ``城关街道甲小区5号楼`` / ``东城街道乙小区2号楼`` / …
``辛寨街道丙花园8号楼调整为低风险区。``: the sentence opens with 将 and the zone its places are
in, sets them out on the lines below, and closes with the zone they go to. The places wait (as
*pending* items, see :mod:`.backrefs`) until the line with the predicate; the zone of the subject
is the one they leave.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import SHIFT_VERB, designating_alternation, looks_like_places, zone_code, zone_pattern
from .extraction import RawChange

__all__ = ["SubjectLists"]

# …,将临朐县原21处高风险区: — a clause opening with 将 (not 将军, 将乐县) up to the label, with
# nothing but where and how many between (a verb there, 将以下区域划为高风险区:, makes the label
# the predicate's zone).
_SUBJECT_BEFORE_LABEL_RX = re.compile(r"(?:^|[,,。;;])\s*(?:将|把)(?!军|乐县|台)(?P<between>[^,,。;;::]*)$")


@lru_cache(maxsize=1)
def _verb_rx() -> re.Pattern[str]:
    """A verb between 将 and the label: a designating word, a move, 为 or 列/纳入/实行/作为/设."""
    return re.compile(rf"{designating_alternation()}|{SHIFT_VERB}|为|列|纳入|实行|实施|作为|设|按")


@lru_cache(maxsize=1)
def _to_zone_rx() -> re.Pattern[str]:
    """``调整为低风险区``: the predicate that closes the subject, and its zone."""
    return zone_pattern(SHIFT_VERB + r"\s*(?:为|至|成)\s*(?P<z>{z})")


# …研究决定, / 甲村 / 乙小区 / 为中风险地区,…: a decision clause ending in a comma, its places on
# the lines below, and the predicate with no subject of its own opening the line after them.
_OPEN_DECISION_RX = re.compile(r"(?:决定|研判|确定|研究)\s*[,,]\s*$")


@lru_cache(maxsize=1)
def _bare_predicate_rx() -> re.Pattern[str]:
    """``为中风险地区`` / ``划定为高风险区`` opening a line: a predicate whose places came before."""
    return zone_pattern(r"\s*(?:为|划为|列为|划定为|确定为|调整为)\s*(?P<z>{z})")


class SubjectLists:
    """Subjects set out over lines, of :class:`~.reader.Reader` (state lives on the reader)."""

    def _opens_subject(self, s: int, label: re.Match[str]) -> bool:
        """Whether the label ending ``[s, label.end())`` closes a subject opened by 将: its
        places follow on the lines below (they wait as pending items)."""
        m = _SUBJECT_BEFORE_LABEL_RX.search(self.text, s, label.start())
        if m is None or _verb_rx().search(m["between"]):
            return False
        self._close_group()
        self._close_section()
        self._set_scope(s, label.start())
        self._start_subject(zone_code(label["z"]), label.end())
        return True

    def _opens_decision(self, s: int, e: int) -> bool:
        """A decision clause ending its line with a comma (…研究决定,), outside any section: the
        places of its sentence may follow one a line (they wait as pending items)."""
        if self.section is not None or not _OPEN_DECISION_RX.search(self.text, s, e):
            return False
        self._start_subject(None, e)
        return True

    def _start_subject(self, zone: str | None, end: int) -> None:
        """Open a subject ending at ``end``: the places of the lines after it wait as pending
        items, leaving ``zone`` (the zone the subject names, if any)."""
        self.pending, self.pending_at, self.pending_zone = [], len(self.sections), zone
        self.open_subject = True
        self.pending_end = self.last_other = end

    def _closes_subject(self, s: int, e: int) -> bool:
        """The line with the predicate that closes an open subject (``丙花园8号楼调整为低风险区。``
        or ``调整为低风险区。``): the pending places and the line's own go to its zone."""
        if not self.open_subject:
            return False
        m = _to_zone_rx().search(self.text, s, e)
        if m is None:
            m = _bare_predicate_rx().match(self.text, s, e)
        if m is None or not self.pending:
            if m is not None:
                self.open_subject = False
            return False
        self.open_subject = False
        text = self.text
        if looks_like_places(text[s : m.start()].strip(" \t,,;;、")):
            self._pending_list(s, m.start(), numbered=False)
        to = zone_code(m["z"])
        frm = self.pending_zone if self.pending_zone != to else None
        items, self.pending = self.pending, []
        for it in items:
            self.out.changes.append(RawChange(it, to, frm, "change", (m.start(), m.end())))
        self.refer_from = len(self.out.changes)
        return True

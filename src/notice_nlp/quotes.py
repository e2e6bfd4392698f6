"""Quotation marks around a list of place names (菜子镇“菜子村、浅河村”划为…) or around one
place written whole (巩昌镇“供销商城”调整为…, 解除“某站”高风险区管控): they set the names off,
they are no part of any one of them. The marks are found here so the working text can drop them;
quotes inside a name (“地中海蓝湾”一期, kept as written) or around anything else (slogans,
measures, “解封”不等于“解防”) stay."""

from __future__ import annotations

import re

from .grammar import looks_like_places
from .places import looks_like_place, not_a_place

__all__ = ["bracketed_item_edits", "quoted_place_marks"]

_QUOTED_RX = re.compile(r"“([^“”\n]{2,400})”")
# Before the opening mark: a place word's last character, a list separator, or 将/对 opening the subject.
_BEFORE = set("镇乡村区县市街道路巷组社居苑园城里屯、,;将对和及与除")
# After the closing mark: a list separator, the predicate the list is the subject of, or the
# list's count (某镇“甲村、乙村”2个村划分为…).
_AFTER_RX = re.compile(r"[、,;。和及与]|等|(?:[\d一二两三四五六七八九十]{1,3}\s*个|由|从|划|列|调整|确定|纳入|解除|为|实行|实施|所在|[高中低]风险|封控|管控|防范)")


def quoted_place_marks(text: str) -> list[tuple[int, int]]:
    """Spans of the quotation marks (each one character) that wrap a list of place names."""
    if "“" not in text:
        return []
    marks: list[tuple[int, int]] = []
    for m in _QUOTED_RX.finditer(text):
        s, e = m.span()
        if s == 0 or text[s - 1] not in _BEFORE or not _AFTER_RX.match(text, e):
            continue
        names = [n for n in re.split("[、,]", m.group(1)) if n]
        if not names or any(len(n) > 30 or not_a_place(n) is not None for n in names):
            continue
        if len(names) == 1 and not (looks_like_place(names[0]) or text[s - 1] in "、,"):
            continue  # one name: only a place wrapped whole (巩昌镇“供销商城”调整为…)
        if not (looks_like_places(m.group(1)) or any(looks_like_place(n) for n in names) or text[s - 1] in "、,"):
            continue
        marks += [(s, s + 1), (e - 1, e)]
    return marks


# A run of three or more bracketed groups set side by side, each holding one more bracket at most:
# (甲小区1栋)(乙村委会丙村)(丁路7号(整个7号自建房范围)) — a list whose items a page wrapped each in
# brackets instead of setting them apart with separators.
_BRACKET_GROUP = r"\((?:[^()\n]|\([^()\n]*\))+\)"
_BRACKET_RUN_RX = re.compile(rf"(?<=[::\n])\s*(?:{_BRACKET_GROUP}){{3,}}")
_ONE_GROUP_RX = re.compile(_BRACKET_GROUP)


def bracketed_item_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits that turn a run of bracketed items after a colon or at a line's start into a list
    set apart by 、 (the outer brackets dropped), when each item looks like a place."""
    if ")(" not in text:
        return []
    edits: list[tuple[int, int, str]] = []
    for run in _BRACKET_RUN_RX.finditer(text):
        groups = [g.span() for g in _ONE_GROUP_RX.finditer(text, run.start(), run.end())]
        if not all(looks_like_place(text[s + 1 : e - 1]) for s, e in groups):
            continue
        edits.append((groups[0][0], groups[0][0] + 1, ""))
        edits += [(e - 1, e + 1, "、") for (_, e), _ in zip(groups, groups[1:])]
        edits.append((groups[-1][1] - 1, groups[-1][1], ""))
    return edits

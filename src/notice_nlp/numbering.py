"""Item numbers run together on one line (a page that lost its line breaks).

``(2个)1.甲小区2.乙小区3.丙小区``: a list's numbers stay when its line breaks are lost. A number
written inside a line (not at its start) that goes on from the one before it or on to the one
after it (1 → 2 → 3, (一) → (二)) opens an item, so its line is broken there. A number standing
alone in its run (``2.5公里``, ``第3、4栋``) is left as it is.
"""

from __future__ import annotations

import re

from .grammar import numeral_value

__all__ = ["glued_item_numbers", "in_sequence"]

# 1.甲 / 1、甲 / (1)甲 / (一)甲: a number and its mark before the first character of an item.
_MARKERS = (
    # (opening with its digit, which the engine scans for; the character before it checked behind it)
    (re.compile(r"(\d(?<![\d.．、-]\d)\d?)[.．、](?=[\u4e00-\u9fff])"), int),
    (re.compile(r"[((](\d{1,2})[))](?=[\u4e00-\u9fff])"), int),
    (re.compile(r"[((]([一二三四五六七八九十]{1,3})[))](?=[\u4e00-\u9fff])"), numeral_value),
)
_PROBE = re.compile(r"[\d一二三四五六七八九十][.．、))]")


def in_sequence(found: list[tuple[int, int]]) -> list[int]:
    """The positions of the ``(position, number)`` pairs (in text order) whose number goes on from
    the one before or on to the one after (1 → 2 → 3): the numbers of one list."""
    return [
        at for k, (at, n) in enumerate(found)
        if k > 0 and found[k - 1][1] == n - 1 or k + 1 < len(found) and found[k + 1][1] == n + 1
    ]


def glued_item_numbers(text: str) -> list[int]:
    """The offsets inside lines where an item number in a run of numbers (1, 2, 3 …) starts."""
    if not _PROBE.search(text):
        return []
    out: set[int] = set()
    for rx, value in _MARKERS:
        for at in in_sequence([(m.start(), value(m.group(1))) for m in rx.finditer(text)]):
            line_start = text.rfind("\n", 0, at) + 1
            if text[line_start:at].strip(" \t\u3000"):
                out.add(at)
    return sorted(out)

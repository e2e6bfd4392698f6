"""The sentences of one line: split at 。 (outside brackets), except after a list number
(``…; 10。 某村``) or inside one list that a stray stop cut (``甲、乙、丙。丁、戊为封控区``)."""

from __future__ import annotations

import re

from ..grammar import change_words
from ..spans import split_top, strip_span

__all__ = ["sentences"]


# ``…; 10。 某村`` — a list number written with a full stop ends no sentence.
_NUMBER_BEFORE_STOP_RX = re.compile(r"(?:^|(?<=[;;::\s]))\d{1,3}$")


def sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split at 。 (outside brackets, not after a list number), keeping spans."""
    out: list[tuple[int, int]] = []
    joined = None
    for a, b in split_top(text, s, e, "。!?"):
        if joined is not None:
            a, joined = joined, None
        # (The number ends the stretch — or its last line — and has three digits at most: only
        # the few characters before the stop are searched.)
        if b < e and text[b] == "。" and b > a and (text[b - 1].isdecimal() or text[b - 1] == "\n") and _NUMBER_BEFORE_STOP_RX.search(text, max(a, b - 4), b):
            joined = a
            continue
        a, b = strip_span(text, a, b, " \t\u3000")
        if a < b:
            out.append((a, b))
    # 新增划定甲、乙、丙。丁、戊为封控区: a stop inside one list (two runs of 、-listed places,
    # the first saying nothing of them) joins the runs into one sentence.
    k = 0
    while k + 1 < len(out):
        (a1, b1), (a2, b2) = out[k], out[k + 1]
        if text.count("、", a1, b1) >= 2 and text[b1 - 1].isalnum() and not change_words().search(text, a1, b1):
            said = change_words().search(text, a2, b2)  # the list goes on before the second run says anything
            if said and text.count("、", a2, said.start()) >= 2:
                out[k : k + 2] = [(a1, b2)]
                continue
        k += 1
    if joined is not None:
        a, b = strip_span(text, joined, e, " \t\u3000")
        if a < b:
            out.append((a, b))
    return out

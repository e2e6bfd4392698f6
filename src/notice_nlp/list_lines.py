"""Lines of a list set one item a line, as the layout repair asks about them: a line that is one
place, and a line that closes a block of such lines (where a blank line falls between items, not
inside running text)."""

from __future__ import annotations

import re

from .grammar import PLACE_SUFFIX_RX

__all__ = ["ENDS_WORD_RX", "closes_item_lines", "is_place_line"]

# A line ending in a word (matched at its last character: a search would try every one).
ENDS_WORD_RX = re.compile(r"[\u4e00-\u9fff“‘(]$")


def is_place_line(line: str) -> bool:
    """A line that is one place (甲区某小区3栋, 某店(某路口)): short, ending like a place, with no
    zone term or sentence mark inside."""
    body = line.strip().rstrip("。;;,,、")
    return 2 <= len(body) <= 40 and PLACE_SUFFIX_RX.search(body) is not None and not re.search(r"[,,。;;::]|风险|封控|管控|防范", body)


def closes_item_lines(lines: list[str], sizes: list[int], i: int) -> bool:
    """Line ``i`` closes a block of lines that each end without a mark (甲小区1号楼1单元 /
    乙小区2号楼): a list set one item a line, whose blank lines fall between items. A page or
    column break inside running text splits a paragraph of one line (a column's lines are
    rejoined before this is asked)."""
    if i == 0 or not sizes[i - 1]:
        return False
    above = lines[i - 1].rstrip()
    return ENDS_WORD_RX.match(above, len(above) - 1) is not None or above[-1:].isdigit()

"""A unit written once for a list of numbers: ``怀德大街19、21号`` is 怀德大街19号 and 怀德大街21号,
``宿舍楼G1、G2、D2栋`` is three buildings, ``花园南区9-17、20-28幢`` two ranges of buildings.

The list's first element holds the parent and the first number (no unit), the middle elements
are bare numbers, and the last is a number with the unit word; every number takes the parent
and the unit. A list whose last element has no unit (``公寓1、3``) is not such a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .grammar import CN_NUMERAL as _CN, CN_NUMERAL_RX, outside_brackets
from .spans import split_top, strip_span

if TYPE_CHECKING:
    from .items import AreaItem

__all__ = ["BRACKETED_UNITS_RX", "UnitRun", "bracketed_units", "unit_runs", "distribute", "one_run", "shared_parent_units"]

_PUNCT = " \t\n\u3000,;:、。.!?"

_CODE = r"(?:[A-Za-z]{0,2}\d+[A-Za-z]?(?:[-—~]\d+)?|[A-Za-z])"
_BARE_RX = re.compile(_CODE)
_HEAD_RX = re.compile(rf"(?<=[\u4e00-\u9fff]){_CODE}$")
_TAIL_RX = re.compile(rf"{_CODE}(?P<unit>号楼栋|号楼院|号楼|号院|号|楼栋|栋|幢|单元|座|梯|门|#|组|队)")
# 名流人和天地三、四、六期: Chinese numerals sharing the unit after the last (a phase, a block).
_CN_HEAD_RX = re.compile(rf"(?<=[^一二三四五六七八九十\W\d]){_CN}$")
_CN_TAIL_RX = re.compile(rf"{_CN}(?P<unit>期|组团|区|号楼|栋|幢|组|队)")
_SHAPES = ((_HEAD_RX, _BARE_RX, _TAIL_RX), (_CN_HEAD_RX, CN_NUMERAL_RX, _CN_TAIL_RX))


@dataclass(frozen=True)
class UnitRun:
    """One run: the first element's span and where its number starts, the bare numbers after it,
    the last element (number and unit) and the unit's span."""

    head: tuple[int, int]
    code_at: int
    middle: tuple[tuple[int, int], ...]
    tail: tuple[int, int]
    unit: tuple[int, int]


def unit_runs(text: str, pieces: list[tuple[int, int]], shapes=_SHAPES) -> list[UnitRun]:
    """The runs among consecutive list elements ``pieces`` (spans, stripped); ``shapes``: the
    number shapes looked for (house numbers and codes, Chinese numerals)."""
    runs: list[UnitRun] = []
    i = 0
    while i < len(pieces):
        hs, he = pieces[i]
        for head_rx, bare_rx, tail_rx in shapes:
            head = head_rx.search(text, hs, he)
            if head is None or head.start() == hs:
                continue
            j = i + 1
            while j < len(pieces) and bare_rx.fullmatch(text, *pieces[j]):
                j += 1
            tail = tail_rx.fullmatch(text, *pieces[j]) if j < len(pieces) else None
            if tail is not None:
                runs.append(UnitRun(pieces[i], head.start(), tuple(pieces[i + 1 : j]), pieces[j], tail.span("unit")))
                i = j
                break
        i += 1
    return runs


def distribute(item: AreaItem, run: UnitRun) -> list[AreaItem]:
    """The items of a run, given the item read from its first element."""
    last_s, last_e = item.parts[-1]
    parent = item.parts[:-1] + (((last_s, run.code_at),) if run.code_at > last_s else ())
    out = [replace(item, parts=item.parts + (run.unit,))]
    for span in run.middle:
        out.append(replace(item, parts=parent + (span, run.unit), span=span))
    out.append(replace(item, parts=parent + (run.tail,), span=run.tail))
    return out


_CLAUSE_SEP_RX = re.compile("[,,;;]")


def one_run(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is one list of numbers with a unit written once (甲路8、12号)."""
    if _CLAUSE_SEP_RX.search(outside_brackets(text[s:e])):
        return False
    pieces = [strip_span(text, x, y, _PUNCT) for x, y in split_top(text, s, e, "、")]
    runs = unit_runs(text, pieces, _SHAPES[:1])  # house numbers: 四季花城一、二期 numbered is one entry
    return len(runs) == 1 and runs[0].head == pieces[0] and runs[0].tail == pieces[-1]


# 电厂新区(21、22、23栋) / 幸福小区(3号楼、4号楼): buildings of the place before the brackets.
BRACKETED_UNITS_RX = re.compile(
    r"(?P<parent>[^()、]{2,30}?)\s*\((?P<list>[\dA-Za-z]+\s*(?:号楼|栋|幢|单元|号|座|#)?(?:\s*[、,]\s*[\dA-Za-z]+\s*(?:号楼|栋|幢|单元|号|座|#)?)+)\)"
)
_OWN_UNIT_RX = re.compile(r"(?:号楼|栋|幢|单元|号|座|#)$")


def bracketed_units(text: str, parent: AreaItem, m: re.Match[str], span: tuple[int, int]) -> list[AreaItem]:
    """One item per building in the brackets, under the parent; a number without its unit takes
    the unit written after the last (21、22、23栋)."""
    pieces = [strip_span(text, a, b, _PUNCT) for a, b in split_top(text, m.start("list"), m.end("list"), "、,")]
    last = text[pieces[-1][0] : pieces[-1][1]]
    unit = _OWN_UNIT_RX.search(last)
    unit_span = (pieces[-1][0] + unit.start(), pieces[-1][1]) if unit else None
    out = []
    for a, b in pieces:
        own = (a, b) == pieces[-1] or _OWN_UNIT_RX.search(text, a, b) is not None or unit_span is None
        parts = parent.parts + (((a, b),) if own else ((a, b), unit_span))
        out.append(replace(parent, parts=parts, span=span, whole=False, catch_all=False))
    return out


_UNIT_NUM = r"[\dA-Za-z一二三四五六七八九十百零〇]+"
# 二期2栋 / 小高层区59栋: a building of the compound written before, with its part's name.
_PART_BUILDING_RX = re.compile(rf"(?:[一二三四五六七八九十\d]+期|[\u4e00-\u9fff]{{1,4}}区)?第?{_UNIT_NUM}(?:号楼|号院|号大院|栋|幢|座|单元)")


_CLAUSE_MARK_RX = re.compile(r"[,,;;()()]")


def shared_parent_units(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is a compound's building and more buildings of it, each with its
    own unit (星天地小区5栋、9栋 / 新新家园小区一期3栋、二期2栋): several areas, one parent."""
    if _CLAUSE_MARK_RX.search(text, s, e):
        return False
    pieces = [strip_span(text, a, b, _PUNCT) for a, b in split_top(text, s, e, "、")]
    if len(pieces) < 2 or not _PART_BUILDING_RX.search(text, *pieces[0]):
        return False
    return all(_PART_BUILDING_RX.fullmatch(text, a, b) for a, b in pieces[1:])

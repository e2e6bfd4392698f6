"""Where a list of places splits, and where it does not: numerals that share a unit
(``锦溪苑二、三期17幢``), house numbers on one street and its lanes (``怀德大街19、21号,二巷2号``),
and 及/和 between two places as against inside a name or before what lies around a place."""

from __future__ import annotations

import re

from .grammar import PLACE_SUFFIX_RX, outside_brackets as _outside_brackets
from .districts import county_at
from .item_names import town_name_end
from .places import looks_like_place
from .prefix import read_prefix
from .spans import split_top, strip_span

__all__ = ["split_repeated_county", "join_numerals", "repeats_prefix", "street_numbers", "split_ji", "split_before_parent", "is_bare_unit", "split_loose"]

_PUNCT = " \t\n\u3000,;:、。.!?"
_JI_RX = re.compile(r"(?<=[村区园苑院楼号栋幢镇街道校学司厂])(?:以及|及|和)(?=[\u4e00-\u9fff]|[\dA-Za-z]+(?:号|栋|幢|座))")
_HOUSE_NUMBERS_RX = re.compile(r"(?:[一二三四五六七八九十\d]+(?:横巷|横街|巷|弄|条))?[\d、\-]+号")

_CN_NUMERAL = "一二三四五六七八九十"
_NUMERAL_UNIT_RX = re.compile(rf"[{_CN_NUMERAL}]+(?:期|区|组团|号楼|栋|幢)")


def join_numerals(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``锦溪苑二、三期17幢``: numerals that share the unit after the last are one part of a name,
    not items."""
    out: list[tuple[int, int]] = []
    for p in pieces:
        # 锦溪苑二、三期17幢 (more after the unit); 天地三、四、六期 is three phases (units.unit_runs).
        if out and text[out[-1][1] - 1] in _CN_NUMERAL and (m := _NUMERAL_UNIT_RX.match(text, *p)) and m.end() < p[1]:
            out[-1] = (out[-1][0], p[1])
        else:
            out.append(p)
    return out


def split_ji(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split ``甲村及乙村`` (``甲小区和乙公司``) into two places, unless what follows 及 lies around the place before
    it (某小区及周边商铺, 某苑3号楼及小区内平房) or is a part with no name of its own (某公司厂区及宿舍区):
    that is one area."""
    seg = text[s:e]
    m = _JI_RX.search(seg)
    if m and "(" not in seg[: m.start()] and ")" not in seg[m.end() :][:1]:
        if county_at(text, s + m.end(), e) is not None and e - (s + m.end()) > 4:
            return [(s, s + m.start()), (s + m.end(), e)]  # 甲镇和乙区某小区: a new county, a new place
        right = _outside_brackets(seg[m.end() :])
        if "除" in seg[: m.start()]:
            return [(s, e)]  # 某小区除6号楼和7号楼之外区域: what is excluded is part of the one area
        if _BUILDING_AFTER_RX.match(right) and _BUILDING_BEFORE_RX.search(seg[: m.start()]):
            return [(s, s + m.start()), (s + m.end(), e)]  # 7号宿舍楼和8号宿舍楼: two buildings of one place
        if m.group(0) == "和" and (
            len(right) < 3
            or not looks_like_place(right)
            or seg[m.start() - 1] in "镇道号"
            or ((name := _HE_NAME_RX.match(seg, m.start())) and not _same_level(seg[: m.start()], name))
        ):
            return [(s, e)]  # 和 joins two places only (甲小区和乙公司), not the words of a name (和平路)
        if right and not _RELATIVE_RX.match(right) and not _BARE_PART_RX.fullmatch(right):
            return [(s, s + m.start()), (s + m.end(), e)]
    return [(s, e)]


def split_building_pair(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``20幢和26幢`` (``5号楼及6号楼``): a list element that is two building numbers joined by 和/及
    is two elements, so that a run of numbers before it (12、19、20幢) reaches its unit."""
    m = _BUILDING_PAIR_RX.fullmatch(text, s, e)
    if m is None:
        return [(s, e)]
    return [(s, m.start("join")), (m.end("join"), e)]


_BUILDING_PAIR_RX = re.compile(r"[\dA-Za-z]+(?:号楼|号|栋|幢|座)(?P<join>和|及|以及)[\dA-Za-z]+(?:号楼|号|栋|幢|座)[\u4e00-\u9fff\d]{0,6}")
_BUILDING_AFTER_RX = re.compile(r"[\dA-Za-z]+(?:号|栋|幢|座)")
_BUILDING_BEFORE_RX = re.compile(r"[\dA-Za-z]+(?:号|栋|幢|座)[\u4e00-\u9fff]{0,3}$")
_HE_NAME_RX = re.compile(r"和(?P<name>[\u4e00-\u9fff]{0,3}?)(?P<suffix>大道|大街|路|街|巷|里|村|园|苑)")


def _same_level(left: str, name: re.Match) -> bool:
    """甲村和牛堰村: after a place with the same ending, 和 and a name of two or more characters
    are a second place (a village is rarely named 和牛堰村); 甲村和平村 keeps 和平村 whole."""
    return len(name.group("name")) >= 2 and left.endswith(name.group("suffix"))


# The first of several numbered units written under one parent (枫林村21、23、25号;
# 白果村3组、5组): 和/及 before the parent joins another place to the list.
_UNIT_PARENT_HEAD_RX = re.compile(
    r"[\u4e00-\u9fff]{2,10}?(?:村|社区|小区|苑|园|庄|屯|里|组|花园|家园|大厦|公寓|院|路|街|巷|弄)"
    r"(?:\d+|[一二三四五六七八九十]{1,3})(?:组|号楼|号|栋|幢|单元|队|社)?"
)
_BARE_UNIT_RX = re.compile(r"(?:\d+|[一二三四五六七八九十]{1,3})(?:组|号楼|号|栋|幢|单元|队|社)")


def is_bare_unit(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is a number and its unit only (2组, 5号楼)."""
    return _BARE_UNIT_RX.fullmatch(text, s, e) is not None


def split_before_parent(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``粮站宿舍和枫林村21`` before 23、25号 (or ``长冲村和白果村3组`` before 5组、6组): the place
    before 和/及 is an item of its own, the parent after it holds the numbered units."""
    seg = text[s:e]
    last = split_top(text, s, e, "和及")[-1][0]  # after the last 和/及 outside brackets
    cut = last - 1 - s
    if cut < 2:
        return [(s, e)]
    start = cut - 1 if seg[cut] == "及" and seg[cut - 1] == "以" else cut
    if start < 2 or not _UNIT_PARENT_HEAD_RX.fullmatch(seg, cut + 1) or not looks_like_place(seg[:start]):
        return [(s, e)]  # 如意和大街某小区5号楼: 和 inside a street's name
    return [(s, s + start), (s + cut + 1, e)]
# 某公司三部厂区及宿舍区: a part with no name of its own belongs to the place before 及.
_BARE_PART_RX = re.compile(r"(?:其)?(?:宿舍区|宿舍楼?|生活区|办公区|厂区|家属区|家属院|家属楼|网点|车间|门面|商铺|店面|停车场)")
_RELATIVE_RX = re.compile(r"周边|周围|四周|附近|沿街|楼下|底商|配套|附属|[东西南北两]侧|对面|其|小区内|院内")


# 景阳北路22号、24号 / 景阳北路6号-20号(双数)、28号-38号(双数): house numbers, each with its
# 号, on the one street written before the first.
_NUMBER = r"\d+号(?:[-—~至]\d+号)?(?:\([单双]号?数?\))?"
_NUMBERS_ON_STREET_RX = re.compile(rf"[^、,,;;]*?(?:大街|大道|路|街|巷){_NUMBER}(?:、{_NUMBER})+")


def street_numbers(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is house numbers on one street and its lanes (怀德大街19、21号,
    二巷2号,三巷2、4、5号; 景阳北路22号、24号)."""
    if _NUMBERS_ON_STREET_RX.fullmatch(text, s, e):
        return True
    clauses = [c for c in (strip_span(text, a, b, _PUNCT) for a, b in split_top(text, s, e, ",,;;")) if c[0] < c[1]]
    if len(clauses) < 2 or not re.search(r"(?:大街|大道|路|街)[\d、]+号$", text[clauses[0][0] : clauses[0][1]]):
        return False
    return all(_HOUSE_NUMBERS_RX.fullmatch(text, a, b) for a, b in clauses[1:])


def repeats_prefix(text: str, segs: list[tuple[int, int]]) -> bool:
    """True when every comma segment starts with the same district name (the issuer marks each
    item by repeating it, so 、 inside a segment does not separate items)."""
    names = set()
    for s, e in segs:
        p = read_prefix(text, s, e)
        if p.district is None:
            return False
        names.add(text[p.district[0] : p.district[1]])
    return len(names) == 1 and len(segs) >= 3


def split_repeated_county(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``禹州市夏都街道禹州市梁北镇郭村``: a list whose separators were lost (a table or a page
    scraped to one run of text) still marks each item by the county written again before it;
    each new occurrence after the end of a place starts an item."""
    c_end = county_at(text, s, e)
    if c_end is None or c_end - s < 2:
        return [(s, e)]
    name = text[s:c_end]
    cuts = []
    at = text.find(name, c_end, e)
    while at != -1:
        if at - (cuts[-1] if cuts else s) > len(name) and _ends_place(text, at):
            cuts.append(at)
        at = text.find(name, at + len(name), e)
    if not cuts:
        return [(s, e)]
    bounds = [s, *cuts, e]
    return list(zip(bounds, bounds[1:]))


def _ends_place(text: str, at: int) -> bool:
    """Whether the text just before ``at`` ends like a place (…街道, …郭村, …花园, …全域)."""
    return PLACE_SUFFIX_RX.search(text[max(0, at - 12) : at]) is not None


_HAN_RX = re.compile(r"[\u4e00-\u9fff]")
_LOOSE_MARK_RX = re.compile("[ \u3000/]")


def split_loose(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``金融街街道 月坛街道 白纸坊街道`` / ``甲村/乙村``: places a web page lists with spaces or
    slashes between them (a flattened table row, a tag list) are items when every one of them is
    a name ending like a place (``东村``, two characters, too); otherwise the marks are part of
    what was written and the span stays whole. A township written first (``彭镇 雷塬村 武家塬村``) heads the first place
    and, through it, the others."""
    if not _LOOSE_MARK_RX.search(text, s, e):
        return [(s, e)]
    pieces = [p for p in (strip_span(text, a, b, " \u3000/") for a, b in split_top(text, s, e, " \u3000/")) if p[0] < p[1]]
    if len(pieces) > 2 and town_name_end(text, *pieces[0]) == pieces[0][1] and not any(town_name_end(text, *p) == p[1] for p in pieces[1:]):
        pieces = [(pieces[0][0], pieces[1][1]), *pieces[2:]]  # the parent and its first place, one item
    if len(pieces) < 2:
        return [(s, e)]
    for a, b in pieces:
        name = text[a:b]
        if b - a < 2 or not _HAN_RX.match(name) or not looks_like_place(name) or read_prefix(text, a, b).end == b:
            return [(s, e)]
    return pieces

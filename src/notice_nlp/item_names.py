"""The names an area item is made of, read from its start: a township (街道/镇/乡), villages
and communities, a sub-village (自然村, 村民小组), then the place and its building or house
number; each part with its rank, and where a trailing building number starts."""

from __future__ import annotations

import re

from .gazetteer import gazetteer

__all__ = [
    "town_name_end", "village_name_end", "town_at", "whole_names_only", "clauses_open_with_towns", "parts_listed", "components", "strip_building", "COMPONENT_RX", "UNIT_NUM",
    "TOWN", "VILLAGE", "SUBVILLAGE", "PLACE", "BUILDING",
]

_CJK = "\u4e00-\u9fff"
_TOWN_RX = re.compile(rf"[{_CJK}*]{{1,8}}?(?:街道办事处|街道办|街办|街道|镇|乡|苏木)")
_VILLAGE_RX = re.compile(rf"[{_CJK}*\d]{{1,10}}?(?:村民委员会|居民委员会|村委会|居委会|社区|村(?!镇|民|委))")
_VILLAGE_NAME_RX = re.compile(rf"[{_CJK}*\d]{{1,10}}(?:村民委员会|居民委员会|村委会|居委会|社区|村(?!镇|民|委))")
_SUBVILLAGE_RX = re.compile(rf"^(?:(?!村)[{_CJK}*\d]){{1,8}}?(?:自然村|村民小组|组(?!团))")  # 6组团: a cluster of a compound, not a village group
UNIT_NUM = r"[\dA-Za-z一二三四五六七八九十百零〇]+"
# 甲1号楼, 乙2号院: a house number's sub-number (甲/乙/丙/丁) is written before it and belongs to it.
_SUB_NUM = "[甲乙丙丁]?"
_BUILDING_RX = re.compile(
    rf"(?:{_SUB_NUM}第?{UNIT_NUM}(?:[-—~至到]{UNIT_NUM})?(?:号楼|号院|号|栋|幢|单元|座|层|期|区|室|户|门|排|#)"
    rf"(?:[-—~至到]第?{UNIT_NUM}(?:号楼|号院|号|栋|幢|单元|座|层|期|区|室|户))?)+$"
)
_LEADING_BUILDING_RX = re.compile(
    rf"^{_SUB_NUM}第?{UNIT_NUM}(?:[-—~至到]{UNIT_NUM})?(?:号楼|号院|号|栋|幢|单元|座|层|期|室|户|#)"
)
_ROAD_TOWN_RX = re.compile(r"[路街](?:镇|乡)$")
def _town_match(text: str, s: int, e: int) -> tuple[int, bool] | None:
    """End of the name ending in 街道/镇/乡/苏木 at ``s``, and whether it is a known township:
    the longest known one that reaches the shortest reading's end (西乡街道, 良乡镇, which that
    reading cuts at 西乡, 良乡), else the shortest reading."""
    m = _TOWN_RX.match(text, s, e)
    if not m:
        return None
    known = gazetteer().town_end(text, s, e)
    if known is not None and known >= m.end():
        return known, True
    return m.end(), False  # no known name reaches it, so the shortest is none either


def village_name_end(text: str, s: int, e: int) -> int | None:
    """End of a community's or village's name at ``s`` (北寨子社区, 长延堡村), or None."""
    m = _VILLAGE_NAME_RX.match(text, s, e)  # the longest (杨家村社区, not 杨家村)
    if m is None or _VILLAGE_TOWN_RX.match(text, s, e) or _town_match(text, s, e) is not None:
        return None
    return m.end()


def town_name_end(text: str, s: int, e: int) -> int | None:
    """End of the township name at ``s`` (see :func:`_town_match`)."""
    found = _town_match(text, s, e)
    return found[0] if found else None


_ELEMENT_RX = re.compile(r"[^、,,;;]+")
_AREA_TOWN_RX = re.compile(rf"[{_CJK}]{{2,4}}地区")  # 西红门地区: a township of Beijing's suburbs, by its other name


def whole_names_only(text: str, s: int, e: int) -> bool:
    """``月坛街道、金融街街道、白纸坊街道`` / ``城关镇东关村、西关村``: two or more names set apart by
    separators, each a whole township, village or community (a numbered entry listing such
    names each on its own)."""
    names = [m.span() for m in _ELEMENT_RX.finditer(text, s, e) if text[m.start() : m.end()].strip()]
    if len(names) < 2:
        return False
    first = True
    for a, b in names:
        while a < b and text[a] in " \t":
            a += 1
        if first and (t_end := town_name_end(text, a, b)) is not None and t_end < b:
            a = t_end  # 城关镇东关村、西关村: the first village under its township
        first = False
        if town_name_end(text, a, b) != b and not _AREA_TOWN_RX.fullmatch(text, a, b) and village_name_end(text, a, b) != b:
            return False
    return True


def clauses_open_with_towns(text: str, s: int, e: int) -> bool:
    """``双桥街道宝带河以西…合围区域,邗上街道,新盛街道`` / ``广陵经济开发区,汶河街道``: two or more
    clauses set apart by commas, each opening with a township or being a whole county or
    functional area (a numbered entry listing places of their own, each described as it needs)."""
    from .districts import county_at  # districts reads the gazetteer this module reads

    clauses = [(a, b) for a, b in (_strip(text, m.start(), m.end()) for m in _CLAUSE_RX.finditer(text, s, e)) if a < b]
    if len(clauses) < 2:
        return False
    # 扬州市广陵区广陵经济开发区,…: the city and county written before the first clause.
    a, b = clauses[0]
    while (nxt := gazetteer().name_end(text[a:b], 0, (1, 2), 2)) is not None and nxt < b - a:
        a += nxt
    if (c_end := county_at(text, a, b)) is not None and c_end < b:
        a = c_end
    clauses[0] = (a, b)
    return all(town_at(text, a, b) is not None or town_name_end(text, a, b) == b or county_at(text, a, b) == b for a, b in clauses)


_CLAUSE_RX = re.compile(r"[^,,]+")


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t、;;":
        a += 1
    while b > a and text[b - 1] in " \t、;;。":
        b -= 1
    return a, b


def town_at(text: str, s: int, e: int) -> int | None:
    """End of a town/street name at ``s`` when it is followed by more of the item or is a known township."""
    found = _town_match(text, s, e)
    if found is None:
        return None
    end, known = found
    if known:
        return end
    name = text[s:end]
    if name.endswith("小镇") or _ROAD_TOWN_RX.search(name):
        return None
    follows = text[end:e].lstrip()
    if follows and not follows.startswith(("(", "(")):
        return end
    return None


_UNIT_WORDS = r"(?:号楼|号院|号|栋|幢|单元|座|层|期|区|室|户|门|排|#)"
COMPONENT_RX = re.compile(
    rf"{_SUB_NUM}第?{UNIT_NUM}(?:[-—~至到]{UNIT_NUM})?(?P<unit>{_UNIT_WORDS})(?:[-—~至到]第?{UNIT_NUM}(?P=unit))?"
)


def strip_building(text: str, s: int, e: int, unit: str | None = None) -> int:
    """Where the trailing building/house-number part of ``text[s:e]`` starts (``e`` if none).
    With ``unit`` (the unit word of the item that follows: 号楼, 单元 …) only the last part of
    that unit goes: 88号院1-3号楼 → 88号院 before 5号楼."""
    seg = text[s:e]
    seg_core = re.sub(r"\([^()]*\)$", "", seg)
    if unit:
        parts = [m for m in COMPONENT_RX.finditer(seg_core) if m.group("unit") == unit]
        if parts:
            return s + parts[-1].start()
    m = _BUILDING_RX.search(seg_core)
    return s + m.start() if m else e


TOWN, VILLAGE, SUBVILLAGE, PLACE, BUILDING = 1, 2, 3, 4, 5


def components(text: str, s: int, e: int) -> list[tuple[tuple[int, int], int]]:
    """An item body cut into ranked parts: township, villages/communities, sub-village, the rest."""
    comps: list[tuple[tuple[int, int], int]] = []
    pos = s
    t_end = town_at(text, pos, e)
    if t_end:
        comps.append(((pos, t_end), TOWN))
        pos = t_end
    while pos < e:
        m = _VILLAGE_RX.match(text, pos, e)
        if not m or _VILLAGE_TOWN_RX.match(text, pos, e) or _SUBVILLAGE_RX.match(text[pos:e]):
            break
        if _GROUP_WORD_RX.fullmatch(text, m.end(), e):
            # 徐村组: a village group named after its hamlet, not the village 徐村 and a nameless 组.
            comps.append(((pos, e), SUBVILLAGE))
            return comps
        comps.append(((pos, m.end()), VILLAGE))
        pos = m.end()
    m = _SUBVILLAGE_RX.match(text[pos:e])
    if m:
        comps.append(((pos, pos + m.end()), SUBVILLAGE))
        pos += m.end()
    if pos < e:
        comps.append(((pos, e), BUILDING if _LEADING_BUILDING_RX.match(text[pos:e]) else PLACE))
    return comps


_GROUP_WORD_RX = re.compile(r"(?:村民小组|小组|组|队)")
_VILLAGE_TOWN_RX = re.compile(rf"[{_CJK}]{{1,10}}?村镇")


# 城关镇(东关村、西关村、南关村): a township with the villages or communities of it listed in brackets.
_PARTS_LISTED_RX = re.compile(r"(?P<parent>[^()]{2,30}?(?:镇|乡|街道|苏木|村|社区))\s*\((?P<list>[^()]+)\)")
_PART_END_RX = re.compile(r"(?:村|社区|小区|组|居委会|村委会|屯|庄)$")


def parts_listed(text: str, a: int, b: int) -> re.Match[str] | None:
    """``城关镇(东关村、西关村)``: the bracket names two or more places of the township before it
    (not a remark, an exclusion or one name given again)."""
    m = _PARTS_LISTED_RX.fullmatch(text, a, b)
    if m is None or re.search(r"除|外|含|包括|不", m["list"]):
        return None
    names = [x.strip() for x in re.split(r"[、,]", m["list"]) if x.strip()]
    return m if len(names) >= 2 and all(_PART_END_RX.search(x) for x in names) else None

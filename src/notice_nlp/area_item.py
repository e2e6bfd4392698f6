"""One area item read from its span: the administrative prefix it writes, the parents it
inherits from the items before it and its list's headers, and the parts its name is made of
(义安小区的19号 → 义安小区 + 19号)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .frozen import fast_init
from .item_names import BUILDING, COMPONENT_RX, PLACE, TOWN, UNIT_NUM, VILLAGE, components, strip_building, town_at
from .grammar import CITY_WIDE_RX as _CITY_WIDE_RX, is_catch_all as _is_catch_all
from .prefix import AdminPrefix, read_prefix
from .places import LEADING_VERB_RX, trim_candidate
from .spans import strip_span
from .vocab import zone_terms

__all__ = ["AreaItem", "PUNCT", "WHOLE_COUNTY_RX", "make_item"]

_CJK = "\u4e00-\u9fff"
PUNCT = " \t\n\u3000,;:、。.!?"
_COUNTY_LEVEL_RX = re.compile(r"(?:的)?(?:疫情(?:风险)?|风险)(?:等级|级别)?")
# The words for a whole county written after its name (藁城区全县, 疏附县整个县域).
_WHOLE_COUNTY = "全部区域|全区|全县|全市"
_WHOLE_EXPANSE = "整个(?:县域|市域|区域|辖区|县|区|市)"
_WHOLE_RX = re.compile(rf"^(?:全域|全境|全镇|{_WHOLE_COUNTY}|{_WHOLE_EXPANSE}$)")
WHOLE_COUNTY_RX = re.compile(rf"{_WHOLE_COUNTY}|{_WHOLE_EXPANSE}")  # an area that is one of them is the county's 全域


@fast_init
@dataclass(frozen=True)
class AreaItem:
    """One area: ``parts`` are working spans whose texts, joined, make the area string."""

    parts: tuple[tuple[int, int], ...]
    span: tuple[int, int]
    district: tuple[int, int] | None = None
    city: tuple[int, int] | None = None
    province: tuple[int, int] | None = None
    catch_all: bool = False
    whole: bool = False
    own_town: tuple[int, int] | None = None
    district_text: str | None = None


_ROAD_START_RX = re.compile(rf"[{_CJK}]{{1,8}}?(?:大道|大街|路|街|巷)\d")
_ZONE_ID_RX = None


def _zone_id_spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Zone identifiers glued to an item, e.g. ``(封控区9)``: not part of the place name."""
    global _ZONE_ID_RX
    if _ZONE_ID_RX is None:
        alt = "|".join(map(re.escape, zone_terms()))
        _ZONE_ID_RX = re.compile(rf"\((?:{alt})\s*\d+\)")
    return [m.span() for m in _ZONE_ID_RX.finditer(text, s, e)]


_UNDER_COUNTY_RX = re.compile(r"所辖(?=[\u4e00-\u9fff])")


_ZHI_RX = re.compile(r"之[一二三四五六七八九十\d]+")
_LANE_RX = re.compile(r"[一二三四五六七八九十\d]+(?:横巷|横街|巷|弄|条)(?=[\d一二三四五六七八九十])")
_STREET_RX = re.compile(r".*?(?:大街|大道|路|街)(?!道)")


def _street_before(text: str, parts: tuple[tuple[int, int], ...]) -> tuple[int, re.Match[str]] | None:
    """The last of ``parts`` that names a street, and the match ending at the street's name."""
    for k in range(len(parts) - 1, -1, -1):
        m = _STREET_RX.match(text, *parts[k])
        if m:
            return k, m
    return None


# 义安小区的19号 / 某大院的3栋: a compound, 的, then its building.
_OF_BUILDING_RX = re.compile(rf"(?:小区|社区|村|院|大厦|公寓|花园|家园|苑)(?P<of>的)(?=第?{UNIT_NUM}(?:[-—]\d+)?(?:号楼|号院|号|栋|幢|单元|座))")
_TOWN_HEADER_TAIL_RX = re.compile(r"\s*(?:\(\s*[\d一二三四五六七八九十两]+\s*个[^()]{0,4}\))?\s*[::]\s*")
_HAS_ITEM_CHAR_RX = re.compile(rf"[{_CJK}\d*]")
_LABEL_COLON_RX = re.compile(r"[::]\s*")
_LEAD_LABEL_RX = re.compile(r"【[^【】]{1,8}】\s*")
_JUNK_BRACKET_RX = re.compile(r"【[^【】]*(?:推荐|阅读|点击|广告|链接|来源|编辑|最新|热门|消息|关注)[^【】]*】")


_VILLAGE_WORD_RX = re.compile(r"(?:社区|村委会|居委会|村)$")


def _addresses_in_village(text: str, inherited, prev_parts, village_leads: bool, body_s: int) -> bool:
    """A list opening with a street address under its community (凤凰社区横岭路18号、横岭路20号、
    文山巷2号): the addresses after it are in that community too. A community written on one
    item inside a list (甲小区、七星社区陵园路1栋、民族街10号) is that item's alone, and a street
    named after the community (棠东毓桂大街 after 棠东村) is written whole, not said to be in it."""
    if not prev_parts or not village_leads:
        return False
    s, e = prev_parts[-1]
    for (a, b), r in inherited:
        if r == VILLAGE:
            stem = text[a:b]
            stem = stem[: len(stem) - len(m.group(0))] if (m := _VILLAGE_WORD_RX.search(stem)) else stem
            if len(stem) >= 2 and text.startswith(stem, body_s):
                return False
            start = b if s <= b < e else s
            return _ROAD_START_RX.match(text, start, e) is not None
    return False


def make_item(text, s, e, district, city, province, town, inherited, prev_parts, last_parts=None, village=None, village_leads=False):
    """One item and its ranked components (inherited parents included)."""
    for zs, ze in _zone_id_spans(text, s, e):
        if ze == e or text[ze:e].strip(PUNCT) == "":
            e = zs
    for m in _JUNK_BRACKET_RX.finditer(text, s, e):
        if text[m.end() : e].strip(PUNCT) == "":
            e = m.start()  # 枫林华府小区【热门推荐:…】: a banner spliced onto the item
    s, e = strip_span(text, s, e, PUNCT)
    label = _LEAD_LABEL_RX.match(text, s, e)
    if label:
        s = label.end()  # 【重庆】重庆市渝中区…: a roundup's place label
    s, e = trim_candidate(text, s, e)
    if s >= e or not _HAS_ITEM_CHAR_RX.search(text, s, e):
        return None, []
    prefix = read_prefix(text, s, e)
    if prefix.district is None:
        colon = _LABEL_COLON_RX.search(text, s, e)
        if colon is not None:
            after = read_prefix(text, colon.end(), e)
            if after.district is not None:
                s, prefix = colon.end(), after  # ①高风险:河北石家庄市藁城区…, 扬州市部分区域…调整:广陵区…: a label before the place
    verb = LEADING_VERB_RX.match(text, prefix.end, e) if prefix.district is None else None
    if verb:
        # 天津市已划定津南区…: the place starts after the verb, under the city before it.
        inner = read_prefix(text, verb.end(), e)
        prefix = AdminPrefix(prefix.province or inner.province, prefix.city or inner.city, inner.district, inner.end)
        s = verb.end() if prefix.city is None and prefix.province is None else s
    own_district = prefix.district
    body_s = prefix.end
    if own_district is not None and (under := _UNDER_COUNTY_RX.match(text, body_s, e)) is not None:
        body_s = under.end()  # 雁塔区所辖甲街道: the county's own units, 所辖 no part of their names
    while body_s < e and text[body_s] in " \t":
        body_s += 1
    item_district = own_district or district
    item_city = prefix.city or city
    item_province = prefix.province or province
    seg = text[body_s:e]
    if own_district is not None and _COUNTY_LEVEL_RX.fullmatch(seg):
        # 天山区、沙依巴克区疫情风险等级由…调整为…: the counties' own level, each county whole.
        return AreaItem((), (s, e), item_district, item_city, item_province, whole=True), []
    if body_s >= e or _WHOLE_RX.match(seg) and not _is_catch_all(seg):
        # The whole county (藁城区全域) or a bare county name; 荆州市全域: the whole city, in
        # no one district.
        if own_district is None and prefix.city is not None and body_s < e:
            item_district = None
        return AreaItem(((body_s, e),) if body_s < e else (), (s, e), item_district, item_city, item_province, whole=True), []
    if _is_catch_all(seg):
        if own_district is None and _CITY_WIDE_RX.search(text, s, e):
            item_district = None  # 全市其他区域: the city's, not the district's of the list above
        return AreaItem((), (s, e), item_district, item_city, item_province, catch_all=True), []
    comps = components(text, body_s, e)
    own_rank = comps[0][1] if comps else PLACE
    parents: list[tuple[tuple[int, int], int]] = []
    zhi = _ZHI_RX.fullmatch(text, body_s, e) if prev_parts and own_district is None else None
    cut = text.rfind("之", prev_parts[-1][0], prev_parts[-1][1]) if zhi else -1
    if zhi and cut > prev_parts[-1][0]:
        # 208号大院之一、之二: the second of the place before.
        return AreaItem(prev_parts[:-1] + ((prev_parts[-1][0], cut), (body_s, e)), (s, e), item_district, item_city, item_province), []
    lane = _LANE_RX.match(text, body_s, e) if last_parts and own_district is None else None
    street = _street_before(text, last_parts) if lane else None
    if street:
        # 龙吟大街63号,十巷7号: a numbered lane is one of the street written before.
        k, m = street
        parents = [(p, PLACE) for p in last_parts[:k]] + [((last_parts[k][0], m.end()), PLACE)]
    elif own_rank == BUILDING and prev_parts:
        # 26号 after 上高自然村22号: the previous item without its number part.
        ps, pe = prev_parts[-1]
        lead = COMPONENT_RX.match(text, body_s, e)
        cut = strip_building(text, ps, pe, lead.group("unit") if lead else None)
        parents = [(p, PLACE) for p in prev_parts[:-1]]
        if cut > ps:
            parents.append(((ps, cut), PLACE))
        # A township they open with keeps its rank: a place after the buildings is in it too.
        if parents and (t_end := town_at(text, *parents[0][0])) is not None:
            (a, b), _ = parents[0]
            parents[:1] = [((a, t_end), TOWN)] + ([((t_end, b), PLACE)] if t_end < b else [])
    elif own_district is not None:
        parents = []  # an item that names its own district starts afresh
    else:
        parents = [c for c in inherited if c[1] < own_rank]
        if _ROAD_START_RX.match(text, body_s, e) and not _addresses_in_village(text, inherited, prev_parts, village_leads, body_s):
            parents = [c for c in parents if c[1] == TOWN]  # a street address is not inside the village before it
        # Under a village header an item opening with another village's name is a place named
        # after it (杨家村地矿家属院 under 军干所社区); one opening with the header's own name is
        # that village's part (杨家村社区南区 under 杨家村社区).
        under_village = own_rank > VILLAGE or own_rank == VILLAGE and village is not None and not text.startswith(text[village[0] : village[1]], body_s)
        if village is not None and under_village and own_district is None and not any(r == VILLAGE for _, r in parents):
            parents.insert(0, (village, VILLAGE))  # 北寨子社区(3个): over 安置楼小区
        if town is not None and own_rank > TOWN and own_district is None and not any(r == TOWN for _, r in parents):
            parents.insert(0, (town, TOWN))
    own_town = comps[0][0] if comps and comps[0][1] == TOWN else None
    parts = tuple(p for p, _ in parents) + ((body_s, e),)
    if own_town is not None and text.startswith("的", own_town[1]) and own_town[1] + 1 < e:
        parts = parts[:-1] + (own_town, (own_town[1] + 1, e))  # 蛟川街道的临江小区: 的 is no part of the place
    elif own_town is not None and (hdr := _TOWN_HEADER_TAIL_RX.match(text, own_town[1], e)) and hdr.end() < e:
        parts = parts[:-1] + (own_town, (hdr.end(), e))  # 东华门街道(2个):幸福小区: the township heads the places after it
    elif (de := _OF_BUILDING_RX.search(text, body_s, e)) is not None:
        parts = parts[:-1] + ((body_s, de.start("of")), (de.end("of"), e))  # 义安小区的19号: 的 is no part of the place
    item = AreaItem(parts, (s, e), item_district, item_city, item_province, own_town=own_town)
    return item, parents + comps

"""County-level names where they are written: an official county, district, county-level city
or banner from the gazetteer, or a functional area (高新区, 经开区, 风景名胜区 …) that notices
treat as a district.

Two facts about how notices write them:

- a functional area written after the city or county it lies in (``乌鲁木齐市经济技术开发区``,
  ``邗江区维扬经济开发区``) does not take that name into its own: the city is the city, and an
  official county written first is the district, the functional area part of the place below it;
- a two-character county name (``郊区``, ``矿区``, ``城区``, ``东区``) is a county only where the
  text shows it is one: after a city that has such a county (``阳泉市郊区``), before a township of
  that county (``郊区荫营镇``), or as a group header (``郊区(3个):``); elsewhere (``主城区``,
  ``城区内``) the two characters are ordinary words. A ``新区`` name (``长春新区``) is read the
  same way when the gazetteer does not list it: residential compounds are called ``新区`` too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer

__all__ = ["county_at", "only_counties", "body_county_at", "FUNCTIONAL_AREA_RX", "FUNCTIONAL_AREA_WORD", "FUNCTIONAL_AREA_REACH", "FUNCTIONAL_AREA_HINT"]

_CJK = "\u4e00-\u9fff"
_FUNCTIONAL_WORDS = "高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|风景名胜区|综合保税区|保税区"
# A functional area's name may join two names (蜀冈-瘦西湖风景名胜区); one written with the
# county it is administered with (荆门高新区·掇刀区) is the pair.
FUNCTIONAL_AREA_RX = re.compile(
    rf"(?:[{_CJK}]{{1,4}}[-—·])?[{_CJK}]{{0,8}}?(?:{_FUNCTIONAL_WORDS})"
    rf"(?:·[{_CJK}]{{1,6}}?[区县市旗])?"
)
# Every match of FUNCTIONAL_AREA_RX holds one of its words, starting at most
# FUNCTIONAL_AREA_REACH characters after the match does (a joined name of 4 and its mark, then 8).
FUNCTIONAL_AREA_WORD = re.compile(_FUNCTIONAL_WORDS)
FUNCTIONAL_AREA_REACH = 4 + 1 + 8
FUNCTIONAL_AREA_HINT = re.compile(r"开发区|高新区|经开区|风景名胜区|保税区|新区")  # a word every functional area ends in
_NEW_AREA_RX = re.compile(rf"(?!我市|本市|全市|我区|本区|该市|全省|我省)[{_CJK}]{{2,4}}新区")  # 我市金普新区: the scope is no part of the name
_BRACKETED_NAME_RX = re.compile(r"\(([\u4e00-\u9fff]{2,8})\)")
# What shows a name heads a group: a count and/or a colon right after it.
_HEADER_AFTER_RX = re.compile(r"\s*(?:[((]\s*(?:共\s*)?[\d一二三四五六七八九十两]+\s*个\s*[))]|[\d一二三四五六七八九十两]+\s*个)?\s*[::]|\s*[((]\s*(?:共\s*)?[\d一二三四五六七八九十两]+\s*个\s*[))]")
_PLACE_WORD_RX = re.compile(r"路|街|村|小区|花园|家园|苑|公寓|大厦|广场")
_CITY_LEVELS = (1, 2)
# A name the gazetteer does not list but the text shows to be county-level: an abbreviated
# functional area (汽开区) heading a group with a count, or naming the body that issues the
# notice (汽开区新冠肺炎疫情防控工作领导小组). Not the parts of a housing estate (锦绣南区) or the
# words for a community, a campus or a scenic spot (社区, 校区, 景区).
_UNLISTED_COUNTY_RX = re.compile(rf"(?:(?![市省县全本我该辖城郊各险控范防封园])[{_CJK}]){{2,3}}(?<![社小校景片营厂矿期东南西北中])区")
_COUNTED_HEADER_RX = re.compile(r"\s*[((]\s*(?:共\s*)?[\d一二三四五六七八九十两]+\s*个\s*[))]\s*[::]|\s*[\d一二三四五六七八九十两]+\s*个\s*[::]")
_BODY_AFTER_RX = re.compile(r"新冠|新型冠状|疫情|应对|联防联控|防控|指挥部|管委会|管理委员会|人民政府|卫生健康")


@lru_cache(maxsize=1)
def _county_index() -> tuple[dict[str, list[int]], frozenset[str]]:
    """County-level names: their lengths by first two characters, and the names."""
    g = gazetteer()
    return g.level_heads(3), g.level_names(3)


def county_at(text: str, pos: int, end: int) -> int | None:
    """End of a county-level name starting at ``pos`` (official or functional area), else None."""
    if pos >= end:
        return None
    heads, counties = _county_index()
    lengths = heads.get(text[pos : pos + 2])
    # Every functional area ends in a word with 区 (开发区, 高新区, 保税区 …).
    area_word = text.find("区", pos, end if end < pos + 20 else pos + 20) >= 0
    if not lengths and not area_word:
        return None
    best = None
    for ln in lengths or ():
        if ln > 10 or ln > end - pos:
            continue
        cand = text[pos : pos + ln]
        if cand in counties and (ln >= 3 or cand.endswith(("县", "旗", "市")) or _short_county_shown(text, pos, pos + ln, end)):
            best = pos + ln
            break
    if best is None and area_word and FUNCTIONAL_AREA_HINT.search(text, pos, min(end, pos + 20)):
        functional = _functional_end(text, pos, end)
        if functional is None:
            pass
        elif _starts_with_city(text, pos, functional):
            return None  # 乌鲁木齐市经济技术开发区: the city is read first, then the area
        else:
            best = functional
    # 区 within reach and a count after it: an unlisted name (汽开区) needs both.
    if best is None and area_word and text.find("个", pos, end) >= 0 and text.find("区", pos + 2, min(end, pos + 4)) >= 0:
        m = _UNLISTED_COUNTY_RX.match(text, pos, end)  # 区 two or three characters on
        if m and _COUNTED_HEADER_RX.match(text, m.end(), end):
            best = m.end()  # 汽开区(1个):
    if best is not None:
        # 高新区(新市区): the official county in brackets belongs to the name.
        mm = _BRACKETED_NAME_RX.match(text, best, end)
        if mm and mm.group(1) in counties:
            best = mm.end()
    return best



def only_counties(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` lists county names only (天山区、米东区, 兴庆区和永宁县): the units of a
    total or of a part, not its places."""
    pieces = [p.strip() for p in re.split(r"[、,,和及]", text[s:e]) if p.strip()]
    return bool(pieces) and all(county_at(p, 0, len(p)) == len(p) for p in pieces)


def body_county_at(text: str, pos: int, end: int) -> int | None:
    """End of a county-level name at ``pos``, listed or not, when the name is that of the body
    issuing the notice (``汽开区新冠肺炎疫情防控工作领导小组``, ``某某区疫情防控指挥部``)."""
    found = county_at(text, pos, end)
    if found is not None or text.find("区", pos + 2, min(end, pos + 4)) < 0:
        return found  # an unlisted name has 区 two or three characters on
    m = _UNLISTED_COUNTY_RX.match(text, pos, end)
    if m and _BODY_AFTER_RX.match(text, m.end(), end):
        return m.end()
    return None


def _functional_end(text: str, pos: int, end: int) -> int | None:
    """End of a functional area's name at ``pos`` (see the module notes for ``新区``)."""
    m = FUNCTIONAL_AREA_RX.match(text, pos, end)
    if m and (m.end() - pos) <= 12 and (m.group(0) == "开发区" or not re.search(r"(?:路|街|村|小区)", m.group(0))):
        return m.end()
    m = _NEW_AREA_RX.match(text, pos, end)
    if m and not _PLACE_WORD_RX.search(m.group(0)) and _shown_as_county(text, m.end(), end):
        return m.end()
    return None


def _starts_with_city(text: str, pos: int, name_end: int) -> bool:
    """True when the full name of a province or city (乌鲁木齐市, 新疆维吾尔自治区) starts the
    functional area's name and something is left after it."""
    g = gazetteer()
    for ln in g.name_starts(_CITY_LEVELS).get(text[pos], ()):
        if pos + ln < name_end and text[pos : pos + ln] in g.by_name and g.lookup(text[pos : pos + ln], _CITY_LEVELS):
            return True
    return False


def _shown_as_county(text: str, name_end: int, end: int) -> bool:
    """A group header's count or colon, or a township name, follows the name."""
    if _HEADER_AFTER_RX.match(text, name_end, end):
        return True
    return gazetteer().town_end(text, name_end, end) is not None


def _short_county_shown(text: str, pos: int, name_end: int, end: int) -> bool:
    """A two-character county name (郊区) the text shows to be one (see the module notes)."""
    g = gazetteer()
    units = g.lookup(text[pos:name_end], (3,))
    parents = {u.parent_code for u in units}
    for ln in range(2, min(9, pos) + 1):
        if any(c.code in parents for c in g.lookup(text[pos - ln : pos], _CITY_LEVELS)):
            return True  # 阳泉市郊区
    if _HEADER_AFTER_RX.match(text, name_end, end):
        return True
    t_end = g.town_end(text, name_end, end)
    if t_end is not None:
        codes = {u.code for u in units}
        return any(t.parent_code in codes for t in g.lookup(text[name_end:t_end], (4,)))
    return False


def _loose_county_end(text: str, pos: int, end: int) -> int | None:
    """A county-level name at ``pos`` in a list of county names (``城关区、柳梧新区``), where a
    ``新区`` name needs nothing after it to show it is one."""
    found = county_at(text, pos, end)
    if found is not None:
        return found
    m = _NEW_AREA_RX.match(text, pos, end)
    if m and not _PLACE_WORD_RX.search(m.group(0)):
        return m.end()
    return None


def admin_names_end(text: str, s: int, e: int, fillers: tuple[str, ...] = ()) -> int:
    """Where the run of province, city and county names (and ``fillers``: 全市, 的, 、 …) that
    starts at ``s`` ends."""
    pos = s
    while pos < e:
        filler = next((w for w in fillers if text.startswith(w, pos) and pos + len(w) <= e), None)
        if filler:
            pos += len(filler)
            continue
        found = _loose_county_end(text, pos, e) or _city_end(text, pos, e)
        if found is None or found > e:
            break
        pos = found
    return pos


def _city_end(text: str, pos: int, e: int) -> int | None:
    """End of a province or city name at ``pos``, full or short (四川, 宁波市)."""
    g = gazetteer()
    for ln in g.name_starts(_CITY_LEVELS).get(text[pos], ()):
        if pos + ln <= e and g.lookup(text[pos : pos + ln], _CITY_LEVELS):
            return pos + ln
    return None


_JOINERS = "、和及与,, "
_EXCLUSION_RX = re.compile(r"[((]?\s*除[^,,;;]{0,40}?(?:以外|之外|外)\s*[))]?")


def counties_listed(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The county-level names a catch-all is written over (``西山区和安宁市除…外的其他区域``,
    ``中高风险区以外的城关区、柳梧新区所有区域``): names standing at the start or after a joiner,
    outside its exclusion clause."""
    g = gazetteer()
    skip = [m.span() for m in _EXCLUSION_RX.finditer(text, s, e)]
    out: list[tuple[int, int]] = []
    pos, may_start = s, True
    while pos < e:
        inside = next((b for a, b in skip if a <= pos < b), None)
        if inside is not None:
            pos, may_start = inside, True
            continue
        if may_start:
            found = _loose_county_end(text, pos, e)
            if found is not None:
                out.append((pos, found))
                pos = found
                continue
            found = g.name_end(text, pos, _CITY_LEVELS, min_len=2)
            if found is not None:
                pos = found  # 乌鲁木齐市天山区: the county follows its city
                continue
        may_start = text[pos] in _JOINERS or text[pos] == "的"
        pos += 1
    return out

"""Section headings and group headers of a notice body: ``二、高风险区调整为中风险区(7个)``
gives the zones of the plain list under it; ``晋源区(7个):`` and ``城关街道(21个):`` give the
district or township of the items that follow, and a count to check them against."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .grammar import COUNT_RX, MEASURE_RX, MEASURES_EXPLAINED, SHIFT_VERB, count_value, numeral_value, zone_code, zone_pattern
from .gazetteer import gazetteer
from .rxedges import gate
from .items import ItemContext, county_at, town_name_end, village_name_end
from .vocab import BELOW_WORDS, load_data

__all__ = ["Section", "Group", "parse_heading", "group_headers", "admin_header"]


@dataclass
class Section:
    """Zones that the items under a heading take (and the heading's district and count)."""

    to_zone: str
    from_zone: str | None
    kind: str
    span: tuple[int, int]
    district: tuple[int, int] | None = None
    count: int | None = None
    first: int = 0  # index into changes where this section starts
    ctx: ItemContext | None = None  # what its items inherit, where the opener knows it


@dataclass
class Group:
    """A district or township header over the items that follow."""

    name: tuple[int, int]
    level: str  # "city" | "district" | "town" | "village"
    count: int | None
    first: int
    district: tuple[int, int] | None = None
    town: tuple[int, int] | None = None  # a village header's township
    ctx: ItemContext | None = None  # what its items inherit (set when the group opens)


# 枫亭镇(6个村居): a count that names what it counts.
# 六安市(6): the count alone in brackets.
_HEADER_COUNT_RX = re.compile(r"\s*[((]\s*(?:共\s*)?(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*(?:(?:个|处)[\u4e00-\u9fff]{0,3})?\s*[))]")
_NUMBERED_BEFORE_RX = re.compile(r"(?:[一二三四五六七八九十]+\s*、|[((][一二三四五六七八九十\d]+[))]|\d+\s*[.、])\s*$")
# 将2个高风险区调整为中风险区 / 对以下区域实行…: the word bringing the areas in, before them.
_OBJECT_LEAD_RX = re.compile(r"^(?:(?:今日|今天|当日|当天|本日)\s*)?(?:将|把|对)?(?=[\u4e00-\u9fff\d])")
_WHOLE_AREA_LEAD_RX = re.compile(r"^(?:全市|全区|全县|我市|本市)")
_COUNT_LEAD_RX = re.compile(r"^(?:\d+\s*个|[一二两三四五六七八九十]{1,3}个|部分)")  # 2个 / 部分 (高风险区调整为…): how many, not which
_MEASURES_TAIL_RX = re.compile(rf"\s*{MEASURES_EXPLAINED}\s*$")
_AS_OF_TAIL_RX = re.compile(r"\s*[((]\s*(?:截至|截止)[^()()]{2,24}[))]\s*[::]?$")
_STATUS_LEAD_RX = re.compile(r"^(?:目前|截至|调整后|新增后|现有|现共有|仍为)")
# 调整后现共有高风险区(7个): the words of time and of a standing total before the zone, however many.
_STATUS_LEAD_CUT_RX = re.compile(r"^(?:(?:目前|截至[^,]*?[时日]|调整后|新增后|现共有|现有|共有)\s*[,,]?\s*)+")
_LIFT_HEADING_RX = re.compile(r"(?:解除封控|解封|解除管控|解除封控管控)(?:的)?(?:区域|名单|范围)?|解除(?:的)?(?:区域|名单|范围)")
# 继续封控的区域 / 仍实行管控的区域: what stays in its zone, listed as it stands.
_STILL_HEADING_RX = re.compile(r"(?:继续|仍然|仍)(?:实行|实施)?(?P<m>封控|封闭管控|管控|防范)(?:管理)?(?:的)?(?:区域|范围|名单)")
# 自2021年12月29日0时起解封范围: the time the heading's list takes effect, before it.
_HEADING_TIME_RX = re.compile(r"^自?\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)?\s*(?:起|开始)\s*")


@lru_cache(maxsize=1)
def _MEASURED_ZONE_RX() -> re.Pattern[str]:
    return zone_pattern(r"(?:" + BELOW_WORDS + r")(?:区域|地区|小区|村居|场所)?(?:实行|执行|按照?|纳入)(?P<z>{z})(?:管理|管控|措施)?")


@lru_cache(maxsize=1)
def _measure_named_zone_rx() -> re.Pattern[str]:
    words = sorted(load_data("zones")["measure_zones"], key=len, reverse=True)
    return re.compile(r"(?:实施|实行|采取|执行)?(?P<m>" + "|".join(words) + r")(?:措施|管理)(?:的)?(?:区域|地区|范围)(?:名单|清单)?")


# The patterns a heading is read with (``{z}``: the zone terms).
_LIFT_FIRST = (
    r"(?:(?:" + BELOW_WORDS + r")(?:区域|地区|小区|社区|村居|场所|点位)?)?(?:解除|撤除|撤销)(?:以下)?(?:(?P<z>{z})(?:的)?(?:管控措施|管理|管控|封控)?(?:名单|清单)?|(?:临时)?(?P<m>封控|封闭管控|管控)(?:措施|管理)?(?:的)?(?:区域|小区|社区|村居|村|场所|点位|楼栋)?(?:名单|清单)?(?:如下)?)"
)
# 高风险区封闭小区名单 / 中风险区场所清单: a zone's list may name the kind of place it lists.
_LISTED_KIND = r"(?:(?:封闭|封控|涉疫)?(?:小区|社区|村居|场所|点位|楼栋))?"
# 风险等级由高风险调整为低风险的区域: the level named first, the areas after 的.
_ZONE_HEADING = (
    r"(?:(?:风险)?(?:等级|级别))?(?:{d}|由|从)?(?:疫情)?(?P<both>[高中低][、和及与])?(?P<z1>{z})(?:" + _LISTED_KIND + r"(?:名单|清单)|范围)?"
    r"(?:(?:" + SHIFT_VERB + r"|恢复)(?:为|至|成)(?P<z2>{z}))?(?:的)?(?:名单|清单|范围|区域|地区)?"
)
_TO_ZONE_HEADING = r"(?:调整|降级|降|升级|升|变更|转|下调|恢复|{d}|列)(?:为|至|成)?(?P<z>{z})(?:的)?(?:区域|地区|名单|清单)?"
_LIFTED_ZONE_HEADING = r"(?:解除|撤除|撤销)(?:以下)?(?P<z>{z})(?:的)?(?:管控措施|管理|管控|封控)?"
# 以下高风险区保持不变 / 下列区域中风险等级维持不变: the areas below stay in the zone, as they stand.
_KEPT_ZONE_HEADING = r"(?:(?:" + BELOW_WORDS + r")(?:区域|地区)?(?:的)?)?(?P<z>{z})(?:的)?(?:风险)?(?:等级|级别)?(?:保持|维持)?不变"


@lru_cache(maxsize=1)
def _heading_gate() -> re.Pattern[str] | None:
    """The characters one of which every heading holds: one of those each pattern a heading is
    read with needs (a zone term, a lifting, a measure, 继续/仍): a line holding none is no heading."""
    return gate(
        *(zone_pattern(t) for t in (_LIFT_FIRST, _ZONE_HEADING, _TO_ZONE_HEADING, _LIFTED_ZONE_HEADING, _KEPT_ZONE_HEADING)),
        _MEASURED_ZONE_RX(), _measure_named_zone_rx(), _STILL_HEADING_RX, _LIFT_HEADING_RX,
    )


def parse_heading(text: str, s: int, e: int) -> Section | None:
    """A section heading: a transition with no items (二、高风险区调整为中风险区(7个))."""
    needs = _heading_gate()
    if needs is not None and not needs.search(text, s, e):
        return None
    body = text[s:e].rstrip(" ::;;。")
    if body.startswith("【") and "】" in body:
        # 【高风险地区】6个: the label set in square brackets.
        s, body = s + 1, body[1:].replace("】", "", 1)
    # 解除中风险区(2个) / 解除以下封控区 / 解除管控区域 / 解除封控社区名单如下: lifted from the zone (管控 → 管控区).
    # 以下区域解除临时管控措施: the list comes first in the words, the lifting after it.
    lift = zone_pattern(_LIFT_FIRST).match(body)
    if lift:
        lcm = COUNT_RX.fullmatch(body, lift.end())
        if lift.end() == len(body) or lcm:
            frm = zone_code(lift["z"]) if lift["z"] else ("controlled" if lift["m"] == "管控" else "sealed")
            return Section("lifted", frm, "change", (s, e), None, count_value(lcm) if lcm else None)
    # 以下区域实行管控区管理 / 下列区域按封控区管理: the zone named by the measures its list takes.
    lead = _OBJECT_LEAD_RX.match(body)
    m = _MEASURED_ZONE_RX().fullmatch(body, lead.end() if lead else 0)
    if m:
        return Section(zone_code(m["z"]), None, "change", (s, e), None, None)
    # 一、实施封控措施区域 / 管控管理区域: a zone named by the measures its areas take.
    m = _measure_named_zone_rx().fullmatch(body)
    if m:
        return Section(load_data("zones")["measure_zones"][m["m"]], None, "change", (s, e), None, None)
    # 一、封控区(实行“区域封闭、足不出户、服务上门”管理措施): the measures its areas take, in brackets
    # after the zone, explain the heading; they do not make it a sentence.
    explained = _MEASURES_TAIL_RX.search(body)
    if explained is not None and explained.start() > 0:
        body = body[: explained.start()].rstrip(" ::")
    if not body or len(body) > 45 or MEASURE_RX.search(body):
        return None
    if body[0] in "由从" and not _NUMBERED_BEFORE_RX.search(text, max(0, s - 8), s):
        return None  # 由封控区调整为管控区 unnumbered: the end of a sentence or headline, not a heading
    # 高风险地区(4个)(截至2022年3月9日8时): an as-of time in brackets after the label makes the
    # list below a status list.
    as_of = _AS_OF_TAIL_RX.search(body)
    if as_of is not None:
        body = body[: as_of.start()].rstrip(" ::")
    count = None
    cm = None
    for cm in COUNT_RX.finditer(body):
        pass
    core = body
    if cm is not None and cm.end() >= len(body.rstrip()) - 1:
        count = count_value(cm)
        core = body[: cm.start()]
    pos = 0
    district = None
    d_end = county_at(text, s, s + len(core))
    if d_end is not None:
        district = (s, d_end)
        pos = d_end - s
    else:
        # 呼和浩特市高风险地区: a city written before the zone, over items naming their districts.
        c_end = gazetteer().name_end(core, 0, (1, 2), 2)
        if c_end is not None:
            pos = c_end
    rest = core[pos:]
    rest = _OBJECT_LEAD_RX.sub("", rest)
    rest = _WHOLE_AREA_LEAD_RX.sub("", rest)
    rest = _COUNT_LEAD_RX.sub("", rest)
    status = bool(_STATUS_LEAD_RX.match(rest)) or as_of is not None
    rest = _STATUS_LEAD_CUT_RX.sub("", rest)
    m = zone_pattern(_ZONE_HEADING).fullmatch(rest)
    if m:
        if m["z2"]:
            # 高、中风险区调整为低风险区: from either of two zones, which the heading does not say.
            frm = None if m["both"] else zone_code(m["z1"])
            return Section(zone_code(m["z2"]), frm, "status" if status else "change", (s, e), district, count)
        return Section(zone_code(m["z1"]), None, "status" if status else "change", (s, e), district, count)
    m = zone_pattern(_TO_ZONE_HEADING).fullmatch(rest)
    if m:
        return Section(zone_code(m["z"]), None, "change", (s, e), district, count)
    m = zone_pattern(_KEPT_ZONE_HEADING).fullmatch(rest)
    if m:
        return Section(zone_code(m["z"]), None, "status", (s, e), district, count)

    rest = _HEADING_TIME_RX.sub("", rest)
    m = _STILL_HEADING_RX.fullmatch(rest)
    if m:
        return Section(load_data("zones")["measure_zones"][m["m"]], None, "status", (s, e), district, count)
    if _LIFT_HEADING_RX.fullmatch(rest):
        return Section("lifted", "sealed" if "封" in rest else None, "change", (s, e), district, count)
    m = zone_pattern(_LIFTED_ZONE_HEADING).fullmatch(rest)
    if m:
        return Section("lifted", zone_code(m["z"]), "change", (s, e), district, count)
    return None


def _header_count(text: str, at: int, e: int) -> tuple[int | None, int]:
    """The count written after a header's name at ``at`` (``(2个)``, ``3个``, ``(6个村居)``, ``(6)``)
    and where it ends; ``(None, at)`` when none is written."""
    cm = COUNT_RX.match(text, at, e)
    if cm:
        return count_value(cm), cm.end()
    cm = _HEADER_COUNT_RX.match(text, at, e)  # 枫亭镇(6个村居):
    if cm:
        return numeral_value(cm["n"]), cm.end()
    return None, at


def group_headers(text: str, s: int, e: int) -> tuple[list[Group], int]:
    """Chained headers at ``s``: ``小店区(1个):晋源区(7个):`` / ``城关街道(21个):`` / ``天山区4个``."""
    groups: list[Group] = []
    pos = s
    needs = _group_gate()
    if needs is not None and not needs.search(text, s, e):
        return groups, pos  # every header writes a count or a colon
    while pos < e:
        while pos < e and text[pos] in " \t":
            pos += 1
        level = "district"
        n_end = county_at(text, pos, e)
        if n_end is None and not groups:
            # 安徽省六安市(6个): — a city (with its province) over items that name their districts.
            n_end = _city_header_end(text, pos, e)
            level = "city"
        if n_end is None:
            n_end, level = town_name_end(text, pos, e), "town"
        if n_end is None and (not groups or groups[-1].level == "town"):
            # 北寨子社区(3个): — a community or village heading the places under it, inside the
            # township group open above it.
            n_end, level = village_name_end(text, pos, e), "village"
        if n_end is None:
            break
        count, after = _header_count(text, n_end, e)
        colon = _COLON_RX.match(text[after:e])
        if colon:
            after += colon.end()
        if level == "village" and (count is None or not colon):
            break  # a village header writes its count and a colon; a bare village name is an item
        if count is None and not colon:
            town_end = town_name_end(text, after, e) if level == "district" else None
            if town_end and _TOWN_HEADER_AFTER_RX.match(text[town_end:e]):
                # 雁塔区电子城街道: — the district heads the township header that follows.
                groups.append(Group((pos, n_end), level, None, 0))
                pos = after
                continue
            break
        groups.append(Group((pos, n_end), level, count, 0))
        pos = after
    return groups, pos


_COLON_RX = re.compile(r"\s*[::]")
_TOWN_HEADER_AFTER_RX = re.compile(r"\s*(?:[((]\s*\d+\s*个\s*[))]|\d+\s*个)?\s*[::]")


@lru_cache(maxsize=1)
def _group_gate() -> re.Pattern[str] | None:
    """The characters one of which a group header's count or colon holds (:mod:`notice_nlp.rxedges`)."""
    return gate(COUNT_RX, _HEADER_COUNT_RX, _COLON_RX, _TOWN_HEADER_AFTER_RX)
# 城关镇辖区内 / 城关区范围内: the header's place, with the words that say "inside it".
_INSIDE_RX = re.compile(r"\s*(?:辖区内|辖区|范围内|区域内|境内|内)?(?:的)?\s*[::]?\s*$")


def _names_end(text: str, s: int, e: int) -> int:
    """Where the province and city names written one after another from ``s`` end (``s`` when
    none is), as a scan of ``text[s:e]`` reads them."""
    line, at = text[s:e], 0
    while (nxt := gazetteer().name_end(line, at, (1, 2), 2)) is not None:
        at = nxt
    return s + at


def names_only(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is nothing but province and city names (``广东省湛江市``, ``北京市``)."""
    end = _names_end(text, s, e)
    return end > s and not text[end:e].strip(" \t,,")


def _city_header_end(text: str, s: int, e: int) -> int | None:
    """End of a province and/or prefecture-level city written at ``s`` and followed by a count
    or a colon (``安徽省六安市(6):``, ``六安市:``); None otherwise."""
    end = _names_end(text, s, e)
    # 兰州市(3个)城关区甲小区、…: a bracketed count sets the header apart without a colon, when a
    # county's name follows it.
    after = text[end:e]
    counted = re.match(r"\s*[((]\s*(?:共\s*)?[\d一二两三四五六七八九十]+\s*(?:个|处)[^()()]{0,3}[))]\s*", after)
    if end > s and counted and county_at(text, end + counted.end(), e) is not None:
        return end
    if end == s or not re.match(r"\s*(?:[((]\s*(?:共\s*)?[\d一二两三四五六七八九十]+\s*(?:个|处)?[^()()]{0,3}[))]|\d+\s*个)?\s*[::]", after):
        return None
    return end


def admin_header(text: str, s: int, e: int) -> list[Group]:
    """``text[s:e]`` as a header that is only administrative names (``城关区``, ``雁塔区电子城街道``,
    ``城关镇辖区内``, each with an optional count): its groups, else []."""
    groups: list[Group] = []
    pos = s
    while pos < e:
        while pos < e and text[pos] in " \t":
            pos += 1
        level = "district"
        n_end = county_at(text, pos, e)
        if n_end is None and not groups:
            # 大连金普新区: the city written before the district.
            lead = gazetteer().name_end(text[pos:e], 0, (1, 2), 2)
            if lead is not None and county_at(text, pos + lead, e) is not None:
                pos += lead
                n_end = county_at(text, pos, e)
        if n_end is None:
            n_end, level = town_name_end(text, pos, e), "town"
            if n_end is None:
                break
        count, pos_after = _header_count(text, n_end, e)
        groups.append(Group((pos, n_end), level, count, 0))
        pos = pos_after
    if not groups or not _INSIDE_RX.fullmatch(text, pos, e):
        return []
    return groups

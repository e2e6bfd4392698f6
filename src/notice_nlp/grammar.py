"""The grammar of zone changes: zone vocabulary patterns, predicate patterns and the small
tests (place-like lists, catch-alls, generic areas) the change reader is built from."""

from __future__ import annotations

import re
from functools import lru_cache

from .districts import admin_names_end, county_at
from .regions import is_boundary
from .spans import outside_brackets
from .vocab import BELOW_WORDS, FORWARD_WORDS, ORG_SUFFIX, alternation, designating_measures, lift_phrases, load_data, status_markers, zone_term_map, zone_terms


__all__ = ["ORG_SUFFIX", "count_value", "numeral_value", "zone_code", "zone_pattern", "zone_alternation", "change_words", "predicate_patterns", "predicate_needs", "may_hold", "may_hold_in", "ANCHOR_PREDICATES", "looks_like_places", "is_catch_all", "last_item"]

_CJK = "\u4e00-\u9fff"
# Section numerals: 一、 as well as the capital forms of accounts and contracts (壹、贰、).
ORDINAL_RX = re.compile(
    r"[#\s]*(?:(?P<cn>(?:[一二三四五六七八九十]{1,3}|[壹贰貳叁參肆伍陆陸柒捌玖拾]{1,2})\s*[、.])|(?P<pcn>[((][一二三四五六七八九十]{1,3}[))])"
    r"|(?P<num>\d{1,3}\s*[.、](?!\d))|(?P<numstop>\d{1,3}\s*。(?!\d))|(?P<pnum>[((]\d{1,3}[))])|(?P<circ>[①-⑳])|(?P<bullet>[◆◇●○■□▲△★☆•·▪▶►](?=\s*[\u4e00-\u9fff\d])))\s*"
)


def ordinal_kind(m: re.Match[str]) -> str:
    """Which numbering an :data:`ORDINAL_RX` match is written in (``cn``, ``num``, ``pnum`` …)."""
    kind = m.lastgroup  # the numberings are alternatives, one group each
    return kind if kind is not None and m[kind] else next(k for k, v in m.groupdict().items() if v)


_NUMERAL = r"\d+|[一二两三四五六七八九十]{1,3}"
# A verb moving an area from one zone to another, possibly two run together (调整降级为).
SHIFT_VERB = r"(?:调整|调降|调升|调低|调高|降级|降|升级|升|变更|转|下调|上调|调)(?:\s*(?:降级|升级|下调|上调))?"
COUNT_RX = re.compile(rf"\s*(?:[((]\s*(?:共\s*)?(?P<a>{_NUMERAL})\s*(?:个|处)\s*[))]|(?:共\s*)?(?P<b>{_NUMERAL})\s*(?:个|处|地))")
_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def numeral_value(numeral: str) -> int:
    """``12``, ``三``, ``十二``, ``二十``, ``两`` as a number."""
    if numeral.isdigit():
        return int(numeral)
    tens, ten, units = numeral.partition("十")
    if not ten:
        return _DIGIT[numeral]
    return _DIGIT.get(tens, 1) * 10 + _DIGIT.get(units, 0)


def count_value(m: re.Match[str]) -> int:
    """The number a :data:`COUNT_RX` match declares."""
    return numeral_value(m["a"] or m["b"])
MEASURE_RX = re.compile(r"实行|执行|落实|采取|措施|管理措施|要求")
DESIGNATION_RX = re.compile(r"确定|划定|划为|列为|调整|新增|设为|定为|划分|升级|降级|降为|升为|纳入")
SCOPE_THREE_RX = re.compile(r"[“\"]三区[”\"]|封控区、管控区(?:、|和|及)防范区")
# A page's furniture at the start of a line (相关阅读, 关键词:…, 返回顶部, 责任编辑…): never a
# sentence of the notice, wherever it stands.
_PAGE_FURNITURE = r"相关阅读|相关内容|拓展阅读|延伸阅读|点击此处|本文标签|关键词|关键字|返回顶部|返回首页|扫一扫|责任编辑|责编|来源[::]"
FURNITURE_RX = re.compile(rf"^(?:{_PAGE_FURNITURE})")
# What may close a notice's list: its closing formula, a sentence about all of it, page furniture.
CLOSING_RX = re.compile(rf"^(?:特此(?:通告|公告|通知|告知)|以上(?:区域|措施|内容)|上述(?:区域|措施)|后续将|THE END|{_PAGE_FURNITURE})")
# How the name of a place ends (a village's part by direction too: 长延堡村村东, 甲村西片; a house
# number's part: 安善里2号之一).
PLACE_SUFFIX_RX = re.compile(
    r"(?:村|社区|小区|区|号|楼|栋|幢|院|街道|街办|镇|乡|路|街|大道|巷|里|弄|胡同|队|苏木|门|梯|邸|墅|宿舍|底商|厅|局|山|山体|湖|河|桥|岛|塘|银行|支行|分行|商行|超市|网吧|网咖|园|苑|城|府|庭|居|湾|公寓|大厦|广场|市场|酒店|宾馆|饭店|厂|公司|中心|学校|小学|中学|大学|学院|幼儿园|医院|馆|店|场|站|港|寓|家园|花园|期|单元|层|室|户|组|屯|庄|铺|坊|全域|合围区域?|区域|房|室|馆|所|部|处|座|组|工地|基地|仓库|(?:村|社区|屯|庄)[东西南北](?:片|部|侧|头)?|号[之附][一二三四五六七八九十\d]+号?|(?<=[\d一二三四五六七八九十])社)(?:\([^()]*\))?$"
)


def last_item(seg: str) -> str:
    return re.split(r"[、,,;;]", seg)[-1]


# A place below the county (小区, 村, 街道 …) beside the catch-all words: that place with an exclusion.
_SUBCOUNTY_PLACE_RX = re.compile(
    r"小区|村|社区|街道|街办|镇|乡|楼|栋|幢|号|路|街|巷|院|园|苑|公寓|大厦|组|单元|层|室|厂|公司|学校|市场|广场|酒店|宾馆|商城|超市"
    r"|围合|合围|[东西南北]至|以[东西南北]|沿线"
)
_TOWN_RX = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道办事处|街道|街办|镇|乡)")
_EXCEPT_OPEN_RX = re.compile(r"^[((]?\s*除")
_EXCEPT_CLOSE_RX = re.compile(r"^(?:以外|之外|外)(?:的)?\s*[,,]?")
_ELEMENT_SEP_RX = re.compile(r"[、,;]")
_TRAILING_NUMBER_RX = re.compile(r"[\dA-Za-z\-#]+$")
# 一、封控区(实行“区域封闭、足不出户”管理措施): the measures a heading's zone takes, explained in
# brackets after it.
MEASURES_EXPLAINED = r"[((][^()()\n]*(?:实行|实施|执行|采取|落实|措施|管理)[^()()\n]*[))]"
# 三 of 天地三、四、六期: a Chinese numeral written bare, its unit after a later one.
CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
CN_NUMERAL_RX = re.compile(CN_NUMERAL)
_ENDS_ORG_RX = re.compile(ORG_SUFFIX + "$")
# 全市其他区域: a catch-all over the whole city, not over the district of the list above it.
CITY_WIDE_RX = re.compile(r"(?:全国|全市域?|市域|我市|本市|全省|全州|全盟)(?:范围内)?(?:的)?(?:其他|其余|剩余|[((]?除)")


@lru_cache(maxsize=1)
def _catch_all_patterns() -> tuple[re.Pattern[str], ...]:
    words = load_data("catch_alls")
    alt = lambda xs: "|".join(map(re.escape, sorted(xs, key=len, reverse=True)))  # noqa: E731
    close = alt(words["except_close"])
    nouns = alt(words["area_nouns"])
    other = alt(words["other"])
    z = zone_alternation()
    exclusion = re.compile(rf"[((][^()]{{0,40}}除外[))]|[((]?\s*(?:{alt(words['except_open'])})[^,,;;]{{0,40}}?(?:{close})\s*[))]?")
    outside = re.compile(
        rf"(?:(?:{z})|以上区域|上述区域|已划定的|已公布的|[、和及与高中低])+(?:{close})的?"
        rf"|^[^,,;;]{{1,80}}?(?:以外|之外)的?(?=(?:{other}))"
    )
    rest = re.compile(rf"(?:{other})(?:的)?(?:{nouns})?")
    whole = re.compile(rf"(?:所有|全部)?(?:{nouns})$")
    trailing = re.compile(rf"(?:{alt(words['trailing_verbs'])})+$")
    return exclusion, outside, rest, whole, trailing, tuple(sorted(words["scope_words"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _catch_all_hint() -> re.Pattern[str]:
    """Any word one of the catch-all patterns needs: the exclusion's open and close words, the
    words for the rest."""
    words = load_data("catch_alls")
    return re.compile("|".join(map(re.escape, sorted({"除", *words["except_open"], *words["except_close"], *words["other"]}, key=len, reverse=True))))


def is_catch_all(seg: str) -> bool:
    """The rest of a county-level unit or of the city: ``其他区域``, ``除…外的区域``,
    ``西山区和安宁市除高、中风险区外的其他区域``, ``全市域(除…外)``, ``新建区(除封控区…以外)区域``,
    ``中高风险区以外的城关区所有区域``, ``许村镇其他区域``. Not ``某小区除3号楼以外``,
    ``上党镇其余行政村``, ``辛庄镇(除封控区以外的区域)``: what stands beside the catch-all words
    there is a place below the county (kept as written); a township only with 其他/其余.
    Words that are no place at all beside them (an as-of phrase, a predicate word left over)
    do not keep a catch-all from being one."""
    if not _catch_all_hint().search(seg):
        return False  # every reading below needs an exclusion (除, 外) or 其他/其余 …
    exclusion, outside, rest, whole, trailing, scope_words = _catch_all_patterns()
    seg = seg.strip().rsplit("。", 1)[-1]  # the catch-all's own sentence
    seg = trailing.sub("", seg)
    if _EXCEPT_OPEN_RX.match(seg):
        return True  # 除…: the exclusion opens the catch-all (its list may run over commas)
    seg = _EXCEPT_CLOSE_RX.sub("", seg)  # 外,东昌区其他区域: the exclusion's end, cut by a comma
    core, n1 = exclusion.subn("", seg)
    core, n2 = outside.subn("", core)
    core, n3 = rest.subn("", core)
    if not (n1 or n2 or n3):
        return False
    core = whole.sub("", core)
    head = core[admin_names_end(core, 0, len(core), scope_words) :]
    if n3:
        head = _TOWN_RX.sub("", head)  # 许村镇其他区域: the rest of the township's own notice area
    return not _SUBCOUNTY_PLACE_RX.search(head)


# What follows a township in a clause that is no place (池店镇已满足…, 方城镇咨询电话:…, 甲镇和乙镇部分区域,
# 甲镇乙村按防范区管理).
@lru_cache(maxsize=1)
def _not_name_after_town_rx() -> re.Pattern[str]:
    """A colon, a joiner opening the rest, or a word of ``places.json``'s ``not_after_township``."""
    return re.compile(r"[::]|^[和及与]|" + alternation(load_data("places")["not_after_township"]))


def _opens_with_town(x: str) -> bool:
    """纸坊街道天使咖啡: a township, then the name of a place in it."""
    t = _TOWN_RX.match(x)
    return t is not None and 2 <= len(x) - t.end() <= 20 and not _not_name_after_town_rx().search(x, t.end())


def looks_like_places(seg: str) -> bool:
    """A plain line in a section is a list only if its elements end like places."""
    if is_boundary(seg.strip(" \t,;:、。").replace(",", "、")):
        return True  # 甲路以东,乙路以西,丙路以南,丁路以北: one region
    # A number before a unit written once (南新一街8、10、12号) is not an element of its own, and
    # the element that opens such a list ends like a place without its number.
    if "不变" in seg and ("不变" in outside_brackets(seg) or not _ELEMENT_SEP_RX.search(outside_brackets(seg))):
        # 采荷街道(保持不变): a place said to stay as it is changes nothing — a list whose last
        # place carries such a remark for the rest of its area (丙公寓(其他区域风险等级不变)) is read on.
        return False
    # 壕赖沟村(东至110国道,西至民生大街): what the brackets say of a place is no element.
    # 9号附1 / 3号之一: a house number's sub-number is no bare number.
    elems = [x if PLACE_SUFFIX_RX.search(x) else _TRAILING_NUMBER_RX.sub("", x) for x in (y.strip(" \t,;:、。") for y in _ELEMENT_SEP_RX.split(outside_brackets(seg)))]
    # 天地三、四、六期: a numeral written bare before the one with the unit is not an element either.
    elems = [x for x in elems if x and not CN_NUMERAL_RX.fullmatch(x)]
    if not elems:
        return False
    # A bare county name (枞阳县) is a place too.
    # 纸坊街道天使咖啡: a place opening with its township is a place whatever it ends with.
    good = sum(
        1 for x in elems
        if (PLACE_SUFFIX_RX.search(x) or county_at(x, 0, len(x)) == len(x) or _opens_with_town(x))
        and not _ENDS_ORG_RX.search(x)
    )
    return good * 2 >= len(elems)


# 2022年7月28日8时00分 on a line of its own over a list: the time the list stands as of.
AS_OF_LINE_RX = re.compile(r"(?m)^[ \t]*(?=(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?[ \t]*$)")
GENERIC_AREA_RX = re.compile(r"(?:部分|有关|相关|上述|以上|该|全部|其余|个别)(?:区域|地区|小区|楼栋)$|^(?:未封|未封控|非封控|已解封)区域?$")
# 将下列区域(风险)划定为高风险区: the areas below, or their risk level, named as the object;
# 将以下相关区域…: the areas below, said to be those concerned.
FORWARD_RX = re.compile(rf"(?:{FORWARD_WORDS})(?:(?:\d+|[一二两三四五六七八九十]{{1,3}})\s*(?:个|处|地))?(?:相关|有关)?(?:疫情防控|疫情)?(?:区域|地区|小区|场所|点位|村|社区|范围)?(?:的)?(?:风险等级|风险)?$")
# The opening of a report's lead paragraph (本报讯, 某报讯, 某地11月20日电), which may carry the
# byline after it (某报讯 记者张三报道:…); it is no part of what the sentence says.
REPORT_LEAD_RX = re.compile(r"\s*(?:据)?(?:本(?:报|网|台|刊)[^\s,,]{0,12}讯|[\u4e00-\u9fff]{1,8}(?:网|报|台|社)讯|[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日\s*电)")
JUNK_LEAD_RX = re.compile(
    r"^(?:(?:截至|截止)(?:目前|发稿时|今日|今天)?|目前|同时|此外|其中|另外|现|经研究|研究决定|决定|具体如下|具体为|如下|即日起|当前|今日|今天"
    r"|(?:值得注意|值得一提|需要注意|需要说明)的是|与此同时|简而言之|总而言之|综上)$"
)


@lru_cache(maxsize=1)
def status_rx() -> re.Pattern[str]:
    """The words that make a sentence tell a standing state rather than a change (目前, 截至,
    调整后, 新增后, 仍为…: vocab.status_markers)."""
    return re.compile("|".join(map(re.escape, sorted(status_markers(), key=len, reverse=True))))


@lru_cache(maxsize=1)
def list_opener() -> str:
    """Regex alternation of the words that open a counted zone's list of places (分别为, 即…);
    即 not as part of 即日起."""
    words = sorted(load_data("zones")["list_openers"], key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) + ("(?![日时刻])" if w == "即" else "") for w in words) + ")"


@lru_cache(maxsize=1)
def designating_alternation(*, new_only: bool = False) -> str:
    """Regex alternation of the words that make the places listed with them the zone written
    straight after them (新增, 划定, 划分…); ``new_only``: those saying the places are new (新增, 新划定)."""
    words = [w for w in load_data("zones")["designating_words"] if not new_only or w.startswith("新")]
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


@lru_cache(maxsize=1)
def zone_alternation() -> str:
    return "|".join(map(re.escape, zone_terms()))


@lru_cache(maxsize=1)
def change_words() -> re.Pattern[str]:
    """Any word a zone change needs (a zone term, a lifting phrase, 解除/撤除/撤销): text
    without one holds no change, and is not read further."""
    words = sorted({*zone_terms(), *lift_phrases(), *designating_measures(), "解除", "撤除", "撤销"}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def zone_pattern(template: str) -> re.Pattern[str]:
    """``template`` compiled once, with ``{z}`` standing for the zone-term alternation and ``{d}``
    for the designating words (:func:`designating_alternation`)."""
    return re.compile(template.replace("{z}", zone_alternation()).replace("{d}", designating_alternation()))


def zone_code(term: str) -> str:
    return zone_term_map()[term]


@lru_cache(maxsize=1)
def predicate_patterns() -> dict[str, re.Pattern[str]]:
    """The predicate patterns, compiled once (they embed the whole zone vocabulary)."""
    rx: dict[str, re.Pattern[str]] = {}
    z = zone_alternation()
    # Patterns that cannot open with a literal begin with a lookahead on their possible first
    # characters, so the regex engine rules out most positions at once.
    zone_first = "(?=[" + "".join(sorted({t[0] for t in zone_terms()})) + "])"
    rx["from_to"] = re.compile(
        rf"(?:由|从)\s*(?P<z1>{z})\s*{SHIFT_VERB}\s*(?:为|至|成)\s*(?P<z2>{z})"
    )
    verbs = sorted(load_data("zones")["to_verbs"], key=len, reverse=True)
    new = designating_alternation(new_only=True)  # 划定以下区域为新增高风险区: 为, a word saying the places are new, the zone
    first = "".join(sorted({"被", "已", "均", "全", "统", "纳", "列", "划"} | {v[0] for v in verbs}))
    rx["to"] = re.compile(
        rf"(?=[{first}])(?:(?:被|已|均|全部|统一)?(?:(?:{'|'.join(map(re.escape, verbs))})\s*(?:为|至|成)|升级|降级)\s*{new}?(?P<z>{z})(?!\s*[、和及与]\s*(?:{z}))"
        rf"(?!\s*(?:的(?:区域|地区|范围|名单)?|区域|地区|范围|名单)\s*[::])"
        rf"|(?:被|已)?(?:列入|划入|纳入)\s*(?P<zi>{z})(?!\s*管理))"
    )
    # 仍为/维持高风险区; 继续实行高风险区管控措施 / 继续按高风险区管理: the zone an area stays in.
    rx["still"] = re.compile(
        rf"(?:(?:仍|均|仍然|继续|依然|目前)\s*(?:为|是|属于)|(?:维持|保持)\s*(?:为)?|(?:继续|仍)\s*(?:实行|实施|执行|按照|按)\s*(?=(?:{z})\s*(?:的)?(?:管控措施|管理|管控)))\s*(?P<z>{z})"
    )
    # 颍上县其他区域低风险等级不变: the zone an area keeps, named before 等级不变.
    rx["kept"] = re.compile(rf"(?P<z>{z})\s*(?:的)?\s*(?:风险)?(?:等级|级别)\s*(?:保持|维持)?\s*不变")
    rx["plain"] = re.compile(  # 为 first, the character before it checked behind it: 为 is searched for as a literal
        rf"为(?<![仍均确{''.join(sorted({v[-1] for v in verbs}))}]为)\s*{new}?(?P<z>{z})(?!内|外|的|居民|人员|群众|管理|范围|周边|等|\s*[、和及与]\s*(?:{z}))(?![^,。;,;]{{0,4}}(?:实行|调整为|降为))"
    )
    rx["into"] = re.compile(rf"纳入\s*(?P<z>{z})\s*(?:管理|管控)?")
    # 对甲小区采取封控管理: a measure that makes its places a zone (vocab.designating_measures).
    rx["measure_zone"] = re.compile("(?P<w>" + "|".join(map(re.escape, sorted(designating_measures(), key=len, reverse=True))) + ")")
    rx["items_after"] = re.compile(
        rf"{zone_first}(?:(?P<z>{z})\s*(?:——|—|-)?[^,。;,;]{{0,40}}?(?:调整|划定|确定|变更|扩大)\s*(?:为|至)\s*(?![\s::]*(?:{z}))"
        rf"|(?P<zs>{z})\s*(?:仍|均|仍然|继续)?\s*为\s*[::]?\s*(?!\s*(?:{z})))"
    )
    # 划定以下3个高风险区。/ 新增下列中风险区如下: — the places are listed below the sentence
    # (or after its colon: 新增以下高风险区域:甲小区、乙小区).
    rx["forward_zone"] = re.compile(
        rf"(?:{designating_alternation()}|新增划|公布)\s*(?:(?:{BELOW_WORDS})\s*(?:(?:\d+|[一二两三四五六七八九十]{{1,3}})\s*个)?|(?:\d+|[一二两三四五六七八九十]{{1,3}})\s*个)\s*(?:疫情防控|疫情)?\s*(?P<z>{z})(?:名单)?\s*(?:如下)?\s*(?=[。::]?\s*$|[::])"
    )
    rx["label"] = re.compile(
        rf"{zone_first}(?:(?P<z>{z})\s*(?:的)?(?:具体|详细)?(?:区域|地区|范围|(?:名单|清单)(?:为)?)?\s*(?:[((]\s*\d+\s*个?\s*[))]|(?:共有|共计|共)?\s*\d+\s*个|数量\s*(?:为|是)?\s*\d+\s*个?)?\s*(?:如下)?\s*(?:有|包括|{list_opener()})?\s*[::]"
        rf"|(?P<zc>{z})\s*\d+\s*个\s*[,,]?\s*(?:{list_opener()}|为)\s*[::])"
    )
    rx["annotated"] = re.compile(rf"[((]\s*(?P<z>{z})\s*[))]")
    rx["lift_measure"] = re.compile(
        # 解除对甲村、乙村的封控 / 解除某村第2栋封控、管控。: at the end of its clause the measure
        # needs no 措施 or 管理 after it.
        r"(?:解除|撤除|撤销)(?:对\s*(?=[\u4e00-\u9fff]))?(?P<x>(?:(?!实行|实施|执行|采取|调整|划|解除|转|后[,，])[^。;;::]){1,120}?)(?:的)?\s*(?:疫区|疫点)?(?P<tmp>临时性?)?(?P<m>封控|封闭管控|管控|封闭)"
        r"(?:(?:区域|范围)(?:的)?(?:防控)?)?(?:措施|管理|(?=\s*(?:[、和及]\s*(?:封控|管控))?\s*(?:[,。;,;::]|$)))"
    )
    # 解除甲小区1号楼,乙社区某路18号;丙街道某小区2栋高风险区管理: the lifted places may be a list
    # of clauses, as long as none has a predicate of its own.
    rx["lift_inside"] = re.compile(
        rf"(?:解除|撤除|撤销)(?![后後]|之后)(?P<x>(?:(?!调整|划定|划为|纳入|列为|降为|升为|解除|实行|实施|执行|(?:{'|'.join(map(re.escape, verbs))})\s*(?:为|至|成))[^。::\n]){{1,400}}?)(?P<z>{z})(?:的)?\s*(?:管理|管控|管控措施)"
    )
    # A named zone lifted without a measure word: 解除以下区域高风险区:, 解除某小区高风险区,
    # 某小区解除高风险区 (x empty: the places come before).
    # Never across a document title (《…解除工作方案》).
    rx["lift_zone"] = re.compile(rf"(?:解除|撤除|撤销)(?![后後]|之后)(?P<x>[^,。;,;::《》<>〈〉“”\"]{{0,300}}?)(?P<z>{z})")
    # 某小区高风险区解除, 以下高风险区解除: — the places come before the zone; the clause ends there.
    rx["zone_lifted"] = re.compile(
        rf"{zone_first}(?P<z>{z})\s*(?:予以|已|正式|全部|均)?\s*(?:解除|撤除|撤销)(?:管理|管控|管控措施|措施)?(?=\s*(?:[,。;,;::\n]|$))"
    )
    lifts = "|".join(map(re.escape, lift_phrases()))
    lift_first = "(?=[全" + "".join(sorted({w[0] for w in lift_phrases()})) + "])"
    # 为解封居民送上… / 解封现场: a lifting word used of the people or the scene, not a lifting.
    rx["lift"] = re.compile(rf"{lift_first}(?:全面)?(?P<l>{lifts})(?!居民|群众|市民|人员|现场|仪式|相关|有关|部分)(?:[^,。;]{{0,6}}?[,,]?\s*纳入\s*(?P<z>{z})\s*(?:管理|管控)?)?")
    return rx


@lru_cache(maxsize=1)
def predicate_needs() -> dict[str, frozenset[str]]:
    """For each of :func:`predicate_patterns`, characters one of which every match holds (a verb,
    a copula, a colon): a stretch of text with none of them is not searched with that pattern."""
    lifting = "解撤"  # 解除, 撤除, 撤销
    return {
        name: frozenset(chars)
        for name, chars in {
            "from_to": "由从",
            "to": "为至成入级",  # …为/至/成, 列入/划入/纳入, 升级/降级 (升级中风险)
            "still": "仍均继依目维保",  # the first characters of its verbs
            "plain": "为",
            "kept": "变",  # 等级不变
            "into": "纳",
            "measure_zone": "".join(w[0] for w in designating_measures()),
            "items_after": "为至",
            "forward_zone": "下个",  # 以下, 下列; 划定6个
            "label": "::",
            "annotated": "((",
            "lift_measure": lifting,
            "lift_inside": lifting,
            "lift_zone": lifting,
            "zone_lifted": lifting,
            "lift": "".join(w[0] for w in lift_phrases()),
        }.items()
    }


def may_hold(name: str, chars: set[str]) -> bool:
    """Whether text made of ``chars`` may hold a match of the predicate pattern ``name``."""
    return not predicate_needs()[name].isdisjoint(chars)


def may_hold_in(name: str, text: str, s: int, e: int) -> bool:
    """:func:`may_hold` for ``text[s:e]``, found without making the set of its characters (a
    whole notice body is thousands of characters, the characters looked for a few)."""
    find = text.find
    for c in predicate_needs()[name]:  # a loop, not any() over a generator: called per pattern
        if find(c, s, e) >= 0:
            return True
    return False


# The predicate patterns that anchor a sentence's places (a zone label anchors them when there are two).
ANCHOR_PREDICATES = (
    "from_to", "to", "still", "kept", "plain", "into", "measure_zone", "lift_inside", "lift_measure", "lift", "lift_zone", "zone_lifted", "items_after", "forward_zone",
)


@lru_cache(maxsize=1)
def _zone_qualifier_rx() -> re.Pattern[str]:
    words = sorted(load_data("zones")["zone_qualifiers"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")(?=" + zone_alternation() + ")")


def zone_qualifier_spans(text: str) -> list[tuple[int, int]]:
    """Where the epidemic is named straight before a zone term (划定为新冠肺炎疫情中风险地区):
    the words say nothing of the zone (vocabulary: zones.json ``zone_qualifiers``)."""
    if "疫情" not in text and "新冠" not in text:
        return []
    return [m.span() for m in _zone_qualifier_rx().finditer(text)]

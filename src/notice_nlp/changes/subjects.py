"""The subject of a predicate: the places written before 调整为/划为/解除…, cut free of the verb
that brings them in, lead-in clauses (dates, sources, a legal basis, a report's lead formula),
an opening time, the reason after them, and a level, count, time or measure written after them."""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import find_effective
from ..grammar import JUNK_LEAD_RX, REPORT_LEAD_RX
from ..spans import split_top, strip_span
from ..vocab import FORWARD_WORDS, load_data

__all__ = ["subject_span", "reason_rx", "counted_groups"]

# Words before a subject's places: the verb bringing them in (将/对…), lead-in clauses (dates,
# sources, a legal basis), an opening time (自…起), and after them a level, a count or a time.
_SUBJECT_VERB_RX = re.compile(r"(?:决定将|决定对|将(?!军|乐县|台)|对(?!面|岸|门)|把|确定|经研究|新划定|新增划定)")  # 将军山社区, 将乐县, 某小学对面某店: names
_LEAD_IN_END_RX = re.compile(r"起$|日$|时$|[时点]许$|消息$|获悉$|研究$|要求$|规定$|(?:通告|公告|通知|通报)$|发布$|宣布$|^在[\u4e00-\u9fff]{2,8}(?:区|县|市|旗)$|^从[^,,]{1,16}看$")
_LEAD_IN_BASIS_RX = re.compile(r"根据|按照|经")
_OPENING_TIME_RX = re.compile(r"(?:自|从|于|定于|决定)?[^,,。;]{0,24}?(?:起|开始)(?=[\u4e00-\u9fff])")
_LEVEL_OR_COUNT_END_RX = re.compile(
    r"(?:的)?(?:风险等级|风险级别)$|等\s*[\d一二三四五六七八九十两]*\s*(?:个|处|地)?(?:区域|地区|小区|村居|村|社区|点位|场所|楼栋)?$"
)
_LEVEL_KEPT_END_RX = re.compile(r"(?:的)?(?:风险等级|风险级别|等级)(?:保持|维持)?不变[,,]?\s*$")
_TIME_OR_ADVERB_END_RX = re.compile(
    r"(?:已于|将于|定于|于|自|从|已|将)?\s*(?:\d{4}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[时点])?(?:起|开始)?$|(?:已|将|均|全部|统一|有序|正式|依序|逐步|分批|依法|予以)+$"
)
_CLAUSE_OPENER_RX = re.compile(r"(?:此前|此次|近日|日前|随后)?\s*随[着著]|此前|此次")
_SUBJECT_MEASURE_RX = re.compile(r"(?:实行|执行|实施|采取)[^,,。;;]{0,12}(?:管理|管控|措施|封控|封闭)[,,;;\s]*$")
# …符合解封条件,决定对以下区域解除封控: the places are named after the reason, as the object.
_OBJECT_AFTER_RX = re.compile(r"对|将|把|" + FORWARD_WORDS)
@lru_cache(maxsize=1)
def reason_rx() -> re.Pattern[str]:
    """The reason written after the places of a lifting or a downgrade (符合解封条件)."""
    words = load_data("references")["reasons"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


# (记者 王明) after a report's lead formula.
_BYLINE_BRACKET_RX = re.compile(r"\s*(?:[((][^()()]{1,30}[))])?\s*")


def subject_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The places of a predicate's subject in ``text[s:e]``: without the verb that brings them
    in (将/对), lead-in clauses, an opening time, a report's lead formula, the reason after them,
    and a level, count, time or measure written after them; None when nothing is left."""
    s, e = strip_span(text, s, e, " \t,,;;:、")
    if s >= e:
        return None
    reason = reason_rx().search(text, s, e)
    if reason is not None and reason.start() > s and not _OBJECT_AFTER_RX.search(text, reason.end(), e):
        e = reason.start()  # 甲小区符合解封条件,自…起解除封控: the places come before the reason
    lead = REPORT_LEAD_RX.match(text, s, e)
    if lead is not None:  # 本报讯 某小区划为高风险区: the report's lead formula is no place
        bracket = _BYLINE_BRACKET_RX.match(text, lead.end(), e)
        s = (bracket or lead).end()
    seg = text[s:e]
    verbs = list(_SUBJECT_VERB_RX.finditer(seg))
    m = verbs[-1] if verbs else None
    # 将新城区甲、乙等42个小区;回民区丙等33个小区;将玉泉区丁…调整为高风险区: clauses set apart by
    # semicolons, each opening again with 将, are one subject before the one predicate.
    k = len(verbs) - 1
    while k > 0 and re.search(r"[;;]\s*$", seg[: verbs[k].start()]):
        k -= 1
        m = verbs[k]
    if m is not None:
        s = s + m.end()
    # Drop lead-in clauses (dates, adverbs) before the places.
    parts = split_top(text, s, e, ",,")
    while len(parts) > 1:
        a, b = strip_span(text, *parts[0])
        chunk = text[a:b]
        if JUNK_LEAD_RX.match(chunk) or _LEAD_IN_END_RX.search(chunk) or _LEAD_IN_BASIS_RX.search(chunk[:2]):
            parts = parts[1:]
            s = parts[0][0]
        else:
            break
    lead = _OPENING_TIME_RX.match(text[s:e])
    if lead and find_effective(lead.group(0)):
        s += lead.end()
    # 此前随着林口县风险等级…, 此次舒兰市…: a report's clause opens before the places.
    opener = _CLAUSE_OPENER_RX.match(text, s, e)
    if opener is not None and opener.end() < e:
        s = opener.end()
    # 其他地区风险等级不变,仍为低风险地区: that the level stays is said again by the predicate.
    kept = _LEVEL_KEPT_END_RX.search(text, s, e)
    if kept is not None and kept.start() > s:
        e = kept.start()
    e2 = e
    m2 = _LEVEL_OR_COUNT_END_RX.search(text[s:e])
    if m2:
        e2 = s + m2.start()
    # 天庆嘉园自11月26日0时起 / 鸿运润园小区已于11月25日: the time is not part of the place.
    m3 = _TIME_OR_ADVERB_END_RX.search(text[s:e2])
    if m3 and m3.start() > 0:
        e2 = s + m3.start()
    if m3 and m2 is None and (m5 := _LEVEL_OR_COUNT_END_RX.search(text, s, e2)) is not None and m5.start() > s:
        e2 = m5.start()  # 林口县风险等级5月7日0时起: the level before the time
    # 对某小区实行封控管理,划为封控区: the measure is not part of the place.
    m4 = _SUBJECT_MEASURE_RX.search(text, s, e2)
    if m4 and m4.start() > s:
        e2 = m4.start()
    s, e2 = strip_span(text, s, e2, " \t,,;;:、")
    if s >= e2:
        return None
    return s, e2


_GROUP_JOIN_RX = re.compile(r"\s*(?:以及|和|及|与|[;;,,])\s*")
_ETC_END_RX = re.compile(r"\s*等\s*$")
_NOT_PLACES_END_RX = re.compile(r"(?:的|所辖|辖区|新增|划定|新划定|现有|共有|有)\s*$")


def counted_groups(text: str, s: int, e: int, counted: re.Pattern[str]) -> list[tuple[int, int, re.Match[str]]]:
    """``甲、乙3个高风险区和丙、丁2个中风险区``: a subject made of groups of places, each closed by
    its number and zone (``counted`` finds them), joined by 和/及 or a comma: each group's places
    and the number-and-zone match that closes it; [] unless the whole subject is such groups."""
    out: list[tuple[int, int, re.Match[str]]] = []
    pos = s
    for m in counted.finditer(text, s, e):
        places_end = pos + len(_ETC_END_RX.sub("", text[pos : m.start()]))
        if places_end <= pos or _NOT_PLACES_END_RX.search(text, pos, places_end):
            return []  # 甲区、乙区的5个高风险区 / 甲区新增5个高风险区: counties' totals, not their places
        out.append((pos, places_end, m))
        join = _GROUP_JOIN_RX.match(text, m.end(), e)
        pos = join.end() if join else m.end()
    return out if out and not text[pos:e].strip() else []


"""The place check: does a candidate area look like a place?

A notice's lists hold places; the sentences around them hold attributions (``记者介绍``),
decisions (``经综合评估``), legal bases (``根据《…》``), measures (``须查验核酸``), dates, counts
(``全国12地``) and headlines. A candidate that holds one of those is not an area. A place ends in
a place word (小区, 村, 号楼 …), is a building or house number, or is an administrative name;
words that some place names contain too (调整, 管理 …) rule a candidate out only when it does
not end like a place. The vocabulary is ``data/places.json``.

Dropped candidates are written to the trace while one is open (:func:`tracing`), so that
``notice-nlp parse --trace`` shows what was read and why it was not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from .grammar import CN_NUMERAL_RX, outside_brackets as _outside_brackets, zone_pattern
from .rxedges import first_chars, gate, last_chars, needed_chars
from .vocab import FORWARD_WORDS, load_data, zone_terms

__all__ = ["Dropped", "not_a_place", "looks_like_place", "is_place_item", "tracing", "note_dropped", "trim_candidate", "LEADING_VERB_RX"]

_NUM = r"[\d一二两三四五六七八九十百零〇]"
_DATE_RX = re.compile(
    r"^(?:上午|下午|中午|晚上|凌晨|当日|当天|今日|今天|昨日|昨天)$|"
    rf"\d{{1,2}}\s*月\s*\d{{1,2}}\s*[日号]|(?<!\d)(?:19|20)\d{{2}}[-/]\d{{1,2}}[-/]\d{{1,2}}(?![\d号栋幢室单])|\d{{1,2}}\s*[时点]\s*(?:\d|至|起|前|后|$)|截至|截止|即日起|今日起|今起$|近{_NUM}+\s*[日天]|[日时]起$|^(?:自|从)\S*起$"
)
# A count (5个街道, 全国12地, 其中17地在吉林省, 共6栋居民楼) — not one glued to the header before a
# list (汽开区(1个):…).
# 多地 / 两小区 / 八里庄北里两楼 / 新增多个高(、中风险区): how many places, not which.
_COUNT_RX = re.compile(
    rf"(?:{_NUM}+|多|数|几|若干)\s*个(?![^,,、;;]{{0,5}}[))]?\s*[::])|(?:{_NUM}+|多|数|几)\s*[处地]$"
    rf"|(?:{_NUM}+|多|数|几)\s*地(?:在|疫情|风险|从|被|已|均|今|将|自|于)|^共\s*{_NUM}+\s*(?:个|栋|幢|处|户|地)"
    r"|^\d+\s*\+\s*\d+$|(?:两|多|数|几|若干)(?:小区|楼|栋|幢|村|社区)$|^[\d一二两三四五六七八九十]+(?:区域|地区)$|(?:划定|新增|增加|调整为|降为|升为)[高中低]$"
)
_BUILDING_RX = re.compile(r"[\dA-Za-z一二三四五六七八九十甲乙丙丁]+(?:号楼|号院|号|栋|幢|单元|座|层|室|户|#|社)")  # 金鸡村1社: a village group
# A strong word followed by one of these is part of a name (统计局, 研究院, 发布中心).
_NAME_AFTER = "局所院中心站厅处楼馆"


@dataclass(frozen=True)
class Dropped:
    """A candidate area the place check left out (working-text span)."""

    text: str
    span: tuple[int, int]
    reason: str


_TRACE: ContextVar[list[Dropped] | None] = ContextVar("notice_nlp_place_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[Dropped]]:
    """Collect the candidates dropped while the block runs."""
    found: list[Dropped] = []
    token = _TRACE.set(found)
    try:
        yield found
    finally:
        _TRACE.reset(token)


def note_dropped(text: str, span: tuple[int, int], reason: str) -> None:
    """Record a dropped candidate in the open trace (nothing when none is open)."""
    found = _TRACE.get()
    if found is not None:
        found.append(Dropped(text, span, reason))


@lru_cache(maxsize=1)
def _vocab() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_data("places")
    suffixes = sorted(set(data["place_suffixes"]), key=len, reverse=True)
    suffix_rx = re.compile("(?:" + "|".join(map(re.escape, suffixes)) + r")$")
    strong = [
        (reason, re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + f")(?![{_NAME_AFTER}])"))
        for reason, words in data["rule_out"].items()
    ]
    weak_words = [w for words in data["weak_rule_out"].values() for w in words]
    weak_rx = re.compile("|".join(map(re.escape, sorted(weak_words, key=len, reverse=True))))
    filler = sorted({*zone_terms(), *data["zone_modifiers"]}, key=len, reverse=True)
    zone_only_rx = re.compile("(?:" + "|".join(map(re.escape, filler)) + ")+")
    generic = "|".join(map(re.escape, sorted(data["generic"], key=len, reverse=True)))
    generic_rx = re.compile(rf"(?:等|的|其|该)?(?:{generic})")
    return suffix_rx, strong, weak_rx, zone_only_rx, generic_rx


def _zone_statement_rx() -> re.Pattern[str]:
    """为 and a zone word inside a candidate (部分区域为高风险和中风险): a statement about places;
    a zone word and 所在 (高中风险区所在的区): places named only by the zones in them."""
    return zone_pattern("为(?:{z})|(?:{z})所在")


@lru_cache(maxsize=1)
def _any_strong_rx() -> re.Pattern[str]:
    """Any of the strong rule-out words (not followed by a name's ending, as in each of the
    strong patterns): a candidate it does not find needs no reason. One alternation of all the
    words, longest first, lets the engine skip ahead to where one of them starts."""
    words = [w for ws in load_data("places")["rule_out"].values() for w in ws]
    return re.compile("(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + f")(?![{_NAME_AFTER}])")


@lru_cache(maxsize=1)
def _leading() -> list[tuple[str, re.Pattern[str]]]:
    data = load_data("places")["leading_rule_out"]
    return [(reason, re.compile("|".join(map(re.escape, words)))) for reason, words in data.items()]




def looks_like_place(candidate: str) -> bool:
    """True when ``candidate`` ends like a place (a place word, a building or house number)."""
    core = _outside_brackets(candidate).strip(" \t,,;;:、。")
    suffix_rx = _vocab()[0]
    return bool(suffix_rx.search(core) or _BUILDING_RX.search(core))


def not_a_place(candidate: str) -> str | None:
    """Why ``candidate`` is not a place (a short reason), or None when it may be one."""
    seg = candidate.strip(" \t,,;;:、。")
    _, strong, weak_rx, zone_only_rx, generic_rx = _vocab()
    if "《" in seg or "》" in seg:
        return "title"
    core = _outside_brackets(seg).strip(" \t,,;;:、。")
    if len(core) < 2 and len(seg) > 4:
        core = seg[1:-1]  # a candidate written wholly in brackets or quotes
    if len(core) < 2 and not _BUILDING_RX.fullmatch(core):
        return "too short"
    date_gate, count_gate = _date_count_gates()
    if (date_gate is None or date_gate.search(core)) and _DATE_RX.search(core):
        return "date"
    if (count_gate is None or count_gate.search(seg)) and _COUNT_RX.search(seg):
        return "count"
    if _any_strong_rx().search(core):
        for reason, rx in strong:
            if rx.search(core):
                return reason
    leading, generic, zone_only, weak = _openers()
    c = core[0]  # two characters at least, or a building number
    if leading is None or c in leading or c > "\uffff":
        for reason, rx in _leading():
            if rx.match(core):
                return reason
    if generic_rx.fullmatch(seg) or generic_rx.fullmatch(core):
        return "generic"
    if (zone_only is None or c in zone_only or c > "\uffff") and zone_only_rx.fullmatch(core):
        return "zone word"
    if _zone_statement_rx().search(core):
        return "statement"
    if (weak is None or c in weak or c > "\uffff") and weak_rx.match(core) and not looks_like_place(core):
        return "action"
    return None


@lru_cache(maxsize=1)
def _date_count_gates() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One class each for the characters every date (月, 时, 起 …) and every count (个, 处 …)
    holds one of (:mod:`notice_nlp.rxedges`): a candidate without one is not searched for them."""
    return gate(_DATE_RX), gate(_COUNT_RX)


@lru_cache(maxsize=1)
def _openers() -> tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None, frozenset[str] | None]:
    """The characters the leading rule-out words, the generic words, the zone words and the
    weak rule-out words open with (:mod:`notice_nlp.rxedges`; None: any): a candidate opening
    with another character is not tried with that pattern."""
    _, _, weak_rx, zone_only_rx, generic_rx = _vocab()
    firsts = [first_chars(rx) for _, rx in _leading()]
    leading = None if None in firsts else frozenset().union(*firsts)
    return leading, first_chars(generic_rx), first_chars(zone_only_rx), first_chars(weak_rx)


_NUMERAL = r"[\d一二两三四五六七八九十]+"
# 甲小区等40个小区 / 和平新园共39个小区 / 北山村4个区域: the count is not part of the place.
_TRAILING_COUNT_RX = re.compile(
    rf"(?:\s*(?:等|共)\s*{_NUMERAL}\s*(?:个|处|地)[\u4e00-\u9fff]{{0,6}}"
    rf"|{_NUMERAL}\s*个(?:区域|地区|小区|村居|村|社区|点位|楼栋))$"
)
# 已划定某镇某小区 / 增加某街某店 / 所在某乡 / 为某街道某大厦: a verb left before the place.
LEADING_VERB_RX = re.compile(
    r"(?:(?:已|将|并|再|另)?(?:划定|增加|新增|确定|划为|纳入)|另有|还有|下调|上调|所在|所辖|为(?=[\u4e00-\u9fff]{1,10}?(?:街道|镇|乡|区|县)))(?=[\u4e00-\u9fff\d]{2})"
)


# 随着8月29日瑞丽市姐告国门社区 / 自8月15日起某小区: a time written before the place.
_LEADING_DATE_RX = re.compile(
    r"(?:随着|自|从|于|截至|截止)?\s*(?:\d{4}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号](?:\s*\d{1,2}\s*[时点])?(?:起|开始|以来|后)?[,,]?\s*"
)


# 调整后上饶市全域 / 目前某小区: a word of time before the place (after the change, now).
_LEADING_TIME_WORD_RX = re.compile(r"(?:调整后|此后|自此|至此|从此|同时|目前|现在|当前)\s*[,,]?\s*")
# 某镇和某小区疫情风险等级(由…调整为…): what is said of the places, after them.
_TRAILING_LEVEL_RX = re.compile(r"(?:的)?(?:疫情(?:防控)?(?:风险等级|风险级别)?|(?:疫情防控)?(?:风险等级|风险级别))(?:进行调整)?$")


# 某围合区解除封闭管理(,并调整为低风险区): the lifting written before the zone it ends in.
_TRAILING_LIFT_RX = re.compile(r"(?:解除|撤除)(?:封闭管理|封闭管控|封控管理|封控措施|管控措施|封控|管控|封闭)$|解封$")


# 某村富家屯划定为管控单元: the predicate left after the place.
_TRAILING_PREDICATE_RX = re.compile(r"(?:被|已|均|全部)?(?:划定|划分|划入|划|列入|列|确定|调整|升级|降级|升|降|设)(?:为|成|入)[\u4e00-\u9fff]{0,8}$")


# 某小区今日起 / 某小区于今日零时 / 某小区自即日起 / 某小区今天正式 (解除封控): when the change
# happens, said after the place.
_TRAILING_TIME_RX = re.compile(
    r"(?:于|自|从)?\s*(?:今日|今天|即日|当日|当天|明日|明天|(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"\s*(?:\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?|零时|零点|凌晨|上午|中午|下午|晚间|晚上)?\s*(?:起|开始)?\s*(?:正式|全面|已经|已|将|再次)?[“\"]?$"
)
# 某小区的封控措施 (自今日起解除): the measures of the place lifted, not a part of it.
_TRAILING_MEASURE_RX = re.compile(r"(?:的)?(?:封控|管控|封闭管控|封闭|防控)(?:措施|管理)$")


# 某小区(8月11日已发布) / 某小区(管控时间:10月24日) / 某屯(新): a remark after the place.
_TRAILING_DATED_NOTE_RX = re.compile(
    r"\s*[((](?:[^()()]{0,12}\d{1,2}\s*月\s*\d{1,2}\s*[日号][^()()]{0,8}|新|新增)[))]$"  # …(新): marked as newly listed
)


@lru_cache(maxsize=1)
def _trailing_reason_rx() -> re.Pattern[str]:
    """``某村近14天累计报告6例本土确诊病例`` / ``某村近14天无报告本土确诊病例``: the place's recent
    cases, written after it as the reason of its change. A rule for when areas come down has no
    place before its days (区域内连续7天无新增感染者…降为中风险区: 区域内 is none)."""
    words = "|".join(map(re.escape, sorted(load_data("places")["case_reasons"], key=len, reverse=True)))
    return re.compile(rf"(?<![内域])(?:近|连续|最近|过去)\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*(?:天|日)(?:内|以来)?[^,,。;;()()]{{0,30}}?(?:{words})$")


@lru_cache(maxsize=1)
def _leading_reference_rx() -> re.Pattern[str]:
    """``以下封控区管控区`` / ``下列区域:`` before a place: the words that announced the list."""
    nouns = sorted({*zone_terms(), "区域", "地区", "小区", "场所", "点位"}, key=len, reverse=True)
    return re.compile(r"(?:" + FORWARD_WORDS + r")(?:的)?(?:(?:" + "|".join(map(re.escape, nouns)) + r")[、和及与]?)*[::]?\s*")


# 对划定为封控区的某学校7号楼解除封控: what is left of the clause before the place, which ends in 的.
_LEADING_DE_RX = re.compile(r"的(?=[\u4e00-\u9fff\d])")
# 1. 某社区; 2。 某村 / (3)某小区 / ④某村: a list number written inside a paragraph.
_LEADING_NUMBER_RX = re.compile(r"\s*(?:\d{1,3}\s*[.。](?!\d)|[((]\d{1,3}[))]|[①-⑳])\s*(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def _trims() -> tuple[tuple[re.Pattern[str], bool, int, frozenset[str] | None, tuple[str, ...] | None], ...]:
    """What :func:`trim_candidate` cuts, in order: a pattern, whether it is cut from the front
    (else the back: those patterns end at the candidate's end), how many characters must be
    left of the candidate for the cut, the characters the cut words open (or close) with
    (:mod:`notice_nlp.rxedges`; None: any) and, when those are not known, the few characters
    one of which every cut holds (None: not known, or too many to look for one by one)."""
    trims = (
        (_LEADING_NUMBER_RX, True, 2),
        (_leading_reference_rx(), True, 0),
        (_TRAILING_DATED_NOTE_RX, False, 2),
        (_TRAILING_PREDICATE_RX, False, 2),
        (_LEADING_DATE_RX, True, 2),
        (_LEADING_TIME_WORD_RX, True, 2),
        (_TRAILING_LEVEL_RX, False, 2),
        (_TRAILING_LIFT_RX, False, 2),
        (_TRAILING_TIME_RX, False, 2),
        (_TRAILING_MEASURE_RX, False, 2),
        (_TRAILING_COUNT_RX, False, 2),
        (_trailing_reason_rx(), False, 2),
        (LEADING_VERB_RX, True, 0),
        (_LEADING_DE_RX, True, 2),
    )
    out = []
    for rx, leading, keep in trims:
        edge = first_chars(rx) if leading else last_chars(rx)
        needs = needed_chars(rx) if edge is None else None
        out.append((rx, leading, keep, edge, tuple(sorted(needs)) if needs is not None and len(needs) <= 4 else None))
    return tuple(out)


# The spans trimmed in the working text last read, and what they were trimmed to (an item's
# span is trimmed when the item is made and again when it is checked).
_TRIMMED: tuple[str | None, dict[tuple[int, int], tuple[int, int]]] = (None, {})


def trim_candidate(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without a list number, the words announcing a list, a time or a
    designating verb before the place, or a count, a predicate or a dated remark after it."""
    global _TRIMMED
    memo = _TRIMMED
    if memo[0] is not text:
        memo = _TRIMMED = (text, {})
    found = memo[1].get((s, e))
    if found is None:
        found = memo[1][(s, e)] = _trim(text, s, e)
    return found


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """:func:`trim_candidate`, each time. A pattern is tried only when the candidate's first
    (last) character may open (close) it."""
    for rx, leading, keep, edge, needs in _trims():
        if s >= e:
            c = ""
        elif leading:
            c = text[s]
        else:
            c = text[e - 1]
        if edge is not None and c not in edge and c <= "\uffff" and c != "\n":
            continue
        if needs is not None:
            for c in needs:
                if text.find(c, s, e) >= 0:
                    break
            else:
                continue  # none of the few characters every match holds
        if leading:
            m = rx.match(text, s, e)
            if m and e - m.end() >= keep:
                s = m.end()
        else:
            m = rx.search(text, s, e)
            if m and m.start() - s >= keep:
                e = m.start()
    return s, e


_ALNUM_RX = re.compile(r"[\dA-Za-z]")


def is_place_item(text: str, item) -> bool:
    """The place check on an item of :mod:`notice_nlp.items` (its parts joined); a whole unit or
    a catch-all always passes, a dropped item is traced."""
    if item.catch_all or item.whole:
        return True
    area = "".join(text[a:b] for a, b in item.parts)
    # The words written for the item itself, before any inherited parent: nothing but the
    # words that announced a list (以下小区) is no place.
    own = text[slice(*trim_candidate(text, *item.span))].strip(" \t,,;;:、。")
    # What the item writes itself must not be ruled out either (繁阳镇 over 后: no place).
    # (A house or building number may be short: 4号 under 某巷, 四 of 某小区三、四、六期 is a place.)
    # (When the item writes nothing but its area, the second check would repeat the first.)
    reason = not_a_place(area) or ((None if own == area or _ALNUM_RX.search(own) or CN_NUMERAL_RX.fullmatch(own) else not_a_place(own)) if own else "reference")
    if reason is None:
        return True
    note_dropped(area, item.span, reason)
    return False

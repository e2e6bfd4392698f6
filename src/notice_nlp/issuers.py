"""Issuing bodies named in a notice's running text, and the names themselves.

Who issued a notice is written in one of a few ways, in this order of precedence (the header
and signature, read in :mod:`notices`, come before all of them):

- a body that announces or decides: ``X发布通告``, ``X决定``, ``X3月27日调整…``, ``据X,…``,
  ``经X研究``;
- a body that approves what another issues: ``经X同意``, ``报请X批准``;
- a bare place that is the subject of the decision: ``满洲里市将…划定为``, a headline
  ``新疆乌鲁木齐调整部分区域风险等级``.

A body's name starts with a place name (``杭州市上城区新冠肺炎疫情防控指挥部``), or with a
short unit name ending in an admin suffix (``汽开区…领导小组``); several places joined by ``、``
may share one body (``兴庆区、金凤区、贺兰县…指挥部``). A name followed by a person's role
(``卫健委副主任``) is the person's affiliation, not an issuer; a name inside ``《…》`` belongs to
a cited document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import gazetteer
from .vocab import alternation, load_data

__all__ = ["Mention", "org_suffix", "org_span", "body_issuers", "place_issuer", "source_issuer", "place_subjects", "same_body", "place_run_end"]

_STOP = ",。;:!?\n\"“”《》()"


@dataclass(frozen=True)
class Mention:
    """A body named in running text: ``kind`` is ``announce`` or ``approve``."""

    start: int
    end: int
    kind: str


def _vocab() -> dict:
    return load_data("issuers")


def _alt(words) -> str:
    return f"(?:{alternation(words)})"


@lru_cache(maxsize=1)
def org_suffix() -> str:
    """Regex alternation of the words that end an issuing body's name."""
    return _alt(_vocab()["suffixes"])


@lru_cache(maxsize=1)
def _mention_rx() -> re.Pattern[str]:
    # 某市疫情防控工作领导小组(指挥部)办公室: a bracketed alias may stand inside the name.
    # One word, then more (not ``(?:…)+``): a pattern that opens with alternatives of plain words is
    # scanned for their first characters.
    return re.compile(rf"(?:{org_suffix()})(?:{org_suffix()})*(?:\([^()]{{1,8}}\)(?:{org_suffix()})*)?")


@lru_cache(maxsize=1)
def _alias_rx() -> re.Pattern[str]:
    return re.compile(rf"(?P<w>{org_suffix()})(?P<a>\([^()]{{1,8}}\))")


@lru_cache(maxsize=1)
def _after_rxs() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = _vocab()
    date = (
        r"(?:于)?\s*(?:今天|今日|昨天|昨日)?\s*(?:[((]?\s*(?:\d{1,2}\s*月)?\s*\d{1,2}\s*日\s*[))]?)?"
        r"\s*(?:凌晨|上午|中午|下午|晚间|晚上|晚)?\s*(?:\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)?\s*"
    )
    # A few words may come between the name and the verb (微博, 官方微信, 刚, 再次), no more.
    # 某指挥部19号公告: the notice's number may stand between the name and the genre word.
    number = r"(?:(?:\d{4}\s*年\s*)?第?\s*\d{1,4}\s*号)?"
    announce = re.compile(rf"\s*{date}{number}[^,。;:!?\d]{{0,4}}?{_alt(v['announce'])}")
    not_announce = re.compile(_alt(v["not_announce"]))
    role = re.compile(rf"\s*{_alt(v['person_roles'])}")
    approve = re.compile(rf"\s*{_alt(v['approve'])}")
    return announce, not_announce, role, approve


def place_run_end(text: str, i: int, limit: int) -> int | None:
    """End of a run of admin names starting at ``i`` (``宁夏银川市``, ``重庆大渡口``: after a
    province or city, a county's name may be written without its 区/县), or None."""
    g = gazetteer()
    if text[i : i + 2] not in g.name_heads((1, 2, 3)):
        return None  # no province, city or county name opens here, full or short

    def name_end(at: int, bound: int, levels: tuple[int, ...]) -> int | None:
        # The name at ``at`` read within ``bound``, on that stretch alone (not the text before it).
        found = g.name_end(text[at:bound], 0, levels, 2)
        return None if found is None else at + found

    j = i
    while j < limit:
        end = name_end(j, min(limit, j + 12), (1, 2, 3))
        if end is None and j > i:
            end = next((j + n for n in (4, 3, 2) if j + n <= limit and any(g.lookup(text[j : j + n] + c, (3,)) for c in "区县")), None)
        if end is None:
            # A short province or city name (重庆, 新疆) counts when a name follows it.
            short = next((j + n for n in (4, 3, 2) if j + n <= limit and any(d.level in (1, 2) for d in g.short.get(text[j : j + n], ()))), None)
            if short is not None:
                rest = place_run_end(text, short, limit) if short < limit else None
                nxt = name_end(short, limit, (2, 3)) if short < limit else None
                county = next((short + n for n in (4, 3, 2) if short + n <= limit and any(g.lookup(text[short : short + n] + c, (2, 3)) for c in "区县市")), None)
                end = nxt or county or (short if rest else None)
        if end is None:
            break
        j = end
    return j if j > i else None


def org_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The widest issuer name ending at ``e`` that starts with a place name (or a unit's own
    short name ending in an admin suffix, right after punctuation or a date)."""
    g = gazetteer()
    lo = max(s, e - 50)
    seg = text[lo:e]
    # A bracketed alias after a name's word (领导小组(指挥部)) is part of the name.
    masked = _alias_rx().sub(lambda m: m.group("w") + "〇" * len(m.group("a")), seg)
    first = max(masked.rfind(c) for c in _STOP) + 1
    # Places joined by 、 share the body; any other 、 ends the name.
    k = seg.rfind("、", first)
    while k >= first:
        chunk_start = max(seg.rfind("、", first, k) + 1, first)
        chunk = seg[chunk_start:k].strip()
        if not chunk or not re.search(r"[区县市旗州盟]$", chunk):
            first = k + 1
            break
        k = seg.rfind("、", first, chunk_start - 1) if chunk_start > first else -1
    for i in range(first, len(seg)):
        if seg[i] in _STOP or seg[i] in " \t、" or not seg[i:].strip():
            continue
        if g.name_end(seg[i : i + 12], 0, (1, 2, 3), 2) is not None:
            return (lo + i, e)
    # A county written without its 市/县 before the rest of a body's name (绥芬河疫情防控指挥部).
    opener = _opener_rx()
    for i in range(first, len(seg)):
        if seg[i] in _STOP or seg[i] in " \t、" or not seg[i:].strip():
            continue
        for n in (4, 3, 2):
            if opener.match(seg, i + n) and any(g.lookup(seg[i : i + n] + c, (3,)) for c in "市县"):
                return (lo + i, e)
        break
    # A unit written by its own short name (汽开区…): the name starts after a date or punctuation.
    m = re.compile(r"[\s\d年月日号时分晚早上下午凌晨]*(?=[\u4e00-\u9fff])").match(seg, first)
    i = m.end() if m else first
    if re.match(r"[\u4e00-\u9fff]{1,4}[区县市旗]", seg[i:]) and len(seg) - i >= 8 and not re.match(r"[将对在由把经据并报向与和及]", seg[i:]):
        return (lo + i, e)
    return None


@lru_cache(maxsize=1)
def _opener_rx() -> re.Pattern[str]:
    return re.compile(_alt(_vocab()["body_openers"]))


def _inside_citation(text: str, s: int, pos: int) -> bool:
    before = text[max(s, pos - 80) : pos]
    return before.rfind("《") > before.rfind("》")


def body_issuers(text: str, s: int, e: int) -> list[Mention]:
    """Bodies named in running text as announcing or approving, in order of writing."""
    announce, not_announce, role, approve = _after_rxs()
    v = _vocab()
    out: list[Mention] = []
    for m in _mention_rx().finditer(text, s, e):
        span = org_span(text, s, m.end())
        if span is None or _inside_citation(text, s, span[0]):
            continue
        if out and out[-1].end > span[0]:
            continue
        after = text[m.end() : min(e, m.end() + 30)]
        lead = text[max(s, span[0] - 3) : span[0]]
        if role.match(after):
            continue
        kind = None
        grounds = tuple(v["grounds"])
        cited = lead.endswith(grounds)
        clause_start = not lead.strip() or lead.rstrip()[-1] in _STOP
        if approve.match(after) and (lead.endswith(("经", "报请", "报经")) or clause_start):
            kind = "approve"
        elif lead.endswith("据") and not lead.endswith(("根据", "依据")) or lead.endswith("经") and re.match(rf"\s*{_alt(v['relay_after'])}", after):
            kind = "announce"
        elif not cited and re.match(rf"\s*{_alt(grounds)}", after):
            # X根据《…》规定,自…起…: the body that states the grounds of the decision takes it.
            kind = "announce"
        else:
            a = announce.match(after)
            if a and not not_announce.search(after[: a.end() + 3]):
                kind = "announce"
        if kind:
            out.append(Mention(span[0], span[1], kind))
    return out


def same_body(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two names of one body: the same name, or a short form of the other — its place is the
    end of the other's place (绥化安达市 / 安达市), its last word the same, its other words in
    the other's (哈尔滨市应对新冠肺炎疫情工作指挥部 / 哈尔滨市指挥部)."""
    x, y = text[a[0] : a[1]], text[b[0] : b[1]]
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    ps, pl = place_run_end(short, 0, len(short)), place_run_end(long_, 0, len(long_))
    if ps is None or pl is None or not long_[:pl].endswith(short[:ps]):
        return False
    tail, rest = short[ps:], long_[pl:]
    last = re.search(rf"(?:{org_suffix()})$", tail)
    if not tail or last is None or not rest.endswith(last.group(0)):
        return False
    it = iter(rest)
    return all(c in it for c in tail)  # the short form's words, in order, within the long one's


@lru_cache(maxsize=1)
def _place_verb_rx() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:(?:今天|今日|\d{{1,2}}日)\s*)?{_alt(_vocab()['place_verbs'])}")


# What a clause or headline opens after (a line break, a mark, a blank, a dateline's 日).
_CLAUSE_OPENER_RX = re.compile(r"[\n,。;:!?“”\s日]")
# What a sentence opens after.
_SENTENCE_OPENER_RX = re.compile(r"[\n。]")


def _starts_after(rx: re.Pattern[str], text: str, s: int, e: int) -> Iterator[int]:
    """``s`` and every position in ``(s, e]`` right after a character ``rx`` (one class) finds:
    the positions ``(?:^|(?<=[…]))`` finds in ``text[s:e]``, without trying it at every one."""
    yield s
    for m in rx.finditer(text, s, e):
        yield m.end()


def place_issuer(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A bare place that is the subject of the decision, at the start of a headline or of a
    clause (``2022年11月27日保定市竞秀区划定…``, ``,内蒙古自治区满洲里市将…``), in the first
    of ``spans`` that has one."""
    for s, e in spans:
        for i in _starts_after(_CLAUSE_OPENER_RX, text, s, e):
            if i >= e or text[i] in "\n":
                continue
            end = place_run_end(text, i, e)
            if end is None or end - i < 2:
                continue
            if _place_verb_rx().match(text, end, e) and text[i : end][-1:] not in "镇乡村街":
                return (i, end)
    return None


@lru_cache(maxsize=1)
def _source_rx() -> re.Pattern[str]:
    labels = _alt(_vocab()["source_labels"])
    return re.compile(rf"{labels}\s*[::]\s*(?P<org>[^,。;:\s|【】《》“”]{{2,50}}?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)(?=[\s|,。]|$)", re.M)


def source_issuer(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A body named on a page's credit line (来源:某区新冠肺炎疫情防控指挥部): the page carries
    that body's own notice. Only a name that starts with a place counts (not 来源:某某日报)."""
    for m in _source_rx().finditer(text, s, e):
        span = org_span(text, m.start("org"), m.end("org"))
        if span is not None and span[0] == m.start("org"):
            return span
    return None


_SUBJECT_VERB_RX = re.compile(r"(?:划定|调整|将)")


def place_subjects(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Counties each the subject of its own sentence's decision (``津南区划定…为封控区``), when
    at least two different ones are: the sentences relay one decision per county."""
    out: list[tuple[int, int]] = []
    for i in _starts_after(_SENTENCE_OPENER_RX, text, s, e):
        while i < e and text[i] in " \t\u3000":
            i += 1
        end = place_run_end(text, i, min(e, i + 16))
        if end is None or text[end - 1] not in "区县市旗" or not _SUBJECT_VERB_RX.match(text, end):
            continue
        out.append((i, end))
    names = {text[a:b] for a, b in out}
    return out if len(names) >= 2 else []

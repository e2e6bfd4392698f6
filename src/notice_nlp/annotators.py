"""Rule annotators over the working text, used by the spaCy components in :mod:`notice_nlp.nlp`
and, without a Doc, by the report reader (:mod:`notice_nlp.reports`).

Each returns character spans; none keeps state between calls.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .dates import around
from .gazetteer import gazetteer
from .grammar import REPORT_LEAD_RX
from .tokenizer import SPLIT_PLACE_WORDS, new_word_tag, place_word_patterns, tag_words

__all__ = [
    "admin_names",
    "named_places",
    "place_names",
    "clause_tokens",
    "org_names",
    "byline_names",
    "is_byline_line",
    "ROLE_RX",
    "PLACE_SUFFIXES",
    "PLACE_STOP_WORDS",
    "BYLINE_ROLES",
]

#: Words that end a named place (the ``notice_places`` default).
PLACE_SUFFIXES = ("社区", "村", "小区", "号院", "医院", "家园", "花园", "公寓", "大厦", "学校", "中学", "小学", "市场", "酒店", "宾馆")
#: Words that never belong to a named place (the ``notice_places`` default).
PLACE_STOP_WORDS = ("消息", "党员", "群众", "疫情", "居民", "网格员", "网格", "防控", "核酸", "工作", "志愿者", "本轮", "全镇", "全区", "辖区", "当地", "这家", "这里", "该", "所在")
#: Byline roles onto the fixed label set 记者/通讯员 (the ``notice_bylines`` default);
#: 实习生 and 摄影 credits are not bylines.
BYLINE_ROLES = {"总台记者": "记者", "特约记者": "记者", "见习记者": "记者", "实习记者": "记者", "本报记者": "记者", "记者": "记者", "通讯员": "通讯员"}

Tokens = Callable[[int, int], list[tuple[int, int, str, str | None]]]

_LEVEL_LABEL = {1: "PROVINCE", 2: "CITY", 3: "COUNTY", 4: "TOWN"}
ROLE_RX = r"(?:总台记者|特约记者|见习记者|实习记者|本报记者|记者|通讯员|实习生|摄影)"
_ROLE_WORDS = ("记者", "通讯员", "实习生", "摄影")
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_PERSON = rf"(?!{ROLE_RX}){_NAME}"
_BYLINE_LINE_RX = re.compile(rf"^\s*[((]?\s*(?:{ROLE_RX}\s*[::]?\s*{_NAME}(?:\s*[、 ]\s*{_NAME})*\s*)+[))]?\s*$")
_NAME_POS = {"ns", "nz", "nr", "nrfg", "n", "b", "f", "t", "m", "j", "nt", "nrt", "ng", "an", "s", "q"}
_NOT_BEFORE_NAME = set("的在了和与及、,。;:!?“”\"'()()《》 \t各该本全此到去赴回进出入个名位家")
_PROPER_POS = ("ns", "nz", "nr", "nrfg", "nt", "nrt", "j", "b")
_CLAUSE_END_RX = re.compile(r"[,。;!?]")
_ALNUM_WORD_RX = re.compile(r"[\dA-Za-z]+")
_STARTS_LIKE_NAME_RX = re.compile(r"[\u4e00-\u9fff\dA-Za-z]")
_TOWN_WORD_RX = re.compile(r"(?:街道|镇|乡)$")
_HAN_WORD_RX = re.compile(r"[\u4e00-\u9fff]+")
_STREET_WORD_RX = re.compile(r"[路街巷道]$")


def is_byline_line(line: str) -> bool:
    """A line holding bylines only (``(记者 侯慧琴 通讯员 王浩青)``, ``本报记者 陈晨``)."""
    # Every role holds one of these words: a line without one is ruled out before the regex.
    return _has_role_word(line) and bool(_BYLINE_LINE_RX.match(line))


def _has_role_word(line: str) -> bool:
    """Whether ``line`` holds one of :data:`_ROLE_WORDS` (written out: called on every line)."""
    return "记者" in line or "通讯员" in line or "实习生" in line or "摄影" in line


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for ln in text.split("\n"):
        yield pos, pos + len(ln)
        pos += len(ln) + 1


class _Tagged:
    """A clause's tokens ``(start, end, word, tag)``; the tag of a word outside the
    dictionary (``None``) is computed when first read."""

    def __init__(self, tokens: list[tuple[int, int, str, str | None]]) -> None:
        self._toks = tokens

    def __getitem__(self, k: int) -> tuple[int, int, str, str]:
        tok = self._toks[k]
        if tok[3] is None:
            tok = self._toks[k] = (*tok[:3], new_word_tag(tok[2]))
        return tok

    def end_at(self, end: int) -> int | None:
        """Index of the token ending at ``end``."""
        return next((k for k, t in enumerate(self._toks) if t[1] == end), None)


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    """Clauses of body lines (split at ,。;!?); headings, page labels and bylines skipped."""
    for s, e in _lines(text):
        line = text[s:e]
        if not line.strip() or line.lstrip().startswith("#") or is_byline_line(line) or len(line.strip()) <= 10:
            continue
        last = s
        for m in _CLAUSE_END_RX.finditer(line):
            yield last, s + m.end()
            last = s + m.end()
        if last < e:
            yield last, e


_TOWN_NAME_RX = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:街道|镇|乡)")
_TOWN_WORD_ANY_RX = re.compile(r"街道|镇|乡")


def admin_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Province, city, county and township names (gazetteer), labelled by level."""
    g = gazetteer()
    for s, e, name in g.scan(text, levels=(1, 2, 3), min_len=3):
        levels = {d.level for d in g.lookup(name, (1, 2, 3))}
        yield s, e, _LEVEL_LABEL[min(levels)] if levels else "COUNTY"
    last = 0
    # A township's name ends in its word and starts at most 8 characters before it: the text is
    # searched only around those words.
    for m in around(_TOWN_NAME_RX, _TOWN_WORD_ANY_RX, 8, 0, text):
        for k in range(max(m.start(), last), m.end() - 1):
            end = g.town_end(text, k)  # the known name may run past the match (西乡|街道)
            if end is not None and end >= m.end() and end - k >= 3:
                yield k, end, "TOWN"
                last = end
                break


def clause_tokens(text: str) -> Tokens:
    """``tokens(start, end)`` for :func:`named_places` that segments a clause of ``text`` when
    asked, with :func:`notice_nlp.tokenizer.tag_words`. jieba splits its input at punctuation and
    line breaks before segmenting, so a clause segmented alone gives the words that segmenting
    the whole text gives there; only the clauses that hold a place word are segmented."""

    def tokens(start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        out = []
        for word, tag in tag_words(text[start:end], SPLIT_PLACE_WORDS):
            out.append((start, start + len(word), word, tag))
            start += len(word)
        return out

    return tokens


def place_names(
    text: str, tokens: Tokens | None = None, suffixes: Iterable[str] = PLACE_SUFFIXES, stop_words: Iterable[str] = PLACE_STOP_WORDS
) -> list[tuple[int, int, str]]:
    """Administrative names labelled by level (:func:`admin_names`) and named places labelled
    ``PLACE`` (:func:`named_places`); ``tokens`` defaults to :func:`clause_tokens`."""
    found = list(admin_names(text))
    found += [(s, e, "PLACE") for s, e in named_places(text, tokens or clause_tokens(text), suffixes, frozenset(stop_words))]
    return found


def named_places(text: str, tokens: Tokens, suffixes: Iterable[str], stop_words: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Named places below township level: a run of name-like jieba tokens ending in a place
    word (后所营社区, 山水文苑小区, 山西尔湾妇产医院). Headings, page labels and bylines are skipped.

    ``tokens(start, end)`` gives the tokens ``(start, end, word, tag)`` inside a span of
    ``text``, as :func:`notice_nlp.tokenizer.tag_words` tags them."""
    g = gazetteer()
    suffix_any, suffix_rx = place_word_patterns(tuple(suffixes))
    out: list[tuple[int, int]] = []
    seen_ends: set = set()
    for cs, ce in _clauses(text):
        toks: _Tagged | None = None  # the clause tagged once, when needed
        for hit in suffix_any.finditer(text, cs, ce):
            if hit.end() in seen_ends or hit.start() == cs or text[hit.start() - 1] in _NOT_BEFORE_NAME:
                continue  # 的社区, 在小区: a bare place word, nothing to tag
            if toks is None:
                toks = _Tagged(tokens(cs, ce))
            i = toks.end_at(hit.end())
            if i is None or not suffix_rx.search(toks[i][2]):
                continue  # the place word is inside a longer word (社区域)
            j = i
            while j > 0 and i - j < 6:
                pw, pf = toks[j - 1][2], toks[j - 1][3]
                if (pf not in _NAME_POS and not _ALNUM_WORD_RX.fullmatch(pw)) or pw in stop_words or not _STARTS_LIKE_NAME_RX.match(pw):
                    break
                j -= 1
            ts, te, word, flag = toks[i]
            seen_ends.add(te)
            # A township written a few tokens further left anchors the name (建北街道谈固东街社区).
            for k in range(j - 1, max(-1, j - 5), -1):
                kw, kf = toks[k][2], toks[k][3]
                if _TOWN_WORD_RX.search(kw) and g.lookup(kw, (4,)):
                    j = k
                    break
                if not _HAN_WORD_RX.fullmatch(kw) or kw in stop_words or kf in ("p", "uj", "c", "d", "r"):
                    break
            start = toks[j][0]
            # A name that starts inside one found before it takes that one whole (社区 + 58号院).
            start = next((ps for ps, pe in reversed(out) if ps < start < pe <= ts), start)
            if te - start <= len(word) and suffix_rx.fullmatch(word):
                continue  # a bare generic word (社区的网格员)
            run = [toks[k] for k in range(j, i)]
            named = (
                # one word holding its place word is a name only when tagged as one (农贸市场 is not)
                len(word) > 3 and not suffix_rx.fullmatch(word) and (bool(run) or flag in _PROPER_POS)
                or any(t[3] in _PROPER_POS for t in run)
                or any(t[3] == "m" for t in run) and any(t[3] == "n" for t in run[:1])
                or any(_STREET_WORD_RX.search(t[2]) for t in run)
            )
            if named:
                out.append((start, te))
    return out


def org_names(text: str, suffixes: Iterable[str]) -> list[tuple[int, int]]:
    """Issuing bodies: the widest name ending in an organisation word that starts with a place."""
    g = gazetteer()
    rx = re.compile("(?:" + "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True))) + r")+(?:\([^()]{1,8}\))?")
    out = []
    for m in rx.finditer(text):
        lo = max(0, m.start() - 40)
        seg = text[lo : m.end()]
        for i in range(len(seg)):
            if any(c in ",。;:、!?\n“”《》()" for c in seg[i : m.start() - lo]):
                continue
            if g.name_end(seg[i : i + 12], 0, (1, 2, 3), 2) is not None:  # a place name starts here
                out.append((lo + i, m.end()))
                break
    return out


def byline_names(text: str, roles: dict[str, str] = BYLINE_ROLES) -> list[tuple[int, int, str]]:
    """Names in bylines, labelled with their role (见习记者 → 记者). A byline is a bracketed
    credit (``(记者 王五、赵六)``), a line of credits (``新京报记者 张三 李四  编辑 王五``,
    ``来源:某报 记者:张三``) or the opening of a lead (``某报讯 记者张三、通讯员李四报道:``);
    names follow their role, separated by spaces or 、, up to the next credit."""
    out: list[tuple[int, int, str]] = []
    for zs, ze, spaced in _byline_zones(text):
        for m in _byline_rx(spaced).finditer(text, zs, ze):
            role = roles.get(m["role"])
            if role is None:
                continue  # a credit outside the byline roles (实习生, 摄影)
            for nm in _person_rx().finditer(text, m.start("names"), m.end("names")):
                if (nm.start(), nm.end(), role) not in out:  # a bracket on a byline line is read once
                    out.append((nm.start(), nm.end(), role))
        for m in _run_on_rx().finditer(text, zs, ze):
            # 总台记者许波牛巧刚付博文: names written without separators, told apart by surnames.
            role = roles.get(m["role"])
            if role is None or any(m.start("run") <= a < m.end("run") for a, _, _ in out):
                continue
            for a, b in split_run_on_names(m["run"]):
                out.append((m.start("run") + a, m.start("run") + b, role))
    return out


@lru_cache(maxsize=1)
def _run_on_rx() -> re.Pattern[str]:
    return re.compile(rf"(?P<role>{ROLE_RX})\s*[::]?\s*(?P<run>[\u4e00-\u9fff]{{5,12}})(?=[\s)),,。、]|$)")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from .vocab import load_data

    return frozenset(load_data("reports")["surnames"])


def split_run_on_names(run: str) -> list[tuple[int, int]]:
    """``许波牛巧刚付博文`` → 许波, 牛巧刚, 付博文: the one way to read the run as names of two or
    three characters, each opening with a common family name; [] when there is none or several."""
    surnames = _surnames()
    ways: list[list[tuple[int, int]]] = []

    def walk(i: int, acc: list[tuple[int, int]]) -> None:
        if len(ways) > 1:
            return
        if i == len(run):
            ways.append(list(acc))
            return
        if run[i] not in surnames:
            return
        for n in (2, 3):
            if i + n <= len(run):
                walk(i + n, [*acc, (i, i + n)])

    walk(0, [])
    return ways[0] if len(ways) == 1 else []


def _byline_zones(text: str) -> Iterator[tuple[int, int, bool]]:
    """Spans that hold bylines; ``spaced``: a name must be set off from its role (a credit line)."""
    for s, e in _lines(text):
        line = text[s:e]
        if not _has_role_word(line):
            continue
        for m in re.finditer(r"[((]([^()()]{2,80})[))]", line):
            if re.search(ROLE_RX, m.group(1)):
                yield s + m.start(1), s + m.end(1), False
        lead = REPORT_LEAD_RX.match(line)
        if is_byline_line(line):
            yield s, e, False
        elif lead and re.match(rf"\s*{ROLE_RX}", line[lead.end() :]):
            yield s + lead.end(), s + (re.search(r"[,。:;]|$", line[lead.end() :]).start() + lead.end()), False
        elif len(line.strip()) <= 80 and not re.search(r"[,。;!?]", line):
            yield s, e, True  # a line of page credits




@lru_cache(maxsize=1)
def _credit_words() -> str:
    from .vocab import load_data

    data = load_data("reports")
    return "|".join(sorted(data["credits"] + data["not_names"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _person_rx() -> re.Pattern[str]:
    """One name: two to four characters, neither a role nor another credit, ending where a
    separator, a bracket, 报道, a digit or the next role follows."""
    return re.compile(rf"(?!{ROLE_RX}|{_credit_words()})[\u4e00-\u9fff·]{{2,4}}?(?=[\s、,,))::;;。\d/|】”]|报道|摄|{ROLE_RX}|$)")


@lru_cache(maxsize=2)
def _byline_rx(spaced: bool) -> re.Pattern[str]:
    person = _person_rx().pattern
    gap = r"(?:\s*[::/|]\s*|\s+)" if spaced else r"\s*[::/|]?\s*"
    return re.compile(rf"(?P<role>{ROLE_RX}){gap}(?P<names>{person}(?:(?:\s*[、,,]\s*|\s+){person})*)")

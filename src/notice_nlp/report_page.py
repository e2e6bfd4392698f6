"""A page that is one news report with no lead formula (no ``本报讯``, no ``…电``): the
headline over the page's masthead line, the story from its first paragraph to the end.

A page reads as a report when it speaks about a decision as news does: a reporter or a
correspondent, a relayed headline (``原标题``), an editor's ``小编``, reported speech
(``发布通知称``), a news client as its source. An official notice page has none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import find_dates
from .rxedges import gate
from .vocab import load_data

__all__ = ["PageArticle", "page_article", "is_furniture", "is_masthead", "is_summary", "is_section_label", "is_headline", "is_original_title", "headline_span"]


@dataclass(frozen=True)
class PageArticle:
    """Spans in the working text: the headline (or ``None``), the story's first paragraph, and
    the masthead line that dates the page (or ``None``)."""

    title: tuple[int, int] | None
    lead: tuple[int, int]
    masthead: tuple[int, int] | None


@lru_cache(maxsize=1)
def _signals_rx() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(load_data("reports")["signals"], key=len, reverse=True))))


@lru_cache(maxsize=1)
def _masthead_rx() -> re.Pattern[str]:
    labels = "|".join(map(re.escape, sorted(load_data("reports")["furniture"], key=len, reverse=True)))
    return re.compile(rf"(?:{labels})\s*[::]|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*\d{{1,2}}:\d{{2}}")


# A page's furniture on a line: a date, a source, editor or author label, an edition, a weekday.
_PAGE_FURNITURE_RX = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|来源\s*[::]|编辑\s*[::]|作者\s*[::]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*版|[A-Z]\d+版|星期[一二三四五六日天]")


def is_furniture(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` holds a page's furniture; searched only when it holds one of the
    characters every match holds (a date's dash or 年, 来, 编, 作, 版, 第, 星)."""
    needs = _furniture_gate()
    if needs is not None and not needs.search(text, s, e):
        return False
    return _PAGE_FURNITURE_RX.search(text, s, e) is not None


@lru_cache(maxsize=1)
def _furniture_gate() -> re.Pattern[str] | None:
    return gate(_PAGE_FURNITURE_RX)


@lru_cache(maxsize=1)
def _masthead_gate() -> re.Pattern[str] | None:
    """One class for the characters every masthead match holds one of (its colon, a date's
    dash or 年): searched before the pattern, whose labels are tried at every character."""
    return gate(_masthead_rx())


_ORIGINAL_TITLE_RX = re.compile(r"^\s*#*\s*原标题\s*[::]\s*")
_SENTENCE_RX = re.compile(r"[,。;]")


def is_original_title(line: str) -> bool:
    """A relayed headline line (原标题:X)."""
    return bool(_ORIGINAL_TITLE_RX.match(line))


def is_masthead(line: str) -> bool:
    """A page's masthead line: source, time, author labels, or a time stamp, with no sentence."""
    if _ORIGINAL_TITLE_RX.match(line):
        return True
    needs = _masthead_gate()
    if needs is not None and not needs.search(line):
        return False  # none of the characters every label, date or time stamp holds
    return bool(_masthead_rx().search(line)) and not re.search(r"[,。]", line)


def _is_body(line: str) -> bool:
    """A paragraph of the story: a sentence, or a long run of words (a navigation bar's items are
    set apart by gaps)."""
    core = line.strip()
    if len(core) < 12 or is_masthead(line) or is_summary(line):
        return False
    return bool(_SENTENCE_RX.search(core)) or core.endswith(":") or (len(core) > 40 and not re.search(r"\s{2,}|[>|]", core))


def is_section_label(line: str) -> bool:
    """A label of the page's other sections (相关新闻, 延伸阅读), which heads no article."""
    return line.strip().strip("#【】[] :").strip() in _sections()


@lru_cache(maxsize=1)
def _sections() -> frozenset[str]:
    return frozenset(load_data("reports")["sections"])


def is_summary(line: str) -> bool:
    """A summary set between headline and story (【摘要】…, 导读:…)."""
    return bool(_SUMMARY_RX.match(line))


_SUMMARY_RX = re.compile(r"\s*(?:【\s*(?:摘要|导读|导语|核心提示)\s*】|(?:摘要|导读|导语|核心提示)\s*[::])")
# A column tag before a headline (【抗击新冠肺炎】, (受权发布)) is no part of it.
_COLUMN_TAG_RX = re.compile(r"\s*#*\s*[((【\[][^()()【】\[\]]{2,10}[))】\]]\s*(?=\S)")


def headline_span(text: str, s: int, e: int) -> tuple[int, int]:
    """The headline of a heading line: without 原标题: and without a column tag before it."""
    m = _ORIGINAL_TITLE_RX.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    m = _COLUMN_TAG_RX.match(text, s, e)
    if m and m.end() < e - 4:
        s = m.end()
    return s, e


def is_headline(line: str, over_masthead: bool = False) -> bool:
    """A headline: a short line that is no sentence; over a masthead line (its source and time)
    it may hold commas (郑州:5日又增10个中风险地区,增至21个)."""
    core = line.strip().lstrip("#").strip()
    if not 6 <= len(core) <= 40 or re.search(r"[>|/]|[::,,]$|[。;]", core):
        return False
    return over_masthead or not re.search(r"[,,]", core)


def page_article(text: str, lines: list[tuple[int, int]], notices: list[tuple[int, int]] = ()) -> PageArticle | None:
    """The page (its ``lines``) as one report, or ``None`` when it does not read as a report. An official
    notice on the page (``notices``) is what the report relays: it is part of the story, but
    its own words (a reporter quoted in it) do not make the page a report."""
    if not lines:
        return None
    end = lines[-1][1]
    if not any(not any(s <= m.start() < e for s, e in notices) for m in _signals_rx().finditer(text, 0, end)):
        return None
    first = next((k for k, (s, e) in enumerate(lines) if _is_body(text[s:e])), None)
    if first is None:
        return None
    above = [(s, e) for s, e in lines[:first] if text[s:e].strip()]
    title = masthead = None
    for k, (s, e) in enumerate(above):
        line = text[s:e]
        if is_masthead(line):
            if masthead is None and find_dates(line):
                masthead = (s, e)
            if title is None and is_original_title(line):
                title = headline_span(text, s, e)  # 原标题:X, unless a headline follows
            continue
        following = above[k + 1] if k + 1 < len(above) else None
        over_masthead = following is not None and is_masthead(text[following[0] : following[1]])
        if (following is None or over_masthead) and is_headline(line, over_masthead):
            title = (s, e)  # the headline sits over the masthead line, or right above the story
    return PageArticle(title, lines[first], masthead)

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

from .vocab import load_data

__all__ = ["PageArticle", "page_article", "is_masthead", "strip_original_title"]


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


_ORIGINAL_TITLE_RX = re.compile(r"^\s*#*\s*原标题\s*[::]\s*")
_SENTENCE_RX = re.compile(r"[,。;!?]")


def is_masthead(line: str) -> bool:
    """A page's masthead line: source, time, author labels, or a time stamp, with no sentence."""
    if _ORIGINAL_TITLE_RX.match(line):
        return True
    return bool(_masthead_rx().search(line)) and not re.search(r"[,。]", line)


def strip_original_title(text: str, s: int, e: int) -> tuple[int, int]:
    """A headline given as ``原标题:X`` is X."""
    m = _ORIGINAL_TITLE_RX.match(text, s, e)
    return (m.end(), e) if m and m.end() < e else (s, e)


def _is_body(line: str) -> bool:
    core = line.strip()
    return bool(core) and not is_masthead(line) and (len(core) > 40 or bool(_SENTENCE_RX.search(core)) or core.endswith(":"))


def _is_headline(line: str) -> bool:
    core = line.strip().lstrip("#").strip()
    return 6 <= len(core) <= 40 and not _SENTENCE_RX.search(core) and not re.search(r"[>|/]|[::]$", core)


def page_article(text: str, lines: list[tuple[int, int]], notices: list[tuple[int, int]] = ()) -> PageArticle | None:
    """The page as one report, or ``None`` when it does not read as a report. An official
    notice on the page (``notices``) is what the report relays: it is part of the story, but
    its own words (a reporter quoted in it) do not make the page a report."""
    if not any(not any(s <= m.start() < e for s, e in notices) for m in _signals_rx().finditer(text)):
        return None
    first = next((k for k, (s, e) in enumerate(lines) if _is_body(text[s:e])), None)
    if first is None:
        return None
    above = [(s, e) for s, e in lines[:first] if text[s:e].strip()]
    title = masthead = None
    for k, (s, e) in enumerate(above):
        line = text[s:e]
        if is_masthead(line):
            masthead = masthead or (s, e)
            continue
        if not _is_headline(line):
            continue
        following = above[k + 1] if k + 1 < len(above) else None
        if following is None or is_masthead(text[following[0] : following[1]]):
            title = (s, e)  # the headline sits over the masthead line, or right above the story
    return PageArticle(title, lines[first], masthead)

"""The date a notice was issued when neither its signature nor its own sentences give it.

A page carries its own date as a caption line under the headline (``西安发布 2021-12-27 20:59``,
``时间:2022年10月07日 17:08``, a line that is only a date). A report relays the notice the day it
is published, so that date stands for the issue date when the text gives no other. Failing that,
a text that says only ``今天``/``今日`` is dated by the page's publication date (``published``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .dates import DateMention, find_dates
from .spans import line_spans
from .vocab import load_data

__all__ = ["page_date"]

_TIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_DATE = r"(?:20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|20\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"


@lru_cache(maxsize=1)
def _caption_line_rx() -> re.Pattern[str]:
    words = "|".join(sorted(load_data("issuers")["page_captions"], key=len, reverse=True))
    # [source or label] date [time] [source …]: a short line whose date is near its start.
    return re.compile(rf"^\s*(?:[^\s,。;:]{{0,12}}\s*)?(?:(?:{words})\s*[::]?\s*)?(?P<d>{_DATE}){_TIME}(?:\s|\||$)")


def _caption(line: str, ls: int) -> DateMention | None:
    if len(line.strip()) > 60:
        return None
    m = _caption_line_rx().match(line)
    if m:
        d = find_dates(m.group("d"))
        if d and d[0].year:
            x = d[0]
            return DateMention(ls + m.start("d"), ls + m.end("d"), x.year, x.month, x.day)
    return None


@lru_cache(maxsize=4)
def _first_caption(text: str) -> tuple[int, int, DateMention] | None:
    """``(start, end, date)`` of the first whole line of ``text`` that is a caption line."""
    for ls, le in line_spans(text):
        found = _caption(text[ls:le], ls)
        if found is not None:
            return ls, le, found
    return None


def page_date(text: str, region, doc_year: int | None, reference: date | None) -> DateMention | None:
    """The page's own date (a caption line before the notice's body ends), else the reference
    date when the text dates its news only as 今天/今日 and gives no date of its own."""
    limit = min(len(text), max(region.body_start, region.start) + 200)
    # The lines before the limit are read once per text, not once per region: the first caption
    # line of the text, when it ends within the limit; else the line the limit cuts, as cut.
    first = _first_caption(text)
    if first is not None and first[1] <= limit:
        return first[2]
    ls = text.rfind("\n", 0, limit) + 1
    found = _caption(text[ls:limit], ls)
    if found is not None:
        return found
    if reference is not None and re.search(r"今天|今日", text[region.start : region.end]):
        if not any(d.month for d in find_dates(text[region.start : region.end])):
            return DateMention(region.start, region.start, reference.year, reference.month, reference.day)
    return None

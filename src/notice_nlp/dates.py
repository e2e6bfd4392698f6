"""Dates and times in notices: absolute, partial (no year), relative (即日起, 今天) and open-ended (…起).

The normaliser never reads house numbers (``20号``, ``3号楼``) or phrases such as ``第一时间`` as
dates: a day needs ``日`` after a month, or an ISO form; a time needs a date before it.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from .frozen import fast_init

__all__ = ["DateMention", "around", "find_dates", "find_effective", "iso", "infer_year", "resolve_near"]

_CN_DIGITS = "〇零一二三四五六七八九十"
_NUM = rf"(?:\d{{1,4}}|[{_CN_DIGITS}两]{{1,4}})"

_DATE_RX = re.compile(
    rf"(?=[\d〇零一二三四五六七八九十两])"  # a lookahead on the first character speeds up the scan
    rf"(?:(?P<year>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*[日号](?!楼|院|栋|幢|单元|门)"
    rf"(?:\s*(?:(?P<ampm>凌晨|上午|中午|下午|晚上|晚|早上|早)\s*)?"
    rf"(?:(?P<zero>零时|零点)|(?P<hour>{_NUM})\s*[时点](?:\s*(?P<minute>{_NUM})\s*分|(?P<half>半))?"
    rf"|(?P<hh>\d{{1,2}}):(?P<mm>\d{{2}})))?"
)
_ISO_HINT_RX = re.compile(r"[-/.](?<=\d[-/.])\d")  # \d[-/.]\d, opening with the mark the engine scans for
# A clock time may follow the day with its space lost (2022-08-1016:46:53).
_ISO_RX = re.compile(
    r"(?<!\d)(?P<year>20\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:\s*(?P<hh>\d{2}):(?P<mm>\d{2})|\s+(?P<h1>\d):(?P<m1>\d{2}))?(?!\d)"
)
# Year written alone before a date that lost its digits ("年11月2日") is handled by year=None.
_DAY_ONLY_RX = re.compile(r"(?<![\d月年号第])(?P<day>\d{1,2})日(?![前后内以])")


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    if s.isdigit():
        return int(s)
    if all(c in "〇零一二三四五六七八九" for c in s) and len(s) == 4:
        return int("".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in s))
    import cn2an  # lazy

    try:
        return int(cn2an.cn2an(s.replace("两", "二"), "smart"))
    except Exception:
        return None


@fast_init
@dataclass(frozen=True)
class DateMention:
    """A date found in text; ``year`` may be ``None`` (to be inferred); ``relative`` for 即日/今天."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    hour: int | None = None
    minute: int | None = None
    relative: str | None = None

    def resolve(self, year: int | None) -> "DateMention":
        return DateMention(self.start, self.end, self.year or year, self.month, self.day, self.hour, self.minute, self.relative)


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None or d is None or not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    try:
        _dt.date(y or 2000, m, d)
    except ValueError:
        return False
    return y is None or 1990 <= y <= 2100


def around(pattern: re.Pattern[str], keyword: re.Pattern[str], before: int, after: int, text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match holds ``keyword`` and reaches at
    most ``before`` characters before it and ``after`` after it: run only over those stretches."""
    if len(text) <= before + after:
        # A short text is one window.
        if keyword.search(text):
            yield from pattern.finditer(text)
        return
    windows: list[list[int]] = []
    for k in keyword.finditer(text):
        lo, hi = max(0, k.start() - before), min(len(text), k.end() + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)


_MONTH_RX = re.compile("月")


_DATE_FIRST = frozenset("0123456789〇零一二三四五六七八九十两")  # a date opens with a digit (also any other decimal digit)
_BEFORE_MONTH = frozenset("〇零一二三四五六七八九十两年")  # with digits and blanks, what a date holds before its 月


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """``around(_DATE_RX, _MONTH_RX, 40, 60, text)``: a date starts at most 40 characters before
    its 月 and ends within 60 after it (longer blank runs inside a date are not looked through).
    Within those windows a date is tried only where one can start: everything between its start
    and its 月 is a digit, a numeral, 年 or a blank, so only the run of those before each 月 is
    tried, with ``match`` at each position in turn and the window's end as ``endpos``, which gives
    the matches ``finditer`` gives over the window."""
    n = len(text)
    if n <= 100:
        windows = [(0, n)] if "月" in text else []
    else:
        windows = []
        q = text.find("月")
        while q >= 0:
            lo, hi = max(0, q - 40), min(n, q + 61)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
            q = text.find("月", q + 1)
    match, first, before = _DATE_RX.match, _DATE_FIRST, _BEFORE_MONTH
    for lo, hi in windows:
        done = lo  # no match starts before this
        q = text.find("月", lo, hi)
        while q >= 0:
            p = q
            while p > done and ((c := text[p - 1]) in before or c.isdecimal() or c.isspace()):
                p -= 1
            while p < q:
                c = text[p]
                if c in first or c.isdecimal():
                    m = match(text, p, hi)
                    if m is not None:
                        yield m
                        done = p = m.end()
                        continue
                p += 1
            done = max(done, q)
            q = text.find("月", max(done, q + 1), hi)


class _Taken:
    """Spans added in increasing, non-overlapping order; whether a position falls in one, by
    bisection (a text with many dates is read in linear time)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, span: tuple[int, int]) -> None:
        self.starts.append(span[0])
        self.ends.append(span[1])

    def covers(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def find_dates(text: str, *, day_only: bool = False) -> list[DateMention]:
    """All dates in ``text``, in order. ``day_only`` also accepts bare ``16日`` forms."""
    out: list[DateMention] = []
    taken = _Taken()
    for m in _date_matches(text):
        y, mo, d = _num(m["year"]), _num(m["month"]), _num(m["day"])
        if not _valid(y, mo, d):
            continue
        hour = minute = None
        if m["zero"]:
            hour, minute = 0, 0
        elif m["hour"] is not None:
            hour = _num(m["hour"])
            minute = 30 if m["half"] else (_num(m["minute"]) or 0)
        elif m["hh"] is not None:
            hour, minute = int(m["hh"]), int(m["mm"])
        if hour is not None and m["ampm"] in ("下午", "晚上", "晚") and hour < 12:
            hour += 12
        if hour is not None and not (0 <= hour <= 24 and 0 <= (minute or 0) < 60):
            hour = minute = None
        out.append(DateMention(m.start(), m.end(), y, mo, d, hour, minute))
        taken.add(m.span())
    iso_taken = _Taken()
    for m in _ISO_RX.finditer(text) if _ISO_HINT_RX.search(text) else ():
        if taken.covers(m.start()):
            continue
        y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
        if _valid(y, mo, d):
            hh = int(m["hh"] or m["h1"]) if (m["hh"] or m["h1"]) else None
            mm = int(m["mm"] or m["m1"]) if (m["mm"] or m["m1"]) else None
            out.append(DateMention(m.start(), m.end(), y, mo, d, hh, mm))
            iso_taken.add(m.span())
    if day_only:
        for m in _DAY_ONLY_RX.finditer(text):
            if taken.covers(m.start()) or iso_taken.covers(m.start()):
                continue
            d = int(m["day"])
            if 1 <= d <= 31:
                out.append(DateMention(m.start(), m.end(), None, None, d))
    return sorted(out, key=lambda x: x.start)


def resolve_near(written: DateMention | None, year: int | None, anchor: str | None) -> DateMention | None:
    """A date written without its year, in the year that puts it nearest the ``anchor`` date
    (an issue date 12月29日 before 自2021年1月1日起 → 2020); ``year`` without an anchor."""
    if written is None or written.year is not None or written.month is None or written.day is None:
        return written.resolve(year) if written is not None else None
    if anchor:
        near = _dt.date.fromisoformat(anchor[:10])
        candidates = []
        for y in (near.year - 1, near.year, near.year + 1):
            try:
                candidates.append((abs((_dt.date(y, written.month, written.day) - near).days), y))
            except ValueError:
                continue  # 2月29日 outside a leap year
        if candidates:
            return written.resolve(min(candidates)[1])
    return written.resolve(year)


def iso(m: DateMention, *, with_time: bool = True) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``; ``24时`` becomes 00:00 of the next day. None
    for a day that is not in its year's calendar (2月29日 placed in a common year)."""
    if m.year is None or m.month is None or m.day is None:
        return None
    try:
        day = _dt.date(m.year, m.month, m.day)
    except ValueError:
        return None
    if not with_time or m.hour is None:
        return day.isoformat()
    hour = m.hour
    if hour == 24:
        day += _dt.timedelta(days=1)
        hour = 0
    return f"{day.isoformat()}T{hour:02d}:{(m.minute or 0):02d}"


def shift(date_iso: str | None, days: int) -> str | None:
    """``date_iso`` moved by ``days``; None stays None (a date written that does not exist, 2023年2月29日)."""
    if date_iso is None:
        return None
    return (_dt.date.fromisoformat(date_iso[:10]) + _dt.timedelta(days=days)).isoformat()


_EFFECTIVE_RX = re.compile(
    r"(?P<lead>自|从|于|定于|将于|拟于)?\s*(?P<body>(?:[^,。;,;:\n]|(?<=\d):(?=\d)){0,30}?)\s*(?:起|开始)(?!草|见|来|步)"
)
_ISSUE_RELATIVE_RX = re.compile(r"(?:即日|即时|(?:本?通告|本?公告)?(?:发布|公布|印发|发文)之[日时]|今日|今天|当日)")


@dataclass(frozen=True)
class Effective:
    """An effective-time expression: absolute date, or relative to the issue date."""

    start: int
    end: int
    date: DateMention | None
    relative_days: int | None  # 0 for 即日起/自发布之日起, 1 for 次日起


_START_WORD_RX = re.compile(r"起|开始")
_REACH = 120  # a match ends at 起/开始 and starts at most this far before it: lead, 30-character body, spaces (longer blank runs are not looked through)


def _effective_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EFFECTIVE_RX.finditer(text)``: each match ends at 起 or 开始 (with one character of lookahead)."""
    return around(_EFFECTIVE_RX, _START_WORD_RX, _REACH, 1, text)


def find_effective(text: str) -> list[Effective]:
    """Open-ended start expressions (``自2022年1月4日0时起``, ``即日起``, ``自发布之日起``) in order."""
    return list(_effective_in(text))


_WHOLE_NOTICE_SUBJECT_RX = re.compile(r"(?:^|(?<=[。\n]))\s*(?:本通告|本公告|本通知|以上措施|上述措施)(?:内容)?\s*$")


_WHOLE_NOTICE_SUBJECTS = tuple(w + tail for w in ("本通告", "本公告", "本通知", "以上措施", "上述措施") for tail in ("", "内容"))


def notice_wide_effective(text: str, found: Sequence[Effective]) -> Effective | None:
    """The explicit start a notice gives for all of itself (本通告自9月19日零时起执行), or None."""
    for eff in found:
        if eff.date is None:
            continue
        end = eff.start - (1 if text[eff.start - 1 : eff.start] == "自" else 0)
        # The subject ends the text before the start (spaces aside): the pattern, whose opening
        # is tried at every character, is searched only when it does.
        if text[:end].rstrip().endswith(_WHOLE_NOTICE_SUBJECTS) and _WHOLE_NOTICE_SUBJECT_RX.search(text, 0, end):
            return eff
    return None


@lru_cache(maxsize=32)
def _effective_in(text: str) -> tuple[Effective, ...]:
    """:func:`find_effective`, read once per text (a notice's body is read for its own start
    and again for each change's)."""
    out: list[Effective] = []
    for m in _effective_matches(text):
        body = m["body"]
        b0 = m.start("body")
        dates = find_dates(body)
        if dates:
            d = dates[-1]
            # 03:00分起 / 20:00时起: a clock time with its unit written after it as well.
            if body[d.end :].strip(" ()()") == "" or re.fullmatch(r"\s*[))]?\s*", body[d.end :]) or d.hour is not None and re.fullmatch(r"\s*[时点分]\s*", body[d.end :]):
                out.append(Effective(b0 + d.start, m.end(), DateMention(b0 + d.start, b0 + d.end, d.year, d.month, d.day, d.hour, d.minute), None))
                continue
        rel = _ISSUE_RELATIVE_RX.search(body)
        if rel and body[rel.end() :].strip(" ()()0123456789月日年") == "":
            # 从即日(1月20日)起: an explicit date in the brackets wins.
            inner = find_dates(body[rel.end() :])
            if inner:
                d = inner[0]
                out.append(Effective(b0 + rel.start(), m.end(), DateMention(b0 + rel.end() + d.start, b0 + rel.end() + d.end, d.year, d.month, d.day, d.hour, d.minute), None))
            else:
                days = 1 if body[rel.start() :].startswith(("次日", "明日")) else 0
                out.append(Effective(b0 + rel.start(), m.end(), None, days))
            continue
        if re.search(r"次日", body):
            out.append(Effective(b0, m.end(), None, 1))
    if not out and "自" in text:
        # 自2022年11月18日24时,决定将…: a start with its hour, its 起 left out.
        for m in _BARE_START_RX.finditer(text):
            d = find_dates(m["d"])
            if d and d[0].month and d[0].day and d[0].hour is not None:
                d0 = d[0]
                a = m.start("d")
                out.append(Effective(a + d0.start, m.end("d"), DateMention(a + d0.start, a + d0.end, d0.year, d0.month, d0.day, d0.hour, d0.minute), None))
    if not out and ("至" in text or "到" in text):
        # 11月28日0时至12月5日24时, with no …起 anywhere: a period takes effect at its start.
        for m in _PERIOD_RX.finditer(text):
            d = find_dates(m["start"])
            if d and d[0].month and d[0].day:
                d0 = d[0]
                out.append(Effective(m.start(), m.end("start"), DateMention(m.start() + d0.start, m.start() + d0.end, d0.year, d0.month, d0.day, d0.hour, d0.minute), None))
    return tuple(out)


_BARE_START_RX = re.compile(
    r"自\s*(?P<d>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)(?=\s*[,,]|\s*(?:决定|将|对))"
)
_PERIOD_RX = re.compile(
    r"(?P<start>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*(?:时|点)(?:\s*\d{1,2}\s*分)?)?)"
    r"\s*(?:至|到)\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
)


_PROTOCOL_YEARS = {"第九版": 2022, "第八版": 2021, "第七版": 2020, "第六版": 2020, "第十版": 2023}


def infer_year(text: str, dates: list[DateMention], reference_year: int | None = None) -> int | None:
    """The document's year when some dates lack one: from full dates, a year written with 年
    (2022年第41号), the page's publication year (``reference_year``), a bracketed year of a
    document number (〔2020〕11号, often a cited document's), or the edition of the national
    protocol cited (防控方案(第九版) → 2022)."""
    years = [d.year for d in dates if d.year]
    if years:
        return max(set(years), key=years.count)
    m = re.search(r"(20\d{2})\s*年", text)
    if m:
        return int(m.group(1))
    if reference_year is not None:
        return reference_year
    m = re.search(r"[〔\[(【](20\d{2})[〕\])】]", text)
    if m:
        return int(m.group(1))
    m = re.search(r"防控方案\s*[((]?\s*(第[六七八九十]版)", text)
    if m:
        return _PROTOCOL_YEARS.get(m.group(1))
    return None

"""A notice's signature block: the issuing body's name over the date it was signed.

Written as one or more name lines over a date line (a long name may wrap over two lines, the
first often only the place: ``杭州市上城区`` / ``新冠肺炎疫情防控指挥部``), or run on after the
last sentence on one line (``特此通告。 某市…指挥部 2022年12月5日``, a column wrap may leave a
space inside the name), or as the name alone on the line after ``特此通告``. Pages copied from
forums carry noise (``+ g/ P8 e;``) around the lines; the name is read between it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import DateMention, find_dates
from .gazetteer import gazetteer
from .issuers import org_suffix
from .noise import edge_noise
from .spans import line_spans as _lines

__all__ = ["Signature", "read_signature", "org_line_rx", "is_admin_only", "content_span"]

@dataclass(frozen=True)
class Signature:
    span: tuple[int, int] | None
    parts: tuple[tuple[int, int], ...]
    date: DateMention | None


@lru_cache(maxsize=1)
def org_line_rx() -> re.Pattern[str]:
    """A line that is an issuing body's name and nothing else."""
    return re.compile(rf"^[#\s]*(?P<org>[^,。;:\s【】《》“”]{{2,50}}?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)\s*$")


@lru_cache(maxsize=1)
def _run_on_rx() -> re.Pattern[str]:
    # 宝鸡市…(指挥部) 2022年11月7日 at a line's end, after its last sentence (or alone), or
    # before the page's credits (…指挥部2021年10月3日来源:…).
    return re.compile(
        rf"(?:^|(?<=[。!]))\s*(?P<org>[^,。;:\s【】《》“”]{{2,40}}(?:\s[^,。;:\s【】《》“”]{{2,30}})?"
        rf"?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)\s*"
        rf"(?P<date>(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*(?:$|(?=来源|编辑|责编|制作|出品))"
    )


@lru_cache(maxsize=1)
def _after_closing_rx() -> re.Pattern[str]:
    # 特此通告。 / 武昌区…指挥部 来源:…: the name alone (what follows it is not the notice's).
    return re.compile(rf"^\s*(?P<org>[^,。;:\s【】《》“”]{{2,50}}?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)(?=\s|$|来源|编辑|责编|制作|出品)")


_DATE_LINE_RX = re.compile(r"[\d\s年月日号〇零一二三四五六七八九十]+|\s*20\d{2}[./-]\d{1,2}[./-]\d{1,2}\s*")  # or 2022.11.27
_DATE_THEN_CREDITS_RX = re.compile(r"日\s*(?:来源|编辑|责编|制作|出品)")
_CLOSING_RX = re.compile(r"特此(?:通告|公告|通知|通报)[。!]?\s*$")


def content_span(text: str, s: int, e: int) -> tuple[int, int]:
    """A line's span without the forum noise around it: runs of short ASCII tokens between
    spaces (``+ g/ P8 e;``) before or after the words, and blanks."""
    line = text[s:e]
    a, b = edge_noise(line)
    while a < b and line[a] in " \t#\u3000":
        a += 1
    banner = _BANNER_BEFORE_DATE_RX.match(line, a, b)
    if banner:
        a = banner.end()  # 【某县疫情防控范围】2022年4月3日: a page's banner glued to the date
    while b > a and line[b - 1] in " \t\u3000":
        b -= 1
    return s + a, s + b


_BANNER_BEFORE_DATE_RX = re.compile(r"【[^】]{2,60}】\s*(?=(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年)")




def is_admin_only(line: str) -> bool:
    """A line that is only admin names (the first line of a wrapped issuer)."""
    g = gazetteer()
    hits = g.scan(line, levels=(1, 2, 3), min_len=2)
    return bool(hits) and "".join(line[a:b] for a, b, _ in hits) == line.strip("# ")


def _date_line(text: str, ls: int, le: int) -> DateMention | None:
    """The date of a line that holds only a date (``ls, le``: the line's content span)."""
    line = text[ls:le]
    if not line or len(line) > 20 or not _DATE_LINE_RX.fullmatch(line):
        return None
    dates = find_dates(line)
    if dates:
        d = dates[0]
        return DateMention(ls + d.start, ls + d.end, d.year, d.month, d.day, d.hour, d.minute)
    return None


def _signed_by(text: str, lines: list[tuple[int, int]], idx: int) -> list[tuple[int, int]]:
    """The issuer lines just above line ``idx`` (an admin-name line may precede the body's name)."""
    parts: list[tuple[int, int]] = []
    j = idx - 1
    while j >= 0 and len(parts) < 3:
        cs, ce = content_span(text, *lines[j])
        prev = text[cs:ce]
        if org_line_rx().match(prev) or (parts and is_admin_only(prev)):
            parts.insert(0, (cs, ce))
            j -= 1
            continue
        # A name wrapped inside its body (某市新型冠状病毒肺炎疫情 / 防控指挥部办公室).
        if parts and len(parts) == 1 and re.fullmatch(r"[\u4e00-\u9fff]{4,30}", prev) and _starts_with_place(prev):
            parts.insert(0, (cs, ce))
        break
    return parts


def _starts_with_place(s: str) -> bool:
    return gazetteer().name_end(s[:12], 0, (1, 2, 3), 2) is not None


def read_signature(text: str, s: int, e: int) -> Signature:
    """The signature block of the notice body ``text[s:e]``. The first block closes the notice
    (a page may go on with reports); otherwise a date line near the end stands alone."""
    lines = [ln for ln in _lines(text, s, e) if text[ln[0] : ln[1]].strip()]
    dates: list[DateMention | None] = []  # each line's date, when the line is a date line
    for idx, (ls, le) in enumerate(lines):
        cs, ce = content_span(text, ls, le)
        line = text[cs:ce]
        # The run-on form ends in its date's 日 (or the page's credits follow it): other lines
        # are not searched.
        run_on = _run_on_rx().search(line) if line.rstrip().endswith("日") or _DATE_THEN_CREDITS_RX.search(line) else None
        run_on_dates = find_dates(run_on.group("date")) if run_on else []
        if run_on and run_on_dates and _starts_with_place(run_on.group("org")):
            d = run_on_dates[0]
            date = DateMention(cs + run_on.start("date"), cs + run_on.end("date"), d.year, d.month, d.day)
            org = (cs + run_on.start("org"), cs + run_on.end("org"))
            return Signature(org, (org,), date)
        date = _date_line(text, cs, ce)
        dates.append(date)
        if date is not None:
            parts = _signed_by(text, lines, idx)
            if parts:
                return Signature((parts[0][0], parts[-1][1]), tuple(parts), date)
        if _CLOSING_RX.search(text, ls, le) and idx + 1 < len(lines):
            ns, ne = content_span(text, *lines[idx + 1])
            m = _after_closing_rx().match(text[ns:ne])
            if m and _starts_with_place(m.group("org")) and not (idx + 2 < len(lines) and _date_line(text, *content_span(text, *lines[idx + 2]))):
                org = (ns + m.start("org"), ns + m.end("org"))
                return Signature(org, (org,), None)
    for idx in range(len(lines) - 1, max(-1, len(lines) - 16), -1):
        if dates[idx] is not None:
            return Signature(None, (), dates[idx])
    return Signature(None, (), None)

"""When each change takes effect.

A notice may give several start times, each for the changes written with it (``自9月4日17时起,
将A…;自9月6日起,将B…``, a roundup of dated paragraphs). A change takes effect at the start
written in its own sentence, else at the last start written before it, else at the notice's
effective time; a report's sentence opening on the day of the action (11月5日,某市将…) with no
start written takes effect that day. A status list with no time of its own is as of the notice's issue date; a
notice with no start written takes effect when issued (a report relaying a decision: the date
it gives the decision).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, Sequence

from .dates import DateMention, Effective, find_dates, find_effective, iso, notice_wide_effective, shift
from .grammar import AS_OF_LINE_RX

__all__ = ["change_effectives", "unstated_effective"]


def _value(eff: Effective, issue: DateMention | None, year: int | None) -> str | None:
    if eff.date is not None:
        return iso(eff.date.resolve(eff.date.year or year))
    if issue is not None and issue.year is not None:
        return shift(iso(issue, with_time=False), eff.relative_days or 0)
    return None


_ACTION_RX = re.compile(
    r"(?:^|(?<=[,,;;。\s]))(?P<d>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:凌晨|上午|中午|下午|晚间|晚上|晚)?\s*[,,]"
)


def _action_date(text: str, s: int, e: int, year: int | None) -> str | None:
    """A report's date for the action, opening the change's sentence or clause with no start
    written (11月5日,某市将…调整为…): the change takes effect that day."""
    if text.find("月", s, e) < 0:
        return None  # no date written there
    found = list(_ACTION_RX.finditer(text, s, e))
    if not found:
        return None
    ds = find_dates(found[-1].group("d"))
    if not ds or (ds[0].year or year) is None:
        return None
    return iso(ds[0].resolve(ds[0].year or year))


def _sentence(text: str, s: int, e: int, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, s, pos) for c in "。;\n") + 1
    ends = [x for x in (text.find(c, pos, e) for c in "。;\n") if x >= 0]
    return max(a, s), min(ends) if ends else e


_SENTENCE_END_RX = re.compile("[。;\n]")


def _sentences(text: str, s: int, e: int) -> Callable[[int], tuple[int, int]]:
    """:func:`_sentence` for many positions: the ends in ``[s, e)`` found once, the sentence of a
    position in it by bisection (a notice of many changes is not searched again for each)."""
    ends = [m.start() for m in _SENTENCE_END_RX.finditer(text, s, e)]

    def sentence_at(pos: int) -> tuple[int, int]:
        if not s <= pos <= e:
            return _sentence(text, s, e, pos)
        k = bisect_left(ends, pos)
        return (ends[k - 1] + 1 if k else s), (ends[k] if k < len(ends) else e)

    return sentence_at


def change_effectives(
    text: str,
    body: tuple[int, int],
    positions: Sequence[tuple[int, int]],
    kinds: Sequence[str],
    effective: str | None,
    issue: DateMention | None,
    year: int | None,
) -> list[str | None]:
    """The effective time of each change, given where its item and its zone word are written."""
    s, e = body
    effs = find_effective(text[s:e])
    notice_wide = notice_wide_effective(text[s:e], effs)
    found = [(s + f.start, s + f.end, f) for f in effs]
    issue_iso = iso(issue, with_time=False) if issue is not None and issue.year else None
    year = issue.year if issue is not None and issue.year else year
    values: dict[int, str | None] = {}  # each start's value, by id: read once for all the changes under it

    def value_of(eff: Effective) -> str | None:
        if id(eff) not in values:
            values[id(eff)] = _value(eff, issue, year)
        return values[id(eff)]

    as_ofs = _as_of_times(text, s, e, year) if "status" in kinds else []
    sentence_at = _sentences(text, s, e)
    out: list[str | None] = []
    for (item_at, _zone_at), kind in zip(positions, kinds):
        at = item_at  # the start written last before the place itself (a list may sit under a heading far above)
        ss, se = sentence_at(at)
        own = [f for a, b, f in found if ss <= a < se]
        before = [f for a, b, f in found if b <= at]
        own_before = [f for a, b, f in found if ss <= a < se and b <= at]
        value = None
        used = own_before[-1] if own_before else own[0] if own else None
        if used is not None:
            value = value_of(used)
        else:
            value = _action_date(text, ss, at, year)
        if value is None and before:
            used = before[-1]
            value = value_of(used)
        if used is not None and used.date is None and notice_wide is not None:
            value = value_of(notice_wide)  # 即日起 in the sentence, 本通告自…起执行 for the whole notice
        if value is None:
            value = effective
        if kind == "status":
            # 截至1月12日11时:…现有高风险地区: a status list is as of the time written over it,
            # when that is written after the last start.
            last_start = max((b for _, b, _ in found if b <= at), default=-1)
            as_of = [(a, m) for a, m in as_ofs if last_start < a <= at]
            if as_of:
                value = iso(as_of[-1][1]) or value
        if value is None and kind == "status":
            value = issue_iso
        out.append(value)
    return out


_AS_OF_RX = re.compile(r"(?:截至|截止)(?:到)?\s*(?=(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}\s*[时点])")


def _as_of_times(text: str, s: int, e: int, year: int | None) -> list[tuple[int, DateMention]]:
    """The as-of times written in ``[s, e)`` with their hour (截至1月12日11时, or a date and hour
    on a line of their own), each resolved."""
    out = []
    for m in sorted([*_AS_OF_RX.finditer(text, s, e), *AS_OF_LINE_RX.finditer(text, s, e)], key=lambda m: m.start()):
        dates = find_dates(text[m.end() : m.end() + 20])
        if dates and dates[0].hour is not None and (dates[0].year or year):
            out.append((m.start(), dates[0].resolve(dates[0].year or year)))
    return out


def unstated_effective(text: str, region_span: tuple[int, int], issue: DateMention | None) -> str | None:
    """A notice with no start written takes effect when issued; a report relaying a decision
    with none, the day it dates the decision."""
    s, e = region_span
    if issue is None or issue.year is None or find_effective(text[s:e]):
        return None
    return iso(issue, with_time=False)

"""Reports that relay decisions: who made each, when, and which changes each holds.

A report may relay several bodies' decisions (成华区指挥部…; 同日,武侯区指挥部…): one notice per
body, holding the changes written after it names that body. A body named again under a short
form (哈尔滨市指挥部) is the same body; named again as publishing (…刚发布过13号通告) it issues
another notice; a body said to publish a notice keeps it over one the notice says decided. The
date of a relayed decision is written in the sentence naming its body, or in the dateline.
"""

from __future__ import annotations

import re
from copy import copy
from datetime import date

from .changes import Extraction
from .dates import DateMention, find_dates, find_effective, iso, resolve_near
from .docnumbers import find_doc_number
from .issuers import place_subjects, same_body
from .notices import NoticeHeader, Region, find_issuers_in_body, settle_effective
from .spans import content_end, last_char_before
from .textmap import MappedText

__all__ = ["split_by_issuer", "relay_date"]

_DATELINE_RX = re.compile(r"(?P<d>\d{1,2}月\d{1,2}日)\s*(?:电|讯|消息|报道)")


def split_by_issuer(mt: MappedText, region: Region, header: NoticeHeader, ext, doc_year: int | None, reference: date | None = None):
    """A report relaying decisions of several bodies (成华区指挥部…; 同日,武侯区指挥部…): one
    notice per body, each holding the changes written after it names that body."""
    text = mt.text
    mentions = []
    for m in find_issuers_in_body(text, region.start, region.end):
        # 哈尔滨市指挥部 after 哈尔滨市应对新冠肺炎疫情工作指挥部 names the same body again.
        # A body named again as publishing (…刚发布过2021年13号通告) issues another notice.
        if _publishes(text, m[1]) or not any(same_body(text, m, k) for k in mentions):
            mentions.append(m)
    if not mentions:
        # No body named: counties each deciding for themselves, one sentence each
        # (甲区划定…为封控区。乙区划定…为管控区。).
        mentions = place_subjects(text, region.start, region.end)
    if len(mentions) < 2:
        return None
    out = []
    carry = None
    for k, (a, b) in enumerate(mentions):
        seg_end = mentions[k + 1][0] if k + 1 < len(mentions) else region.end
        seg_start = region.start if k == 0 else a
        part = Extraction(
            changes=[rc for rc in ext.changes if seg_start <= rc.item.span[0] < seg_end],
            measures=list(ext.measures) if k == 0 else [],
            warnings=list(ext.warnings) if k == 0 else [],
        )
        cut = k == len(mentions) - 1 and _ends_mid_sentence(text, region.end)
        if not part.changes and not cut:
            # 某办公室发布通告称,…某领导小组决定,将…: the body that published the notice
            # stays its issuer over the one named deciding in it.
            carry = (a, b) if _publishes(text, b) else None
            continue
        # A text cut off in the last body's decision still relays that decision (its changes lost).
        if cut and not part.changes:
            part.warnings.append(("truncated", "the text ends inside this decision; its changes are lost", (a, region.end)))
        if carry is not None and not _publishes(text, b):
            a, b = carry
        carry = None
        h = copy(header)
        h.issuer, h.issuer_parts = (a, b), ((a, b),)
        # The number of the notice a body is said to publish (发布2021年13号通告).
        h.doc_number = find_doc_number(text, [(b, min(seg_end, b + 40))], None) or (header.doc_number if k == 0 else None)
        found = find_effective(text[a:seg_end])
        eff = found[0] if found else None
        h.effective_anchor = iso(eff.date) if eff is not None and eff.date is not None and eff.date.year is not None else None
        h.issue_date = resolve_near(relay_date(text, region, (a, b), reference), doc_year, h.effective_anchor)
        if eff is not None and eff.date is not None:
            h.effective = iso(eff.date.resolve(h.issue_date.year if h.issue_date else doc_year))
            h.effective_span = (a + eff.start, a + eff.end)
            h.effective_relative = None
        elif eff is not None:
            h.effective, h.effective_relative = None, eff.relative_days or 0
            h.effective_span = (a + eff.start, a + eff.end)
        settle_effective(h)
        out.append((h, part))
    return out or None


def _ends_mid_sentence(text: str, end: int) -> bool:
    """The text stops inside a sentence (a page cut off): it ends on a word, not a mark."""
    last = last_char_before(text, end)
    return bool(last) and "\u4e00" <= last <= "\u9fff" and end >= content_end(text)


def _publishes(text: str, end: int) -> bool:
    """The body named before ``end`` publishes a notice (发布/印发/公布…通告, the notice's
    title between: 发布关于调整部分区域风险等级的通告), not only decides."""
    return bool(re.match(r"[^,。;]{0,16}?(?:发布|印发|公布)[^,。;!?]{0,40}?(?:通告|公告|通知|通报)", text[end : end + 70]))


def relay_date(text: str, region: Region, issuer: tuple[int, int], reference: date | None = None) -> DateMention | None:
    """When a report relays a decision: the date written in the sentence naming the issuer
    (``5月6日,北京市…办公室发布消息``, ``某市…指挥部19日发布通告``), else the report's dateline
    (``1月25日电``); the year only where the text writes it. A day written without its month
    (``5日,``) takes the month of the text's dates before it, else of the page's publication
    date (``reference``: the month that puts the day on or before it)."""
    after = re.match(
        r"\s*(?:于)?\s*(?:今天|今日)?\s*[((]?\s*(?:(\d{1,2})月)?(\d{1,2})日\s*[))]?\s*(?:凌晨|上午|中午|下午|晚间|晚上|晚)?\s*"
        r"(?:发布|印发|公布|通告|公告|通报|宣布|决定|调整|划定)",
        text[issuer[1] : issuer[1] + 24],
    )
    if after:
        month = int(after.group(1)) if after.group(1) else _month_for(text, region, issuer[0], int(after.group(2)), reference)
        if month is not None:
            return DateMention(issuer[1] + after.start(2), issuer[1] + after.end(2), None, month, int(after.group(2)))
    start = max(region.start, text.rfind("。", region.start, issuer[0]) + 1, issuer[0] - 60)
    ds = [d for d in find_dates(text[start : issuer[0]]) if d.month and d.day]
    if ds:
        d = ds[-1]
        return DateMention(start + d.start, start + d.end, d.year, d.month, d.day)
    day = re.search(r"(?:^|(?<=[\s,。]))(?:(?:今天|今日|昨天|昨日)\s*[((]\s*)?(\d{1,2})日\s*[))]?\s*(?:凌晨|上午|中午|下午|晚间|晚上|晚)?\s*[,,]?\s*$", text[start : issuer[0]])
    if day:
        month = _month_for(text, region, issuer[0], int(day.group(1)), reference)
        if month is not None:
            return DateMention(start + day.start(1), start + day.end(1), None, month, int(day.group(1)))
    line = _dateline(text, region)
    if line:
        m, d = line
        return DateMention(m.start(), m.end(), d.year, d.month, d.day)
    return None


def _dateline(text: str, region: Region) -> tuple[re.Match[str], DateMention] | None:
    """The report's dateline (``1月25日电``) with its date; a dateline whose date cannot be a
    date (``13月32日电``) is none."""
    for m in _DATELINE_RX.finditer(text, region.start, region.end):
        ds = find_dates(m.group("d"))
        if ds:
            return m, ds[0]
    return None


def _month_for(text: str, region: Region, pos: int, day: int, reference: date | None) -> int | None:
    """The month of a day written alone: that of the last date before it, else the page's."""
    lead = [d for d in find_dates(text[region.start : pos]) if d.month]
    if lead:
        return lead[-1].month
    line = _dateline(text, region)
    if line:
        return line[1].month
    if reference is not None and 1 <= day <= 31:
        return reference.month if day <= reference.day else (reference.month - 2) % 12 + 1
    return None

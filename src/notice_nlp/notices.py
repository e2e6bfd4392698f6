"""Finding notices in a document and reading their header: title, issuer, number, dates.

A notice starts at a header block — a ``关于…的通告`` title, an ``…办公室通告`` banner or an
``2022年72号通告`` line, with the issuer and number lines around it — and runs to the next header
block. Text before the first block (a page's reports, a site's banner) is a *preamble*; a
document with no header block is one region (a report relaying a decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

from .dates import DateMention, find_dates, find_effective, infer_year, iso, notice_wide_effective, resolve_near, shift
from .docnumbers import find_doc_number
from .issuers import body_issuers, org_span, org_suffix, place_issuer, same_body, source_issuer
from .signature import content_span, is_admin_only, org_line_rx, read_signature
from .spans import line_spans as _lines, text_lines
from .vocab import load_data

__all__ = ["Region", "find_regions", "NoticeHeader", "read_header", "find_issuer_in_body", "find_issuers_in_body", "settle_effective"]

_TITLE_RX = re.compile(r"^[#\s]*(?P<t>[^,。;:]{0,24}关于[^。;]{2,70}?(?:的)?(?:通告|公告|通知|决定|通报))\s*$")
_NUMBER_LINE_RX = re.compile(
    r"^[#\s]*[((]?\s*(?:\d{4}\s*年|[\u4e00-\u9fff]{0,8}[〔\[]\s*\d{4}\s*[〕\]])?\s*第?\s*(?:\d*|[〇零一二三四五六七八九十百千]*)\s*号\s*[))]?\s*(?:通告|公告)?\s*$"
)


@lru_cache(maxsize=1)
def _banner_rx() -> re.Pattern[str]:
    # 某市…指挥部(办公室)通告, also with its number run in: 某区指挥部2022年60号通告.
    return re.compile(
        rf"^[#\s【\[]*(?P<org>[^,。;:\s【】《》“”]{{2,50}}?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)\s*"
        rf"(?:(?:\d{{4}}\s*年)?\s*第?\s*\d+\s*号\s*)?(?:通告|公告|通报)\s*[】\]]?\s*$"
    )


@lru_cache(maxsize=1)
def _title_issuer_rx() -> re.Pattern[str]:
    return re.compile(rf"\s*(?P<org>[^,。;:\s【】《》“”]{{2,40}}?(?:{org_suffix()})(?:\([^()]{{1,8}}\))?)\s*关于")


@dataclass(frozen=True)
class Region:
    """A notice's extent in the working text; ``header`` is its header block, ``body`` the rest."""

    start: int
    end: int
    header: tuple[int, int] | None
    body_start: int


@dataclass
class NoticeHeader:
    title: tuple[int, int] | None = None
    issuer: tuple[int, int] | None = None
    issuer_parts: tuple[tuple[int, int], ...] = ()
    doc_number: tuple[int, int] | None = None
    issue_date: DateMention | None = None
    effective: str | None = None
    effective_span: tuple[int, int] | None = None
    signature: tuple[int, int] | None = None
    end: int | None = None  # where the notice ends: after its signature date
    effective_anchor: str | None = None  # the effective time when written with its year: a year-less issue date sits nearest it
    effective_relative: int | None = None  # 即日起 (0), 次日起 (1): days after the issue date, once that is known
    issuer_kind: str | None = None  # how the issuer is named: header, signature, announce, approve, place
    doc_year: int | None = None  # the year the document's yearless dates belong to




_NUMBER_TITLE_RX = re.compile(r"^[#\s]*\d{4}\s*年\s*第?\s*\d+\s*号\s*(?:通告|公告)\s*$")


# A page kept up to date dates each of its updates on a line of its own (更新时间:3月15日); each
# update is a notice of its own.
_UPDATE_LINE_RX = re.compile(
    r"^[#\s]*(?:更新时间|更新日期|更新于)\s*[::]?\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"(?:\s*\d{1,2}\s*(?:[时点:]\s*\d{0,2}\s*分?))?\s*[::]?\s*$"
)


# Every anchor line holds one of these words (a title's, a banner's or a number line's notice
# word, an update line's 更新): a line without one is ruled out before the patterns are tried.
_ANCHOR_WORD_RX = re.compile("通告|公告|通知|决定|通报|更新")


def _is_anchor(line: str) -> bool:
    if not _ANCHOR_WORD_RX.search(line):
        return False
    return bool(_TITLE_RX.match(line) or _banner_rx().match(line) or _NUMBER_TITLE_RX.match(line) or _UPDATE_LINE_RX.match(line))


def find_regions(text: str) -> tuple[tuple[int, int] | None, list[Region]]:
    """The preamble span (or None) and the notice regions of a working text."""
    lines = text_lines(text)
    blocks: list[list[int]] = []
    for i, (s, e) in enumerate(lines):
        if not _is_anchor(text[s:e]):
            continue
        if blocks and _only_header_lines_between(text, lines, blocks[-1][-1], i):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    if not blocks:
        return None, [Region(0, len(text), None, 0)]
    regions = []
    starts = []
    for blk in blocks:
        first = blk[0]
        # Issuer lines just above the anchor (杭州市余杭区 / 新冠肺炎疫情防控指挥部) belong to it,
        # across blank lines between them.
        k = first
        while k > 0:
            ps, pe = content_span(text, *lines[k - 1])
            prev = text[ps:pe]
            if not prev and k - 1 > 0 and first - k < 2:
                k -= 1
                continue
            if prev and len(prev) <= 30 and (org_line_rx().match(prev) or is_admin_only(prev) or _NUMBER_LINE_RX.match(prev)):
                k -= 1
                first = k
            else:
                break
        starts.append((first, blk[-1]))
    for k, (first, last) in enumerate(starts):
        s = lines[first][0]
        e = lines[starts[k + 1][0]][0] if k + 1 < len(starts) else len(text)
        # Number lines right after the anchor are header too.
        j = last
        while j + 1 < len(lines) and (not text[lines[j + 1][0] : lines[j + 1][1]].strip() or _NUMBER_LINE_RX.match(text[lines[j + 1][0] : lines[j + 1][1]])):
            j += 1
            if j - last > 3:
                break
        header = (s, lines[j][1])
        regions.append(Region(s, e, header, min(lines[j][1] + 1, e)))
    pre = (0, regions[0].start) if regions[0].start > 0 else None
    return pre, regions


def _only_header_lines_between(text: str, lines, i: int, j: int) -> bool:
    for k in range(i + 1, j):
        s, e = lines[k]
        ln = text[s:e].strip()
        if ln and not (_NUMBER_LINE_RX.match(ln) or org_line_rx().match(ln) or len(ln) <= 14 and "," not in ln):
            return False
    return j - i <= 5


def find_issuers_in_body(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Bodies named in running text as issuing (``X发布…通告``, ``据X``, ``经X研究``), in order;
    a body named only as approving (``经X同意``) when no other is named in its sentence."""
    found = body_issuers(text, s, e)
    out = [(m.start, m.end) for m in found if m.kind == "announce"]
    for m in found:
        if m.kind != "approve":
            continue
        sent_s = max(text.rfind(c, s, m.start) for c in "。\n") + 1
        sent_e = min([x for x in (text.find(c, m.end, e) for c in "。\n") if x >= 0] or [e])
        if not any(sent_s <= a < sent_e for a, _ in out):
            out.append((m.start, m.end))
    return sorted(out)


def find_issuer_in_body(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The body that issued the notice, from running text: one announcing it, else one approving it."""
    found = body_issuers(text, s, e)
    for kind in ("announce", "approve"):
        for m in found:
            if m.kind == kind:
                return (m.start, m.end)
    return None


@lru_cache(maxsize=1)
def _caption_rx() -> re.Pattern[str]:
    words = "|".join(sorted(load_data("issuers")["issue_captions"], key=len, reverse=True))
    return re.compile(rf"(?:(?:{words})\s*[::]|更新于)\s*")


def _header_issuer(text: str, header_lines: list[tuple[int, int]], h: "NoticeHeader") -> None:
    """Title, and the issuer as the header writes it (before 关于, a banner, name lines)."""
    org_parts: list[tuple[int, int]] = []
    for ls, le in header_lines:
        line = text[ls:le]
        m = _TITLE_RX.match(line)
        if m and (h.title is None or h.issuer is None):
            ts, te = ls + m.start("t"), ls + m.end("t")
            h.title = h.title or (ts, te)
            # 西安市疫情防控指挥部关于…的通告: the body named before 关于 issued it (also in a
            # second title line, under a page's own shorter title).
            lead = _title_issuer_rx().match(text[ts:te])
            if lead and h.issuer is None and org_span(text, ts, ts + lead.end("org")):
                h.issuer = (ts + lead.start("org"), ts + lead.end("org"))
            continue
        m = _banner_rx().match(line)
        if m and h.issuer is None:
            h.issuer = (ls + m.start("org"), ls + m.end("org"))
            if org_parts and not org_line_rx().match(text[org_parts[-1][0] : org_parts[-1][1]]):
                # 某市新型冠状病毒肺炎疫情 / 防控指挥部办公室通告: a banner wrapped over two lines.
                h.issuer_parts = (org_parts[-1], h.issuer)
                h.issuer = (org_parts[-1][0], h.issuer[1])
            continue
        cs, ce = content_span(text, ls, le)
        stripped = text[cs:ce]
        m = org_line_rx().match(stripped)
        if m or (is_admin_only(stripped) and not org_parts) or (not org_parts and _wrapped_name_start(stripped)):
            org_parts.append((cs, ce))
    if h.issuer is None and org_parts and org_line_rx().match(text[org_parts[-1][0] : org_parts[-1][1]]):
        h.issuer = (org_parts[0][0], org_parts[-1][1])
        h.issuer_parts = tuple(org_parts)


_SPACE_RX = re.compile(r"\s+")


def _fuller_name(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """``a`` names the body ``b`` names, in more words."""
    x, y = _SPACE_RX.sub("", text[a[0] : a[1]]), _SPACE_RX.sub("", text[b[0] : b[1]])
    return len(x) > len(y) and same_body(x + "|" + y, (0, len(x)), (len(x) + 1, len(x) + 1 + len(y)))


def _wrapped_name_start(line: str) -> bool:
    """The first line of a body's name wrapped inside it (某市新型冠状病毒肺炎疫情)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{4,24}", line)) and bool(re.search(r"疫情|防控|肺炎", line)) and org_span(line, 0, len(line)) is not None


def read_header(text: str, region: Region, doc_year: int | None) -> NoticeHeader:
    """Title, issuer, number, issue date and effective time of a notice region."""
    h = NoticeHeader(doc_year=doc_year)
    hs, he = region.header if region.header else (region.start, region.start)
    header_lines = [ln for ln in _lines(text, hs, he) if text[ln[0] : ln[1]].strip()]
    _header_issuer(text, header_lines, h)
    sig = read_signature(text, region.body_start, region.end)
    if sig.span is not None and (h.issuer is None or _fuller_name(text, sig.span, h.issuer)):
        # Header and signature name one body, one of them shortened (新冠肺炎 for 新型冠状病毒肺炎,
        # 疫情防控领导小组 for 新冠肺炎疫情防控工作领导小组): the fuller name is the issuer.
        h.issuer, h.issuer_parts = sig.span, sig.parts
    if h.issuer is not None:
        h.issuer_kind = "signature" if h.issuer == sig.span else "header"
    else:
        found = body_issuers(text, region.start, region.end)
        for kind in ("announce", "approve"):
            m = next((m for m in found if m.kind == kind), None)
            if m is not None:
                h.issuer, h.issuer_kind = (m.start, m.end), kind
                break
    if h.issuer is None:
        # A page's credit line naming a body (来源:某区新冠肺炎疫情防控指挥部, 发布单位:…).
        h.issuer = source_issuer(text, region.start, region.end)
        h.issuer_kind = "source" if h.issuer else None
    if h.issuer is None:
        # A bare place as the subject of the decision: in the title, else the opening sentences.
        spans = [sp for sp in (h.title, (region.start, min(region.end, region.start + 300))) if sp]
        h.issuer = place_issuer(text, spans)
        h.issuer_kind = "place" if h.issuer else None
    if h.issuer and not h.issuer_parts:
        h.issuer_parts = (h.issuer,)
    # Document number: header first, then the opening of the region, then the rest.
    zones = [(hs, he), (region.start, min(region.end, region.start + 400)), (region.start, region.end)]
    h.doc_number = find_doc_number(text, zones, region.header)
    # Issue date.
    date = sig.date
    if date is None:
        m = _caption_rx().search(text, region.start, region.end)
        if m:
            ds = find_dates(text[m.end() : m.end() + 25])
            # A caption with a clock time (发布时间: 2022-10-21 10:15) is the page's timestamp:
            # it dates the notice only when nothing else does (issue_dates.page_date).
            if ds and ds[0].start == 0 and ds[0].hour is None and not re.match(r"\s*\d{1,2}:\d{2}", text[m.end() + ds[0].end :]):
                d = ds[0]
                date = DateMention(m.end() + d.start, m.end() + d.end, d.year, d.month, d.day)
    if date is None:
        m = re.search(r"(?:今天|今日)\s*[((]\s*([^()()]{3,12})\s*[))]\s*(?:发布|印发|公布)", text[region.start : region.end])
        if m:
            ds = find_dates(m.group(1))
            if ds:
                off = region.start + m.start(1)
                d = ds[0]
                date = DateMention(off + d.start, off + d.end, d.year, d.month, d.day)
    written = date
    if date is not None and date.year is None:
        date = date.resolve(doc_year)
    h.issue_date = date
    _read_effective(text, region, h, doc_year)
    if written is not None and written.year is None and h.effective_anchor:
        h.issue_date = resolve_near(written, doc_year, h.effective_anchor)
    h.signature = sig.span
    if sig.date is not None:
        h.end = sig.date.end
    return h


def _read_effective(text: str, region: Region, h: NoticeHeader, doc_year: int | None) -> None:
    """Effective time: the first open-ended start in the body, else a status list's 截至 time."""
    date = h.issue_date
    effective_year_written = False
    found = find_effective(text[region.body_start : region.end])
    notice_wide = notice_wide_effective(text[region.body_start : region.end], found)
    if notice_wide is not None and found and found[0].date is None:
        # 即日起…。本通告自9月19日零时起执行。: the time the notice itself gives for all of it.
        found = [notice_wide]
    for eff in found:
        effective_year_written = eff.date is not None and eff.date.year is not None
        if eff.date is not None:
            h.effective = iso(eff.date.resolve(date.year if date and date.year else doc_year))
        else:
            h.effective_relative = eff.relative_days or 0
        h.effective_span = (region.body_start + eff.start, region.body_start + eff.end)
        break
    if h.effective is None and h.effective_relative is None:
        # A status list is as of its 截至 time.
        m = re.search(r"(?:截至|截止)\s*", text[region.body_start : region.end])
        if m:
            off = region.body_start + m.end()
            ds = find_dates(text[off : off + 30])
            if ds and ds[0].start == 0:
                d = ds[0]
                h.effective = iso(d.resolve(date.year if date and date.year else doc_year))
                h.effective_span = (region.body_start + m.start(), off + d.end)
    if effective_year_written:
        h.effective_anchor = h.effective
    settle_effective(h)


def settle_effective(h: NoticeHeader) -> None:
    """An effective time relative to the issue date (即日起, 自发布之日起, 次日起) once that is known."""
    if h.effective_relative is not None and h.issue_date is not None and h.issue_date.year is not None:
        h.effective = shift(iso(h.issue_date, with_time=False), h.effective_relative)


def document_year(text: str, reference_year: int | None = None) -> int | None:
    """The year a document's partial dates belong to (``reference_year``: the page's
    publication year, below what the text itself writes)."""
    return infer_year(text, find_dates(text), reference_year)

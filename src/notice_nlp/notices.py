"""Finding notices in a document and reading their header: title, issuer, number, dates.

A notice starts at a header block — a ``关于…的通告`` title, an ``…办公室通告`` banner or an
``2022年72号通告`` line, with the issuer and number lines around it — and runs to the next header
block. Text before the first block (a page's reports, a site's banner) is a *preamble*; a
document with no header block is one region (a report relaying a decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DateMention, find_dates, find_effective, infer_year, iso, resolve_near, shift
from .gazetteer import gazetteer
from .spans import line_spans as _lines
from .vocab import ORG_SUFFIX

__all__ = ["Region", "find_regions", "NoticeHeader", "read_header", "find_issuer_in_body", "ORG_SUFFIX"]

_TITLE_RX = re.compile(r"^[#\s]*(?P<t>[^,。;:]{0,24}关于[^。;]{2,70}?(?:的)?(?:通告|公告|通知|决定|通报))\s*$")
_BANNER_RX = re.compile(rf"^[#\s]*(?P<org>[^,。;:\s]{{2,50}}?{ORG_SUFFIX}(?:\([^()]{{1,8}}\))?)\s*(?:通告|公告)\s*$")
_NUMBER_LINE_RX = re.compile(
    r"^[#\s]*[((]?\s*(?:\d{4}\s*年|[\u4e00-\u9fff]{0,8}[〔\[]\s*\d{4}\s*[〕\]])?\s*第?\s*\d*\s*号\s*[))]?\s*(?:通告|公告)?\s*$"
)
_ORG_LINE_RX = re.compile(rf"^[#\s]*(?P<org>[^,。;:\s]{{2,50}}?{ORG_SUFFIX}(?:\([^()]{{1,8}}\))?)\s*$")
# Document-number patterns, each with characters one of which it needs (to skip it cheaply).
_DOCNO_RXS = [
    ("年", re.compile(r"[((]\s*(?P<n>\d{4}\s*年\s*第?\s*\d+\s*号)\s*[))]")),
    ("年", re.compile(r"(?P<n>\d{4}\s*年\s*第?\s*\d+\s*号)(?=\s*(?:通告|公告|$))", re.M)),
    ("〔[", re.compile(r"(?P<n>(?<![发印公])[\u4e00-\u9fff]{0,7}[办发函字委府防卫指组政][〔\[]\s*\d{4}\s*[〕\]]\s*第?\s*\d+\s*号)")),
    ("〔[", re.compile(r"(?P<n>[〔\[]\s*\d{4}\s*[〕\]]\s*第?\s*\d+\s*号)")),
    ("第", re.compile(r"(?P<n>[((]\s*\d{4}\s*[))]\s*第\s*\d+\s*号)")),
    ("第", re.compile(r"[((]\s*(?P<n>第\s*\d+\s*号)\s*[))]")),
    ("第", re.compile(r"(?P<n>第\s*\d+\s*号)(?=\s*(?:通告|公告))")),
]


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




_NUMBER_TITLE_RX = re.compile(r"^[#\s]*\d{4}\s*年\s*第?\s*\d+\s*号\s*(?:通告|公告)\s*$")


def _is_anchor(line: str) -> bool:
    return bool(_TITLE_RX.match(line) or _BANNER_RX.match(line) or _NUMBER_TITLE_RX.match(line))


def find_regions(text: str) -> tuple[tuple[int, int] | None, list[Region]]:
    """The preamble span (or None) and the notice regions of a working text."""
    lines = [(s, e) for s, e in _lines(text)]
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
        # Issuer lines just above the anchor (杭州市余杭区 / 新冠肺炎疫情防控指挥部) belong to it.
        while first > 0:
            ps, pe = lines[first - 1]
            prev = text[ps:pe].strip()
            if prev and len(prev) <= 30 and (_ORG_LINE_RX.match(prev) or _is_admin_only(prev) or _NUMBER_LINE_RX.match(prev)):
                first -= 1
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
        if ln and not (_NUMBER_LINE_RX.match(ln) or _ORG_LINE_RX.match(ln) or len(ln) <= 14 and "," not in ln):
            return False
    return j - i <= 5


def _is_admin_only(line: str) -> bool:
    g = gazetteer()
    hits = g.scan(line, levels=(1, 2, 3), min_len=2)
    return bool(hits) and "".join(line[a:b] for a, b, _ in hits) == line.strip("# ")


def _org_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The widest issuer name ending at ``e`` that starts with a place name."""
    g = gazetteer()
    lo = max(s, e - 45)
    seg = text[lo:e]
    # The name holds none of these: it starts after the last one.
    first = max(seg.rfind(c) for c in ",。;:、!?\n“”《》") + 1
    for i in range(first, len(seg)):
        if seg[i] in ",。;:、!?\n\"“”《》" or not seg[i:].strip():
            continue
        if g.name_end(seg[i : i + 12], 0, (1, 2, 3), 2) is not None:
            return (lo + i, e)
    return None


_BODY_ISSUER_RX = re.compile(rf"(?:{ORG_SUFFIX})+(?:\([^()]{{1,8}}\))?(?=[^,。]{{0,20}}(?:发布|印发|获悉|消息|研究决定|决定))")


def find_issuers_in_body(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Issuers named in running text, in order: ``从天津市疫情防控指挥部获悉``, ``X今天发布…通告``."""
    out = []
    for m in _BODY_ISSUER_RX.finditer(text, s, e):
        span = _org_span(text, s, m.end())
        if span:
            out.append(span)
    return out


def find_issuer_in_body(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The first issuer named in running text."""
    found = find_issuers_in_body(text, s, e)
    return found[0] if found else None


_TITLE_ISSUER_RX = re.compile(rf"\s*(?P<org>[^,。;:\s]{{2,40}}?{ORG_SUFFIX}(?:\([^()]{{1,8}}\))?)\s*关于")
_SIGNATURE_RUN_ON_RX = re.compile(
    rf"\s*(?P<org>[^,。;:\s]{{2,50}}?{ORG_SUFFIX}(?:\([^()]{{1,8}}\))?)\s*(?P<date>(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)(?![\u4e00-\u9fff])"
)


_DATE_LINE_RX = re.compile(r"[\d\s年月日号〇零一二三四五六七八九十]+|\s*20\d{2}[./-]\d{1,2}[./-]\d{1,2}\s*")  # or 2022.11.27


def _date_line(text: str, ls: int, le: int) -> DateMention | None:
    line = text[ls:le].strip()
    if len(line) > 20 or not _DATE_LINE_RX.fullmatch(line):
        return None
    dates = find_dates(line)
    if dates:
        d = dates[0]
        off = ls + text[ls:le].index(line)
        return DateMention(off + d.start, off + d.end, d.year, d.month, d.day, d.hour, d.minute)
    return None


def _signed_by(text: str, lines: list[tuple[int, int]], idx: int) -> list[tuple[int, int]]:
    """The issuer lines just above line ``idx`` (an admin-name line may precede the body's name)."""
    parts: list[tuple[int, int]] = []
    j = idx - 1
    while j >= 0 and len(parts) < 3:
        ps, pe = lines[j]
        prev = text[ps:pe].strip()
        if _ORG_LINE_RX.match(prev) or (parts and _is_admin_only(prev)):
            off = text[ps:pe].index(prev)
            parts.insert(0, (ps + off, ps + off + len(prev)))
            j -= 1
            continue
        break
    return parts


def _signature(text: str, s: int, e: int) -> tuple[tuple[int, int] | None, tuple[tuple[int, int], ...], DateMention | None]:
    """The signature block: issuer line(s) over a date line. The first such block closes the
    notice (a page may go on with reports); otherwise a date line near the end stands alone."""
    lines = [ln for ln in _lines(text, s, e) if text[ln[0] : ln[1]].strip()]
    for idx, (ls, le) in enumerate(lines):
        run_on = _SIGNATURE_RUN_ON_RX.match(text, ls, le)
        if run_on:
            # 宝鸡市…(指挥部) 2022年11月7日 THE END — signature and date run together on one line.
            d = find_dates(run_on.group("date"))[0]
            date = DateMention(run_on.start("date"), run_on.end("date"), d.year, d.month, d.day)
            return (run_on.start("org"), run_on.end("org")), ((run_on.start("org"), run_on.end("org")),), date
        date = _date_line(text, ls, le)
        if date is not None:
            parts = _signed_by(text, lines, idx)
            if parts:
                return (parts[0][0], parts[-1][1]), tuple(parts), date
    for idx in range(len(lines) - 1, max(-1, len(lines) - 16), -1):
        date = _date_line(text, *lines[idx])
        if date is not None:
            return None, (), date
    return None, (), None


def read_header(text: str, region: Region, doc_year: int | None) -> NoticeHeader:
    """Title, issuer, number, issue date and effective time of a notice region."""
    h = NoticeHeader()
    hs, he = region.header if region.header else (region.start, region.start)
    header_lines = [ln for ln in _lines(text, hs, he) if text[ln[0] : ln[1]].strip()]
    org_parts: list[tuple[int, int]] = []
    for ls, le in header_lines:
        line = text[ls:le]
        m = _TITLE_RX.match(line)
        if m and (h.title is None or h.issuer is None):
            ts, te = ls + m.start("t"), ls + m.end("t")
            h.title = h.title or (ts, te)
            # 西安市疫情防控指挥部关于…的通告: the body named before 关于 issued it (also in a
            # second title line, under a page's own shorter title).
            lead = _TITLE_ISSUER_RX.match(text[ts:te])
            if lead and h.issuer is None and _org_span(text, ts, ts + lead.end("org")):
                h.issuer = (ts + lead.start("org"), ts + lead.end("org"))
            continue
        m = _BANNER_RX.match(line)
        if m and h.issuer is None:
            h.issuer = (ls + m.start("org"), ls + m.end("org"))
            continue
        m = _ORG_LINE_RX.match(line)
        stripped = line.strip("# \t")
        if m or (_is_admin_only(stripped) and not org_parts):
            off = line.index(stripped)
            org_parts.append((ls + off, ls + off + len(stripped)))
    if h.issuer is None and org_parts and _ORG_LINE_RX.match(text[org_parts[-1][0] : org_parts[-1][1]]):
        h.issuer = (org_parts[0][0], org_parts[-1][1])
        h.issuer_parts = tuple(org_parts)
    # Signature block.
    sig_span, sig_parts, sig_date = _signature(text, region.body_start, region.end)
    if h.issuer is None and sig_span is not None:
        h.issuer, h.issuer_parts = sig_span, sig_parts
    if h.issuer is None:
        body_issuer = find_issuer_in_body(text, region.start, region.end)
        if body_issuer:
            h.issuer = body_issuer
    if h.issuer and not h.issuer_parts:
        h.issuer_parts = (h.issuer,)
    # Document number: header first, then the opening of the region.
    for zone in ((hs, he), (region.start, min(region.end, region.start + 400)), (region.start, region.end)):
        if h.doc_number:
            break
        segment = text[zone[0] : zone[1]]
        for needs, rx in _DOCNO_RXS:
            if not any(c in segment for c in needs):
                continue
            m = rx.search(text, *zone)
            if m and re.search(r"\d", m.group("n")) and not re.match(r"[楼院栋]", text[m.end("n") : m.end("n") + 1]):
                h.doc_number = (m.start("n"), m.end("n"))
                break
    # Issue date.
    date = sig_date
    if date is None:
        m = re.search(r"(?:发布|发布时间|发布日期|印发日期|成文日期)\s*[::]\s*", text[region.start : region.end])
        if m:
            ds = find_dates(text[region.start + m.end() : region.start + m.end() + 25])
            if ds and ds[0].start == 0:
                d = ds[0]
                off = region.start + m.end()
                date = DateMention(off + d.start, off + d.end, d.year, d.month, d.day)
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
    # Effective time: the first open-ended start in the body.
    effective_year_written = False
    for eff in find_effective(text[region.body_start : region.end]):
        effective_year_written = eff.date is not None and eff.date.year is not None
        if eff.date is not None:
            value = iso(eff.date.resolve(date.year if date and date.year else doc_year))
        else:
            value = None
            if date is not None and date.year is not None:
                value = shift(iso(date, with_time=False), eff.relative_days or 0)
        h.effective = value
        h.effective_span = (region.body_start + eff.start, region.body_start + eff.end)
        break
    if h.effective is None:
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
    if written is not None and written.year is None and h.effective_anchor:
        h.issue_date = resolve_near(written, doc_year, h.effective_anchor)
    h.signature = sig_span
    if sig_date is not None:
        h.end = sig_date.end
    return h


def document_year(text: str) -> int | None:
    """The year a document's partial dates belong to."""
    return infer_year(text, find_dates(text))

"""The parsing pipeline: text → working text with offset map → notices, changes, reports → records."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from .assemble import Resolver, build_changes, notice_place
from .changes import extract_changes
from .dates import DateMention, find_dates, find_effective, iso, resolve_near
from .errors import EmptyInputError, ReferenceDateError
from .grammar import change_words
from .ingest import load_path
from .districts import body_county_at
from .items import ItemContext, county_at
from .normalize import clean_value, normalize, to_simplified
from .docnumbers import find_doc_number
from .issue_dates import page_date
from .timing import change_effectives, unstated_effective
from .notices import NoticeHeader, Region, document_year, find_regions, read_header, settle_effective
from .records import Document, Notice, Place, Report, Source, Warning, ZoneChange
from .scope import find_scope
from .textmap import MappedText
from .totals import lead_end as first_list

__all__ = ["parse_text", "parse_file"]

_DATELINE_RX = re.compile(r"(?P<d>\d{1,2}月\d{1,2}日)\s*(?:电|讯|消息|报道)")


def parse_text(text: str, *, source: str | None = None, published: str | date | None = None) -> Document:
    """Parse a notice, report or page given as text. ``source`` names it in records and errors;
    ``published`` (``YYYY-MM-DD`` or a date) is when the page was published, as a crawler
    records it: it dates what the text leaves without a year, and only that."""
    if not isinstance(text, str):
        raise TypeError("parse_text expects str; use parse_file for bytes and files")
    reference = reference_date(published, source)
    if not text.strip():
        raise EmptyInputError("empty input (no text)", source=source)
    src = Source(source, "text", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), None)
    return _parse(text, src, (), reference)


def parse_file(path: str | Path, *, published: str | date | None = None) -> Document:
    """Parse a file: plain text, HTML, PDF or DOCX, detected from its content. ``published``
    as for :func:`parse_text`."""
    reference = reference_date(published, str(path))
    loaded = load_path(path)
    return _parse(loaded.text, loaded.source, loaded.notes, reference)


def reference_date(published: str | date | None, source: str | None = None) -> date | None:
    """``published`` as a date: ``YYYY-MM-DD`` (a time after it is ignored) or a date object."""
    if published is None or isinstance(published, date):
        return published.date() if isinstance(published, datetime) else published
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z]*)?\s*", str(published))
    try:
        if m is None:
            raise ValueError
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ReferenceDateError(f"published date {published!r} is not a date (YYYY-MM-DD)", source=source) from None


def _parse(text: str, source: Source, notes: tuple[str, ...], reference: date | None = None) -> Document:
    mt = normalize(text)
    # The text's own dates give the year first; the page's publication date only when it gives none.
    doc_year = document_year(mt.text, reference.year if reference else None)
    preamble, regions = find_regions(mt.text)
    notices: list[Notice] = []
    if preamble is not None:
        pre_region = Region(preamble[0], preamble[1], None, preamble[0])
        notices.extend(_notices_for(mt, pre_region, doc_year, require_changes=True, reference=reference))
    official: list[tuple[int, int]] = []
    for k, region in enumerate(regions):
        header = None
        if region.header is not None:
            # A notice ends with its signature date; what follows (more reports on the page)
            # is read as its own region.
            header = read_header(mt.text, region, doc_year)
            if header.end is not None and mt.text[header.end : region.end].strip():
                tail = Region(header.end, region.end, None, header.end)
                region = Region(region.start, header.end, region.header, region.body_start)
                regions[k] = region
                regions.insert(k + 1, tail)
                header = None  # read again over the shortened region
            official.append((region.start, region.end))
        # A region without a header block is a notice only if it relays changes.
        notices.extend(_notices_for(mt, region, doc_year, require_changes=region.header is None, header=header, reference=reference))
    from .reports import extract_reports

    reports = [_with_change_places(r, notices) for r in extract_reports(mt, doc_year, official)]

    warnings = tuple(Warning("encoding", n) for n in notes)
    return Document(source=source, text=text, notices=tuple(notices), reports=tuple(reports), warnings=warnings)


def _notices_for(
    mt: MappedText, region: Region, doc_year: int | None, *, require_changes: bool, header: NoticeHeader | None = None,
    reference: date | None = None,
) -> list[Notice]:
    text = mt.text
    if require_changes and not change_words().search(text, region.start, region.end):
        return []
    header = header or read_header(text, region, doc_year)
    if region.header is None and header.issue_date is None and header.issuer is not None:
        header.issue_date = resolve_near(_relay_date(text, region, header.issuer, reference), doc_year, header.effective_anchor)
    if header.issue_date is None:
        header.issue_date = page_date(text, region, doc_year, reference)
    settle_effective(header)
    if header.effective is None:
        header.effective = unstated_effective(text, (region.start, region.end), header.issue_date)
    body_end = header.signature[0] if header.signature and header.signature[0] > region.body_start else region.end
    # The passage before the lists (and the title, issuer) gives the district and township that
    # items written without them inherit.
    lead_end = _cut_lead(text, region.body_start, first_list(text, region.body_start, body_end))
    ctx = _scope_context(text, header, (region.body_start, lead_end))
    ext = extract_changes(text, region.body_start, body_end, ctx, lead=(region.body_start, max(lead_end, _lead_line_end(text, region.body_start, body_end))))
    if require_changes and not ext.changes:
        return []
    if region.header is None:
        relayed = _split_by_issuer(mt, region, header, ext, doc_year, reference)
        if relayed:
            return [n for h, part in relayed for n in _records(mt, region, h, part, ctx)]
    return _records(mt, region, header, ext, ctx)


def _split_by_issuer(mt: MappedText, region: Region, header: NoticeHeader, ext, doc_year: int | None, reference: date | None = None):
    """A report relaying decisions of several bodies (成华区指挥部…; 同日,武侯区指挥部…): one
    notice per body, each holding the changes written after it names that body."""
    from copy import copy

    from .changes import Extraction
    from .issuers import same_body
    from .notices import find_issuers_in_body

    text = mt.text
    mentions = []
    for m in find_issuers_in_body(text, region.start, region.end):
        # 哈尔滨市指挥部 after 哈尔滨市应对新冠肺炎疫情工作指挥部 names the same body again.
        # A body named again as publishing (…刚发布过2021年13号通告) issues another notice.
        if _publishes(text, m[1]) or not any(same_body(text, m, k) for k in mentions):
            mentions.append(m)
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
        h.issue_date = resolve_near(_relay_date(text, region, (a, b), reference), doc_year, h.effective_anchor)
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
    tail = text[:end].rstrip()
    return bool(tail) and "\u4e00" <= tail[-1] <= "\u9fff" and end >= len(text.rstrip())


def _publishes(text: str, end: int) -> bool:
    """The body named before ``end`` publishes a notice (发布/印发/公布…通告), not only decides."""
    return bool(re.match(r"[^,。;]{0,16}?(?:发布|印发|公布)[^,。;]{0,12}?(?:通告|公告|通知|通报)", text[end : end + 40]))


def _records(mt: MappedText, region: Region, header: NoticeHeader, ext, ctx) -> list[Notice]:
    """Notice records (one per city) for one header and its extraction."""
    text = mt.text
    resolver = Resolver(mt)
    texts = [t for t in (_w(text, header.issuer), _w(text, header.title)) if t]
    district_names = [text[rc.item.district[0] : rc.item.district[1]] for rc in ext.changes if rc.item.district]
    if ctx.district:
        district_names.append(text[ctx.district[0] : ctx.district[1]])
    town_names = [text[p[0] : p[1]] for rc in ext.changes if not rc.item.district for p in rc.item.parts[:1]]
    district_towns = [text[p[0] : p[1]] for rc in ext.changes if rc.item.district for p in rc.item.parts[:1]]
    province, city = notice_place(resolver, texts, district_names, town_names, district_towns)
    resolver.province, resolver.city = province, city
    issue_iso = iso(header.issue_date, with_time=False) if header.issue_date and header.issue_date.year else None
    effective = header.effective
    per_change = change_effectives(
        text, (region.body_start, region.end), [(rc.item.span[0], rc.anchor[0]) for rc in ext.changes],
        [rc.kind for rc in ext.changes], effective, header.issue_date,
        header.issue_date.year if header.issue_date and header.issue_date.year else header.doc_year,
    )
    changes, change_warnings = build_changes(resolver, ext, effective, per_change)
    warnings = [Warning(code, msg, mt.original_span(*span) if span else None) for code, msg, span in ext.warnings]
    warnings.extend(change_warnings)
    if region.end >= len(text.rstrip()) and _cut_off(text, region):
        warnings.append(Warning("truncated", "the text ends mid-sentence; the notice may be incomplete", mt.original_span(max(region.start, region.end - 20), region.end)))
    spans = {}
    for key, span in (("issuer", header.issuer), ("title", header.title), ("doc_number", header.doc_number), ("effective", header.effective_span)):
        if span:
            spans[key] = mt.original_span(*span)
    if header.issue_date:
        spans["issue_date"] = mt.original_span(header.issue_date.start, header.issue_date.end)
    issuer = None
    if header.issuer_parts:
        issuer = "".join(clean_value(mt.original_slice(*p)) for p in header.issuer_parts)
        issuer = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", issuer)  # a name wrapped at a column edge
    base = dict(
        issuer=issuer,
        doc_number=_value(mt, header.doc_number),
        title=_value(mt, header.title),
        issue_date=issue_iso,
        effective=effective,
        measures=tuple(clean_value(mt.original_slice(*m)) for m in ext.measures),
        span=mt.original_span(region.start, region.end),
        spans=spans,
    )
    groups = _group_by_city(changes, province.name if province else None, city.name if city else None)
    out = []
    for (prov, cty), chs in groups:
        out.append(Notice(province=prov, city=cty, changes=tuple(chs), warnings=tuple(warnings), **base))
    return out


def _with_change_places(report: Report, notices: list[Notice]) -> Report:
    """A report's places: the areas of zone changes it relays (resolved with their district),
    and the other places of its story."""
    if report.span is None:
        return report
    rs, re_ = report.span
    # A headline (or a masthead's 原标题) restates the story; the places are those of the
    # story's own sentences, from its lead on.
    bs = report.spans.get("body", report.span)[0]
    relayed = [c for n in notices for c in n.changes if c.span and bs <= c.span[0] < re_ and c.area not in ("其他区域",)]
    if not relayed:
        return report
    own = [p for p in report.places if not any(p.span and p.span[0] < c.span[1] and c.span[0] < p.span[1] or _names_again(p, c) for c in relayed)]
    from_changes = [Place(area=c.area, province=c.province, city=c.city, district=c.district, adcode=c.adcode, span=c.span) for c in relayed]
    seen: set[tuple] = set()
    places = []
    for p in sorted(own + from_changes, key=lambda p: p.span or (0, 0)):
        key = (to_simplified(p.district or ""), to_simplified(p.area))  # 天河區 and 天河区 are one
        if key not in seen:
            seen.add(key)
            places.append(p)
    return replace(report, places=tuple(places))


def _names_again(place: Place, change: ZoneChange) -> bool:
    """The story names a relayed place again, more briefly (永安村 for 永安村8组)."""
    same_district = place.district is None or to_simplified(place.district) == to_simplified(change.district or "")
    return same_district and to_simplified(change.area).startswith(to_simplified(place.area))


def _relay_date(text: str, region: Region, issuer: tuple[int, int], reference: date | None = None) -> DateMention | None:
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
    m = _DATELINE_RX.search(text, region.start, region.end)
    if m:
        d = find_dates(m.group("d"))[0]
        return DateMention(m.start(), m.end(), d.year, d.month, d.day)
    return None


def _month_for(text: str, region: Region, pos: int, day: int, reference: date | None) -> int | None:
    """The month of a day written alone: that of the last date before it, else the page's."""
    lead = [d for d in find_dates(text[region.start : pos]) if d.month]
    if lead:
        return lead[-1].month
    m = _DATELINE_RX.search(text, region.start, region.end)
    if m:
        return find_dates(m.group("d"))[0].month
    if reference is not None and 1 <= day <= 31:
        return reference.month if day <= reference.day else (reference.month - 2) % 12 + 1
    return None


def _group_by_city(changes: list[ZoneChange], province: str | None, city: str | None):
    """One notice per city when a relayed decision covers several (a provincial roundup)."""
    order: list[tuple[str | None, str | None]] = []
    groups: dict[tuple[str | None, str | None], list[ZoneChange]] = {}
    keys = [(c.province or province, c.city) for c in changes]
    # A change whose city is not known (城关区其他区域: 城关区 is in two cities) goes with the
    # changes of the same district whose city is known, rather than make a notice of its own.
    city_of_district = {to_simplified(c.district): k for c, k in zip(changes, keys) if k[1] is not None and c.district}
    for i, (c, k) in enumerate(zip(changes, keys)):
        if k[1] is None and c.district and to_simplified(c.district) in city_of_district:
            keys[i] = city_of_district[to_simplified(c.district)]
    for c, key in zip(changes, keys):
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    if len(groups) <= 1:
        if groups:
            (p, c), = groups.keys()
            return [((p or province, c or city), changes)]
        return [((province, city), [])]
    return [(k, groups[k]) for k in order]


def _w(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def _value(mt: MappedText, span: tuple[int, int] | None) -> str | None:
    return clean_value(mt.original_slice(*span)) if span else None


def _cut_lead(text: str, s: int, e: int) -> int:
    """The lead passage stops at the verb that introduces the list (将/对)."""
    m = None
    for m in re.finditer(r"(?:,|,)\s*(?:将|对|把)", text[s:e]):
        pass
    return s + m.start() if m else e


def _lead_line_end(text: str, s: int, e: int) -> int:
    """End of the first body line that talks about zones (where totals are announced)."""
    pos = s
    for ln in text[s:e].split("\n"):
        if re.search(r"风险|封控|管控|防范", ln):
            return pos + len(ln)
        pos += len(ln) + 1
    return s


def _scope_context(text: str, header: NoticeHeader, lead: tuple[int, int]) -> ItemContext:
    """District and township every item inherits unless it names its own."""
    district = None
    # A body that only approved the notice (经某区指挥部同意) says nothing of where its places lie.
    if header.issuer and header.issuer_kind != "approve":
        s, e = header.issuer
        for i in range(s, e):
            d_end = body_county_at(text, i, e)
            if d_end is not None and (i == s or _ends_admin(text, s, i)):
                district = (i, d_end)
                break
    spans = [sp for sp in (header.title, lead) if sp]
    counties, towns = find_scope(text, spans)
    if district is None:
        names = {text[a:b] for a, b in counties}
        if len(names) == 1:
            district = counties[0]
    town = None
    names = {text[a:b] for a, b in towns}
    if len(names) == 1:
        town = towns[0]
    return ItemContext(district=district, town=town)


def _ends_admin(text: str, s: int, i: int) -> bool:
    from .gazetteer import gazetteer

    g = gazetteer()
    return any(g.lookup(text[j:i], (1, 2)) for j in range(max(s, i - 8), i - 1))


def _cut_off(text: str, region: Region) -> bool:
    tail = text[region.start : region.end].rstrip()
    return bool(tail) and bool(re.search(r"[\u4e00-\u9fff]$", tail)) and bool(re.search(r"(?:和|及|的|与|或|按照|根据)$", tail))

"""The parsing pipeline: text → working text with offset map → notices, changes, reports → records."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from .assemble import Resolver, build_changes, notice_place
from .changes import extract_changes
from .dates import iso, resolve_near
from .errors import EmptyInputError, InputTypeError, InternalError, NoticeError, ReferenceDateError
from .gazetteer import gazetteer
from .grammar import change_words
from .ingest import load_bytes, load_path
from .districts import body_county_at
from .items import ItemContext
from .normalize import clean_value, normalize, to_simplified
from .issue_dates import page_date
from .relays import relay_date, split_by_issuer
from .reports import extract_reports
from .report_places import changes_by_start, with_change_places
from .timing import change_effectives, unstated_effective
from .signature import read_signature
from .notices import NoticeHeader, Region, document_year, find_regions, read_header, settle_effective
from .records import Document, Notice, Source, Warning, ZoneChange
from .scope import find_scope
from .spans import content_end
from .textmap import MappedText
from .totals import lead_end as first_list

__all__ = ["parse_text", "parse_file", "parse_bytes", "parse_loaded"]

def parse_text(text: str, *, source: str | None = None, published: str | date | None = None) -> Document:
    """Parse a notice, report or page given as text. ``source`` names it in records and errors;
    ``published`` (``YYYY-MM-DD`` or a date) is when the page was published, as a crawler
    records it: it dates what the text leaves without a year, and only that."""
    if not isinstance(text, str):
        raise InputTypeError(f"parse_text expects str, not {type(text).__name__}; use parse_file for bytes and files", source=source)
    reference = reference_date(published, source)
    if not text.strip():
        raise EmptyInputError("empty input (no text)", source=source)
    src = Source(source, "text", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), None)
    return parse_loaded(text, src, (), reference)


def parse_file(path: str | Path, *, published: str | date | None = None) -> Document:
    """Parse a file: plain text, HTML, PDF or DOCX, detected from its content. ``published``
    as for :func:`parse_text`."""
    reference = reference_date(published, str(path))
    loaded = load_path(path)
    return parse_loaded(loaded.text, loaded.source, loaded.notes, reference)


def parse_loaded(text: str, source: Source, notes: tuple[str, ...] = (), reference: date | None = None) -> Document:
    """Parse text already read from an input. Lone surrogate code points (from a JSON
    ``"\\ud800"`` escape or a broken decoder) are replaced by U+FFFD, with a warning: they are
    no characters and could not be written out as UTF-8. Anything other than a
    :class:`NoticeError` raised while parsing is a fault of the parser and is raised as
    :class:`InternalError` naming the input."""
    if _SURROGATE_RX.search(text):
        count = len(_SURROGATE_RX.findall(text))
        text = _SURROGATE_RX.sub("\ufffd", text)
        notes = notes + (f"{count} lone surrogate code point(s) replaced by U+FFFD",)
    try:
        return _parse(text, source, notes, reference)
    except NoticeError:
        raise
    except RecursionError:
        raise InternalError("internal error: input nested too deeply to parse", source=source.id) from None
    except Exception as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise InternalError(f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report it with this input", source=source.id) from exc


_SURROGATE_RX = re.compile("[\ud800-\udfff]")
_ZONE_TALK_RX = re.compile(r"风险|封控|管控|防范")
_LIST_VERB_RX = re.compile(r"(?:,|,)\s*(?:将|对|把)")
_ENDS_HAN_RX = re.compile(r"[\u4e00-\u9fff]$")
_ENDS_MID_PHRASE_RX = re.compile(r"(?:和|及|的|与|或|按照|根据)$")


def parse_bytes(data: bytes, *, source: str | None = None, published: str | date | None = None) -> Document:
    """Parse the bytes of a file (text, HTML, PDF or DOCX, detected from the content), e.g. an
    upload; ``source`` names it (its suffix helps tell DOCX from other zips). ``published`` as
    for :func:`parse_text`."""
    reference = reference_date(published, source)
    loaded = load_bytes(data, source_id=source, suffix=Path(source).suffix.lower() if source else "")
    return parse_loaded(loaded.text, loaded.source, loaded.notes, reference)


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
        elif not change_words().search(mt.text, region.start, region.end):
            continue  # no header block and no zone word or lifting: no notice, its signature is not read
        else:
            header = _signed_twice(mt.text, regions, k, doc_year)
            region = regions[k]
        # A region without a header block is a notice only if it relays changes.
        notices.extend(_notices_for(mt, region, doc_year, require_changes=region.header is None, header=header, reference=reference))
    # A report's places include the changes it relays, even those the page states twice.
    relayable = changes_by_start(notices)
    reports = [with_change_places(r, relayable) for r in extract_reports(mt, doc_year, official)]
    notices = _without_repeats(notices)

    warnings = tuple(Warning(*n) if isinstance(n, tuple) else Warning("encoding", n) for n in notes)
    return Document(source=source, text=text, notices=tuple(notices), reports=tuple(reports), warnings=warnings)


def _signed_twice(text: str, regions: list[Region], k: int, doc_year: int | None) -> NoticeHeader | None:
    """A text without a title that prints two signed notices one after the other (a page
    relaying two decisions of one office): when what follows the first signature date carries
    a signature of its own and a change, it is a notice of its own, and the region is cut there.
    Returns the region's header when it stays whole (read once), None when it was cut."""
    region = regions[k]
    header = read_header(text, region, doc_year)
    if header.end is None or not text[header.end : region.end].strip():
        return header
    tail = Region(header.end, region.end, None, header.end)
    if not change_words().search(text, tail.start, tail.end) or read_signature(text, tail.start, tail.end).span is None:
        return header
    regions[k] = Region(region.start, header.end, None, region.body_start)
    regions.insert(k + 1, tail)
    return None


_SEAL_NOTE_RX = re.compile(r"[((](?:代章|盖章|印章|章)[))]$")


def _without_repeats(notices: list[Notice]) -> list[Notice]:
    """A page that prints one decision twice (a summary over the full text, a report quoting the
    notice it relays) states each change twice: a change identical to one of an earlier notice
    of the same page (district, area, zones, kind) is that change, and is left out there with a
    warning."""
    def key(c: ZoneChange) -> tuple:
        return (to_simplified(c.district or ""), to_simplified(c.area), c.from_zone, c.to_zone, c.kind)

    seen: set[tuple] = set()
    out = []
    for n in notices:
        keys = [key(c) for c in n.changes]
        keep = [c for c, k in zip(n.changes, keys) if k not in seen]
        repeated = [c for c, k in zip(n.changes, keys) if k in seen]
        seen.update(keys)
        if repeated:
            names = "、".join(c.area for c in repeated[:3]) + ("…" if len(repeated) > 3 else "")
            warning = Warning("repeated", f"{len(repeated)} change(s) repeat ones read earlier on the page ({names}); given once", repeated[0].span)
            n = replace(n, changes=tuple(keep), warnings=n.warnings + (warning,))
        out.append(n)
    return out


def _notices_for(
    mt: MappedText, region: Region, doc_year: int | None, *, require_changes: bool, header: NoticeHeader | None = None,
    reference: date | None = None,
) -> list[Notice]:
    text = mt.text
    if require_changes and not change_words().search(text, region.start, region.end):
        return []
    header = header or read_header(text, region, doc_year)
    if region.header is None and header.issue_date is None and header.issuer is not None:
        header.issue_date = resolve_near(relay_date(text, region, header.issuer, reference), doc_year, header.effective_anchor)
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
    if header.end is not None and body_end < header.end < region.end:
        _read_appended_lists(text, header.end, region.end, ctx, ext)
    if require_changes and not ext.changes:
        return []
    if region.header is None:
        relayed = split_by_issuer(mt, region, header, ext, doc_year, reference)
        if relayed:
            return [n for h, part in relayed for n in _records(mt, region, h, part, ctx)]
    return _records(mt, region, header, ext, ctx)


def _read_appended_lists(text: str, s: int, e: int, ctx, ext) -> None:
    """Lists printed after a notice's signature and date (the zones as they stand after it:
    ``呼和浩特市高风险地区(4个)(截至…)``) belong to the notice: their changes are added when
    they are lists under zone headings (not sentences of other texts on the page)."""
    more = extract_changes(text, s, e, ctx)
    listed = [rc for rc in more.changes if rc.section is not None]
    if listed:
        ext.changes.extend(listed)
        ext.warnings.extend(more.warnings)


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
    if region.end >= content_end(text) and _cut_off(text, region):
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
        issuer = _SEAL_NOTE_RX.sub("", issuer)  # …领导小组办公室(代章): the seal, not the name
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
    for m in _LIST_VERB_RX.finditer(text[s:e]):
        pass
    return s + m.start() if m else e


def _lead_line_end(text: str, s: int, e: int) -> int:
    """End of the first body line that talks about zones (where totals are announced)."""
    pos = s
    for ln in text[s:e].split("\n"):
        if _ZONE_TALK_RX.search(ln):
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
    g = gazetteer()
    return any(g.lookup(text[j:i], (1, 2)) for j in range(max(s, i - 8), i - 1))


def _cut_off(text: str, region: Region) -> bool:
    tail = text[region.start : region.end].rstrip()
    return bool(tail) and bool(_ENDS_HAN_RX.match(tail, len(tail) - 1)) and bool(_ENDS_MID_PHRASE_RX.search(tail))

"""One self-contained HTML page showing what was extracted from a document: the text with
entities highlighted (displaCy), the records beside it, and every warning."""

from __future__ import annotations

import html
from typing import Iterable

from .records import Document

__all__ = ["render_page"]

# Highlight colours per label; zone codes for change areas, upper-case for annotation layers.
COLORS = {
    "high_risk": "#f28b82",
    "medium_risk": "#fbbc04",
    "low_risk": "#ccff90",
    "sealed": "#ff8a80",
    "controlled": "#ffd180",
    "precaution": "#a7ffeb",
    "lifted": "#cfd8dc",
    "ZONE": "#e6c9ff",
    "ORG": "#aecbfa",
    "DATE": "#fdcfe8",
    "PLACE": "#d7f5d0",
    "COUNTY": "#c8e6c9",
    "TOWN": "#dcedc8",
    "CITY": "#b2dfdb",
    "PROVINCE": "#b2ebf2",
    "记者": "#ffe0b2",
    "通讯员": "#ffe0b2",
    "TITLE": "#e8eaed",
    "DOC_NUMBER": "#e8eaed",
}
_PRIORITY = ["area", "issuer", "doc_number", "bylines", "zones", "dates", "orgs", "places"]


def _entities(doc: Document, annotations) -> list[dict]:
    """Non-overlapping highlight spans, records first, then the annotation layers."""
    cands: list[tuple[int, int, int, str]] = []
    for n in doc.notices:
        for c in n.changes:
            span = c.spans.get("area") or c.span
            if span:
                cands.append((0, span[0], span[1], c.to_zone))
        for key, label in (("issuer", "ORG"), ("doc_number", "DOC_NUMBER"), ("title", "TITLE")):
            if key in n.spans:
                s, e = n.spans[key]
                cands.append((1, s, e, label))
    for a in annotations:
        label = "ZONE" if a.key == "zones" else a.label
        cands.append((_PRIORITY.index(a.key) if a.key in _PRIORITY else 9, a.start, a.end, label))
    taken: list[tuple[int, int]] = []
    ents = []
    for _, s, e, label in sorted(cands, key=lambda c: (c[0], -(c[2] - c[1]))):
        if e <= s or any(s < b and a < e for a, b in taken):
            continue
        taken.append((s, e))
        ents.append({"start": s, "end": e, "label": label})
    return sorted(ents, key=lambda x: x["start"])


def _cell(value) -> str:
    return "" if value is None else html.escape(str(value))


def _rows(items: Iterable[Iterable]) -> str:
    return "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in items)


def render_page(doc: Document, annotations) -> str:
    """The HTML page (a string); ``annotations`` come from :func:`notice_nlp.nlp.annotate`."""
    from spacy import displacy

    ents = _entities(doc, annotations)
    marked = displacy.render(
        {"text": doc.text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        options={"colors": COLORS},
    )
    parts = []
    for i, n in enumerate(doc.notices, 1):
        meta = [("issuer", n.issuer), ("doc_number", n.doc_number), ("title", n.title), ("issue_date", n.issue_date), ("effective", n.effective), ("province", n.province), ("city", n.city)]
        parts.append(f'<section class="notice"><h3>Notice {i}</h3><table class="meta">{_rows(meta)}</table>')
        parts.append(
            '<table class="changes"><thead><tr><th>district</th><th>area</th><th>from</th><th>to</th><th>kind</th><th>adcode</th></tr></thead><tbody>'
            + _rows((c.district, c.area, c.from_zone, c.to_zone, c.kind, c.adcode) for c in n.changes)
            + "</tbody></table>"
        )
        if n.warnings:
            parts.append('<ul class="warnings">' + "".join(f"<li>{_cell(w.message)}</li>" for w in n.warnings) + "</ul>")
        parts.append("</section>")
    for i, r in enumerate(doc.reports, 1):
        parts.append(f'<section class="report"><h3>Report {i}: {_cell(r.title)}</h3><p>date: {_cell(r.date)}</p>')
        parts.append('<table class="places"><thead><tr><th>district</th><th>area</th><th>adcode</th></tr></thead><tbody>' + _rows((p.district, p.area, p.adcode) for p in r.places) + "</tbody></table>")
        parts.append('<p class="people">' + "、".join(f"{_cell(p.role)} {_cell(p.name)}" for p in r.people) + "</p></section>")
    if doc.warnings:
        parts.append('<ul class="warnings">' + "".join(f"<li>{_cell(w.message)}</li>" for w in doc.warnings) + "</ul>")
    legend = "".join(f'<span class="key" style="background:{c}">{html.escape(k)}</span>' for k, c in COLORS.items())
    title = html.escape(doc.source.id or "document")
    n_changes = sum(len(n.changes) for n in doc.notices)
    n_warn = sum(len(n.warnings) for n in doc.notices) + len(doc.warnings)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; margin: 0; color: #202124; }}
header {{ padding: 12px 20px; background: #f1f3f4; border-bottom: 1px solid #dadce0; }}
main {{ display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 20px; padding: 20px; }}
#text {{ line-height: 2.3; font-size: 15px; }}
#records table {{ border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; width: 100%; }}
#records td, #records th {{ border: 1px solid #dadce0; padding: 3px 6px; text-align: left; }}
.warnings li {{ color: #b3261e; }}
.key {{ display: inline-block; padding: 0 6px; margin: 2px; border-radius: 3px; font-size: 12px; }}
</style></head>
<body><header><h1 style="font-size:18px;margin:0">{title}</h1>
<p id="summary">{len(doc.notices)} notice(s), {n_changes} change(s), {len(doc.reports)} report(s), {n_warn} warning(s)</p>
<div id="legend">{legend}</div></header>
<main><div id="text">{marked}</div><div id="records">{"".join(parts)}</div></main>
</body></html>
"""

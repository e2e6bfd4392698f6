"""A notice rendered into an office's own Word file (its red letterhead, styles and page setup).

The file holds docxtpl-style placeholders, in the body, tables, headers or footers:

``{{ issuer }}``, ``{{ number }}`` (the number line as the notice prints it: (2022年第165号), or
并防办〔2022〕165号 with a ``doc_prefix``), ``{{ doc_number }}`` (as given: 2022年第165号),
``{{ doc_number_short }}`` (并防办〔2022〕165号), ``{{ title }}``, ``{{ issue_date }}`` (2022年11月17日), ``{{ signature }}``
(the signing body), and ``{{ body }}`` alone in a paragraph, which becomes the notice's
paragraphs: lead, headings, lists, measures, closing. Where the file has no ``{{ title }}`` the
title opens the body; where it has no ``{{ signature }}`` the signature and date close it. The
file's own styles are kept; the ``Notice …`` styles of ``docx_layout`` are added only where the
file does not define them. A placeholder split over several runs is joined and set in the
first run's formatting. An unknown placeholder is an error.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import InputError
from .render import Block, TemplateError

__all__ = ["render_into", "PLACEHOLDERS"]

PLACEHOLDERS = ("issuer", "number", "doc_number", "doc_number_short", "title", "issue_date", "signature", "body")
_RX = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _paragraphs(doc):
    """Every paragraph of the document: body, table cells, headers and footers."""
    seen = set()

    def walk(container):
        for p in container.paragraphs:
            yield p
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    parts = [doc]
    for s in doc.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer, s.even_page_header, s.even_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf)
    for part in parts:
        for p in walk(part):
            if id(p._p) not in seen:
                seen.add(id(p._p))
                yield p


def render_into(template: str | Path, blocks: list[Block], fields: dict[str, str | None]) -> bytes:
    from docx import Document

    from .docx_layout import STYLES, add_blocks, add_styles

    path = Path(template)
    try:
        doc = Document(str(path))
    except FileNotFoundError:
        raise InputError("no such Word template", source=str(path)) from None
    except Exception as exc:
        raise InputError(f"unreadable Word template ({type(exc).__name__})", source=str(path)) from None
    names = {s.name for s in doc.styles}
    if not all(n in names for n in STYLES):
        add_styles(doc, keep_existing=True)
    used = {m.group(1) for p in _paragraphs(doc) for m in _RX.finditer(p.text)}
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        raise TemplateError(f"unknown placeholder(s) {', '.join('{{ ' + u + ' }}' for u in unknown)} (known: {', '.join(PLACEHOLDERS)})", source=str(path))
    if "body" not in used:
        raise TemplateError("the Word template has no {{ body }} paragraph", source=str(path))
    values = {k: v or "" for k, v in fields.items()}
    body = [b for b in blocks if b.role not in ("banner", "docno", "title", "signature")]
    if "title" not in used:
        body = [b for b in blocks if b.role == "title"] + body
    if "signature" not in used:
        body += [b for b in blocks if b.role == "signature"]
    anchor = None
    for p in list(_paragraphs(doc)):
        text = p.text
        if not _RX.search(text):
            continue
        if text.strip() == "{{ body }}" or re.fullmatch(r"\s*\{\{\s*body\s*\}\}\s*", text):
            anchor = p
            continue
        new = _RX.sub(lambda m: values.get(m.group(1), ""), text)
        runs = p.runs
        if runs:
            runs[0].text = new
            for r in runs[1:]:
                r.text = ""
        else:
            p.add_run(new)
    if anchor is not None:
        add_blocks(doc, body, anchor=anchor)
        anchor._p.getparent().remove(anchor._p)
    if fields.get("title"):
        doc.core_properties.title = fields["title"]
    if fields.get("signature"):
        doc.core_properties.author = fields["signature"]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

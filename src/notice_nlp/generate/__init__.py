"""Draft notices from structured input, in the form an issuing office uses, that parse back to
the same records. ``generate(data, template=…, format=…)`` is the API; the CLI wraps it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .inputs import InputValidationError, NoticeInput, input_schema, load_input, validate_input
from .render import TemplateError, blocks_from_markdown, catalog, markdown_to_text, render_html, render_markdown
from .view import build_view

__all__ = ["generate", "FORMATS", "InputValidationError", "TemplateError", "NoticeInput", "input_schema", "load_input", "validate_input", "catalog"]

FORMATS = ("text", "md", "html", "docx", "pdf")


def generate(
    data: dict[str, Any] | NoticeInput,
    *,
    template: str = "risk_adjustment",
    format: str = "text",  # noqa: A002 - the user's word
    templates_dir: str | Path | None = None,
    source: str | None = None,
    font_dir: str | Path | None = None,
    docx_template: str | Path | None = None,
) -> str | bytes:
    """Render a notice: ``str`` for text, md and html; ``bytes`` for docx and pdf. ``font_dir``
    holds an office's own font files for the PDF (see ``generate.fonts``); ``docx_template`` is an
    office's own Word file with placeholders to render into (see ``generate.docx_template``)."""
    if format not in FORMATS:
        raise TemplateError(f"unknown format '{format}' (known: {', '.join(FORMATS)})")
    notice = data if isinstance(data, NoticeInput) else validate_input(data, source=source)
    cat = catalog(templates_dir)
    if template not in cat:
        raise TemplateError(f"unknown template '{template}' (known: {', '.join(sorted(cat))})")
    missing = [f for f in cat[template].get("required", []) if getattr(notice, f, None) in (None, "", ())]
    if missing:
        raise InputValidationError([f"{f}: required by template '{template}'" for f in missing], source=source)
    view = build_view(notice, default_title=cat[template].get("default_title", "关于调整风险区域的通告"), mixed_title=cat[template].get("mixed_title"))
    md = render_markdown(template, view, templates_dir)
    if format == "md":
        return md
    if format == "text":
        return markdown_to_text(md)
    if format == "html":
        return render_html(md, templates_dir)
    from .formats import to_docx, to_pdf

    blocks = blocks_from_markdown(md)
    if format == "docx":
        fields = {
            "issuer": view.issuer, "number": view.number_line, "doc_number": view.doc_number, "doc_number_short": view.doc_number_short,
            "title": view.title, "issue_date": view.issue_date_cn, "signature": view.signature,
        }
        return to_docx(blocks, title=view.title, author=view.signature, template=str(docx_template) if docx_template else None, fields=fields)
    return to_pdf(blocks, title=view.title, author=view.signature, font_dir=font_dir)

"""Office formats laid out after GB/T 9704-2012: Word (python-docx) and PDF (reportlab).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋 on a
28 characters × 22 lines grid; title 2号 (22 pt) 小标宋; the issuer mark in red. East Asian
fonts are set on ``w:rFonts/@w:eastAsia`` so Word applies them to Chinese text. The PDF is set
by ``pdf_layout`` in the faces ``fonts`` finds, embedded.
"""

from __future__ import annotations

from .render import Block

__all__ = ["to_docx", "to_pdf"]


def to_docx(blocks: list[Block], *, title: str | None = None, author: str | None = None, template: str | None = None, fields: dict | None = None) -> bytes:
    """Word per GB/T 9704 (``docx_layout``); with ``template``, rendered into an office's own
    Word file (``docx_template``)."""
    if template is not None:
        from .docx_template import render_into

        return render_into(template, blocks, fields or {})
    from .docx_layout import layout_docx

    return layout_docx(blocks, title=title, author=author)


def to_pdf(blocks: list[Block], *, title: str | None = None, author: str | None = None, font_dir: str | None = None) -> bytes:
    """PDF per GB/T 9704 (``pdf_layout``), its faces found and embedded by ``fonts``; a face that
    falls back is a :class:`~notice_nlp.generate.fonts.FontFallbackWarning`."""
    import warnings

    from .fonts import FontFallbackWarning, resolve_fonts
    from .pdf_layout import layout_pdf

    fonts = resolve_fonts(str(font_dir) if font_dir else None)
    for note in fonts.notes:
        warnings.warn(note, FontFallbackWarning, stacklevel=3)
    return layout_pdf(blocks, fonts, title=title, author=author)

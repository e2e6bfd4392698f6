"""Office formats laid out after GB/T 9704-2012: Word (python-docx) and PDF (reportlab).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋 on a
28 characters × 22 lines grid; title 2号 (22 pt) 小标宋; the issuer mark in red. East Asian
fonts are set on ``w:rFonts/@w:eastAsia`` so Word applies them to Chinese text. The PDF is set
by ``pdf_layout`` in the faces ``fonts`` finds, embedded.
"""

from __future__ import annotations

import io

from .render import Block

__all__ = ["to_docx", "to_pdf", "PAGE_MM", "MARGINS_MM"]

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
_SIZES = {"banner": 26, "title": 22, "docno": 16, "heading": 16, "para": 16, "signature": 16}
_FONTS = {"banner": "方正小标宋简体", "title": "方正小标宋简体", "heading": "黑体", "docno": "仿宋_GB2312", "para": "仿宋_GB2312", "signature": "仿宋_GB2312"}


def to_docx(blocks: list[Block]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # 28 characters × 22 lines: the document grid of GB/T 9704.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "0")
    for b in blocks:
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        if b.role in ("banner", "title", "docno"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.role == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if b.first:
                fmt.space_before = Pt(32)
        else:
            fmt.first_line_indent = Pt(32)
        run = p.add_run(b.text)
        run.font.size = Pt(_SIZES[b.role])
        run.font.name = "Times New Roman"
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), _FONTS[b.role])
        if b.role == "banner":
            run.font.color.rgb = RGBColor(0xD0, 0x00, 0x00)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


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

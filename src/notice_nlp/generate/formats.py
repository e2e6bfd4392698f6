"""Office formats laid out after GB/T 9704-2012: Word (python-docx) and PDF (reportlab).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋 on a
28 characters × 22 lines grid; title 2号 (22 pt) 小标宋; the issuer mark in red. East Asian
fonts are set on ``w:rFonts/@w:eastAsia`` so Word applies them to Chinese text. The PDF uses
reportlab's built-in ``STSong-Light`` CID font: it needs no font file and reads back exactly.
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


def to_pdf(blocks: list[Block]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = "STSong-Light"
    try:
        pdfmetrics.getFont(font)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    base = dict(fontName=font, fontSize=16, leading=28.9, wordWrap="CJK")
    styles = {
        "banner": ParagraphStyle("banner", **{**base, "fontSize": 24, "leading": 36}, alignment=TA_CENTER, textColor=colors.HexColor("#d00000"), spaceAfter=10),
        "docno": ParagraphStyle("docno", **base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", **{**base, "fontSize": 22, "leading": 34}, alignment=TA_CENTER, spaceBefore=14, spaceAfter=10),
        "heading": ParagraphStyle("heading", **base, firstLineIndent=32),
        "para": ParagraphStyle("para", **base, firstLineIndent=32, alignment=TA_JUSTIFY),
        "signature": ParagraphStyle("signature", **base, alignment=TA_RIGHT, rightIndent=64),
    }
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm,
        leftMargin=MARGINS_MM["left"] * mm, rightMargin=MARGINS_MM["right"] * mm, invariant=1,
    )
    story = []
    for b in blocks:
        if b.role == "signature" and b.first:
            story.append(Spacer(1, 28))
        story.append(Paragraph(_escape(b.text), styles[b.role]))
    doc.build(story)
    return buf.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

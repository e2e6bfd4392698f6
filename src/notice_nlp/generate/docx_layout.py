"""A Word draft laid out after GB/T 9704-2012 (python-docx).

The section: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, a ``linesAndChars``
document grid of 22 lines × 28 characters (line pitch 579 twips; character pitch 156 mm / 28, set
as ``w:charSpace`` relative to the 16 pt body). Paragraph styles carry the faces, each with its
East Asian font on ``w:rFonts/@w:eastAsia``: ``Notice Body`` 3号 仿宋_GB2312, ``Notice Title``
2号 方正小标宋简体, ``Notice Heading 1`` 黑体, ``Notice Heading 2`` 楷体_GB2312, ``Notice Mark``
red 方正小标宋简体 sized to keep the mark on one line, ``Notice Number`` with a red bottom border:
the rule under the 发文字号. The signature is centred over the date, which stands four
characters in from the right; the last paragraph and the signature lines keep with the next,
so Word moves them to the date's page together. Page numbers ``— PAGE —`` in 4号 sit in the
footers, right on odd pages and left on even ones, one character in.
"""

from __future__ import annotations

import io

from .render import Block

__all__ = ["layout_docx", "STYLES", "PAGE_MM", "MARGINS_MM", "LINE_PITCH_TWIPS", "CHAR_SPACE"]

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines
CHAR_SPACE = round((156 / 25.4 * 72 / 28 - 16) * 4096)  # 156 mm / 28 characters, against 16 pt
RED = "D00000"
BODY_PT = 16
# style name → (East Asian face, size pt, outline level or None)
STYLES = {
    "Notice Body": ("仿宋_GB2312", 16, None),
    "Notice Mark": ("方正小标宋简体", 30, None),
    "Notice Number": ("仿宋_GB2312", 16, None),
    "Notice Title": ("方正小标宋简体", 22, 0),
    "Notice Heading 1": ("黑体", 16, 1),
    "Notice Heading 2": ("楷体_GB2312", 16, 2),
    "Notice Signature": ("仿宋_GB2312", 16, None),
    "Notice Page Number": ("宋体", 14, None),
}
_ROLE_STYLE = {"banner": "Notice Mark", "docno": "Notice Number", "title": "Notice Title", "heading": "Notice Heading 1", "heading2": "Notice Heading 2", "para": "Notice Body", "signature": "Notice Signature"}


def text_width(text: str) -> float:
    """Width in characters: a half-width character (digit, Latin letter) counts one half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _east_asian(rpr, face: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), "Times New Roman")
    fonts.set(qn("w:eastAsia"), face)


def add_styles(doc, *, keep_existing: bool = False) -> None:
    """The ``Notice …`` paragraph styles; with ``keep_existing`` (an office's own file) styles
    the document already defines, Normal among them, are left as they are."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor, Twips

    normal = doc.styles["Normal"]
    existing = {s.name for s in doc.styles}
    if not keep_existing:
        normal.font.size = Pt(BODY_PT)
        _east_asian(normal.element.get_or_add_rPr(), "仿宋_GB2312")
        _default_size(doc)
    added = set()
    for name, (face, size, level) in STYLES.items():
        if name in existing and keep_existing:
            continue
        added.add(name)
        style = doc.styles[name] if name in existing else doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = False
        _east_asian(style.element.get_or_add_rPr(), face)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
        fmt.widow_control = True
        if level is not None:
            ppr = style.element.get_or_add_pPr()
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            ppr.append(outline)
    for name in ("Notice Mark", "Notice Number", "Notice Title", "Notice Signature", "Notice Page Number"):
        if name in added:  # set by their own size and spacing, off the character grid
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            doc.styles[name].element.get_or_add_pPr().insert(0, snap)
    if "Notice Mark" in added:
        doc.styles["Notice Mark"].font.color.rgb = RGBColor.from_string(RED)
        doc.styles["Notice Mark"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name in ("Notice Body", "Notice Heading 1", "Notice Heading 2"):
        if name not in added:
            continue
        fmt = doc.styles[name].paragraph_format
        fmt.first_line_indent = Pt(2 * 15.79)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # a quarter point narrower than 3号, so a character fits one grid cell (156/28 mm) in
        # renderers that give a wider character two cells
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), "-5")
        doc.styles[name].element.get_or_add_rPr().append(spacing)
        ind = doc.styles[name].element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
    for name in ("Notice Heading 1", "Notice Heading 2"):
        if name in added:
            doc.styles[name].paragraph_format.keep_with_next = True
    if "Notice Number" in added:
        _bottom_rule(doc.styles["Notice Number"].element.get_or_add_pPr())


def _default_size(doc) -> None:
    """The document default run size is 3号: the grid's character pitch is counted from it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(BODY_PT * 2))
    _east_asian(rpr, "仿宋_GB2312")


def _bottom_rule(ppr) -> None:
    """A red single rule under the paragraph, about 4 mm below its text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", RED)):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def page_setup(section) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(23)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _page_field(paragraph) -> None:
    """``— PAGE —``: the page number as a field Word updates."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            ch = OxmlElement("w:fldChar")
            ch.set(qn("w:fldCharType"), kind)
            run._r.append(ch)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")


def page_numbers(doc, section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = doc.styles["Notice Page Number"]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_field(p)


def add_blocks(doc, blocks: list[Block], anchor=None) -> None:
    """The notice's paragraphs, appended (or inserted before ``anchor``, a paragraph)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    names = [b.text for b in blocks if b.role == "signature"]
    date = names[-1] if names else None
    body_end = max((k for k, b in enumerate(blocks) if b.role not in ("signature",)), default=-1)
    for k, b in enumerate(blocks):
        p = anchor.insert_paragraph_before() if anchor is not None else doc.add_paragraph()
        p.style = doc.styles[_ROLE_STYLE.get(b.role, "Notice Body")]
        fmt = p.paragraph_format
        if b.role in ("banner", "docno", "title"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if b.role == "banner":
            fmt.space_before = Pt(20 / 25.4 * 72)
            size = min(30.0, 156 / 25.4 * 72 / max(text_width(b.text), 1) - 0.5)
            p.add_run(b.text).font.size = Pt(size)
            continue
        if b.role == "docno":
            fmt.space_before = Pt(2 * LINE_PITCH_TWIPS / 20) if any(x.role == "banner" for x in blocks[:k]) else None
        if b.role == "title":
            fmt.space_before = Pt(2 * LINE_PITCH_TWIPS / 20) if any(x.role in ("banner", "docno") for x in blocks[:k]) else None
            fmt.space_after = Pt(LINE_PITCH_TWIPS / 20)
            fmt.line_spacing = Pt(max(LINE_PITCH_TWIPS / 20, 22 * 1.3))
        if b.role == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.keep_with_next = b.text != date
            if b.text == date:
                fmt.right_indent = Pt(4 * 15.79)
            else:
                offset = 4 + (text_width(date or "") - text_width(b.text)) / 2
                fmt.right_indent = Pt(max(2.0, offset) * 15.79)
            if b.first:
                fmt.space_before = Pt(LINE_PITCH_TWIPS / 20)
        if k == body_end and names:
            fmt.keep_with_next = True  # the last paragraph goes with the signature
            fmt.keep_together = True
        p.add_run(b.text)


def layout_docx(blocks: list[Block], *, title: str | None = None, author: str | None = None) -> bytes:
    from docx import Document

    doc = Document()
    add_styles(doc)
    section = doc.sections[0]
    page_setup(section)
    page_numbers(doc, section)
    add_blocks(doc, blocks)
    doc.core_properties.title = title or next((b.text for b in blocks if b.role == "title"), "")
    doc.core_properties.author = author or ""
    doc.core_properties.subject = "通告"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

"""Makes office-letterhead.docx: an office's own red-header Word file with the placeholders of
``notice-nlp generate --docx-template`` (see docs/generator.md). Run: python examples/make_letterhead.py"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor


def main(out: Path = Path(__file__).with_name("office-letterhead.docx")) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    mark = doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_before = Mm(20)
    run = mark.add_run("西安市新冠肺炎疫情防控指挥部通告")
    run.font.size, run.font.color.rgb = Pt(30), RGBColor(0xFF, 0, 0)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    number = doc.add_paragraph("{{ number }}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(58)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    number._p.get_or_add_pPr().append(border)
    title = doc.add_paragraph("{{ title }}")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(58)
    title.runs[0].font.size = Pt(22)
    doc.add_paragraph("{{ body }}")
    for text in ("{{ signature }}", "{{ issue_date }}"):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)
    doc.save(str(out))


if __name__ == "__main__":
    main()

"""The Word draft, measured with python-docx: page, grid, styles and their faces, the red rule,
page-number fields, keep-with-next of the signature block, the date's indent; and a notice
rendered into an office's own Word file."""

from __future__ import annotations

import io
import json

import pytest

from notice_nlp import parse_file
from notice_nlp.cli import main
from notice_nlp.generate import TemplateError, generate

from .test_generate import VALID

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402


def _doc(data=VALID, **kw):
    return docx.Document(io.BytesIO(generate(data, template="risk_adjustment", format="docx", **kw)))


def _east_asian(style):
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_section_page_and_grid():
    sec = _doc().sections[0]
    assert (round(sec.page_width / Mm(1)), round(sec.page_height / Mm(1))) == (210, 297)
    assert [round(x / Mm(1)) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    # 版心 156 × 225 mm
    assert round((sec.page_width - sec.left_margin - sec.right_margin) / Mm(1)) == 156
    assert round((sec.page_height - sec.top_margin - sec.bottom_margin) / Mm(1)) == 225
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert int(grid.get(qn("w:linePitch"))) * 22 == pytest.approx(225 / 25.4 * 1440, abs=22)  # 22 lines
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * char_pitch == pytest.approx(156 / 25.4 * 72, abs=0.5)  # 28 characters


def test_styles_carry_the_faces_and_sizes():
    doc = _doc()
    by_role = {p.text: p for p in doc.paragraphs}
    mark = doc.paragraphs[0]
    assert mark.text == VALID["issuer"] + "通告" and mark.style.name == "Notice Mark"
    assert _east_asian(mark.style) == "方正小标宋简体" and str(mark.style.font.color.rgb) == "D00000"
    # one line: 22 characters at the run's size fit in 156 mm
    assert len(mark.text) * mark.runs[0].font.size.pt <= 156 / 25.4 * 72
    title = by_role["关于调整我市部分区域风险等级的通告"]
    assert title.style.name == "Notice Title" and _east_asian(title.style) == "方正小标宋简体" and title.style.font.size.pt == 22
    body = next(p for p in doc.paragraphs if p.text.startswith("根据"))
    assert body.style.name == "Notice Body" and _east_asian(body.style) == "仿宋_GB2312" and body.style.font.size.pt == 16
    assert body.style.paragraph_format.first_line_indent.pt == pytest.approx(31.6, abs=0.1)
    heading = by_role["一、新增高风险区"]
    assert heading.style.name == "Notice Heading 1" and _east_asian(heading.style) == "黑体"
    assert heading.style.paragraph_format.keep_with_next
    second = next(p for p in doc.paragraphs if p.text.startswith("(一)晋源区"))
    assert second.style.name == "Notice Heading 2" and _east_asian(second.style) == "楷体_GB2312"
    assert second.style.paragraph_format.keep_with_next
    assert body.style.paragraph_format.line_spacing == Pt(579 / 20)


def test_red_rule_under_the_document_number():
    doc = _doc()
    number = next(p for p in doc.paragraphs if p.text == "并防办〔2022〕165号")
    bottom = number.style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single" and bottom.get(qn("w:color")) == "D00000"
    assert int(bottom.get(qn("w:space"))) == pytest.approx(4 / 25.4 * 72, abs=1)  # 4 mm under the number
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("并防办〔2022〕165号") + 1 == texts.index("关于调整我市部分区域风险等级的通告")


def test_page_number_fields_outside():
    doc = _doc()
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        instr = "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert str(p.alignment).split(".")[-1].split(" ")[0].lower() == side
        indent = p.paragraph_format.right_indent if side == "right" else p.paragraph_format.left_indent
        assert indent.pt == 14  # one character in


def test_signature_block_kept_with_last_paragraph_and_date_indented():
    doc = _doc()
    paras = doc.paragraphs
    date = paras[-1]
    sig = paras[-2]
    last = paras[-3]
    assert (sig.text, date.text) == (VALID["signature"], "2022年11月17日")
    assert last.paragraph_format.keep_with_next and last.paragraph_format.keep_together
    assert sig.paragraph_format.keep_with_next and not date.paragraph_format.keep_with_next
    assert date.paragraph_format.right_indent.pt == pytest.approx(4 * 15.79, abs=0.1)  # four characters
    assert str(date.alignment).startswith("RIGHT")
    assert doc.core_properties.title == "关于调整我市部分区域风险等级的通告"


def _office_template(path):
    """An office's letterhead: its own red mark, a number line and the placeholders."""
    from docx.shared import RGBColor

    d = docx.Document()
    d.styles["Normal"].font.size = Pt(15)
    mark = d.add_paragraph()
    run = mark.add_run("太原市新冠肺炎疫情防控工作领导小组办公室通告")
    run.font.color.rgb = RGBColor(0xFF, 0, 0)
    num = d.add_paragraph()
    num.add_run("({{ doc_")
    num.add_run("number }})")  # a placeholder split over runs, as Word saves it
    d.add_paragraph("{{ title }}")
    d.add_paragraph("{{ body }}")
    d.add_paragraph("{{ signature }}")
    d.add_paragraph("{{ issue_date }}")
    d.sections[0].footer.paragraphs[0].text = "{{ issuer }}"
    d.save(str(path))


def test_rendered_into_an_office_word_file(tmp_path):
    tpl = tmp_path / "office.docx"
    _office_template(tpl)
    src = tmp_path / "n.json"
    src.write_text(json.dumps(VALID, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "n.docx"
    assert main(["generate", str(src), "--format", "docx", "--docx-template", str(tpl), "-o", str(out)]) == 0
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == [VALID["issuer"] + "通告", "(2022年第165号)", "关于调整我市部分区域风险等级的通告"]
    assert texts[-2:] == [VALID["signature"], "2022年11月17日"] and "{{" not in "".join(texts)
    assert doc.styles["Normal"].font.size.pt == 15  # the office's styles kept
    assert doc.sections[0].footer.paragraphs[0].text == VALID["issuer"]
    body = next(p for p in doc.paragraphs if p.text.startswith("根据"))
    assert body.style.name == "Notice Body"
    n = parse_file(out).notices[0]
    assert (n.issuer, n.doc_number, n.issue_date, n.effective) == (VALID["issuer"], "2022年第165号", "2022-11-17", "2022-11-18T00:00")
    assert sorted((c.district, c.area, c.to_zone) for c in n.changes) == sorted((c["district"], c["area"], c["to_zone"]) for c in VALID["changes"])
    assert not n.warnings


def test_office_word_file_with_unknown_placeholder(tmp_path):
    tpl = tmp_path / "office.docx"
    d = docx.Document()
    d.add_paragraph("{{ body }}")
    d.add_paragraph("{{ stamp }}")
    d.save(str(tpl))
    with pytest.raises(TemplateError, match="stamp"):
        generate(VALID, format="docx", docx_template=tpl)

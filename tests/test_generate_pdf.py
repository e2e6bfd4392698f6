"""The PDF draft, measured: GB/T 9704-2012 page, grid, faces embedded, red rule, page numbers,
the signature kept with the last paragraph, and the fallback when faces are missing."""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import pytest

from notice_nlp import parse_file
from notice_nlp.cli import main
from notice_nlp.generate import generate
from notice_nlp.generate import fonts as fonts_mod
from notice_nlp.generate.pdf_layout import BODY_BOX, CELL, MM, PITCH, layout_pdf
from notice_nlp.generate.render import Block

from .test_generate import VALID

pdfplumber = pytest.importorskip("pdfplumber")

LEFT, TOP, WIDTH, HEIGHT = BODY_BOX
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
LONG = dict(VALID, changes=VALID["changes"] + [{"district": "晋源区", "area": f"晋祠镇枫林华府小区{i}号楼", "to_zone": "high_risk"} for i in range(1, 45)])


def _free_faces_or_skip():
    fs = fonts_mod.resolve_fonts()
    if fs.notes:
        pytest.skip("free TrueType CJK faces not installed (Debian: fonts-arphic-uming fonts-arphic-ukai fonts-lxgw-wenkai fonts-wqy-zenhei): " + fs.notes[0])
    return fs


@pytest.fixture(scope="module")
def long_pdf():
    _free_faces_or_skip()
    data = generate(LONG, template="risk_adjustment", format="pdf")
    return data, pdfplumber.open(io.BytesIO(data))


def _lines(page, size=None):
    rows: dict[float, list] = {}
    for c in page.chars:
        if c["text"].strip() and (size is None or abs(c["size"] - size) < 0.05):
            rows.setdefault(round(c["top"], 1), []).append(c)
    return [sorted(v, key=lambda c: c["x0"]) for _, v in sorted(rows.items())]


def _text(line):
    return "".join(c["text"] for c in line)


def test_page_is_a4_and_text_sits_in_the_type_area(long_pdf):
    _, pdf = long_pdf
    assert len(pdf.pages) >= 2
    every = []
    for page in pdf.pages:
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
        body = [c for c in page.chars if c["text"].strip() and c["size"] == 16]
        every += body
        assert min(c["x0"] for c in body) >= LEFT - 0.5 and max(c["x1"] for c in body) <= RIGHT + 0.5
        assert min(c["top"] for c in page.chars) >= TOP - 1  # top margin 37 mm
        assert max(c["bottom"] for c in body) <= BOTTOM + 0.5  # 版心 225 mm high
    assert min(c["x0"] for c in every) == pytest.approx(LEFT, abs=0.5)  # left margin 28 mm
    assert max(c["x1"] for c in every) == pytest.approx(RIGHT, abs=0.5)  # 版心 156 mm wide


def test_grid_is_22_lines_of_28_characters(long_pdf):
    _, pdf = long_pdf
    page = pdf.pages[1]
    tops = [ln[0]["top"] for ln in _lines(page, 16)]
    pitches = {round(b - a, 2) for a, b in zip(tops, tops[1:]) if b - a < 1.5 * PITCH}
    assert pitches and all(p == pytest.approx(225 * MM / 22, abs=0.05) for p in pitches)
    # a full page holds 22 body lines
    assert len(tops) == 22
    # a full line of Chinese characters: 28 to a line, one cell (156/28 mm) apart
    first = generate(dict(VALID, legal_basis="根据传染病防治法和国务院联防联控机制有关要求结合本市当前疫情防控工作实际经专家组综合研判"), format="pdf")
    lines = _lines(pdfplumber.open(io.BytesIO(first)).pages[0], 16)
    full = next(ln for ln in lines if _text(ln).startswith("根据"))
    assert len(full) == 26 and full[0]["x0"] == pytest.approx(LEFT + 2 * CELL, abs=0.3)  # first line indented two characters
    nxt = lines[lines.index(full) + 1]
    cjk = [c for c in nxt if "\u4e00" <= c["text"] <= "\u9fff"]
    assert len(cjk) >= 10 and cjk[1]["x0"] - cjk[0]["x0"] == pytest.approx(CELL, abs=0.2)


def test_faces_are_embedded_truetype_and_named_by_role(long_pdf):
    from pdfminer.pdftypes import resolve1

    _, pdf = long_pdf
    seen = set()
    for page in pdf.pages:
        for name, ref in resolve1(page.page_obj.resources["Font"]).items():
            font = resolve1(ref)
            if font.get("Subtype").name == "Type1" and resolve1(font.get("BaseFont")).name == "Helvetica":
                continue  # reportlab's unused default, no glyph drawn with it
            desc = resolve1(font["FontDescriptor"])
            assert "FontFile2" in desc, f"{font['BaseFont']} is not embedded TrueType"
            seen.add(resolve1(font["BaseFont"]).name)
    used = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert used <= seen
    page = pdf.pages[0]
    by_text = {_text(ln): ln[0]["fontname"] for ln in _lines(page)}
    title = by_text["关于调整我市部分区域风险等级的通告"]
    heading = by_text["一、新增高风险区"]
    body = next(f for t, f in by_text.items() if t.startswith("根据"))
    second = next(f for t, f in by_text.items() if t.startswith("(一)晋源区"))
    assert len({title, heading, body, second}) == 4  # 小标宋, 黑体, 仿宋 and 楷体 stand-ins differ
    assert "Kai" in second
    fs = fonts_mod.resolve_fonts()
    faces = {r: Path(fs[r].path).name for r in ("xiaobiaosong", "fangsong", "heiti")}
    assert "Hei" in heading and faces["heiti"].startswith("wqy")


def test_issuer_mark_is_red_on_one_line_and_the_red_rule_is_under_the_number(long_pdf):
    _, pdf = long_pdf
    page = pdf.pages[0]
    mark = [c for c in page.chars if c["size"] > 22]
    assert _text(mark) == LONG["issuer"] + "通告"
    assert len({round(c["top"], 1) for c in mark}) == 1  # one line, shrunk to fit
    assert min(c["x0"] for c in mark) >= LEFT - 0.5 and max(c["x1"] for c in mark) <= RIGHT + 0.5
    assert all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.82, 0.0, 0.0) for c in mark)
    docno = next(ln for ln in _lines(page) if _text(ln) == "并防办〔2022〕165号")
    rules = [e for e in page.lines if abs(e["top"] - e["bottom"]) < 0.1]
    assert len(rules) == 1
    rule = rules[0]
    assert tuple(round(v, 2) for v in rule["stroking_color"]) == (0.82, 0.0, 0.0)
    assert rule["x0"] == pytest.approx(LEFT, abs=0.5) and rule["x1"] == pytest.approx(RIGHT, abs=0.5)
    assert rule["top"] - max(c["bottom"] for c in docno) == pytest.approx(4 * MM, abs=1.5 * MM)
    title = next(ln for ln in _lines(page) if _text(ln).startswith("关于"))
    assert rule["top"] < title[0]["top"]


def test_page_numbers_at_the_outer_bottom(long_pdf):
    _, pdf = long_pdf
    for k, page in enumerate(pdf.pages, start=1):
        low = [c for c in page.chars if c["top"] > BOTTOM and c["text"].strip()]
        assert _text(low) == f"—{k}—"
        assert min(c["top"] for c in low) == pytest.approx(BOTTOM + 7 * MM, abs=2)
        if k % 2:
            assert max(c["x1"] for c in low) == pytest.approx(RIGHT - 14, abs=1)  # right, one character in
        else:
            assert min(c["x0"] for c in low) == pytest.approx(LEFT + 14, abs=1)


def test_metadata_and_round_trip(long_pdf, tmp_path):
    data, pdf = long_pdf
    assert pdf.metadata["Title"] == "关于调整我市部分区域风险等级的通告"
    assert pdf.metadata["Author"] == LONG["signature"]
    path = tmp_path / "n.pdf"
    path.write_bytes(data)
    n = parse_file(path).notices[0]
    assert (n.issuer, n.doc_number, n.issue_date, n.effective) == (LONG["issuer"], "并防办〔2022〕165号", "2022-11-17", "2022-11-18T00:00")
    assert len(n.changes) == len(LONG["changes"]) and not n.warnings


def test_signature_and_date_placed_and_kept_with_the_last_paragraph():
    fs = _free_faces_or_skip()
    moved = 0
    for n in range(14, 24):
        blocks = [Block("title", "关于调整风险区域的通告")] + [Block("para", f"第{k}段。") for k in range(n)]
        blocks += [Block("para", "特此通告。"), Block("signature", "某市疫情防控指挥部", first=True), Block("signature", "2022年11月17日")]
        pdf = pdfplumber.open(io.BytesIO(layout_pdf(blocks, fs)))
        where = {}
        for i, page in enumerate(pdf.pages):
            for ln in _lines(page, 16):
                where[_text(ln)] = (i, ln)
        (p_last, _), (p_sig, sig), (p_date, date) = where["特此通告。"], where["某市疫情防控指挥部"], where["2022年11月17日"]
        assert p_last == p_sig == p_date
        moved += where[f"第{n - 1}段。"][0] != p_last  # the paragraph before went on the page before
        assert date[-1]["x1"] == pytest.approx(RIGHT - 4 * CELL, abs=1)  # date four characters in from the right
        centre = lambda ln: (ln[0]["x0"] + ln[-1]["x1"]) / 2
        assert centre(sig) == pytest.approx(centre(date), abs=1)  # signature centred over the date
        assert date[0]["top"] - sig[0]["top"] == pytest.approx(PITCH, abs=0.1)
    assert moved >= 1


def test_office_fonts_from_font_dir_and_fallback_warns(tmp_path, monkeypatch, capsys):
    fs = _free_faces_or_skip()
    office = tmp_path / "fonts"
    office.mkdir()
    shutil.copy(fs["kaiti"].path, office / "仿宋_GB2312.ttf")  # a stand-in for the office's own file
    src = tmp_path / "n.json"
    src.write_text(__import__("json").dumps(VALID, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "n.pdf"
    assert main(["generate", str(src), "--format", "pdf", "-o", str(out), "--font-dir", str(office)]) == 0
    assert "warning" not in capsys.readouterr().err
    body = next(ln for ln in _lines(pdfplumber.open(str(out)).pages[0], 16) if _text(ln).startswith("根据"))
    assert "Kai" in body[0]["fontname"]
    # nothing found: the built-in CID font, with a warning on stderr — never silently
    monkeypatch.setattr(fonts_mod, "_SYSTEM_DIRS", ())
    monkeypatch.delenv("NOTICE_NLP_FONT_DIR", raising=False)
    assert main(["generate", str(src), "--format", "pdf", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "NOT embedded" in err
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        generate(VALID, format="pdf")
    assert any(issubclass(w.category, fonts_mod.FontFallbackWarning) for w in caught)
    n = parse_file(out).notices[0]
    assert n.issuer == VALID["issuer"] and len(n.changes) == 2

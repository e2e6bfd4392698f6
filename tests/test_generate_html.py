"""The HTML draft printed to PDF by headless Chromium, measured like the PDF draft: A4, the
版心, the line pitch, the mark on one line, the red rule under the number, page numbers, the
signature with the last paragraph (skipped where Chromium is not installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from notice_nlp.generate import generate

from .test_generate import VALID

pdfplumber = pytest.importorskip("pdfplumber")
MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
LONG = dict(VALID, changes=VALID["changes"] + [{"district": "晋源区", "area": f"晋祠镇枫林华府小区{i}号楼", "to_zone": "high_risk"} for i in range(1, 30)])


def test_html_structure():
    html = generate(VALID, format="html")
    number = html.index('<p class="docno rule">并防办〔2022〕165号</p>')
    assert html.index('class="issuer-mark"') < number < html.index('<h2 class="title">')
    assert "white-space: nowrap" in html and "@media print" in html and "@bottom-right" in html
    assert html.index("特此通告。") < html.index('<div class="closing">') < html.index("附件") < html.index('class="signature first"')


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("headless Chromium not installed (Debian package chromium; .ci/run installs it)")
    tmp = tmp_path_factory.mktemp("html")
    src = tmp / "n.html"
    src.write_text(generate(LONG, format="html"), encoding="utf-8")
    out = tmp / "n.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-pdf-header-footer", f"--user-data-dir={tmp / 'p'}", f"--print-to-pdf={out}"]
    subprocess.run([chromium, *flags, src.as_uri()], capture_output=True, timeout=120)
    if not out.exists():
        pytest.skip("Chromium could not print to PDF here")
    return pdfplumber.open(str(out))


def _lines(page):
    rows: dict[int, list] = {}
    for c in page.chars:
        if c["text"].strip():
            rows.setdefault(round(c["top"]), []).append(c)
    return [sorted(v, key=lambda c: c["x0"]) for _, v in sorted(rows.items())]


def test_printed_page_and_type_area(printed):
    assert len(printed.pages) >= 2
    xs0, xs1 = [], []
    for page in printed.pages:
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
        body = [c for c in page.chars if c["text"].strip() and c["top"] < TOP + HEIGHT]
        assert min(c["top"] for c in body) >= TOP - 2
        xs0.append(min(c["x0"] for c in body))
        xs1.append(max(c["x1"] for c in body))
    assert min(xs0) == pytest.approx(LEFT, abs=1.5) and max(xs1) <= LEFT + WIDTH + 1.5
    page = printed.pages[1]
    tops = [ln[0]["top"] for ln in _lines(page) if ln[0]["top"] < TOP + HEIGHT]
    pitches = [b - a for a, b in zip(tops, tops[1:])]
    assert pitches and all(p == pytest.approx(HEIGHT / 22, abs=0.6) for p in pitches)


def test_printed_mark_rule_and_page_numbers(printed):
    page = printed.pages[0]
    text = {"".join(c["text"] for c in ln): ln for ln in _lines(page)}
    assert LONG["issuer"] + "通告" in text  # one line
    number = text["并防办〔2022〕165号"]
    red = [r for r in page.rects + page.lines if r["non_stroking_color"] and tuple(round(v, 2) for v in r["non_stroking_color"])[:3] == (0.82, 0.0, 0.0)
           or r.get("stroking_color") and tuple(round(v, 2) for v in r["stroking_color"])[:3] == (0.82, 0.0, 0.0)]
    assert red, "no red rule"
    rule = red[0]
    assert rule["top"] > max(c["bottom"] for c in number) and rule["width"] == pytest.approx(WIDTH, abs=2)
    for k, p in enumerate(printed.pages, start=1):
        low = "".join(c["text"] for c in p.chars if c["top"] > TOP + HEIGHT and c["text"].strip())
        assert low == f"—{k}—"


def test_printed_signature_with_last_paragraph(printed):
    last = printed.pages[-1]
    text = "".join(c["text"] for c in last.chars)
    assert "联系方式" in text and LONG["signature"] in text and "2022年11月17日" in text

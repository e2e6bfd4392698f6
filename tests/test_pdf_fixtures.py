"""Real third-party PDFs (../shared/pdf-fixtures): text that is not text is caught. Encrypted files
say so; fonts pdfminer misreads (GBK-encoded CJK fonts, CID fonts without a Unicode map) are read
again through pdfium; vertical writing is read column by column; scanned pages say so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notice_nlp import EmptyInputError, PdfError, parse_file
from notice_nlp.errors import EncryptedPdfError, LimitError
from notice_nlp.ingest import Limits, load_path

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "pdf-fixtures"


def fixture(name: str) -> Path:
    p = FIXTURES / name
    if not p.is_file():
        pytest.skip("../shared/pdf-fixtures is not present beside the checkout")
    return p


@pytest.mark.parametrize("name", ["pdfminer__encryption__aes-128.pdf", "pdfminer__encryption__aes-256-r6.pdf", "pdfminer__encryption__rc4-40.pdf"])
def test_password_protected_pdfs_are_reported_as_encrypted(name):
    with pytest.raises(EncryptedPdfError) as info:
        parse_file(fixture(name))
    assert isinstance(info.value, PdfError)
    assert info.value.problem == "encrypted PDF (a password is needed to read it)"


def test_an_empty_user_password_opens():
    doc = parse_file(fixture("pypdf__encryption__r2-empty-password.pdf"))
    assert "asdfzxcv" in doc.text


@pytest.mark.parametrize(
    "name, expected",
    [
        ("pdfjs__XiaoBiaoSong.pdf", "关 于 红 军 作 战 的 原 则"),
        ("pdfjs__SimFang-variant.pdf", "全 世 界 无 产 者"),
        ("pdfjs__issue5010.pdf", "인터뷰●홍인혜카피라이터"),
        ("pdfjs__issue7696.pdf", "嘆囈貭鍔"),
    ],
)
def test_misread_fonts_are_read_again_through_pdfium(name, expected):
    doc = parse_file(fixture(name))
    assert expected in doc.text
    assert not re.search(r"\(cid:\d+\)|[ÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜ]{2}", doc.text)
    assert any(w.code == "pdf_text" and "pdfium" in w.message for w in doc.warnings)


def test_cid_codes_never_leak():
    doc = parse_file(fixture("pdfjs__issue2884_reduced.pdf"))
    assert "(cid:" not in doc.text and re.search(r"[\u3400-\u9fff]", doc.text)


def test_vertical_writing_is_read_by_column():
    doc = parse_file(fixture("pdfminer__jo.pdf"))
    assert "みんなのおのおののなかのすべてですから" in doc.text
    assert any(w.code == "pdf_text" and "vertical" in w.message for w in doc.warnings)


def test_page_limit(tmp_path):
    from .pdfmaker import single_column_pdf

    p = tmp_path / "a.pdf"
    p.write_bytes(single_column_pdf(["关于调整风险区域的通告", "自2022年11月20日起"]))
    assert load_path(p).text
    with pytest.raises(LimitError, match="page limit"):
        load_path(p, limits=Limits(max_pages=0))


def test_a_scanned_pdf_says_so(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    pil = pytest.importorskip("PIL.Image")
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(300, 400)
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(pil.new("RGB", (60, 80), (200, 200, 200))))
    image.set_matrix(pdfium.PdfMatrix().scale(240, 320).translate(30, 40))
    page.insert_obj(image)
    page.gen_content()
    p = tmp_path / "scan.pdf"
    doc.save(str(p))
    with pytest.raises(EmptyInputError, match="scanned PDF"):
        parse_file(p)


def _bomb_pdf(operator: bytes, copies: int) -> bytes:
    """A one-page PDF of a few tens of KB whose content stream inflates to megabytes."""
    import zlib

    stream = zlib.compress(operator * copies, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@pytest.mark.parametrize("operator", [b"BT /F1 12 Tf 72 700 Td (A) Tj ET\n", b"0 0 m 100 100 l S\n"])
def test_a_pdf_bomb_is_refused_quickly(tmp_path, operator):
    import time

    p = tmp_path / "bomb.pdf"
    p.write_bytes(_bomb_pdf(operator, 600_000))
    assert p.stat().st_size < 80_000
    start = time.perf_counter()
    with pytest.raises(LimitError, match="PDF bomb"):
        parse_file(p)
    assert time.perf_counter() - start < 20

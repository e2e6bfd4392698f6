"""Bad input: one clear line naming the file and the problem; exit code 2; a typed exception."""

from __future__ import annotations

import pytest

from notice_nlp import (
    DecodingError,
    EmptyInputError,
    InputError,
    NoInputsError,
    NoticeError,
    PdfError,
    UnsupportedFormatError,
    parse_file,
    parse_text,
)
from notice_nlp.cli import main

from .pdfmaker import single_column_pdf

CASES = {
    "empty.txt": (b"", EmptyInputError, "empty input"),
    "blank.txt": (b"  \n\t\n", EmptyInputError, "empty input"),
    "junk.bin": (bytes(range(256)) * 8, UnsupportedFormatError, "binary data"),
    "undecodable.txt": ("通告".encode("utf-8") + b"\xc3\x28\xff\xfe\x80 abc", DecodingError, "undecodable bytes"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_raises_typed_error_naming_file(tmp_path, name):
    data, exc_type, words = CASES[name]
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(exc_type) as info:
        parse_file(p)
    assert isinstance(info.value, NoticeError)
    msg = str(info.value)
    assert str(p) in msg and words in msg and "\n" not in msg


def test_truncated_pdf(tmp_path):
    data = single_column_pdf(["关于调整风险区域的通告", "自2022年11月20日起"])
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(PdfError) as info:
        parse_file(p)
    assert str(p) in str(info.value)


def test_encrypted_pdf(tmp_path):
    from .pdfmaker import two_column_pdf

    from notice_nlp.errors import EncryptedPdfError

    p = tmp_path / "locked.pdf"  # the path does not say it: the message must
    p.write_bytes(two_column_pdf("标题", ["左栏"], ["右栏"], encrypt="secret"))
    with pytest.raises(EncryptedPdfError) as info:
        parse_file(p)
    assert isinstance(info.value, PdfError)
    assert "encrypted" in info.value.problem and "password" in info.value.problem


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)


def test_parse_text_rejects_empty_and_non_str():
    with pytest.raises(EmptyInputError):
        parse_text("   ", source="x")
    with pytest.raises(TypeError):
        parse_text(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_exit_2_with_one_line(tmp_path, capsys, name):
    p = tmp_path / name
    p.write_bytes(CASES[name][0])
    assert main(["parse", str(p)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and str(p) in err[0]


def test_cli_directory_without_inputs(tmp_path, capsys):
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    assert main(["parse", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no input files" in err and str(tmp_path) in err
    with pytest.raises(NoInputsError):
        from notice_nlp.batch import iter_tasks

        list(iter_tasks([str(tmp_path)]))


def test_cli_batch_keeps_going_and_records_failures(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("自2022年11月20日起,将城关区雁南街道鸿运润园小区调整为低风险区。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(good), str(tmp_path / "empty.txt"), "-o", str(out)]) == 1
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 2
    assert '"error"' in lines[1] and "EmptyInputError" in lines[1]


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "2022/11/26x", ""])
def test_published_that_is_not_a_date_is_a_typed_error(bad):
    from notice_nlp.errors import ReferenceDateError

    with pytest.raises(ReferenceDateError, match="published date"):
        parse_text("关于调整风险区的通告", source="n1", published=bad)

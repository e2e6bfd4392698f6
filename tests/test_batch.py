"""Batch parsing: folders, zip files, JSONL exports, parallel workers, resume, the Dask engine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from notice_nlp import NoticeError
from notice_nlp.batch import BatchRecord
from notice_nlp.cli import main

from .pdfmaker import single_column_pdf

ROOT = Path(__file__).resolve().parents[1]
GOOD = "自2022年11月20日0时起,将城关区雁南街道鸿运润园小区3号楼由高风险区调整为低风险区。"


@pytest.fixture
def mixed(tmp_path):
    d = tmp_path / "archive"
    (d / "sub").mkdir(parents=True)
    (d / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub" / "b-good.html").write_text(f"<html><body><p>{GOOD}</p></body></html>", encoding="utf-8")
    (d / "c-empty.txt").write_bytes(b"")
    (d / "d-binary.pdf").write_bytes(bytes(range(256)) * 16)
    pdf = single_column_pdf(["关于调整风险区域的通告", GOOD])
    (d / "e-truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (d / "f-undecodable.txt").write_bytes("通告".encode() + b"\xc3\x28\xff\xfe\x80 abc")
    return d


def _records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_mixed_folder_finishes_with_a_record_per_input_and_exit_1(mixed, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(mixed), "-o", str(out), "--jobs", "2"]) == 1
    recs = _records(out)
    ids = [Path(r["source"]["id"]).name for r in recs]
    assert ids == ["a-good.txt", "c-empty.txt", "d-binary.pdf", "e-truncated.pdf", "f-undecodable.txt", "b-good.html"]
    errors = {Path(r["source"]["id"]).name: r["error"]["class"] for r in recs if "error" in r}
    assert errors == {
        "c-empty.txt": "EmptyInputError",
        "d-binary.pdf": "UnsupportedFormatError",
        "e-truncated.pdf": "PdfError",
        "f-undecodable.txt": "DecodingError",
    }
    good = [r for r in recs if "error" not in r]
    assert all(r["notices"][0]["changes"][0]["area"] == "雁南街道鸿运润园小区3号楼" for r in good)
    err = capsys.readouterr().err
    assert "2 parsed, 4 failed" in err


def test_zip_and_jsonl_inputs(tmp_path):
    z = tmp_path / "notices.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("x/1.txt", GOOD)
        zf.writestr("x/2.txt", "")
        zf.writestr("readme.csv", "ignored")  # not a document: passed over
        zf.writestr("scan.jpg", b"\xff\xd8\xff")  # a document the parser does not read: a skipped record
    j = tmp_path / "crawl.jsonl"
    j.write_text(
        json.dumps({"id": "n1", "text": GOOD, "url": "https://example.org/n1", "published": "2022-11-20"}, ensure_ascii=False)
        + "\n{not json}\n"
        + json.dumps({"id": "n3", "text": "  "}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(z), str(j), "-o", str(out), "--jobs", "1"]) == 1
    recs = _records(out)
    assert recs[0]["source"]["id"] == f"{z}!scan.jpg" and recs[0]["skipped"]["class"] == "UnsupportedFormatError"
    recs = recs[1:]
    assert [r["source"]["id"] for r in recs] == [f"{z}!x/1.txt", f"{z}!x/2.txt", "n1", f"{j}:2", "n3"]
    assert [r["source"]["input"] for r in recs] == [f"{z}!x/1.txt", f"{z}!x/2.txt", f"{j}:1", f"{j}:2", f"{j}:3"]
    assert recs[0]["notices"][0]["changes"][0]["to_zone"] == "low_risk"
    assert recs[1]["error"]["class"] == "EmptyInputError"
    assert recs[2]["source"]["url"] == "https://example.org/n1" and recs[2]["source"]["published"] == "2022-11-20"
    assert recs[3]["error"]["class"] == "InputError" and "invalid JSONL record" in recs[3]["error"]["message"]
    assert recs[4]["error"]["class"] == "EmptyInputError"


def test_resume_skips_inputs_already_parsed(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(GOOD.replace("3号楼", f"{i + 1}号楼"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(d / "0.txt"), str(d / "1.txt"), "-o", str(out), "--jobs", "1"]) == 0
    assert main(["parse", str(d), "-o", str(out), "--resume", "--jobs", "1"]) == 0
    recs = _records(out)
    assert [Path(r["source"]["id"]).name for r in recs] == ["0.txt", "1.txt", "2.txt"]
    assert "1 parsed, 0 failed, 0 skipped, 2 already in the output (0 failed)" in capsys.readouterr().err


def test_two_jobs_give_the_same_output_as_one(tmp_path):
    corpus = ROOT / "corpus"
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["parse", str(corpus), "-o", str(one), "--jobs", "1"]) == 0
    assert main(["parse", str(corpus), "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text("utf-8").splitlines()) == len([p for p in corpus.iterdir() if p.suffix in (".txt", ".html", ".pdf")])


def test_dask_engine_is_byte_identical_to_one_job(tmp_path):
    pytest.importorskip("distributed")
    corpus = ROOT / "corpus"
    one, dask_out = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
    assert main(["parse", str(corpus), "-o", str(one), "--jobs", "1"]) == 0
    assert main(["parse", str(corpus), "-o", str(dask_out), "--engine", "dask", "--jobs", "2"]) == 0
    assert one.read_bytes() == dask_out.read_bytes()


@pytest.mark.parametrize("windows", [2.1, 1.0])
def test_two_jobs_keep_input_order_across_windows(tmp_path, windows):
    from notice_nlp.batch import _WINDOW_PER_JOB, iter_tasks, parse_tasks

    # More than the two windows two workers hold in flight, the last one short; and exactly one
    # full window, whose end goes out in small chunks.
    n = int(windows * 2 * _WINDOW_PER_JOB)
    src = tmp_path / "many.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"自2022年11月20日0时起,将城关区雁南街道鸿运润园小区{i % 50 + 1}号楼由高风险区调整为低风险区。"
            fh.write(json.dumps({"id": f"doc-{i}", "text": text}, ensure_ascii=False) + "\n")
    records = list(parse_tasks(iter_tasks([str(src)]), jobs=2))
    assert [rec.source_id for rec in records] == [f"doc-{i}" for i in range(n)]
    assert [rec.to_dict()["source"]["id"] for rec in records] == [rec.source_id for rec in records]


def test_with_text_adds_the_text_to_each_parsed_record(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(d), "-o", str(out), "--jobs", "2", "--with-text"]) == 1
    good, bad = _records(out)
    assert good["text"] == GOOD and "text" not in bad and bad["error"]["class"] == "EmptyInputError"
    assert main(["parse", str(d), "-o", str(out), "--jobs", "1"]) == 1
    assert all("text" not in r for r in _records(out))


def test_jsonl_lines_are_read_by_the_workers_and_resume_by_their_text(tmp_path, capsys):
    j = tmp_path / "crawl.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False),
        "",
        "[1, 2]",
        json.dumps({"id": "b", "text": 5}),
        json.dumps({"text": GOOD.replace("3号楼", "5号楼")}, ensure_ascii=False),
    ]
    j.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(j), "-o", str(out), "--jobs", "2"]) == 1
    recs = _records(out)
    assert [r["source"]["id"] for r in recs] == ["a", f"{j}:3", f"{j}:4", f"{j}:5"]
    assert [r["error"]["class"] for r in recs[1:3]] == ["InputError", "InputError"]
    assert recs[3]["notices"][0]["changes"][0]["area"] == "雁南街道鸿运润园小区5号楼"
    capsys.readouterr()
    before = out.read_bytes()
    assert main(["parse", str(j), "-o", str(out), "--resume", "--jobs", "1"]) == 1  # failed records stay failed
    assert "0 parsed, 0 failed, 0 skipped, 4 already in the output (2 failed)" in capsys.readouterr().err
    assert out.read_bytes() == before  # error records are not run again nor appended again


def _die_on_boom(task, *, include_text=False, limits=None):
    import os

    from notice_nlp.batch import run_task

    if "boom" in task.id:
        os._exit(3)  # a worker killed mid-task (out of memory, a signal)
    rec = run_task(task, include_text=include_text)
    return BatchRecord(rec["source"]["id"], json.dumps(rec), rec.get("error"))


def test_a_worker_that_dies_stops_the_batch_with_a_clear_error(tmp_path, monkeypatch):
    import notice_nlp.batch as batch

    d = tmp_path / "in"
    d.mkdir()
    for name in ("a", "boom", "c"):
        (d / f"{name}.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(batch, "run_task_record", _die_on_boom)
    with pytest.raises(NoticeError, match="worker process ended abruptly"):
        list(batch.parse_tasks(batch.iter_tasks([str(d)]), jobs=2))

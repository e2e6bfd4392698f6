"""The command line never shows a traceback: one line naming the input and the problem, exit 2 for
a single bad input or bad usage, exit 1 for a batch with failed records; the batch output
contract (JSONL, one record per input, in input order)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from notice_nlp.cli import main
from notice_nlp.schema import batch_record_schema

GOOD = "自2022年10月3日18时起,将涪城区城郊街道锦绣花园小区由高风险区调整为低风险区。"


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notice_nlp", *args], capture_output=True, text=True, timeout=timeout)


def one_line_error(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_version():
    proc = cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("notice-nlp ")


def test_missing_crawl_jsonl_is_one_line_exit_2_with_or_without_resume(tmp_path):
    missing = str(tmp_path / "crawl.jsonl")
    assert missing in one_line_error(cli("parse", missing))
    assert missing in one_line_error(cli("parse", missing, "-o", str(tmp_path / "out.jsonl"), "--resume"))
    assert "no such file" in one_line_error(cli("parse", str(tmp_path / "nope.txt"), "--resume", "-o", str(tmp_path / "o.jsonl")))


def test_output_into_a_missing_folder_or_at_a_folder(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    line = one_line_error(cli("parse", str(src), "-o", str(tmp_path / "no" / "such" / "out.json")))
    assert "does not exist" in line
    assert "folder" in one_line_error(cli("parse", str(src), str(src), "-o", str(tmp_path)))
    assert "folder" in one_line_error(cli("generate", str(src), "-o", str(tmp_path)))


def test_resume_refuses_an_output_that_is_not_its_own_jsonl(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    pretty = tmp_path / "doc.json"
    assert cli("parse", str(src), "-o", str(pretty)).returncode == 0  # one document, pretty JSON
    before = pretty.read_bytes()
    assert "not a batch record" in one_line_error(cli("parse", str(src), "-o", str(pretty), "--resume"))
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, no newline at the end", encoding="utf-8")
    assert "not a JSON record" in one_line_error(cli("parse", str(src), "-o", str(notes), "--resume"))
    assert pretty.read_bytes() == before and notes.read_text("utf-8") == "my notes, no newline at the end"


def test_unreachable_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    for i in range(2):
        (tmp_path / f"{i}.txt").write_text(GOOD, encoding="utf-8")
    line = one_line_error(cli("parse", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", timeout=120))
    assert "tcp://127.0.0.1:9" in line and "scheduler" in line


def test_format_json_for_a_batch_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert "JSONL" in one_line_error(cli("parse", str(tmp_path), "--format", "json"))


def test_one_file_folder_and_jsonl_output_give_jsonl(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["parse", str(d)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"]["input"] == str(d / "a.txt")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(d / "a.txt"), "-o", str(out)]) == 0
    (rec,) = records(out)
    assert rec["source"]["input"] == str(d / "a.txt")


def test_unexpected_fault_is_one_line_with_a_debug_hint(tmp_path, monkeypatch, capsys):
    import notice_nlp.cli_parse as cli_parse

    def broken(args, limits):
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(cli_parse, "_one", broken)
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    assert main(["parse", str(src)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: internal error: RuntimeError: something (rerun with --debug for the trace)"
    assert main(["parse", str(src), "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_quiet_batch_says_nothing_and_exits_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    proc = cli("parse", str(d), "-o", str(out), "--quiet", "--jobs", "1")
    assert proc.returncode == 1 and proc.stderr == ""
    assert [("error" in r) for r in records(out)] == [False, True]


def test_bad_jsonl_lines_do_not_stop_the_batch_with_two_jobs(tmp_path):
    crawl = tmp_path / "crawl.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False),
        '{"id": "s", "text": "锦绣花园\\ud800小区调整为高风险区"}',  # a lone surrogate escape
        '{"id": "t", "text": "\\udfff"}',
        json.dumps({"id": "b", "text": GOOD.replace("锦绣", "翠苑")}, ensure_ascii=False),
    ]
    crawl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = cli("parse", str(crawl), "-o", str(out), "--jobs", "2")
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    recs = records(out)
    assert [r["source"]["id"] for r in recs] == ["a", "s", "t", "b"]
    assert recs[0]["notices"] and recs[3]["notices"]
    validator = jsonschema.Draft202012Validator(batch_record_schema())
    for r in recs:
        validator.validate(r)


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zip_members_encrypted_duplicated_escaping_and_bombs(tmp_path):
    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("n.txt", GOOD)
        zf.writestr("n.txt", GOOD.replace("锦绣", "翠苑"))  # the same name twice: both kept
        zf.writestr("../../etc/evil.txt", GOOD)
        zf.writestr("bomb.txt", b"\x00" * (20 * 1024 * 1024))
    inputs = [str(z)]
    if shutil.which("zip"):
        enc_dir = tmp_path / "e"
        enc_dir.mkdir()
        (enc_dir / "secret.txt").write_text(GOOD, encoding="utf-8")
        subprocess.run(["zip", "-q", "-P", "pw", str(tmp_path / "enc.zip"), "secret.txt"], cwd=enc_dir, check=True)
        inputs.append(str(tmp_path / "enc.zip"))
    out = tmp_path / "out.jsonl"
    assert main(["parse", *inputs, "-o", str(out), "--jobs", "1"]) == 1
    recs = {r["source"]["input"]: r for r in records(out)}
    assert recs[f"{z}!n.txt"]["notices"][0]["changes"][0]["area"].endswith("锦绣花园小区")
    assert recs[f"{z}!n.txt#2"]["notices"][0]["changes"][0]["area"].endswith("翠苑花园小区")
    assert recs[f"{z}!../../etc/evil.txt"]["error"]["class"] == "UnsafeInputError"
    bomb = recs[f"{z}!bomb.txt"]["error"]
    assert bomb["class"] == "LimitError" and "zip bomb" in bomb["message"]
    if len(inputs) == 2:
        enc = recs[f"{tmp_path / 'enc.zip'}!secret.txt"]["error"]
        assert enc["class"] == "InputError" and "encrypted" in enc["message"]


def test_size_limit_gives_a_record(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "big.txt").write_text(GOOD * 40, encoding="utf-8")
    (d / "small.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(d), "-o", str(out), "--max-size", "1k", "--jobs", "1"]) == 1
    big, small = records(out)
    assert big["error"]["class"] == "LimitError" and "size limit" in big["error"]["message"]
    assert small["notices"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_links_fifos_and_unsupported_files_in_a_folder_get_records(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (d / "c-loop.txt").symlink_to(d / "c-loop.txt")
    (d / "d-dangling.txt").symlink_to(d / "gone.txt")
    os.mkfifo(d / "e-pipe.txt")
    (d / "f-up").symlink_to(d)  # a link to a folder above: not followed
    (d / "data.json").write_text("{}", encoding="utf-8")  # not a document: passed over
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(d), "-o", str(out), "--jobs", "2"]) == 1
    recs = records(out)
    assert [Path(r["source"]["input"]).name for r in recs] == ["a.txt", "b.doc", "c-loop.txt", "d-dangling.txt", "e-pipe.txt", "f-up"]
    kinds = [("skipped" if "skipped" in r else "error" if "error" in r else "doc") for r in recs]
    assert kinds == ["doc", "skipped", "error", "error", "error", "skipped"]
    messages = [(r.get("error") or r.get("skipped") or {}).get("message", "") for r in recs]
    assert "unsupported file type" in messages[1]
    assert "loop" in messages[2] and "dangling" in messages[3] and "FIFO" in messages[4]
    assert "2 skipped" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev/zero")
def test_a_fifo_or_dev_zero_given_as_the_path_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "FIFO" in one_line_error(cli("parse", str(fifo), timeout=30))
    assert "device" in one_line_error(cli("parse", "/dev/zero", timeout=30))
    proc = cli("parse", str(fifo), "/dev/zero", "--jobs", "1", timeout=30)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_resume_knows_inputs_by_path_not_content_and_repairs_a_cut_line(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (d / name).write_text(GOOD, encoding="utf-8")  # the same bytes three times
    (d / "d.txt").write_bytes(b"")
    full = tmp_path / "full.jsonl"
    assert main(["parse", str(d), "-o", str(full), "--jobs", "1"]) == 1
    out = tmp_path / "out.jsonl"
    lines = full.read_bytes().splitlines(keepends=True)
    out.write_bytes(lines[0] + lines[1][: len(lines[1]) // 2])  # killed while writing the second record
    capsys.readouterr()
    assert main(["parse", str(d), "-o", str(out), "--resume", "--jobs", "1"]) == 1
    assert out.read_bytes() == full.read_bytes()
    assert "2 parsed, 1 failed, 0 skipped, 1 already in the output (0 failed)" in capsys.readouterr().err
    assert main(["parse", str(d), "-o", str(out), "--resume", "--jobs", "1"]) == 1  # nothing left: no duplicates
    assert out.read_bytes() == full.read_bytes()


def test_published_batch_record_schema_is_current():
    root = Path(__file__).resolve().parents[1]
    published = json.loads((root / "docs" / "schema" / "batch-record.schema.json").read_text("utf-8"))
    assert published == batch_record_schema()
    jsonschema.Draft202012Validator.check_schema(published)
    proc = cli("schema", "--batch")
    assert proc.returncode == 0 and json.loads(proc.stdout) == published


@pytest.mark.parametrize("engine", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask", "--jobs", "2"]], ids=["jobs 1", "jobs 2", "dask"])
def test_an_input_over_the_time_limit_gets_a_record(tmp_path, engine):
    """The limit holds in a process's main thread (local workers) and in a Dask worker's task
    thread alike; the inputs around the slow one (several seconds) still get their records."""
    if "dask" in engine:
        pytest.importorskip("distributed")
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-short.txt").write_text(GOOD, encoding="utf-8")
    (d / "b-long.txt").write_text(GOOD * 12000, encoding="utf-8")
    (d / "c-short.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = cli("parse", str(d), "-o", str(out), *engine, "--timeout", "2", timeout=180)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    first, slow, last = records(out)
    assert slow["error"]["class"] == "LimitError" and "time limit of 2 s" in slow["error"]["message"]
    assert slow["source"]["input"].endswith("b-long.txt")
    for rec, name in ((first, "a-short.txt"), (last, "c-short.txt")):
        assert rec["source"]["input"].endswith(name) and "error" not in rec and rec["notices"]


def _stderr_on_a_terminal(args: list[str], columns: int = 0) -> str:
    pty = pytest.importorskip("pty")
    import fcntl
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "notice_nlp", *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    buf = b""
    while True:
        if select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(master)
    return buf.decode("utf-8", "replace")


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [0, 40, 200])
def test_progress_shows_total_and_rate_on_any_terminal(tmp_path, columns):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(GOOD, encoding="utf-8")
    err = _stderr_on_a_terminal(["parse", str(d), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"], columns)
    assert "3/3" in err and ("doc/s" in err or "s/doc" in err), err
    quiet = _stderr_on_a_terminal(["parse", str(d), "-o", str(tmp_path / "out2.jsonl"), "--jobs", "1", "--quiet"], columns)
    assert quiet.strip() == ""

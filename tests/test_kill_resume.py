"""A batch killed at any moment (Ctrl-C to its process group, SIGKILL of the parent) and resumed
ends with exactly the records of an uninterrupted run: the same lines in the same order, no
duplicates, no truncated line. A parent killed with SIGKILL leaves no worker behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix" or not Path("/proc").is_dir(), reason="needs POSIX signals and /proc")

PLACES = ["锦绣花园小区", "翠苑小区", "金家林社区", "跃进路17号院", "青义路88号", "石塘街道", "工区街道", "城郊街道"]


def notice(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"绵阳市涪城区应对新冠肺炎疫情应急指挥部\n关于调整部分区域风险等级的通告\n"
        f"自2022年10月{i % 28 + 1}日18时起,将涪城区{place}{i}栋由高风险区调整为低风险区。\n"
        f"自2022年10月{i % 28 + 1}日18时起,将涪城区{PLACES[(i + 3) % len(PLACES)]}调整为高风险区。\n"
        f"绵阳市涪城区应对新冠肺炎疫情应急指挥部\n2022年10月{i % 28 + 1}日\n"
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    root = tmp_path_factory.mktemp("kill")
    d = root / "folder"
    d.mkdir()
    for i in range(120):
        (d / f"{i:03d}.txt").write_text(notice(i) if i % 17 else notice(0), encoding="utf-8")  # repeated bytes too
    (d / "bad.txt").write_bytes(b"")
    with open(root / "crawl.jsonl", "w", encoding="utf-8") as fh:
        for i in range(120):
            fh.write(json.dumps({"id": f"c{i}", "text": notice(1000 + i)}, ensure_ascii=False) + "\n")
        fh.write('{"id": "broken"\n')
    with zipfile.ZipFile(root / "a.zip", "w") as zf:
        for i in range(60):
            zf.writestr(f"m/{i:02d}.txt", notice(2000 + i))
    return [str(d), str(root / "crawl.jsonl"), str(root / "a.zip")]


def start(inputs: list[str], out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "notice_nlp", "parse", *inputs, "-o", str(out), "--jobs", "2", "--no-progress", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("ref") / "out.jsonl"
    proc = start(inputs, out)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err  # two bad inputs
    data = out.read_bytes()
    assert len(data.splitlines()) == 120 + 1 + 121 + 60
    return data


def _wait_for_output(out: Path, at_least: int, proc: subprocess.Popen, limit: float = 120) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if out.exists() and out.stat().st_size >= at_least:
            return
        time.sleep(0.02)


def _kill(proc: subprocess.Popen, how: str) -> None:
    if proc.poll() is not None:
        return
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    else:
        os.kill(proc.pid, signal.SIGKILL)  # the parent only
    proc.wait(timeout=120)


@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_killed_and_resumed_runs_end_with_the_uninterrupted_records(inputs, reference, tmp_path, how):
    out = tmp_path / "out.jsonl"
    total = len(reference.splitlines())
    cut_short = 0
    # Killed before anything is written, once records are coming, and near the end; then resumed.
    for moment in (0, len(reference) // 5, len(reference) // 2, len(reference) * 9 // 10):
        had = out.stat().st_size if out.exists() else 0
        proc = start(inputs, out, *(["--resume"] if out.exists() else []))
        if moment == 0:
            time.sleep(0.3)
        else:
            # Once this run is writing (past what earlier runs left) and past the moment.
            _wait_for_output(out, max(moment, had + 1), proc)
        _kill(proc, how)
        if out.exists() and len(out.read_bytes().splitlines()) < total:
            cut_short += 1
        err = proc.stderr.read()
        assert b"Traceback" not in err
        if how == "SIGINT" and moment and out.stat().st_size > had and proc.returncode not in (0, 1):
            assert proc.returncode == 130, err
    assert cut_short >= 2, "the kills came too late to interrupt anything"
    proc = start(inputs, out, "--resume")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err
    got = out.read_bytes()
    assert got.endswith(b"\n")
    lines = got.splitlines()
    inputs_seen = [json.loads(x)["source"]["input"] for x in lines]
    assert len(inputs_seen) == len(set(inputs_seen))  # no duplicates
    assert got == reference


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_parent_killed_by_sigkill(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = start(inputs, out)
    workers: list[int] = []
    end = time.monotonic() + 120
    while time.monotonic() < end and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    end = time.monotonic() + 10
    while time.monotonic() < end and any(_alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers outlived their parent"

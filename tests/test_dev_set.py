"""The shared dev set and seed, and the held-out set, scored like ../shared/eval/score.py
(skipped without ../shared).

Both are ratchets: the floors are the best figures reached so far, raised as the parser
improves and never lowered. The targets the parser works towards are in TARGETS."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from notice_nlp import parse_text
from notice_nlp.evaluate import score

# Best figures reached so far on dev + seed (86 + 1 documents), cut to three decimals.
DEV_FLOOR = {
    "change_F1": 0.966,
    "change_exact_F1": 0.881,
    "district_acc": 0.993,
    "effective_acc": 0.997,
    "from_zone_acc": 0.99,
    "notice_meta_acc": 0.988,
    "report_place_F1": 0.962,
    "report_people_F1": 1.0,
}
DEV_WARNINGS_FLOOR = 10
# Best figures reached so far on the held-out documents (texts never read; figures only).
HELDOUT_FLOOR = {"change_F1": 0.886, "change_exact_F1": 0.819, "from_zone_acc": 0.969, "district_acc": 0.994, "effective_acc": 0.994, "report_place_F1": 0.829, "report_people_F1": 0.824, "notice_meta_acc": 0.841}

TARGETS = {
    "change_F1": 0.95,
    "change_exact_F1": 0.851,
    "district_acc": 0.97,
    "effective_acc": 0.95,
    "from_zone_acc": 0.95,
    "notice_meta_acc": 0.92,
    "report_place_F1": 0.85,
    "report_people_F1": 0.85,
}


def test_dev_set_figures(shared):
    tally = score(
        [shared / "eval" / "dev", shared / "seed"],
        lambda g: parse_text(g["text"], source=g["id"], published=g.get("published")).to_dict(),
    )
    f = tally.figures()
    assert f["crashes"] == 0
    low = {k: round(f[k], 3) for k, floor in DEV_FLOOR.items() if f[k] < floor}
    assert not low, f"below the dev floor: {low} (floors {DEV_FLOOR})"
    found = int(f["warnings_found"].split("/")[0])
    assert found >= DEV_WARNINGS_FLOOR, f"warnings found {f['warnings_found']}, floor {DEV_WARNINGS_FLOOR}"


def test_heldout_figures(shared):
    scorer = shared / "eval" / "score.py"
    if not (shared / "eval" / "heldout.dat").exists():
        pytest.skip("no held-out set beside the scorer")
    run = subprocess.run(
        [sys.executable, str(scorer), "--heldout", "--python", sys.executable, "--repo", "."],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    line = run.stdout.strip().splitlines()[-1]
    f = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line) if k != "docs"}
    assert f["crashes"] == 0
    low = {k: f[k] for k, floor in HELDOUT_FLOOR.items() if f[k] < floor}
    assert not low, f"below the held-out floor: {low} (floors {HELDOUT_FLOOR}); {line}"

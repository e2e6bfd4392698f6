"""The shared dev set and seed, scored like ../shared/eval/score.py (skipped without ../shared)."""

from __future__ import annotations

from notice_nlp import parse_text
from notice_nlp.evaluate import score


def test_dev_set_figures(shared):
    tally = score([shared / "eval" / "dev", shared / "seed"], lambda g: parse_text(g["text"], source=g["id"]).to_dict())
    f = tally.figures()
    assert f["crashes"] == 0
    assert f["change_F1"] >= 0.95
    assert f["change_exact_F1"] >= 0.85
    assert f["district_acc"] >= 0.97
    assert f["effective_acc"] >= 0.95
    assert f["from_zone_acc"] >= 0.95
    assert f["notice_meta_acc"] >= 0.90
    assert f["warnings_found"] == "1/1"

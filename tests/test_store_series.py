"""The 太原市 series (tests/data/series/taiyuan, texts written for the project): states on five
dates and the history of three areas, exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_nlp import store

SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"
GOLD = json.loads((SERIES / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("series") / "zones.sqlite"
    with store.open(path) as s:
        summary = s.index([str(SERIES)], jobs=1)
    assert summary.failed == 0
    return path


@pytest.mark.parametrize("on", sorted(GOLD["states"]))
def test_state_on_each_gold_date_is_exact(db, on):
    rows = store.state_on(db, on, city=GOLD["city"])
    assert [[r.district, r.area, r.zone, r.since, r.doc_number] for r in rows] == GOLD["states"][on]


@pytest.mark.parametrize("area", sorted(GOLD["history"]))
def test_history_is_exact(db, area):
    steps = store.history(db, area)
    assert [[t.effective, t.before, t.after, t.kind, t.via, t.doc_number] for t in steps] == GOLD["history"][area]


def test_reposts_and_conflicts(db):
    rows = store.state_on(db, "2022-11-22", city=GOLD["city"])
    by_number: dict[str, set] = {}
    for r in rows:
        by_number.setdefault(r.doc_number, set()).update(r.sources)
    assert len(by_number["2022年第153号"]) == GOLD["reposts"]["2022年第153号"]
    later = store.state_on(db, "2022-11-28", city=GOLD["city"])
    assert {r.doc_number for r in later if r.conflict} == set(GOLD["conflicts"])

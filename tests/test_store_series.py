"""The series in tests/data/series (texts written for the project: 太原市 over three weeks,
洛阳市 over a week): states on the gold dates, histories and the due list, exact; the drafted
next notice parses back to the areas due."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_nlp import parse_text, store
from notice_nlp.generate import generate
from notice_nlp.store.draft import draft_input, template_for

ROOT = Path(__file__).resolve().parent / "data" / "series"
SERIES = {p.name: json.loads((p / "gold.json").read_text("utf-8")) for p in sorted(ROOT.iterdir()) if (p / "gold.json").exists()}
CASES = {
    "states": [(name, on) for name, g in SERIES.items() for on in sorted(g["states"])],
    "history": [(name, area) for name, g in SERIES.items() for area in sorted(g["history"])],
}


@pytest.fixture(scope="module")
def dbs(tmp_path_factory):
    out = {}
    for name in SERIES:
        path = tmp_path_factory.mktemp(name) / "zones.sqlite"
        with store.open(path) as s:
            assert s.index([str(ROOT / name)], jobs=1).failed == 0
        out[name] = path
    return out


@pytest.mark.parametrize("name, on", CASES["states"])
def test_state_on_each_gold_date_is_exact(dbs, name, on):
    gold = SERIES[name]
    rows = store.state_on(dbs[name], on, city=gold["city"])
    assert [[r.district, r.area, r.zone, r.since, r.doc_number] for r in rows] == gold["states"][on]


@pytest.mark.parametrize("name, area", CASES["history"])
def test_history_is_exact(dbs, name, area):
    steps = store.history(dbs[name], area)
    assert [[t.effective, t.before, t.after, t.kind, t.via, t.doc_number] for t in steps] == SERIES[name]["history"][area]


@pytest.mark.parametrize("name", sorted(SERIES))
def test_due_list_and_draft(dbs, name):
    gold = SERIES[name]
    rows = store.due(dbs[name], gold["due"]["on"], city=gold["city"])
    assert [[r.state.district, r.state.area, r.state.zone, r.to_zone, r.due_since] for r in rows] == gold["due"]["areas"]
    with store.open(dbs[name], readonly=True) as s:
        data, _ = draft_input(s.con, gold["due"]["on"], gold["city"])
    text = generate(data, template=template_for(data), format="text")
    (parsed,) = [n for n in parse_text(text).notices if n.changes]
    assert [(c.district, c.area, c.from_zone, c.to_zone) for c in parsed.changes] == [
        (c["district"], c["area"], c["from_zone"], c["to_zone"]) for c in data["changes"]
    ]


def test_reposts_and_conflicts(dbs):
    gold = SERIES["taiyuan"]
    rows = store.state_on(dbs["taiyuan"], "2022-11-22", city=gold["city"])
    by_number: dict[str, set] = {}
    for r in rows:
        by_number.setdefault(r.doc_number, set()).update(r.sources)
    assert len(by_number["2022年第153号"]) == gold["reposts"]["2022年第153号"]
    later = store.state_on(dbs["taiyuan"], "2022-11-28", city=gold["city"])
    assert {r.doc_number for r in later if r.conflict} == set(gold["conflicts"])


@pytest.mark.parametrize("name", sorted(SERIES))
def test_small_batches_and_a_tiny_form_cache_give_the_gold_states(tmp_path, monkeypatch, name):
    # Every batch of two change rows is written on its own and no area form stays cached, so
    # forms come back from the store, groups grow across batches and reposts meet earlier batches.
    from notice_nlp.store import loader

    monkeypatch.setattr(loader, "BATCH_ROWS", 2)
    monkeypatch.setattr(loader, "_CACHE", 1)
    gold = SERIES[name]
    path = tmp_path / "zones.sqlite"
    with store.open(path) as s:
        assert s.index([str(ROOT / name)], jobs=1).failed == 0
    for on, want in gold["states"].items():
        rows = store.state_on(path, on, city=gold["city"])
        assert [[r.district, r.area, r.zone, r.since, r.doc_number] for r in rows] == want
    for area, want in gold["history"].items():
        assert [[t.effective, t.before, t.after, t.kind, t.via, t.doc_number] for t in store.history(path, area)] == want

"""Due rules read from notices, defaults, the due list and the drafted next notice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from notice_nlp import parse_text, store
from notice_nlp.cli import main
from notice_nlp.generate import generate
from notice_nlp.store.draft import draft_input, template_for
from notice_nlp.store.rules import read_rules

from .storeutil import change, doc, notice

SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"
GOLD = json.loads((SERIES / "gold.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "text, rule",
    [
        ("高风险区连续5天无新增感染者,降为低风险区。", ("high_risk", "low_risk", 5)),
        ("中风险区连续五天无新增感染者的,调整为低风险区;", ("medium_risk", "low_risk", 5)),
        ("封控区实行“足不出户、上门服务”,7天后无新增阳性感染者解除封控。", ("sealed", "lifted", 7)),
        ("管控区连续十天未发现新增感染者,降为防范区", ("controlled", "precaution", 10)),
        ("封控區連續7天無新增感染者,轉為管控區。", ("sealed", "controlled", 7)),
    ],
)
def test_rules_stated_in_notices_are_read(text, rule):
    (found,) = read_rules([text])
    assert (found.from_zone, found.to_zone, found.days) == rule


def test_sentences_without_a_period_are_no_rule():
    assert read_rules(["高风险区实行足不出户、上门服务。", "连续3天开展全员核酸检测。"]) == []


def _db(tmp_path, *docs):
    path = tmp_path / "z.sqlite"
    with store.open(path) as s:
        s.index_records(list(docs))
    return path


def test_a_notices_own_rule_wins_over_the_default(tmp_path):
    d = doc(notice([change("营盘街道锦绣苑", "sealed")], number="2022年第9号", issued="2022-11-20", effective="2022-11-20T08:00",
                   measures=["封控区连续3天无新增感染者解除封控"]))
    db = _db(tmp_path, d)
    assert store.due(db, "2022-11-23T07:59") == []
    (row,) = store.due(db, "2022-11-23T08:00")
    assert (row.due_since, row.to_zone, row.rule_source) == ("2022-11-23T08:00", "lifted", "notice 2022年第9号")


def test_the_default_applies_where_no_notice_states_a_rule_and_can_be_configured(tmp_path):
    db = _db(tmp_path, doc(notice([change("营盘街道锦绣苑", "sealed")], issued="2022-11-20", effective="2022-11-20T08:00")))
    assert store.due(db, "2022-11-26") == []
    (row,) = store.due(db, "2022-11-27T08:00")
    assert row.rule_source == "default" and row.to_zone == "lifted"
    (row,) = store.due(db, "2022-11-23T08:00", defaults={"sealed": (3, "controlled")})
    assert row.to_zone == "controlled"


@pytest.fixture(scope="module")
def series_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("series") / "zones.sqlite"
    with store.open(path) as s:
        s.index([str(SERIES)], jobs=1)
    return path


def test_the_series_due_list_is_exactly_the_areas_due_by_the_stated_rule(series_db):
    rows = store.due(series_db, GOLD["due"]["on"], city=GOLD["city"])
    assert [[r.state.district, r.state.area, r.state.zone, r.to_zone, r.due_since] for r in rows] == GOLD["due"]["areas"]
    assert all(r.rule_source == "notice 2022年第150号" for r in rows)


def test_the_draft_parses_back_to_the_proposed_changes(series_db):
    with store.open(series_db, readonly=True) as s:
        data, rows = draft_input(s.con, GOLD["due"]["on"], GOLD["city"])
    assert [[c["district"], c["area"]] for c in data["changes"]] == [a[:2] for a in GOLD["due"]["areas"]]
    text = generate(data, template=template_for(data), format="text")
    (parsed,) = [n for n in parse_text(text).notices if n.changes]
    assert [(c.district, c.area, c.from_zone, c.to_zone) for c in parsed.changes] == [
        (c["district"], c["area"], c["from_zone"], c["to_zone"]) for c in data["changes"]
    ]
    assert parsed.issue_date == GOLD["due"]["on"]


def test_draft_command_yaml_is_generator_input(series_db, tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert main(["draft", "--db", str(series_db), "--on", GOLD["due"]["on"], "--city", GOLD["city"], "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    assert len(data["changes"]) == len(GOLD["due"]["areas"])
    assert main(["generate", str(out), "--format", "text", "-o", str(tmp_path / "draft.txt")]) == 0
    docx = tmp_path / "draft.docx"
    assert main(["draft", "--db", str(series_db), "--on", GOLD["due"]["on"], "--city", GOLD["city"], "--format", "docx", "-o", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"


def test_timeline_due_json_rows(series_db, capsys):
    assert main(["timeline", "--db", str(series_db), "--on", GOLD["due"]["on"], "--city", GOLD["city"], "--due", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"province", "city", "district", "area", "zone", "since", "doc_number", "sources", "due_since", "rule"} <= set(rows[0])
    assert [r["area"] for r in rows] == [a[1] for a in GOLD["due"]["areas"]]

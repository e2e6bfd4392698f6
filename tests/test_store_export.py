"""Diff of two notices or two dates, and exports (CSV, Excel, Parquet)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from notice_nlp import store
from notice_nlp.cli import main

SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("series") / "zones.sqlite"
    with store.open(path) as s:
        s.index([str(SERIES)], jobs=1)
    return path


def test_diff_of_two_dates(db, capsys):
    assert main(["diff", "--db", str(db), "--city", "太原市", "2022-11-26T12:00", "2022-12-01T12:00", "--format", "json"]) == 0
    rows = {(r["change"], r["area"], r["before"], r["after"]) for r in json.loads(capsys.readouterr().out)}
    assert ("rezoned", "营盘街道星河湾小区", "medium_risk", "high_risk") in rows
    assert ("added", "兴华街道漪汾苑小区12号楼", None, "high_risk") in rows
    assert ("rezoned", "下元街道和平南路15号", "high_risk", "medium_risk") in rows
    assert len(rows) == 8


def test_diff_of_two_notices(capsys):
    a, b = SERIES / "02-2022-11-20-no153.txt", SERIES / "07-2022-11-27-no163.txt"
    assert main(["diff", str(a), str(b), "--format", "json"]) == 0
    rows = {(r["change"], r["area"]) for r in json.loads(capsys.readouterr().out)}
    assert rows == {("removed", "营盘街道星河湾小区"), ("added", "柳巷街道青年路28号院"), ("rezoned", "下元街道和平南路15号"),
                    ("removed", "千峰街道晋祠路一段7号院"), ("added", "千峰街道晋祠路一段9号院"), ("added", "兴华街道漪汾苑小区12号楼")}


def test_csv_export_one_row_per_change(db, tmp_path):
    out = tmp_path / "changes.csv"
    assert main(["export", "--db", str(db), "--to", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 27  # 37 read, less the second and third readings of 153 and the repost of 163
    assert rows[0]["doc_number"] == "2022年第150号" and rows[0]["to_zone"] == "high_risk"


def test_xlsx_export_has_chinese_headers_and_zone_labels(db, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "state.xlsx"
    assert main(["export", "--db", str(db), "--to", "xlsx", "--on", "2022-12-08", "--city", "太原市", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:6] == ["省份", "城市", "区县", "区域", "区域标识", "风险等级"]
    assert {ws.cell(r, 6).value for r in range(2, ws.max_row + 1)} == {"高风险区", "低风险区"}


def test_parquet_export(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "changes.parquet"
    assert main(["export", "--db", str(db), "--to", "parquet", "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 27 and "area_key" in table.column_names


def test_a_bad_export_writes_nothing(db, tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(db), "--to", "csv", "--on", "yesterday", "-o", str(out)]) == 2
    assert main(["export", "--db", str(db), "--to", "csv", "--city", "大同市", "-o", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.iterdir())

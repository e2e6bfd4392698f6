"""Schema version 5: a change row holds only its own fields (``change_rows``), its place as written
is a row of ``places``, and the view ``changes`` gives the columns version 4 stored; a store of
version 4 (or older) opens and is migrated to it, answering as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notice_nlp import store
from notice_nlp.cli import main
from notice_nlp.store import SCHEMA_VERSION, StoreError
from notice_nlp.store.export import change_rows

from .storeutil import change, doc, notice, older_store

SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"
DATES = ("2022-11-17", "2022-11-19", "2022-11-21", "2022-11-24", "2022-11-27", "2022-12-08")


def _answers(path) -> dict:
    """Everything the store answers: states (every city and one), histories, due lists, exports."""
    with store.open(path, readonly=True) as s:
        keys = [r[0] for r in s.con.execute("SELECT DISTINCT key FROM area_forms ORDER BY key")]
        return {
            "states": [[r.to_dict() for r in s.state_on(d)] for d in DATES],
            "city": [[r.to_dict() for r in s.state_on(d, city="太原市")] for d in DATES],
            "district": [[r.to_dict() for r in s.state_on(d, city="太原市", district="小店区")] for d in DATES],
            "history": [[t.to_dict() for t in s.history(k)] for k in keys],
            "due": [[r.to_dict() if hasattr(r, "to_dict") else r for r in s.due(d, city="太原市")] for d in DATES],
            "export": list(change_rows(s.con)),
            "notices": s.con.execute("SELECT * FROM notices ORDER BY id").fetchall(),
            "rules": s.con.execute("SELECT * FROM rules ORDER BY id").fetchall(),
        }


@pytest.fixture(scope="module")
def series_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("v5") / "z.sqlite"
    assert main(["index", str(SERIES), "--db", str(path), "--jobs", "1"]) == 0
    return path


@pytest.mark.parametrize("version", [4, 3])
def test_a_store_of_an_older_version_opens_migrated_and_answers_as_before(series_store, tmp_path, version):
    want = _answers(series_store)
    old = tmp_path / f"v{version}.sqlite"
    older_store(series_store, old, version)
    con = sqlite3.connect(old)
    rows_before = con.execute("SELECT * FROM changes ORDER BY id").fetchall()
    assert con.execute("SELECT type FROM sqlite_master WHERE name = 'changes'").fetchone() == ("table",)
    con.close()
    with store.open(old) as s:  # opened for writing: migrated in place
        assert s.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
        assert s.con.execute("SELECT type FROM sqlite_master WHERE name = 'changes'").fetchone() == ("view",)
        # the view gives every row and column as the old table held them
        columns = [r[1] for r in sqlite3.connect(old).execute("PRAGMA table_info(changes)")][: len(rows_before[0])]
        assert s.con.execute(f"SELECT {', '.join(columns)} FROM changes ORDER BY id").fetchall() == rows_before
        places = s.con.execute("SELECT province, city, district, district_code FROM places").fetchall()
        assert len(places) == len(set(places)) > 1
    assert _answers(old) == want


def test_indexing_a_migrated_store_gives_the_store_indexed_at_the_current_version(series_store, tmp_path):
    first = sorted(p for p in SERIES.iterdir() if p.suffix == ".txt")[:6]
    part = tmp_path / "part.sqlite"
    assert main(["index", *map(str, first), "--db", str(part), "--jobs", "1"]) == 0
    old = tmp_path / "v4.sqlite"
    older_store(part, old, 4)
    assert main(["index", str(SERIES), "--db", str(old), "--jobs", "1"]) == 0  # migrated, then the rest added
    got, want = _answers(old), _answers(series_store)
    for k in ("states", "city", "district", "due", "export"):
        assert _ids_out(got[k]) == _ids_out(want[k]), k


def _ids_out(x):
    """Row ids depend on the order of indexing: left out of a comparison."""
    if isinstance(x, list):
        return [_ids_out(v) for v in x]
    if isinstance(x, dict):
        return {k: _ids_out(v) for k, v in x.items() if k != "notice_id"}
    return x


def test_the_changes_view_gives_the_columns_version_4_stored(tmp_path):
    path = tmp_path / "z.sqlite"
    a = notice([change("坞城街道南华苑小区3号楼", "high_risk", effective="2022-11-20T18:00"), change("其他区域", "low_risk")],
               number="2022年第150号", issued="2022-11-19", effective="2022-11-20T00:00")
    b = notice([change("柳巷街道桥头街5号院", "sealed", district="迎泽区", effective="2022-11-21T08:00")])  # no issue date, no number
    with store.open(path) as s:
        s.index_records([doc(a), doc(b)])
        rows = s.con.execute("SELECT c.province, c.city, c.district, c.area, c.area_key, c.effective, c.ord, c.catch_all, c.counts, r.fingerprint, f.key"
                             " FROM changes c JOIN readings r ON r.id = c.reading_id JOIN area_forms f ON f.id = c.form_id ORDER BY c.id").fetchall()
    assert [r[:6] for r in rows] == [
        ("山西省", "太原市", "小店区", "坞城街道南华苑小区3号楼", "140105|南华苑小区3栋", "2022-11-20T18:00"),
        ("山西省", "太原市", "小店区", "其他区域", "140105|*", "2022-11-20T00:00"),
        ("山西省", "太原市", "迎泽区", "柳巷街道桥头街5号院", "140106|桥头街5号院", "2022-11-21T08:00"),
    ]
    fp = [r[9] for r in rows]
    # the timeline order as version 4 wrote it: issue date (else the effective date), effective time, number, fingerprint
    assert [r[6] for r in rows] == [f"2022-11-19\x012022-11-20T18:00\x012022年第150号\x01{fp[0]}", f"2022-11-19\x012022-11-20T00:00\x012022年第150号\x01{fp[1]}",
                                    f"2022-11-21\x012022-11-21T08:00\x01\x01{fp[2]}"]
    assert [r[7:9] for r in rows] == [(0, 1), (1, 1), (0, 1)]
    assert all(r[4] == r[10] for r in rows)


def test_a_place_is_written_once(tmp_path):
    path = tmp_path / "z.sqlite"
    docs = [doc(notice([change(f"幸福{i}号小区", "high_risk"), change("桥头街5号院", "sealed", district="迎泽区")], number=f"2022年第{i}号",
                       issued="2022-11-20", effective="2022-11-20T12:00")) for i in range(5)]
    with store.open(path) as s:
        s.index_records(docs[:2])
        s.index_records(docs)  # a second load: the places the store knows are not written again
        places = s.con.execute("SELECT province, city, district, district_code FROM places ORDER BY id").fetchall()
        n = s.con.execute("SELECT count(*) FROM change_rows").fetchone()[0]
    assert places == [("山西省", "太原市", "小店区", "140105"), ("山西省", "太原市", "迎泽区", "140106")]
    assert n == 10


def test_a_migration_that_fails_leaves_the_store_at_its_version(series_store, tmp_path, monkeypatch):
    from notice_nlp.store import schema

    old = tmp_path / "v4.sqlite"
    older_store(series_store, old, 4)
    before = sqlite3.connect(old).execute("SELECT count(*) FROM changes").fetchone()[0]

    def broken(con):
        schema._run(con, schema._V5_TABLES)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(schema.MIGRATIONS, 5, broken)
    with pytest.raises(sqlite3.OperationalError):
        store.open(old)
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    assert con.execute("SELECT type FROM sqlite_master WHERE name = 'changes'").fetchone() == ("table",)
    assert con.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'places'").fetchone() is None
    con.close()
    monkeypatch.undo()
    with store.open(old, readonly=True) as s:
        assert s.state_on("2022-11-24", city="太原市")
    with pytest.raises(StoreError, match="unknown city"):
        store.state_on(old, "2022-11-24", city="大同市")

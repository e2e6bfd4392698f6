"""The validity intervals behind the state of a city (store/intervals.py): the range query gives
the rows the full reading of the changes gives (the state of all cities, which reads every
change), at every moment a state can change, whatever the order and batching of indexing; a
store of schema version 3 or 4 is migrated with its intervals; marks a load leaves are mended."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_nlp import store
from notice_nlp.store import StoreError

from .storeutil import change, doc, notice, older_store

AREAS = ["学府街道丽华苑", "北营街道东岗小区", "营盘街道星河湾小区", "坞城街道南华苑小区3号楼", "南华苑小区3栋", "学府街道南华苑小区3幢", "其他区域"]
ZONES = ["high_risk", "medium_risk", "low_risk", "sealed", "lifted"]
DAYS = [f"2022-11-{d:02d}T{h:02d}:00" for d in (18, 20, 22) for h in (0, 12)]


def _moments(con: sqlite3.Connection) -> list[str]:
    """Every effective time in the store, and the minute before each."""
    import datetime as dt

    times = {r[0] for r in con.execute("SELECT DISTINCT effective FROM changes")}
    before = {(dt.datetime.fromisoformat(t) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M") for t in times}
    return sorted(times | before)


def _same_as_full_reading(path) -> int:
    """State of each city by its intervals == the rows of that city in the state of all cities
    (read from every change), at every moment; the number of rows compared."""
    n = 0
    with store.open(path, readonly=True) as s:
        cities = [r[0] for r in s.con.execute("SELECT DISTINCT city FROM changes WHERE city IS NOT NULL")]
        for on in _moments(s.con):
            every = s.state_on(on)
            for city in cities:
                got = [r.to_dict() for r in s.state_on(on, city=city)]
                want = [r.to_dict() for r in every if r.city == city]
                assert got == want, on
                n += len(got)
    return n


_change = st.builds(
    lambda area, zone, kind, eff, district: change(area, zone, kind=kind, effective=eff, district=district),
    st.sampled_from(AREAS), st.sampled_from(ZONES), st.sampled_from(["change", "status"]), st.one_of(st.none(), st.sampled_from(DAYS)),
    st.sampled_from(["小店区", "小店区", "迎泽区"]),
)
_notice = st.builds(
    lambda changes, number, issued: notice(changes, number=number, issued=issued),
    st.lists(_change, min_size=1, max_size=4), st.sampled_from([None, "2022年第1号", "2022年第2号", "2022年第3号"]),
    st.sampled_from(["2022-11-18", "2022-11-20", "2022-11-22"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_notice, min_size=1, max_size=6), st.randoms(use_true_random=False), st.booleans())
def test_intervals_give_the_full_readings_rows_in_any_order(tmp_path_factory, notices, rnd, one_by_one):
    # Notices that share a number are reposts (merged, a reading chosen); catch-alls, status
    # lists, lifts, forms of one area with and without their township, dates missing.
    docs = [doc(n) for n in notices]
    rnd.shuffle(docs)
    path = tmp_path_factory.mktemp("iv") / "z.sqlite"
    with store.open(path) as s:
        if one_by_one:
            for d in docs:
                s.index_records([d])
        else:
            s.index_records(docs)
    _same_as_full_reading(path)


def test_the_series_states_from_intervals_match_the_full_reading(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent / "data" / "series"
    path = tmp_path / "z.sqlite"
    with store.open(path) as s:
        s.index([str(p) for p in sorted(root.iterdir()) if p.is_dir()])
    assert _same_as_full_reading(path) > 100


def _sample(tmp_path):
    path = tmp_path / "z.sqlite"
    a = doc(notice([change("学府街道丽华苑", "high_risk"), change("北营街道东岗小区", "sealed")], issued="2022-11-20", effective="2022-11-20T00:00"))
    b = doc(notice([change("学府街道丽华苑", "high_risk", kind="status"), change("其他区域", "low_risk", kind="status")], issued="2022-11-24", effective="2022-11-24T00:00"))
    with store.open(path) as s:
        s.index_records([a, b])
    return path


def _city_states(path):
    with store.open(path, readonly=True) as s:
        return [[r.to_dict() for r in s.state_on(on, city="太原市")] for on in ("2022-11-21", "2022-11-25")]


@pytest.mark.parametrize("version", [3, 4])
def test_an_older_store_is_migrated_with_its_intervals(tmp_path, version):
    from notice_nlp.store.schema import SCHEMA_VERSION

    path = _sample(tmp_path)
    want = _city_states(path)
    old = tmp_path / f"v{version}.sqlite"
    older_store(path, old, version)  # the same store as that version wrote it
    con = sqlite3.connect(old)
    assert con.execute("SELECT type FROM sqlite_master WHERE name = 'changes'").fetchone() == ("table",)
    con.close()
    assert _city_states(old) == want  # a read-only open migrates it
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    assert con.execute("SELECT count(*) FROM intervals").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM interval_dirty").fetchone()[0] == 0
    con.close()


def test_marks_a_load_left_are_refused_for_queries_and_mended_by_indexing(tmp_path):
    path = _sample(tmp_path)
    want = _city_states(path)
    con = sqlite3.connect(path, isolation_level=None)  # as a load killed before its end leaves it
    con.execute("DELETE FROM intervals")
    con.execute("INSERT INTO interval_dirty VALUES ('太原市', '140105', '')")
    con.close()
    with pytest.raises(StoreError, match="cut short"):
        store.open(path, readonly=True)
    with store.open(path):
        pass
    assert _city_states(path) == want


def test_the_state_of_a_city_is_one_range_query_in_the_rows_order(tmp_path):
    from notice_nlp.store.timeline import _SPANS_SQL

    path = _sample(tmp_path)
    con = sqlite3.connect(path)
    plan = " ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + _SPANS_SQL.format(codes=""), ("太原市", "x", "x")))
    assert "SEARCH intervals USING PRIMARY KEY (city=?)" in plan and "TEMP B-TREE" not in plan
    spans = con.execute("SELECT area, zone, valid_from, valid_to FROM intervals ORDER BY area, valid_from").fetchall()
    con.close()
    assert ("北营街道东岗小区", "sealed", "2022-11-20T00:00", "2022-11-24T00:00") in spans
    assert ("北营街道东岗小区", "low_risk", "2022-11-24T00:00", "9999-12-31T23:59") in spans


def test_a_row_whose_fields_hold_a_mark_is_read_back_as_written(tmp_path):
    path = tmp_path / "z.sqlite"
    odd = dict(change("学府街道丽华\x1f苑", "high_risk"), province=None)
    with store.open(path) as s:
        s.index_records([doc(notice([odd, change("北营街道东岗小区", "sealed")], issued="2022-11-20", effective="2022-11-20T00:00"))])
        rows = {r.area: r for r in s.state_on("2022-11-21", city="太原市")}
    assert rows["学府街道丽华\x1f苑"].province is None and rows["学府街道丽华\x1f苑"].zone == "high_risk"
    assert rows["北营街道东岗小区"].province == "山西省"
    assert _same_as_full_reading(path) == 2  # two areas, at the one moment a zone holds

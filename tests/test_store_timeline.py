"""State on a date and an area's history: one test per rule of the timeline."""

from __future__ import annotations

import pytest

from notice_nlp import store
from notice_nlp.store import StoreError

from .storeutil import change, doc, notice


def _state(tmp_path, *docs, on, **kw):
    with store.open(tmp_path / "z.sqlite") as s:
        s.index_records(list(docs))
        return {r.area: (r.zone, r.since) for r in s.state_on(on, **kw)}


def test_a_change_holds_from_its_effective_time(tmp_path):
    d = doc(notice([change("坞城街道南华苑小区", "high_risk")], issued="2022-11-20", effective="2022-11-21T12:00"))
    assert _state(tmp_path, d, on="2022-11-21T11:59") == {}
    assert _state(tmp_path, d, on="2022-11-21T12:00") == {"坞城街道南华苑小区": ("high_risk", "2022-11-21T12:00")}


def test_lifted_ends_a_zone(tmp_path):
    a = doc(notice([change("营盘街道锦绣苑", "sealed")], issued="2022-11-20", effective="2022-11-20T08:00"))
    b = doc(notice([change("营盘街道锦绣苑", "lifted", from_zone="sealed")], issued="2022-11-27", effective="2022-11-27T00:00"))
    assert _state(tmp_path, a, b, on="2022-11-26") == {"营盘街道锦绣苑": ("sealed", "2022-11-20T08:00")}
    assert _state(tmp_path, a, b, on="2022-11-28") == {}


def test_a_status_list_asserts_the_state_as_of_its_time(tmp_path):
    a = doc(notice([change("学府街道丽华苑", "high_risk")], issued="2022-11-20", effective="2022-11-20T00:00"))
    status = doc(notice([change("学府街道丽华苑", "medium_risk", kind="status"), change("北营街道东岗小区", "high_risk", kind="status")],
                        issuer="太原市小店区新冠肺炎疫情防控指挥部", issued="2022-11-24", effective="2022-11-24T00:00"))
    assert _state(tmp_path, a, status, on="2022-11-25") == {
        "学府街道丽华苑": ("medium_risk", "2022-11-24T00:00"),
        "北营街道东岗小区": ("high_risk", "2022-11-24T00:00"),
    }


def test_a_status_list_repeating_the_zone_keeps_since(tmp_path):
    a = doc(notice([change("学府街道丽华苑", "high_risk")], issued="2022-11-20", effective="2022-11-20T00:00"))
    status = doc(notice([change("学府街道丽华苑", "high_risk", kind="status")], issued="2022-11-24", effective="2022-11-24T00:00"))
    assert _state(tmp_path, a, status, on="2022-11-25") == {"学府街道丽华苑": ("high_risk", "2022-11-20T00:00")}


def test_a_catch_all_covers_the_districts_areas_not_named(tmp_path):
    a = doc(notice([change("学府街道丽华苑", "high_risk"), change("北营街道东岗小区", "high_risk"), change("柳巷街道桥头街9号", "high_risk", district="迎泽区")],
                   issued="2022-11-20", effective="2022-11-20T00:00"))
    b = doc(notice([change("学府街道丽华苑", "high_risk", kind="status"), change("其他区域", "low_risk", kind="status")],
                   issued="2022-11-24", effective="2022-11-24T00:00"))
    got = _state(tmp_path, a, b, on="2022-11-25")
    assert got["学府街道丽华苑"] == ("high_risk", "2022-11-20T00:00")
    assert got["北营街道东岗小区"] == ("low_risk", "2022-11-24T00:00")  # not named: the rest of 小店区
    assert got["其他区域"] == ("low_risk", "2022-11-24T00:00")
    assert got["柳巷街道桥头街9号"] == ("high_risk", "2022-11-20T00:00")  # another district


def test_a_later_notice_supersedes_an_earlier_one(tmp_path):
    # The first notice schedules a change for the 25th; a notice issued after it moves the
    # area on the 22nd, and the scheduled change of the earlier notice yields to it.
    early = doc(notice([change("平阳路街道府东小区", "high_risk", from_zone="medium_risk", effective="2022-11-25T00:00"), change("平阳路街道府东小区", "medium_risk", effective="2022-11-20T00:00")],
                       number="2022年第10号", issued="2022-11-20"))
    later = doc(notice([change("平阳路街道府东小区", "low_risk", from_zone="medium_risk")], number="2022年第12号", issued="2022-11-22", effective="2022-11-22T00:00"))
    assert _state(tmp_path, early, later, on="2022-11-26") == {"平阳路街道府东小区": ("low_risk", "2022-11-22T00:00")}


def test_no_effective_time_uses_the_issue_date_and_says_so(tmp_path):
    d = doc(notice([change("龙城街道康宁苑", "high_risk")], issued="2022-11-23"))
    with store.open(tmp_path / "z.sqlite") as s:
        s.index_records([d])
        (row,) = s.state_on("2022-11-23T10:00")
        (step,) = s.history("康宁苑")
    assert (row.since, row.since_assumed) == ("2022-11-23T00:00", True)
    assert step.assumed


def test_history_lists_every_transition_with_its_notice(tmp_path):
    a = doc(notice([change("坞城街道南华苑小区3号楼", "high_risk")], number="2022年第150号", issued="2022-11-18", effective="2022-11-18T18:00"), url="http://a.example/150")
    b = doc(notice([change("南华苑小区3栋", "low_risk", from_zone="high_risk")], number="2022年第158号", issued="2022-11-23", effective="2022-11-23T18:00"))
    with store.open(tmp_path / "z.sqlite") as s:
        s.index_records([a, b])
        steps = s.history("南华苑小区")
    assert [(t.before, t.after, t.doc_number) for t in steps] == [(None, "high_risk", "2022年第150号"), ("high_risk", "low_risk", "2022年第158号")]
    assert steps[0].sources == ("http://a.example/150",)


def test_unknown_city_area_and_bad_dates_are_errors(tmp_path):
    d = doc(notice([change("龙城街道康宁苑", "high_risk")], issued="2022-11-23"))
    with store.open(tmp_path / "z.sqlite") as s:
        s.index_records([d])
        with pytest.raises(StoreError, match="unknown city"):
            s.state_on("2022-11-24", city="大同市")
        with pytest.raises(StoreError, match="unknown district"):
            s.state_on("2022-11-24", district="云冈区")
        with pytest.raises(StoreError, match="unknown area"):
            s.history("不存在的小区")
        for bad in ("2022-11-31", "yesterday", "2022/11/24"):
            with pytest.raises(StoreError, match="not a date"):
                s.state_on(bad)

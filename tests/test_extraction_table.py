"""Data-driven extraction cases: short texts, each with the exact records expected.

Cases live in ``data/cases/*.json``, one file per class of writing (group headers, item
shapes, back-references, lifting, status lists, catch-alls, districts, headers, dates…); each
case is a text written for the test, stating one general fact about how notices are written.
A case may give ``published`` (the page's publication date), expected ``notice`` fields
and ``effectives`` (each change's effective time, in order)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_nlp import parse_text

from .conftest import records

CASES = [
    dict(case, name=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "data" / "cases").glob("*.json"))
    for case in json.loads(path.read_text("utf-8"))
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case):
    doc = parse_text(case["text"], source=case["name"], published=case.get("published"))
    assert records(doc) == [tuple(c) for c in case["changes"]]
    for key, value in case.get("notice", {}).items():
        assert getattr(doc.notices[0], key) == value, key
    if "effectives" in case:  # each change's own effective time, in order
        assert [c.effective for n in doc.notices for c in n.changes] == case["effectives"]
    messages = " ".join(w.message for n in doc.notices for w in n.warnings)
    for needle in case.get("warnings", []):
        assert needle in messages


def test_a_change_whose_city_is_unknown_stays_in_its_notice():
    # 城关区 is in 兰州市 and in 拉萨市; the townships place the other items in 兰州市.
    text = "自2022年11月28日起,将城关区雁南街道鸿运润园小区3号楼调整为高风险区,城关区其他区域为低风险区。"
    (notice,) = parse_text(text).notices
    assert notice.city == "兰州市" and [c.area for c in notice.changes] == ["雁南街道鸿运润园小区3号楼", "其他区域"]


def test_roundup_lines_keep_their_own_districts_and_cities():
    # Each line names its city and district before the predicate; the first line's district
    # does not carry over, and a line's 【label】 is not part of its place.
    text = (
        "11月28日各地风险区调整汇总\n"
        "【北京】11月27日,北京市朝阳区将潘家园街道华威西里调整为高风险区。\n"
        "【广州】广州市海珠区自11月28日起解除凤阳街道康乐村高风险区。\n"
        "【重庆】重庆市渝中区化龙桥街道李子坝正街38号调整为低风险区。"
    )
    notices = parse_text(text).notices
    assert [(n.city, [(c.district, c.area, c.from_zone, c.to_zone) for c in n.changes]) for n in notices] == [
        ("北京市", [("朝阳区", "潘家园街道华威西里", None, "high_risk")]),
        ("广州市", [("海珠区", "凤阳街道康乐村", "high_risk", "lifted")]),
        ("重庆市", [("渝中区", "化龙桥街道李子坝正街38号", None, "low_risk")]),
    ]



def test_a_decision_printed_twice_on_a_page_gives_each_change_once_with_a_warning():
    # The notice, then a report on the same page relaying the same decision.
    text = (
        "振兴区疫情防控指挥部关于调整风险等级的通告\n自2021年6月1日0时起,将帽盔山街道锦江社区由中风险地区调整为低风险地区。\n"
        "特此通告。\n振兴区疫情防控指挥部\n2021年5月31日\n\n"
        "本报讯 记者5月31日从振兴区获悉,自2021年6月1日0时起,振兴区帽盔山街道锦江社区由中风险地区调整为低风险地区。"
    )
    doc = parse_text(text)
    assert [(c.district, c.area, c.from_zone, c.to_zone) for n in doc.notices for c in n.changes] == [
        ("振兴区", "帽盔山街道锦江社区", "medium_risk", "low_risk")
    ]
    assert doc.notices[0].issuer == "振兴区疫情防控指挥部"
    warnings = [w for n in doc.notices for w in n.warnings if w.code == "repeated"]
    assert len(warnings) == 1 and "帽盔山街道锦江社区" in warnings[0].message
    assert text[warnings[0].span[0] : warnings[0].span[1]].endswith("锦江社区")


def test_a_total_counts_the_listed_places_that_name_no_district_of_their_own():
    # The total names the district; the places below it write only their township.
    text = (
        "1月20日零时起,雁塔区所辖丈八沟街道甲小区、乙小区等3个封控区调整为管控区。这3个区域包括:\n"
        "一、丈八沟街道(3个)\n甲小区\n乙小区\n丙家属院"
    )
    (notice,) = parse_text(text).notices
    assert [c.area for c in notice.changes] == ["丈八沟街道甲小区", "丈八沟街道乙小区", "丈八沟街道丙家属院"]
    assert not [w for w in notice.warnings if w.code == "total_mismatch"]


def test_a_heading_count_met_by_the_sentence_under_it_gives_no_warning():
    # The sentence under 中风险区(2个): gives its places the zone itself; they are still the
    # heading's list, and two were declared and two listed.
    text = "自2022年10月9日14时起,兴庆区辖区划定中风险区。\n中风险区(2个)\n裕丰小区、南塘花园为中风险区,实施“人不出区、错峰取物”管控措施。"
    (notice,) = parse_text(text).notices
    assert [c.area for c in notice.changes] == ["裕丰小区", "南塘花园"]
    assert [w.code for w in notice.warnings if w.code == "count_mismatch"] == []

"""Data-driven extraction cases: short texts, each with the exact records expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_nlp import parse_text

from .conftest import records

CASES = json.loads((Path(__file__).parent / "data" / "extraction_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case):
    doc = parse_text(case["text"], source=case["name"])
    assert records(doc) == [tuple(c) for c in case["changes"]]
    for key, value in case.get("notice", {}).items():
        assert getattr(doc.notices[0], key) == value, key
    messages = " ".join(w.message for n in doc.notices for w in n.warnings)
    for needle in case.get("warnings", []):
        assert needle in messages


def test_a_change_whose_city_is_unknown_stays_in_its_notice():
    # 城关区 is in 兰州市 and in 拉萨市; the townships place the other items in 兰州市.
    text = "自2022年11月28日起,将城关区雁南街道鸿运润园小区3号楼调整为高风险区,城关区其他区域为低风险区。"
    (notice,) = parse_text(text).notices
    assert notice.city == "兰州市" and [c.area for c in notice.changes] == ["雁南街道鸿运润园小区3号楼", "其他区域"]

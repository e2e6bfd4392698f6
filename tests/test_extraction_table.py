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

"""Data-driven report cases: short news texts written for the test, each with the headline,
dateline date, places and bylines expected of its one report (``data/reports_cases.json``).
A case with ``no_report`` is a text that reads as no news report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notice_nlp import parse_text

CASES = json.loads((Path(__file__).parent / "data" / "reports_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_report_case(case):
    doc = parse_text(case["text"], source=case["name"], published=case.get("published"))
    if case.get("no_report"):
        assert doc.reports == ()
        return
    if "titles" in case:  # a page of several reports
        assert [r.title for r in doc.reports] == case["titles"]
        assert [[[p.role, p.name] for p in r.people] for r in doc.reports] == case["people_by_report"]
        return
    (report,) = doc.reports
    assert report.title == case["title"]
    assert report.date == case["date"]
    if "places" in case:
        assert [[p.district, p.area] for p in report.places] == case["places"]
    for area in case.get("exclude_places", []):
        assert area not in [p.area for p in report.places]
    assert [[p.role, p.name] for p in report.people] == case["people"]
    for person in report.people:
        assert doc.text[person.span[0] : person.span[1]] == person.name

"""The seed page (a newspaper page holding notice 2022年第165号) parsed end to end."""

from __future__ import annotations

import json

from notice_nlp import parse_file, parse_text

from .conftest import records


def _seed(shared):
    path = shared / "seed" / "taiyuan-2022-11-17-page.txt"
    gold = json.loads((shared / "seed" / "taiyuan-2022-11-17-page.gold.json").read_text("utf-8"))
    return path, gold


def test_seed_notice_matches_gold(shared):
    path, gold = _seed(shared)
    doc = parse_file(path)
    assert len(doc.notices) == 1
    n, g = doc.notices[0], gold["notices"][0]
    for key in ("issuer", "doc_number", "title", "issue_date", "effective", "province", "city"):
        assert getattr(n, key) == g[key], key
    expected = [(c["district"], c["area"], c["from_zone"], c["to_zone"], c["kind"]) for c in g["changes"]]
    assert records(doc) == expected


def test_seed_warns_about_missing_xiaodian_area(shared):
    path, _ = _seed(shared)
    doc = parse_file(path)
    messages = [w.message for w in doc.notices[0].warnings]
    assert any("小店区" in m and "1" in m and "0 listed" in m for m in messages)
    assert any("8 declared" in m and "7 listed" in m for m in messages)


def test_seed_spans_point_at_original_text(shared):
    path, _ = _seed(shared)
    text = path.read_text("utf-8")
    doc = parse_text(text)
    n = doc.notices[0]
    for key in ("issuer", "doc_number", "title"):
        s, e = n.spans[key]
        assert text[s:e] == getattr(n, key)
    for c in n.changes:
        s, e = c.span
        assert c.area.split("镇")[-1][-4:] in text[s:e]
        ds, de = c.spans.get("district", (0, 0))
        if c.district:
            assert text[ds:de] == c.district
    # The adcode of the deepest unit resolved: 晋源区 140110, 平阳路街道 140105004.
    codes = {c.area: c.adcode for c in n.changes}
    assert codes["平阳路街道"] == "140105004"
    assert codes["义井街20号太化公司小区3号楼"] == "140110"

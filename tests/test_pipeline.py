"""The spaCy annotation layer: each registered factory, serialisation, and a saved pipeline."""

from __future__ import annotations

import json

import pytest
import spacy

from notice_nlp.nlp import annotate, build_pipeline, span_offsets

TEXT = (
    "本报讯(记者 侯慧琴 通讯员 王浩青)11月17日,迎泽区迎泽街道青年路三社区58号院,3位党员阿姨守好大门。"
    "太原市疫情防控领导小组办公室发布通告,将晋源区姚村镇盛世田园小区调整为高风险区。"
)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _labelled(doc, key):
    return [(doc.text[s:e], label) for s, e, label in span_offsets(doc, key)]


def test_pipeline_uses_gazetteer_aware_jieba_tokenizer(nlp):
    doc = nlp("尖草坪区向阳镇横渠村、晋源区姚村镇")
    words = [t.text for t in doc]
    assert "向阳镇" in words and "姚村镇" in words and "高风险区" in [t.text for t in nlp("调整为高风险区")]
    assert nlp.pipe_names == ["notice_zones", "notice_places", "notice_dates", "notice_orgs", "notice_bylines"]


def test_zones_component(nlp):
    doc = nlp(TEXT)
    assert _labelled(doc, "zones") == [("高风险区", "high_risk")]


def test_places_component(nlp):
    doc = nlp(TEXT)
    found = _labelled(doc, "places")
    assert ("迎泽区", "COUNTY") in found and ("晋源区", "COUNTY") in found and ("姚村镇", "TOWN") in found
    assert ("迎泽区迎泽街道青年路三社区58号院", "PLACE") in found and ("晋源区姚村镇盛世田园小区", "PLACE") in found
    assert ("太原市", "CITY") in found


# Named places found from jieba tokens: names the dictionary does not know (土华, 所营) are
# tagged by the HMM; a verb before a place word (守好社区, 封控小区) is not a name.
NAMED_PLACE_CASES = [
    ("11月9日,华洲街道土华村组织党员志愿者上门服务。", ["华洲街道土华村"]),
    ("11月17日小店区消息,西温庄乡后所营社区充分发动群众。", ["西温庄乡后所营社区"]),
    ("每天清晨,横渠村网格员都会挨家挨户敲门。", ["横渠村"]),
    ("3位党员阿姨守好社区大门,为封控小区居民配送物资。", []),
    ("14天内去过上述区域人员主动向村(社区)报告。", []),
    ("迎泽街道青年路三社区58号院的居民排队检测。", ["迎泽街道青年路三社区58号院"]),
]


@pytest.mark.parametrize("text, expected", NAMED_PLACE_CASES)
def test_named_places(nlp, text, expected):
    doc = nlp(text)
    places = [doc.text[s:e] for s, e, label in span_offsets(doc, "places") if label == "PLACE"]
    assert [p for p in places if not any(p != q and p in q for q in places)] == expected


def test_dates_component_ignores_house_numbers(nlp):
    doc = nlp(TEXT)
    assert _labelled(doc, "dates") == [("11月17日", "DATE")]


def test_orgs_component(nlp):
    doc = nlp(TEXT)
    assert _labelled(doc, "orgs") == [("太原市疫情防控领导小组办公室", "ORG")]


def test_bylines_component(nlp):
    doc = nlp(TEXT)
    assert _labelled(doc, "bylines") == [("侯慧琴", "记者"), ("王浩青", "通讯员")]


def test_component_config_is_keyword_only_and_overridable():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "notice_nlp.jieba_tokenizer.v1"}}})
    nlp.add_pipe("notice_zones", config={"spans_key": "z", "extra_terms": {"隔离区": "sealed"}})
    doc = nlp("将该楼划为隔离区")
    assert [(sp.text, sp.label_) for sp in doc.spans["z"]] == [("隔离区", "sealed")]
    with pytest.raises(Exception):
        nlp.add_pipe("notice_dates", name="d2", config={"no_such_setting": 1})


def test_serialisation_round_trip(tmp_path, nlp):
    nlp.get_pipe("notice_zones").patterns["terms"]["隔离区"] = "sealed"
    nlp.get_pipe("notice_zones")._compile()
    nlp.to_disk(tmp_path / "pipe")
    saved = json.loads((tmp_path / "pipe" / "notice_zones" / "patterns.json").read_text("utf-8"))
    assert saved["terms"]["隔离区"] == "sealed" and saved["terms"]["封控区"] == "sealed"
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded("将该楼划为隔离区," + TEXT)
    assert ("隔离区", "sealed") in _labelled(doc, "zones")
    assert _labelled(doc, "bylines") == _labelled(nlp(TEXT), "bylines")
    del nlp.get_pipe("notice_zones").patterns["terms"]["隔离区"]
    nlp.get_pipe("notice_zones")._compile()


def test_annotate_maps_spans_to_original_traditional_text():
    text = "將寶安區(qū)沙井街道共和社區(qū)劃定為封控區(qū)。"
    _, annotations = annotate(text)
    zone = next(a for a in annotations if a.key == "zones")
    assert zone.label == "sealed" and zone.text.startswith("封控區")
    county = next(a for a in annotations if a.label == "COUNTY")
    assert county.text.startswith("寶安區")

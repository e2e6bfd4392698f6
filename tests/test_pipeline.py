"""The spaCy annotation layer: each registered factory, serialisation, and a saved pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.nlp import annotate, build_pipeline, span_offsets

ROOT = Path(__file__).resolve().parents[1]

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


def test_names_inside_one_token_keep_their_own_offsets(nlp):
    # jieba gives 上海市浦东新区 as one word; each name keeps its exact offsets, also after a
    # round trip of the Doc through bytes.
    doc = nlp("上海市浦东新区发布通告")
    assert [t.text for t in doc][0] == "上海市浦东新区"
    expected = [("上海市", "PROVINCE"), ("浦东新区", "COUNTY")]
    assert _labelled(doc, "places") == expected
    copy = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _labelled(copy, "places") == expected


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


# The report reader calls the annotators without a Doc, segmenting only the clauses that hold a
# place word; it must find exactly what the spaCy components find.
_PIECES = ["华洲街道", "土华村", "后所营社区", "横渠", "村", "社区", "小区", "58号院", "晋源区", "姚村镇", "盛世田园", "的", "在",
           "守好", "大门", "党员", "A区", "12", "3.5", ",", "。", ";", "、", "!", "?", "\n", " ", "(", ")", "太原市", "网格员"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=150, deadline=None)
def test_a_clause_segmented_alone_gives_the_words_of_the_whole_text(text):
    from notice_nlp.annotators import _clauses, clause_tokens
    from notice_nlp.tokenizer import SPLIT_PLACE_WORDS, tag_words

    whole, pos = [], 0
    for word, tag in tag_words(text, SPLIT_PLACE_WORDS):
        whole.append((pos, pos + len(word), word, tag))
        pos += len(word)
    tokens = clause_tokens(text)
    for cs, ce in _clauses(text):
        assert tokens(cs, ce) == [t for t in whole if cs <= t[0] and t[1] <= ce]
        assert not any(t[0] < cs < t[1] or t[0] < ce < t[1] for t in whole)


def _working_texts():
    from notice_nlp.ingest import load_path
    from notice_nlp.normalize import normalize

    paths = sorted((ROOT / "corpus").glob("*.*"))
    paths += sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    return [normalize(load_path(p).text).text for p in paths if p.suffix in (".txt", ".html", ".pdf")]


def test_report_reader_finds_what_the_components_find(nlp):
    from notice_nlp.annotators import byline_names, place_names

    texts = _working_texts()
    assert len(texts) >= 20
    for text in texts:
        doc = nlp(text)
        assert place_names(text) == span_offsets(doc, "places")
        assert byline_names(text) == span_offsets(doc, "bylines")

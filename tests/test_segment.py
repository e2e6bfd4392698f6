"""The tokenizer's segmentation (``tokenizer.segment``) gives, word for word, what jieba's own
``lcut`` (HMM on) gives with the same dictionary."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.tokenizer import place_tokenizer, segment

ROOT = Path(__file__).resolve().parents[1]

# Dictionary words, place words, names jieba does not know (read by its HMM), Latin letters,
# numbers and the marks jieba splits blocks at.
_PIECES = ["华洲街道", "土华村", "后所营社区", "横渠", "村", "社区", "小区", "58号院", "晋源区", "姚村镇", "盛世田园", "的", "在",
           "守好", "大门", "党员", "A区", "12", "3.5", "25%", "abc", "#", "&", "-", ",", "。", ";", "、", "!", "?", "\n", "\r\n",
           " ", "\t", "(", ")", "太原市", "网格员", "高风险区", "解除", "封控", "沁园春", "嘞", "氹", "鿎"]


def _jieba(text: str) -> list[str]:
    return place_tokenizer().lcut(text, HMM=True)


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_segment_is_jiebas_lcut(text):
    assert segment(text) == _jieba(text)


@given(st.text(alphabet=st.sampled_from("".join(sorted(set("".join(_PIECES))))), max_size=30))
@settings(max_examples=300, deadline=None)
def test_segment_is_jiebas_lcut_on_any_mix_of_characters(text):
    assert segment(text) == _jieba(text)


def test_segment_is_jiebas_lcut_on_the_corpus():
    from notice_nlp.ingest import load_path

    texts = [load_path(p).text for p in sorted((ROOT / "corpus").glob("*.*")) if p.suffix in (".txt", ".html")]
    assert texts
    for text in texts:
        assert segment(text) == _jieba(text)
        for line in text.split("\n"):
            assert segment(line) == _jieba(line)


@given(st.text(alphabet=st.sampled_from("嘞氹鿎沁园春横渠守好华洲土后所营盛世田园abc12.%- 、,"), min_size=1, max_size=12))
@settings(max_examples=500, deadline=None)
def test_the_hmm_reads_unknown_runs_as_jiebas_hmm(text):
    from jieba import finalseg

    from notice_nlp.tokenizer import _hmm_cut

    assert _hmm_cut(text, finalseg) == list(finalseg.cut(text))


def test_segment_is_jiebas_lcut_when_the_table_of_word_logs_starts_again(monkeypatch):
    from notice_nlp import tokenizer

    monkeypatch.setattr(tokenizer, "_LOGS_LIMIT", 5)  # the table is cleared every few fragments
    tokenizer._word_logs(place_tokenizer()).clear()
    text = "华洲街道土华村后所营社区的网格员守好大门,晋源区姚村镇盛世田园58号院解除封控。太原市高风险区"
    assert segment(text) == _jieba(text)
    assert len(tokenizer._word_logs(place_tokenizer())) <= 5


def _plain_new_word_tag(word: str) -> str:
    """new_word_tag's HMM reading, spelt out state by state over jieba's tables."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    low = -3.14e100
    best, best_tag = low, "x"
    for position, tag in char_state_tab_P.get(word[0], ()):
        if position != "B":
            continue
        begin, middle, end = ("B", tag), ("M", tag), ("E", tag)
        score = start_P.get(begin, low) + emit_P[begin].get(word[0], low)
        previous = begin
        for ch in word[1:-1]:
            score += trans_P[previous].get(middle, low) + emit_P[middle].get(ch, low)
            previous = middle
        score += trans_P[previous].get(end, low) + emit_P[end].get(word[-1], low)
        if score > best:
            best, best_tag = score, tag
    return best_tag


@given(st.text(alphabet=st.sampled_from("土华守好横渠盛世田园后所营沁园春网格员嘞氹鿎中东小区村镇街道的了和在"), min_size=2, max_size=7))
@settings(max_examples=500, deadline=None)
def test_a_new_words_tag_is_the_hmms_reading_spelt_out(word):
    from notice_nlp.tokenizer import new_word_tag

    assert new_word_tag(word) == _plain_new_word_tag(word)

"""Patterns written for speed match exactly what their plain forms match: those that open with a
lookahead on their first character, and those that open with a character, a class or plain
words (the regex engine scans for those) and check what stands before it behind it."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notice_nlp.dates import _DATE_RX, _ISO_HINT_RX
from notice_nlp.docnumbers import _RXS as _DOC_NUMBER_RXS
from notice_nlp.grammar import predicate_needs, predicate_patterns
from notice_nlp.issuers import _CLAUSE_OPENER_RX, _SENTENCE_OPENER_RX, _mention_rx, _starts_after, org_suffix
from notice_nlp.layout import _CJK_SPACED
from notice_nlp.normalize import _DOUBLED_MARKS_RX, _LOOSE_SPACE, _MOJIBAKE, _PINYIN, _TONED
from notice_nlp.run_ons import _RUN_ON_MARKER, _RUN_ON_PROBE
from notice_nlp.noise import _NOISE_HINT_RX

_GUARD = re.compile(r"^\(\?=(?:\[[^\]]*\]|为)\)")

_PIECES = st.sampled_from(
    ["高风险区", "中风险地区", "低风险区", "封控区", "管控区", "防范区", "调整为", "由", "降为", "仍为", "为", "纳入", "列入",
     "解除封控", "全面解封", "解除", "予以", "管理", ":", "(2个)", "3个", "小区", "、", ",", "。", "\n", " ", "1号楼", "全部", "被", "锟斤拷", "\ufffd", "5 号",
     "二、", "1.", "(3)", "特此通告。", "2022年11月17日", "十一月", "3日", "0时", ";",
     "區", "(qū)", "(ab)", "a", "+ g/", "\t", "\u3000", ",", ",,", "、、", "2022年第5号", "第3号", "通告", "办", "19号", "〔2022〕",
     "指挥部", "办公室", "(指挥部)", "卫健委", "仍", "调"]
)


def _unguarded(rx: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(_GUARD.sub("", rx.pattern, count=1))


GUARDED = {name: rx for name, rx in predicate_patterns().items() if _GUARD.match(rx.pattern)}
GUARDED.update({"date": _DATE_RX})


def test_guards_are_in_place():
    assert {"to", "items_after", "label", "lift", "zone_lifted", "date"} <= set(GUARDED)


_PLAIN = predicate_patterns()["plain"]
_N = r"(?:\d+|[〇零一二三四五六七八九十百千]+)"
_KIND = r"(?:通告|公告|通报|通知)"
# Each pattern that opens with its first character, and its plain form.
REWRITTEN = {
    "plain": (_PLAIN, re.sub(r"^为\(\?<!\[([^\]]*)\]为\)", r"(?<![\1])为", _PLAIN.pattern)),
    "mojibake": (_MOJIBAKE, r"\ufffd+|(?:锟斤拷)+|(?:烫烫烫)+|(?:屯屯屯)+"),
    "loose_space": (
        _LOOSE_SPACE,
        r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=\d(?!\d*[.、][\u4e00-\u9fff]))|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff])"
        r"|[ \u3000]+(?=[,。、;:)])|(?<=[(,、;:)])[ \u3000]+(?=[\u4e00-\u9fff])",
    ),
    "pinyin": (_PINYIN, r"(?<=[\u4e00-\u9fff])[(（]([a-zü" + _TONED + r"]{1,6})[)）]"),
    "doubled_marks": (_DOUBLED_MARKS_RX, r"[,,、]{2,}"),
    "cjk_spaced": (_CJK_SPACED, r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"),
    "doc_number_year": (_DOC_NUMBER_RXS[1][1], rf"(?m)(?P<n>\d{{4}}\s*年\s*第?\s*{_N}\s*号)(?=\s*(?:{_KIND}|$))"),
    "doc_number_banner": (_DOC_NUMBER_RXS[-1][1], rf"(?<=[部室组会府委办局班])(?P<n>\d{{1,4}}\s*号)(?=\s*{_KIND})"),
    "body_name": (_mention_rx(), rf"(?:{org_suffix()})+(?:\([^()]{{1,8}}\)(?:{org_suffix()})*)?"),
}


def test_plain_forms_differ():
    assert all(rx.pattern != plain for rx, plain in REWRITTEN.values())


@pytest.mark.parametrize("name", sorted(REWRITTEN))
@settings(max_examples=60)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_rewritten_pattern_matches_as_its_plain_form(name, pieces):
    text = "".join(pieces)
    rx, plain = REWRITTEN[name]
    plain_rx = re.compile(plain)
    assert [(m.span(), m.groups()) for m in rx.finditer(text)] == [(m.span(), m.groups()) for m in plain_rx.finditer(text)]


@settings(max_examples=150)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_noise_hint_finds_what_its_plain_form_finds(pieces):
    text = "".join(pieces)
    assert bool(_NOISE_HINT_RX.search(text)) == bool(re.search(r"[!-~]\s|\s[!-~]|[A-Za-z]", text))


_DATE_PIECES = st.sampled_from(["2022", "11", "7", "-", "/", ".", "—", "a", "年", "月", " ", "\n", "号", "G"])


@settings(max_examples=150)
@given(pieces=st.lists(_DATE_PIECES, max_size=20))
def test_iso_hint_finds_what_its_plain_form_finds(pieces):
    text = "".join(pieces)
    assert bool(_ISO_HINT_RX.search(text)) == bool(re.search(r"\d[-/.]\d", text))


@pytest.mark.parametrize("name", sorted(GUARDED))
@settings(max_examples=60)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_guarded_pattern_matches_as_without_guard(name, pieces):
    text = "".join(pieces)
    rx = GUARDED[name]
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in _unguarded(rx).finditer(text)]


# The list-marker pattern in the form it had before its alternatives were grouped under a lookahead.
_RUN_ON_REFERENCE = re.compile(
    r"(?<=[。;;::!?])[ \t\u3000]*(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])|[((]\d{1,2}[))](?=[\u4e00-\u9fff])))"
    r"|(?<=[\u4e00-\u9fff)])[ \t\u3000]+(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])))"
    r"|(?<=特此通告。)|(?<=特此公告。)|(?<=特此通知。)"
    r"|(?<=[\u4e00-\u9fff)])[ \t\u3000]+(?=(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$)"
)


@settings(max_examples=150)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_run_on_marker_matches_its_reference_form(pieces):
    text = "".join(pieces)
    assert [m.span() for m in _RUN_ON_MARKER.finditer(text)] == [m.span() for m in _RUN_ON_REFERENCE.finditer(text)]


@settings(max_examples=300)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_run_on_probe_finds_a_marker_exactly_when_there_is_one(pieces):
    text = "".join(pieces)
    assert bool(_RUN_ON_PROBE.search(text)) == bool(_RUN_ON_MARKER.search(text))


@pytest.mark.parametrize("text", ["甲。二、乙", "甲;1.乙", "甲  (三)乙", "甲 2022年11月17日", "特此通告。 ", "特此通知。三", "特此公告。甲", "甲。 乙", "甲 乙"])
def test_run_on_probe_examples(text):
    assert bool(_RUN_ON_PROBE.search(text)) == bool(_RUN_ON_MARKER.search(text))


@pytest.mark.parametrize("name", sorted(predicate_patterns()))
@settings(max_examples=60)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_every_predicate_match_holds_a_needed_character(name, pieces):
    """A stretch without any of grammar.predicate_needs()[name] is never searched: no match may lack them."""
    text = "".join(pieces)
    needs = predicate_needs()[name]
    assert all(not needs.isdisjoint(m.group(0)) for m in predicate_patterns()[name].finditer(text))


@settings(max_examples=200)
@given(pieces=st.lists(_PIECES, max_size=25), cut=st.integers(0, 6), keep=st.integers(0, 60))
def test_needed_characters_found_in_a_stretch_are_those_of_its_set(pieces, cut, keep):
    """may_hold_in(name, text, s, e) reads the stretch as may_hold(name, set(text[s:e])) does."""
    from notice_nlp.grammar import may_hold, may_hold_in

    text = "".join(pieces)
    s, e = min(cut, len(text)), min(cut + keep, len(text))
    for name in predicate_patterns():
        assert may_hold_in(name, text, s, e) == may_hold(name, set(text[s:e]))


def test_every_predicate_pattern_has_its_needs():
    assert set(predicate_needs()) == set(predicate_patterns())


@settings(max_examples=200)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_every_doc_number_pattern_needs_hao(pieces):
    """find_doc_number skips a zone without 号: no number pattern may match text without it."""
    text = "".join(pieces).replace("号", "")
    for variant in (text, text + "〔2022〕5", "(2022年第5", "第5", "委〔2022〕3"):
        for _needs, rx in _DOC_NUMBER_RXS:
            assert rx.search(variant) is None


def _back_pieces():
    from notice_nlp.vocab import load_data

    data = load_data("references")
    return st.sampled_from(
        [*data["back"], *data["back_before_noun"], *sorted(set(data["nouns"]))[:12], "3个", "三处", "的", " ", "(甲)", "、", "和", "甲", "乙小区", "。", "以", "上", "该该"]
    )


@settings(max_examples=300)
@given(pieces=st.lists(_back_pieces(), max_size=12), start=st.integers(0, 3))
def test_back_reference_pattern_matches_its_plain_form(pieces, start):
    from notice_nlp.changes.backrefs import _plain_back_rx, back_rx

    text = "".join(pieces)
    fast = [(m.span(), m["n"]) for m in back_rx().finditer(text, start)]
    plain = [(m.span(), m["n"]) for m in _plain_back_rx().finditer(text, start)]
    assert fast == plain


@settings(max_examples=300)
@given(pieces=st.lists(st.sampled_from(["街道", "镇", "乡", "西乡", "甲", "乙丙", "长安", " ", "、", "1", "。", "良乡镇", "街"]), max_size=30))
def test_town_names_read_around_their_words_as_over_the_whole_text(pieces):
    from notice_nlp.annotators import _TOWN_NAME_RX, _TOWN_WORD_ANY_RX
    from notice_nlp.dates import around

    text = "".join(pieces)
    assert [m.span() for m in around(_TOWN_NAME_RX, _TOWN_WORD_ANY_RX, 8, 0, text)] == [m.span() for m in _TOWN_NAME_RX.finditer(text)]


@settings(max_examples=300)
@given(pieces=st.lists(st.sampled_from(["1", "12", "345", ";", ":", " ", "\n", "甲", "村", "。", "a", "٣"]), max_size=15), a=st.integers(0, 5))
def test_number_before_stop_is_looked_for_only_before_the_stop(pieces, a):
    from notice_nlp.changes.sentences import _NUMBER_BEFORE_STOP_RX as rx

    text = "".join(pieces)
    b = len(text)
    quick = b > a and (text[b - 1].isdecimal() or text[b - 1] == "\n") and rx.search(text, max(a, b - 4), b) is not None
    assert quick == (rx.search(text, a, b) is not None)


@settings(max_examples=150)
@given(pieces=st.lists(_PIECES, max_size=25), cut=st.integers(0, 5))
def test_clause_and_sentence_starts_are_those_of_the_lookbehind_forms(pieces, cut):
    text = "".join(pieces)
    s, e = min(cut, len(text)), len(text)
    clause = [s + m.end() for m in re.finditer(r"(?:^|(?<=[\n,。;:!?“”\s日]))", text[s:e])]
    assert list(_starts_after(_CLAUSE_OPENER_RX, text, s, e)) == clause
    sentence = [s + m.end() for m in re.finditer(r"(?:^|(?<=[\n。]))[ \t\u3000]*", text[s:e])]
    found = []
    for i in _starts_after(_SENTENCE_OPENER_RX, text, s, e):
        while i < e and text[i] in " \t\u3000":
            i += 1
        found.append(i)
    assert found == sentence


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(["开发区", "经济技术开发区", "高新区", "经开区", "保税区", "风景名胜区", "新区", "蜀冈", "-", "·", "甲乙丙丁",
                                     "城", "掇刀区", "区", " ", "、", "a"]), max_size=20),
    cut=st.integers(0, 4),
)
@example(pieces=["甲乙丙丁", "-", "甲乙丙丁", "甲乙丙丁", "开发区"], cut=0)  # the farthest start
def test_functional_areas_are_looked_for_only_within_reach_of_their_words(pieces, cut):
    from notice_nlp.districts import FUNCTIONAL_AREA_HINT, FUNCTIONAL_AREA_RX
    from notice_nlp.gazetteer import gazetteer
    from notice_nlp.scope import _county_candidates

    text = "".join(pieces)
    s, e = min(cut, len(text)), len(text)
    if FUNCTIONAL_AREA_HINT.search(text, s, e):
        starts = gazetteer().level_starts(3)
        plain = {i for i in range(s, e) if text[i] in starts or FUNCTIONAL_AREA_RX.match(text, i, e)}
        assert _county_candidates(text, s, e) == plain


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["2", "37", "١٢", "二", "十一", "两", "个", " ", "高风险地区", "中风险区", "街乡", "——", ":", ",",
                                        "分别是", "为", "(涉及10个区)", "甲", "、", "三十二个"]), max_size=14), cut=st.integers(0, 4))
@example(pieces=["37", "个", "高风险地区", "——"], cut=0)
@example(pieces=["三十二个", "中风险区", ",", "分别是"], cut=0)
def test_count_first_labels_are_those_of_the_plain_count(pieces, cut):
    from notice_nlp.changes.status import _count_first_rx

    text = "".join(pieces)
    fast = _count_first_rx()
    plain = re.compile(fast.pattern.replace(_status_count(), r"\d+|[一二两三四五六七八九十]{1,3}", 1))
    assert plain.pattern != fast.pattern
    found = [(m.span(), m["n"], m["z"]) for m in fast.finditer(text, min(cut, len(text)))]
    assert found == [(m.span(), m["n"], m["z"]) for m in plain.finditer(text, min(cut, len(text)))]


def _status_count() -> str:
    from notice_nlp.changes.status import _COUNT

    return _COUNT


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(["阳曲县", "晋源区", "郊区", "城区", "雁塔区", "东城区", "西山区", "甲", "乙村", "阳", "晋", "区", "个", "(1个)",
                                     "汽开区", ":", "、", " ", "高风险区", "新区", "a"]), max_size=16),
    cut=st.integers(0, 4),
)
def test_county_names_are_looked_for_only_where_their_first_character_stands(pieces, cut):
    from notice_nlp.districts import FUNCTIONAL_AREA_HINT
    from notice_nlp.gazetteer import gazetteer
    from notice_nlp.scope import _county_candidates

    text = "".join(pieces)
    s, e = min(cut, len(text)), len(text)
    if FUNCTIONAL_AREA_HINT.search(text, s, e):
        return  # the functional-area reading, held above
    g = gazetteer()
    heads, names, starts = g.level_heads(3), g.level_names(3), g.level_starts(3)
    plain = {i for i in range(s, e) if any(ln <= 10 and i + ln <= e and text[i : i + ln] in names for ln in heads.get(text[i : i + 2], ()))}
    if "个" in text[s:e]:
        plain |= {i for q in range(s, e) if text[q] == "区" for i in (q - 3, q - 2) if i >= s and text[i] in starts}
    assert _county_candidates(text, s, e) == plain


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["一、", "(二)", "(三)", "1.", "12.", "3、", "4。", "(5)", "(6)", "⑦", "◆", "● ", "#", " ", "\t", "甲小区", "7",
                                        "二", "、", "."]), max_size=6))
def test_a_numbering_is_the_group_its_number_matched(pieces):
    from notice_nlp.grammar import ORDINAL_RX, ordinal_kind

    text = "".join(pieces)
    m = ORDINAL_RX.match(text)
    if m is not None:
        assert ordinal_kind(m) == next(k for k, v in m.groupdict().items() if v)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["1.", "12.", "123.", "3、", "4.", "2.5", "-", ".", "、", "9", "甲小区", "乙村", "a", " ", "\n", "(3)", "第"]),
                       max_size=12))
def test_glued_item_numbers_open_with_their_digit_as_the_plain_form_matches(pieces):
    from notice_nlp.numbering import _MARKERS

    text = "".join(pieces)
    fast = _MARKERS[0][0]
    plain = re.compile(r"(?<![\d.．、-])(\d{1,2})[.．、](?=[\u4e00-\u9fff])")
    assert fast.pattern != plain.pattern
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]

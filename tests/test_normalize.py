"""Working text and its offset map: spans always point back into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.normalize import clean_value, normalize, strip_pinyin, to_simplified

PIECES = ["區(qū)", "團結(jié)", "小區", "3号楼", "3 号楼", "(1个)", ":", ",", "。", "\n", "\n\n", "  ", "高风险区", "封控区", "\n封控区\n", "樊阿", "姨", "## ", "关于", "的通告", "20幢", "A区", "e"]


def _assert_offsets_sound(original: str):
    """Every working character maps into the original, in order; returns the working text."""
    mt = normalize(original)
    assert len(mt.origin) == len(mt.text)
    assert all(0 <= o < len(original) for o in mt.origin)
    assert list(mt.origin) == sorted(mt.origin)
    for i in range(len(mt.text)):
        s, e = mt.original_span(i, i + 1)
        assert 0 <= s < e <= len(original)
    return mt


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_offsets_are_monotonic_and_in_range(pieces):
    _assert_offsets_sound("".join(pieces))


TABLE_PIECES = ["序号", "区县", "街道", "小区", "风险等级", "原风险等级", "备注", "\t", "  ", " ", "\n", "1", "2", "天山区", "幸福路小区",
                "团结路片区", "高风险区", "由高风险区调整为低风险区", "截至", "区(qū)"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TABLE_PIECES), min_size=1, max_size=40))
def test_table_rows_made_sentences_keep_offsets_monotonic(pieces):
    original = "".join(pieces)
    mt = _assert_offsets_sound(original)
    # Only gaps, row numbers, headers and other columns go; joining words are the only text added.
    assert set(mt.text) - set(original) <= set("划为由调整")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=20))
def test_working_text_drops_pinyin_and_is_simplified(pieces):
    mt = normalize("".join(pieces))
    assert "(qū)" not in mt.text and "區" not in mt.text and "團" not in mt.text


def test_zone_word_alone_on_a_line_rejoins_sentence():
    original = "确定许村镇景树村三区20幢为\n封控区\n;许村镇景树村为\n管控区\n。"
    mt = normalize(original)
    assert "20幢为封控区;许村镇景树村为管控区。" in mt.text
    s, e = mt.original_span(mt.text.index("封控区"), mt.text.index("封控区") + 3)
    assert original[s:e] == "封控区"


def test_word_split_across_blank_line_is_rejoined():
    original = "11月16日,晨光微亮,顶着寒风,樊阿\n\n姨等3人早早就站在院门口。"
    mt = normalize(original)
    assert "樊阿姨等3人" in mt.text
    i = mt.text.index("樊阿姨")
    assert mt.original_slice(i, i + 3) == "樊阿\n\n姨"


def test_heading_split_over_lines_is_rejoined():
    mt = normalize("关于成都市成华区部分区域\n\n  调整风险等级的通告\n\n(2022年第57号)")
    assert mt.text.startswith("关于成都市成华区部分区域调整风险等级的通告\n")


def test_headline_then_body_not_joined():
    mt = normalize("## 向阳镇\n\n## 坚守防控一线\n\n本报讯(记者 毕晶晶)面对")
    assert "## 向阳镇\n\n## 坚守防控一线\n\n本报讯" in mt.text


def test_strip_pinyin_only_with_tone_marks():
    assert strip_pinyin("天山區(qū)1個 宇泰家园(C区) 小区(a)") == "天山區1個 宇泰家园(C区) 小区(a)"


def test_clean_value():
    assert clean_value(" 团结(jié)路\n街道, ") == "团结路街道"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("小区大门被打坏,沈思同志到场", "小区大门被打坏,沈思同志到场"),  # simplified text is left as written
        ("關於調整風險區域的通告", "关于调整风险区域的通告"),
        ("沈陽市渾南區", "沈阳市浑南区"),
    ],
)
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected


def test_table_header_without_rows_is_left_as_written():
    assert normalize("序号 区县 小区 风险等级\n特此通告。").text.startswith("序号 区县 小区 风险等级\n特此通告")


def test_table_row_becomes_a_sentence():
    mt = normalize("序号\t区县\t小区\t风险等级\n1\t天山区\t幸福路小区\t高风险区")
    assert mt.text.endswith("\n天山区幸福路小区划为高风险区。")  # the row ends its sentence
    start = mt.text.index("幸福路小区")
    assert mt.original_slice(start, start + 5) == "幸福路小区"


@pytest.mark.parametrize(
    "line",
    ["城关区A区B座3号楼", "甲小区 1 号楼 2 单元", "高新区(自11月29日8时起)", "1.雁塔区电子城街道", "发布时间: 2022-10-21 10:15 | 来源: 新华网"],
)
def test_lines_without_forum_noise_keep_their_edges(line):
    from notice_nlp.noise import edge_noise

    assert edge_noise(line) == (0, len(line))


def test_forum_noise_around_a_line_is_dropped_and_lost_list_marks_come_back():
    mt = normalize(
        "一高风险地区! f. @6 T1 t: W# q' w3\n3 A$ Z7 {& {' a7 {3 t) _1渭滨区甲小区\n2金台区乙小区 V5 o: D H: g, @, n\n"
        "二中风险地区$ p2 h+ Q* @- K# I. D' ^\n1渭滨区丙小区\n2金台区丁小区"
    )
    assert mt.text.splitlines() == ["一、高风险地区", "1、渭滨区甲小区", "2、金台区乙小区", "二、中风险地区", "1、渭滨区丙小区", "2、金台区丁小区"]


def test_page_markup_left_in_a_text_breaks_its_blocks():
    original = '<div style="text-align: center;">关于调整封控区的通告</div>一、封控区<br data-filtered="filtered">(一)迎泽区<br>甲小区、<span>乙村</span>。'
    mt = normalize(original)
    assert mt.text.strip().split("\n") == ["关于调整封控区的通告", "一、封控区", "(一)迎泽区", "甲小区、乙村。"]
    start = mt.text.index("乙村")
    s, e = mt.original_span(start, start + 2)
    assert original[s:e] == "乙村"


def test_a_lone_angle_bracket_is_text():
    assert "<3号楼>" in normalize("甲小区<3号楼>调整为低风险区。").text


def test_a_space_entity_is_a_space_but_inside_a_tag_goes_with_the_tag():
    original = '<div>甲小区&nbsp;乙村</div><p>丙村</p><a title="丁&nbsp;戊">己路5号</a>'
    lines = [ln for ln in normalize(original).text.split("\n") if ln]
    assert lines == ["甲小区 乙村", "丙村", "己路5号"]

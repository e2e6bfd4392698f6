"""The characters read from a pattern as those its matches open (close) with hold for every
match: a call skipped on that reading is a call that finds nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp import places
from notice_nlp import headings
from notice_nlp.grammar import zone_pattern
from notice_nlp.rxedges import first_chars, gate, last_chars, needed_chars

_PIECES = st.sampled_from(
    ["1.", "12.", "(3)", "④", " ", "\t", "\n", "\u3000", "以下", "下列", "如下", "的", "高风险区", "封控区", "区域", ":",
     "(8月11日已发布)", "(新)", ")", "划定为", "调整为", "列入", "管控单元", "8月15日", "自", "起", ",", "目前", "调整后",
     "疫情风险等级", "风险级别", "进行调整", "解除封闭管理", "解封", "等", "共", "40个", "小区", "个村", "已划定", "为",
     "某镇", "街道", "甲", "乙", "号楼", "2022年", "١٢", "𝟏", "附件", "标题", "记者", "根据", "群众",
     "解除", "撤销", "管控", "封闭管控", "措施", "名单", "如下", "继续", "仍", "实行", "降为", "中风险区", "低风险区", "(7个)"]
)
_TEXTS = st.lists(_PIECES, min_size=0, max_size=8).map("".join)


def _patterns() -> list[re.Pattern[str]]:
    found = [rx for rx, *_ in places._trims()]
    weak_rx, zone_only_rx, generic_rx = places._vocab()[2:]
    found += [weak_rx, zone_only_rx, generic_rx] + [rx for _, rx in places._leading()]
    return found


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 6))
def test_first_chars_hold_for_every_match(text, s):
    for rx in _patterns():
        chars = first_chars(rx)
        if chars is None:
            continue
        m = rx.match(text, s)
        if m is not None:
            assert m.end() > m.start() and (text[m.start()] in chars or text[m.start()] > "\uffff"), (rx.pattern, text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 6))
def test_last_chars_hold_for_every_match(text, s):
    for rx in _patterns():
        chars = last_chars(rx)
        if chars is None:
            continue
        m = rx.search(text, s)
        if m is not None:
            end = len(text) - 1 if text.endswith("\n") and m.end() < len(text) else len(text)
            assert m.end() == end and (text[end - 1] in chars or text[end - 1] > "\uffff"), (rx.pattern, text)


@pytest.mark.parametrize(
    "pattern, first, last",
    [
        (r"(?:以下|下列)的?", set("以下"), None),  # the last: 下, 列 or 的 — no $ at the end, so no reading
        (r"(?:解除|撤除)(?:管控|封闭)$|解封$", set("解撤"), set("控闭封")),
        (r"\s*[((]\d+[))]$", None, set("))")),  # \s* may open it with many characters: still spelt out
        (r"(?:甲)?", None, None),  # may match nothing
        (r"[^甲]乙", None, None),
        (r".乙", None, None),
        (r"[\u4e00-\u9fff]乙$", None, {"乙"}),
        (r"(?i)ab", None, None),
        (r"(?=[甲乙])(?:甲|乙丙)", set("甲乙"), None),
    ],
)
def test_readings(pattern, first, last):
    rx = re.compile(pattern)
    got_first = first_chars(rx)
    if pattern.startswith(r"\s*"):
        assert got_first is not None and {" ", "\t", "\u3000", "(", "("} <= got_first
    else:
        assert (set(got_first) if got_first is not None else None) == first
    got_last = last_chars(rx)
    assert (set(got_last) if got_last is not None else None) == last


def _heading_patterns() -> list[re.Pattern[str]]:
    templates = (headings._LIFT_FIRST, headings._ZONE_HEADING, headings._TO_ZONE_HEADING, headings._LIFTED_ZONE_HEADING)
    return [zone_pattern(t) for t in templates] + [
        headings._MEASURED_ZONE_RX(), headings._measure_named_zone_rx(), headings._STILL_HEADING_RX, headings._LIFT_HEADING_RX,
    ]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_needed_chars_hold_for_every_match(text):
    for rx in _patterns() + _heading_patterns():
        chars = needed_chars(rx)
        if chars is None:
            continue
        for m in rx.finditer(text):
            if m.end() > m.start():
                assert not chars.isdisjoint(m.group(0)), (rx.pattern, text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_heading_gate_passes_every_heading(text):
    if headings._heading_gate().search(text) is None:
        assert all(rx.search(text) is None for rx in _heading_patterns())


@pytest.mark.parametrize(
    "pattern, needed",
    [
        (r"(?:以下|下列)的?", {"以", "下"}),
        (r"a?b", {"b"}),
        (r"(?:a|)b", {"b"}),
        (r"(?:a|.)", None),
        (r"(?=q)[xy]+", {"x", "y"}),
    ],
)
def test_needed_readings(pattern, needed):
    got = needed_chars(re.compile(pattern))
    assert (set(got) if got is not None else None) == needed
    g = gate(re.compile(pattern))
    assert (g is None) == (needed is None)

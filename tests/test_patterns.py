"""Patterns that open with a lookahead on their first character (a speed-up) match exactly what
the same patterns match without it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.dates import _DATE_RX
from notice_nlp.grammar import predicate_patterns
from notice_nlp.normalize import _LOOSE_SPACE, _MOJIBAKE, _RUN_ON_MARKER

_GUARD = re.compile(r"^\(\?=(?:\[[^\]]*\]|为)\)")

_PIECES = st.sampled_from(
    ["高风险区", "中风险地区", "低风险区", "封控区", "管控区", "防范区", "调整为", "由", "降为", "仍为", "为", "纳入", "列入",
     "解除封控", "全面解封", "解除", "予以", "管理", ":", "(2个)", "3个", "小区", "、", ",", "。", "\n", " ", "1号楼", "全部", "被", "锟斤拷", "\ufffd", "5 号",
     "二、", "1.", "(3)", "特此通告。", "2022年11月17日", "十一月", "3日", "0时", ";"]
)


def _unguarded(rx: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(_GUARD.sub("", rx.pattern, count=1))


GUARDED = {name: rx for name, rx in predicate_patterns().items() if _GUARD.match(rx.pattern)}
GUARDED.update({"mojibake": _MOJIBAKE, "loose_space": _LOOSE_SPACE, "date": _DATE_RX})


def test_guards_are_in_place():
    assert {"to", "plain", "items_after", "label", "lift", "zone_lifted", "mojibake", "loose_space", "date"} <= set(GUARDED)


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

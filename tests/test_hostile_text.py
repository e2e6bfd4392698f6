"""parse_text raises nothing but the library's own errors, whatever the text: impossible dates,
lone surrogates, mutated notices. A fault of the parser would surface as InternalError, which
these tests count as a failure too."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_nlp import parse_text
from notice_nlp.errors import InputError, InputTypeError, InternalError, NoticeError

NOTICE = (
    "绵阳市涪城区应对新冠肺炎疫情应急指挥部\n关于调整部分区域风险等级的通告\n"
    "根据疫情防控需要,经研判,自2022年10月3日18时起,将以下区域调整为高风险区:\n"
    "一、涪城区城郊街道青义路88号锦绣花园小区;\n二、涪城区工区街道跃进路17号院。\n"
    "自2022年10月3日18时起,将涪城区石塘街道金家林社区由高风险区调整为低风险区。\n"
    "绵阳市涪城区应对新冠肺炎疫情应急指挥部\n2022年10月3日\n"
)
REPORT = (
    "本报绵阳10月4日电(记者 周立新)3日,涪城区指挥部发布通告,自即日起,将城郊街道锦绣花园小区"
    "调整为中风险区,其余区域仍为低风险区。\n"
)

BAD_DATES = ["13月32日", "2月0日", "0月5日", "2月30日", "2023年2月29日", "2022年0月0日", "99999999999999999999年1月1日", "24时61分", "0时"]
DATELINES = ["2月0日讯", "本报北京13月32日电", "本报讯 0月0日", "(新华社13月1日电)", "13月32日消息"]
NOISE = ["\ud800", "\udfff", "\ufeff", "\u202e", "\x00", "\r", "\u3000", "😷", "(99999999999999999999个)", "等0个", "一、", "——", "除", "外"]


@pytest.mark.parametrize(
    "text",
    [
        "2月0日讯 高风险区",
        "本报北京13月32日电 锦绣花园小区调整为低风险区",
        "自2022年0月5日起,锦绣花园小区调整为低风险区",
        "自2022年13月1日0时起,锦绣花园小区解除封控",
        "锦绣花园小区调整为高风险区\n涪城区指挥部2022年13月40日",
        "本报讯 2月29日,涪城区指挥部发布通告,锦绣花园小区调整为高风险区。\n2023年3月1日",
        REPORT.replace("10月4日电", "13月32日电"),
        NOTICE.replace("2022年10月3日\n", "2022年2月30日\n"),
        # A date that does not exist where 即日起 looks for the issue date to start from.
        "2023年2月29日电(记者 周立新)3日,涪城区指挥部发布通告,自即日起,将城郊街道锦绣花园小区调整为中风险区,其余区域仍为低风险区。\n",
    ],
)
def test_impossible_dates_are_no_dates_not_crashes(text):
    doc = parse_text(text, source="x")
    for notice in doc.notices:
        for change in notice.changes:
            assert change.area


def test_lone_surrogate_is_replaced_with_a_warning_and_the_record_serialises():
    text = NOTICE.replace("锦绣花园", "錦繡\ud800花園")  # traditional characters go through the converter
    doc = parse_text(text, source="x")
    assert "\ud800" not in doc.text and "\ufffd" in doc.text and len(doc.text) == len(text)
    assert any("surrogate" in w.message for w in doc.warnings)
    json.dumps(doc.to_dict(include_text=True), ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_bytes_given_to_parse_text_is_a_library_error_and_still_a_type_error():
    with pytest.raises(InputTypeError) as info:
        parse_text(b"bytes")  # type: ignore[arg-type]
    assert isinstance(info.value, NoticeError) and isinstance(info.value, TypeError)


def test_a_parser_fault_becomes_internal_error_naming_the_input(monkeypatch):
    import notice_nlp.parser as parser_mod

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(parser_mod, "_parse", broken)
    with pytest.raises(InternalError, match=r"^page-7: internal error \(IndexError") as info:
        parse_text("锦绣花园小区调整为高风险区", source="page-7")
    assert isinstance(info.value.__cause__, IndexError)


def _mutate(base: str, edits: list[tuple[int, int, str]]) -> str:
    text = base
    for pos, cut, piece in edits:
        p = pos % (len(text) + 1)
        text = text[:p] + piece + text[p + cut :]
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([NOTICE, REPORT, NOTICE + REPORT]),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 30), st.sampled_from(BAD_DATES + DATELINES + NOISE) | st.text(max_size=4)),
        min_size=1,
        max_size=8,
    ),
)
def test_mutated_notices_raise_only_library_input_errors(base, edits):
    text = _mutate(base, edits)
    try:
        doc = parse_text(text, source="fuzz")
    except InternalError:
        raise
    except InputError:
        return
    json.dumps(doc.to_dict(include_text=True), ensure_ascii=False).encode("utf-8")

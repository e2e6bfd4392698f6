"""Date and effective-time expressions (table-driven)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.dates import find_dates, find_effective, infer_year, iso

DATES = [
    ("2022年11月17日", ["2022-11-17"]),
    ("自2022年1月4日0时起", ["2022-01-04T00:00"]),
    ("自9月26日24时起", [None]),
    ("二〇二二年十一月十七日", ["2022-11-17"]),
    ("2022年3月22日下午3时30分", ["2022-03-22T15:30"]),
    ("发布:2022-03-11", ["2022-03-11"]),
    ("义井街20号太化公司小区3号楼", []),
    ("第一时间报名", []),
    ("3月10号楼", []),
    ("万水物贸城E区93号", []),
    ("2022年2月30日", []),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_find_dates(text, expected):
    assert [iso(d) for d in find_dates(text)] == expected


def test_24_hour_rolls_to_next_day():
    (d,) = find_dates("2022年9月26日24时")
    assert iso(d) == "2022-09-27T00:00"


EFFECTIVE = [
    ("自2022年1月4日0时起执行", "2022-01-04T00:00", None),
    ("即日起我市新增高风险区8个", None, 0),
    ("自发布之日起,全市7个高风险区", None, 0),
    ("从即日(1月20日)起", "month=1 day=20", None),
    ("决定于2022年5月4日0时起对鸬鸟镇", "2022-05-04T00:00", None),
    ("自次日起执行", None, 1),
    ("2022年11月28日0时至12月5日24时,对该小区实行封控管理", "2022-11-28T00:00", None),  # a period: its start
]


@pytest.mark.parametrize("text,absolute,relative", EFFECTIVE)
def test_find_effective(text, absolute, relative):
    (eff,) = find_effective(text)
    if absolute and absolute.startswith("month"):
        assert (eff.date.month, eff.date.day) == (1, 20)
    elif absolute:
        assert iso(eff.date) == absolute
    else:
        assert eff.date is None and eff.relative_days == relative


def test_a_period_is_not_read_where_a_start_is_written():
    (eff,) = find_effective("11月1日至11月27日累计报告病例120例。自2022年11月28日起,将该小区调整为低风险区")
    assert iso(eff.date) == "2022-11-28"


def test_no_effective_in_plain_text():
    assert find_effective("3位七旬党员阿姨分工明确,第一时间报名") == []


def test_year_inference():
    assert infer_year("4月19日零时起", find_dates("4月19日零时起")) is None
    assert infer_year("〔2021〕第29号 10月2日", find_dates("10月2日")) == 2021
    assert infer_year("按照《新型冠状病毒肺炎防控方案(第九版)》有关规定 年11月2日", []) == 2022


# Effective times are looked for only in the stretches that end at 起/开始; the matches must be
# those of the pattern run over the whole text.
_PIECES = st.sampled_from(["自", "从", "定于", "即日", "2022年", "1月4日", "0时", "起", "开始", "起草", "，", "。", "\n", " ", "小区", "调整为", "高风险区"])


@given(st.lists(_PIECES, max_size=40))
def test_effective_windows_match_the_whole_text_scan(pieces):
    from notice_nlp.dates import _EFFECTIVE_RX, _effective_matches

    text = "".join(pieces)
    assert [m.span() for m in _effective_matches(text)] == [m.span() for m in _EFFECTIVE_RX.finditer(text)]


_DATE_PIECES = st.sampled_from(["2022", "年", "11", "月", "17", "日", "号", "楼", "0", "时", "30", "分", "下午", "二〇二二", "十一", " ", "\n", "起", "小区", ","])


@given(st.lists(_DATE_PIECES, max_size=30))
def test_date_windows_match_the_whole_text_scan(pieces):
    from notice_nlp.dates import _DATE_RX, _date_matches

    text = "".join(pieces)
    assert [m.span() for m in _date_matches(text)] == [m.span() for m in _DATE_RX.finditer(text)]


_LONG_DATE_PIECES = st.sampled_from(
    ["2022", "年", "11", "月", "17", "日", "2022年", "11月", "17日", " 月", "年 ", " 11", "号", "楼", "时", "30", "分", "下午", "二〇二二",
     "十一", "两", " ", "\n", "\u3000", " " * 45, "个月", "月月", "12:30", "零时", "١٢", "١٢月", "小区", "起", ","]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LONG_DATE_PIECES, max_size=80))
def test_dates_tried_only_before_each_month_are_those_of_the_windows(pieces):
    """The dates found trying only the runs of digits, numerals, 年 and blanks before each 月 are
    those ``finditer`` finds over the windows around each 月 (blank runs longer than a window
    included)."""
    from notice_nlp.dates import _DATE_RX, _MONTH_RX, _date_matches, around

    text = "".join(pieces)
    want = [(m.span(), m.groups()) for m in around(_DATE_RX, _MONTH_RX, 40, 60, text)]
    assert [(m.span(), m.groups()) for m in _date_matches(text)] == want


def test_published_dates_a_yearless_notice_and_only_that():
    from notice_nlp import parse_text

    text = "关于调整高风险区的通告\n自11月26日0时起,将东城区东湖街道幸福小区调整为高风险区。\n某某区疫情防控指挥部\n11月25日"
    dated = parse_text(text, published="2022-11-25").notices[0]
    assert dated.effective == "2022-11-26T00:00"
    assert dated.issue_date == "2022-11-25"
    # A year written in the text wins over the page's publication date.
    own = parse_text(text.replace("11月25日", "2021年11月25日"), published="2022-11-25").notices[0]
    assert own.issue_date == "2021-11-25"

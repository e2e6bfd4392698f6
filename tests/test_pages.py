"""Newspaper pages: notices among reports, read in page order."""

from __future__ import annotations

from pathlib import Path

import pytest

from notice_nlp import parse_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_reports_after_a_notice_on_the_same_page_are_read():
    first = (CORPUS / "page-shijiazhuang-2021-01-14.txt").read_text("utf-8")  # two reports, then a notice
    second = (CORPUS / "page-xian-2022-01-05.txt").read_text("utf-8")  # two more reports
    doc = parse_text(first + "\n\n" + second)
    assert [r.title for r in doc.reports] == [
        "社区党员下沉一线 筑牢疫情防线",
        "“暖心驿站”守护隔离居民",
        "凝心聚力战疫情 守望相助暖人心",
        "小区配送“最后一米”",
    ]
    (notice,) = doc.notices
    assert notice.doc_number == "2021年第5号" and len(notice.changes) == 2
    # The notice ends with its signature date; the next page's text is not part of it.
    assert notice.span[1] <= len(first)


def test_page_labels_are_not_headlines():
    text = (CORPUS / "page-guangzhou-2022-11-09.txt").read_text("utf-8")
    titles = [r.title for r in parse_text(text).reports]
    assert "白云区" not in titles and titles == ["社区医院联动 守护特殊群体", "菜篮子直通封控区"]


def test_bylines_keep_reporters_and_correspondents_only():
    text = (
        "# 隔离点里的“守护者”\n\n本报讯 11月20日,记者来到小店区坞城街道的一处隔离点。\n\n(记者 张华 实习生 刘敏)\n\n"
        "## 居家隔离不孤单\n\n11月20日万柏林区消息,万柏林区兴华街道漪汾苑社区组建“暖心小分队”。\n\n记者 赵明 通讯员 孙丽\n"
    )
    reports = parse_text(text).reports
    assert [[(p.role, p.name) for p in r.people] for r in reports] == [[("记者", "张华")], [("记者", "赵明"), ("通讯员", "孙丽")]]
    # No year on the page: the datelines stay undated rather than guessed.
    assert [r.date for r in reports] == [None, None]
    assert [(p.district, p.area) for p in reports[1].places] == [("万柏林区", "兴华街道漪汾苑社区")]


# (text, headline, places (district, area), people (role, name)) of the one report in the text.
REPORT_CASES = [
    (
        "守好“家门口”的防线\n——记小店区坞城街道许西社区的抗疫一线\n"
        "本报讯(记者 王丹 实习生 刘洋)11月20日清晨,小店区坞城街道许西社区的核酸采样点前,居民们有序排队。",
        "守好“家门口”的防线",
        [("小店区", "坞城街道许西社区")],
        [("记者", "王丹")],
    ),
    (
        "(通讯员 赵亮 记者 孙悦)11月21日,记者走进万柏林区千峰街道兴华北小区,看到志愿者正在为居民配送生活物资。",
        None,
        [("万柏林区", "千峰街道兴华北小区")],
        [("通讯员", "赵亮"), ("记者", "孙悦")],
    ),
    (
        "横渠村的菜送到了\n本报记者 陈晨\n11月22日,尖草坪区向阳镇横渠村村委会门前,村民们排起长队领取蔬菜。",
        "横渠村的菜送到了",
        [("尖草坪区", "向阳镇横渠村")],
        [("记者", "陈晨")],
    ),
    (
        "本報訊(記者 黃小明)11月20日,天河區棠下街道棠東村的志願者們冒雨為居民送菜。棠東村於11月14日被劃為高風險區。",
        None,
        [("天河區", "棠下街道棠東村")],
        [("记者", "黃小明")],
    ),
]


@pytest.mark.parametrize("text, title, places, people", REPORT_CASES, ids=["subtitle", "byline-first", "byline-line", "traditional"])
def test_report_case(text, title, places, people):
    (report,) = parse_text(text).reports
    assert report.title == title
    assert [(p.district, p.area) for p in report.places] == places
    assert [(p.role, p.name) for p in report.people] == people

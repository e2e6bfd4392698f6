"""Layout repair: soft wraps of a narrow column rejoined, letter spacing removed, offsets kept."""

from __future__ import annotations

import re

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from notice_nlp import parse_text
from notice_nlp.layout import letter_spacing, soft_wraps, wrap_width
from notice_nlp.normalize import normalize

from .conftest import records


def _wrap(text: str, width: int) -> str:
    return "\n".join(line[i : i + width] for line in text.split("\n") for i in range(0, max(len(line), 1), width))


def _joined(text: str) -> str:
    out, last = [], 0
    for s, e in soft_wraps(text):
        out.append(text[last:s])
        last = e
    return "".join(out) + text[last:]


PARAGRAPH = "自2022年10月20日起,将新竹街道民族大道88号院、津头街道金湖路3号楼、南湖街道滨湖路33号锦绣小区调整为高风险区,其他区域风险等级不变。"


def test_wrapped_paragraph_is_one_line_again():
    text = "关于调整风险区的通告\n" + _wrap(PARAGRAPH, 16) + "\n特此通告。"
    assert wrap_width(text.split("\n")) == 16
    assert _joined(text) == "关于调整风险区的通告\n" + PARAGRAPH + "\n特此通告。"


def test_text_whose_lines_end_where_it_means_is_left_alone():
    text = "关于调整风险区的通告\n" + PARAGRAPH + "\n特此通告。\n南宁市青秀区新冠肺炎疫情防控指挥部\n2022年10月20日"
    assert wrap_width(text.split("\n")) is None
    assert soft_wraps(text) == []


def test_list_item_and_heading_start_their_own_line():
    # Every line but the last fills the width; the breaks before 2. and 二、 stay.
    text = "一、高风险区调整为低风险区共计3个\n1.新竹街道民族大道88号院东侧楼栋\n2.津头街道金湖路3号楼及其附属商铺\n二、新增高风险区共计2个区域如下所列\n"
    breaks = {text[s - 2 : s + 3] for s, _ in soft_wraps(text)}
    assert breaks == set()
    assert wrap_width(text.split("\n")) is None or all(text[e] not in "12二" for _, e in soft_wraps(text))


def test_break_after_a_sentence_end_or_colon_stays():
    # Cut at 18: the first line ends on a colon, the third on 。; the other breaks are soft.
    para = "经研究决定,自10月20日起均划为:新竹街道民族大道88号院东侧一号楼一单元及津头街道金湖路33号楼二单元。南湖街道滨湖路5号院调整为低风险区。"
    text = _wrap(para, 18)
    assert text.split("\n")[0].endswith(":") and text.split("\n")[2].endswith("。")
    assert wrap_width(text.split("\n")) == 18
    assert [text[s - 1] for s, _ in soft_wraps(text)] == ["一"]


def test_unnumbered_items_of_one_length_are_not_a_column():
    items = ["文艺路街道凯旋门小区五栋", "韭菜园街道人民新村东区", "火星街道湘江世纪城三期", "马王堆街道东郡小区二期", "湘湖街道晚报大道八号院"]
    text = "以下区域划定为高风险区:\n" + "\n".join(items)
    assert soft_wraps(text) == []


def test_rejoined_name_keeps_original_offsets():
    original = _wrap(PARAGRAPH, 22)
    assert original.split("\n")[0].endswith("民族大")
    mt = normalize(original)
    assert PARAGRAPH in mt.text
    i = mt.text.index("民族大道")
    s, e = mt.original_span(i, i + len("民族大道88号院"))
    assert original[s:e] == "民族大\n道88号院"
    changes = parse_text(original).notices[0].changes
    assert changes[0].area == "新竹街道民族大道88号院"
    assert original[slice(*changes[0].span)].replace("\n", "") == "新竹街道民族大道88号院"


def test_letter_spacing_is_removed_and_word_spaces_stay():
    text = "关 于 调 整 风 险 区 的 通 告\n南宁市 青秀区新竹街道民族大道\nCovid 19"
    spans = letter_spacing(text)
    assert len(spans) == 9 and all(text[s] == " " for s, _ in spans)
    assert normalize(text).text.startswith("关于调整风险区的通告\n南宁市 青秀区")


# -- property: a wrapped notice reads as the unwrapped one ----------------------------------------

TOWNS = ["新竹街道", "津头街道", "南湖街道", "中山街道", "建政街道"]
STREETS = ["民族大道", "金湖路", "滨湖路", "桃源路", "竹溪大道", "古城路"]
KINDS = ["号院", "号楼", "号小区"]
ZONES = ["高风险区", "中风险区", "低风险区"]

item = st.builds(lambda t, s, n, k: f"{t}{s}{n}{k}", st.sampled_from(TOWNS), st.sampled_from(STREETS), st.integers(1, 120), st.sampled_from(KINDS))


LEAD = (
    "根据国家和自治区疫情防控有关规定,结合我区近期疫情形势和流行病学调查结果,经专家研判,"
    "区疫情防控指挥部研究决定,对我区部分区域的风险等级作如下调整,请广大居民群众理解支持配合。"
)


@st.composite
def notices(draw) -> str:
    lines = ["南宁市青秀区新冠肺炎疫情防控指挥部", "关于调整风险区的通告", LEAD]
    for section, zone in enumerate(draw(st.lists(st.sampled_from(ZONES), min_size=1, max_size=2, unique=True))):
        places = draw(st.lists(item, min_size=1, max_size=4, unique=True))
        if draw(st.booleans()):
            lines.append(f"自2022年10月{20 + section}日起,将{'、'.join(places)}调整为{zone}。")
        else:
            lines.append(f"{'一二'[section]}、以下区域调整为{zone}:")
            lines.extend(f"{k}.{p};" for k, p in enumerate(places, 1))
    lines += ["特此通告。", "南宁市青秀区新冠肺炎疫情防控指挥部", "2022年10月19日"]
    return "\n".join(lines)


@settings(max_examples=25, deadline=None)
@given(notices(), st.integers(18, 30))
def test_wrapped_notice_reads_as_unwrapped(text, width):
    wrapped = _wrap(text, width)
    # The lead alone makes at least three full lines, which show the width.
    assume(wrap_width(wrapped.split("\n")) == width)
    assert records(parse_text(wrapped)) == records(parse_text(text))


def test_crlf_wraps_and_pinyin_cut_at_the_edge_are_rejoined():
    # A mirror page's pinyin (區(qū)) counts in the printed width and may be cut by the edge.
    para = "自2022年10月20日起,將新竹街道民族大道88號院、津頭街道金湖路3號樓小區(qū)調整為高風險區,其他區域風險等級不變。"
    original = "關于調整風險區的通告\r\n" + _wrap(para, 14).replace("\n", "\r\n") + "\r\n特此通告。"
    assert "(q\r\nū)" in original
    mt = normalize(original)
    assert "新竹街道民族大道88号院、津头街道金湖路3号楼小区调整为高风险区" in mt.text
    assert "\r" not in mt.text and "(qū)" not in mt.text


def test_items_cut_before_a_closing_mark_show_the_column():
    # Every full line ends on a place word or a mark; the breaks before ) and ; (print never
    # starts a line with them) show that a column cut them.
    items = [
        "1.新竹街道民族大道88号院(除5号楼);",
        "2.津头街道金湖路小区2号楼、15号楼;",
        "3.南湖街道滨湖路锦绣小区(除2号楼、3号楼);",
        "4.中山街道桃源路12号大院A区6号楼;",
    ]
    text = "\n".join(_wrap(line, 19) for line in items)
    assert wrap_width(text.split("\n")) == 19
    assert _joined(text) == "\n".join(items)


def test_pdf_column_joins_full_lines_only_where_the_text_runs_on():
    from notice_nlp.ingest.pdf import pdf_text

    from .pdfmaker import two_column_pdf

    # 20 characters to a line; no blank lines between paragraphs. The title fills its line but
    # ends the title; the first item ends three characters short of the edge, so it ends there;
    # the lead runs on over three lines.
    left = [
        "南宁市青秀区新冠肺炎疫情防控指挥部通告",
        "自2022年10月20日起,将新竹街道民族大道88号院、津头街道金湖路3号楼调整为高风险区,将以下区域调整为中风险区:",
        "南湖街道滨湖路锦绣小区东苑二期三栋",
        "中山街道桃源路大院",
    ]
    right = ["本报讯 连日来,各街道组织志愿者开展入户排查,做好生活物资保障工作,确保群众生活不受影响。"]
    text = pdf_text(two_column_pdf("青秀区调整风险区", left, right, column_width=200, gap=False), "page.pdf")
    assert "\n".join(left) in text
    changes = [(c.area, c.to_zone) for n in parse_text(text).notices for c in n.changes]
    assert changes == [
        ("新竹街道民族大道88号院", "high_risk"),
        ("津头街道金湖路3号楼", "high_risk"),
        ("南湖街道滨湖路锦绣小区东苑二期三栋", "medium_risk"),
        ("中山街道桃源路大院", "medium_risk"),
    ]


def test_typeset_column_with_half_width_digits_is_rejoined():
    # A column 16 characters wide: a line holding digits holds more characters.
    para = PARAGRAPH + "津头街道金湖路5号楼、南湖街道滨湖路33号院2单元调整为中风险区,自2022年10月21日12时起执行。"
    lines, cur, used = [], "", 0
    for ch in para:
        w = 1 if ch.isascii() else 2
        if used + w > 32:
            lines.append(cur)
            cur, used = "", 0
        cur, used = cur + ch, used + w
    text = "\n".join(lines + [cur])
    assert len({len(x) for x in lines}) > 1
    assert wrap_width(text.split("\n")) == 32
    assert _joined(text) == para


def test_glued_header_found_by_its_repeated_name_or_as_a_known_name():
    from notice_nlp.layout import glued_headers

    text = (
        "芙蓉区(1个):芙蓉区凯旋门小区5栋汽开区(1个):汽开区49街区19栋\n"  # name repeated by its item
        "天心区坡子街3栋岳麓区(2个):甲小区、乙小区\n"  # a known county name
        "新竹街道88号院中风险区(三个):丙小区\n"  # a zone
        "将以下区域调整为中风险区(2个):丁小区\n"  # after a predicate: not glued
        "共有3个小区。芙蓉区(1个):戊小区"  # after a mark: a line of its own already
    )
    starts = [text[p : text.index("(", p)] for p in glued_headers(text)]
    assert starts == ["汽开区", "岳麓区", "中风险区"]
    mt = normalize(text)
    assert "5栋\n汽开区(1个):" in mt.text
    i = mt.text.index("汽开区(1个)")
    s, _ = mt.original_span(i, i + 3)
    assert text[s : s + 3] == "汽开区"


def test_page_quoting_a_wrapped_notice_among_long_paragraphs():
    report = [
        "本报讯 连日来,青秀区各街道组织志愿者开展入户排查,做好生活物资保障工作,确保群众生活不受影响,社区工作人员表示将继续做好服务。",
        "记者从区疫情防控指挥部获悉,该区已连续多日开展全员核酸检测,检测结果均为阴性,各项防控措施落实到位。",
    ]
    notice = PARAGRAPH + "津头街道金湖路5号楼、南湖街道滨湖路33号院2单元调整为中风险区,自2022年10月21日12时起执行。"
    text = "\n".join(report) + "\n" + _wrap(notice, 20) + "\n" + report[0]
    assert wrap_width(text.split("\n")) == 20
    assert _joined(text) == "\n".join(report) + "\n" + notice + "\n" + report[0]


@settings(max_examples=15, deadline=None)
@given(notices())
def test_letter_spaced_notice_reads_as_written_tight(text):
    spaced = re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", text)
    assert records(parse_text(spaced)) == records(parse_text(text))


def test_column_that_keeps_marks_off_a_line_start_is_rejoined():
    # A typesetter never starts a line with a mark: it lets the mark hang past the edge, or
    # pushes the character before it down, leaving a line one character short.
    para = "自2022年10月20日起,将新竹街道民族大道88号院、津头街道金湖路3号楼、南湖街道滨湖路33号锦绣小区调整为高风险区,其他区域风险等级不变,请广大居民群众理解、支持、配合。"
    for hang in (True, False):
        lines, i = [], 0
        while i < len(para):
            j = min(i + 15, len(para))
            if j < len(para) and para[j] in ",、。":
                j = j + 1 if hang else j - 1
            lines.append(para[i:j])
            i = j
        text = "\n".join(lines)
        assert len({len(x) for x in lines[:-1]}) == 2
        assert _joined(text) == para


def test_letter_spaced_column_is_rejoined_either_way_it_was_made():
    para = PARAGRAPH + "津头街道金湖路5号楼调整为中风险区。"
    spaced = lambda t: re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", t)  # noqa: E731
    tight = normalize(para).text
    # Spaced, then cut at a count (a line may end on a space); cut, then each glyph spaced.
    for text in (_wrap(spaced(para), 24), "\n".join(spaced(x) for x in _wrap(para, 16).split("\n"))):
        assert "\n" in text
        assert normalize(text).text == tight


def test_indented_line_opens_a_paragraph():
    # The first paragraph's last line fills the column without a mark; the next is indented.
    first = "根据国家和自治区疫情防控有关规定结合我区近期疫情形势和流行病学调查结果经专家研判"
    first = first[:32]  # two full lines of 16, no mark at the end
    text = _wrap(first, 16) + "\n" + _wrap("  " + PARAGRAPH, 16)
    assert wrap_width(text.split("\n")) == 16
    assert _joined(text) == first + "\n  " + PARAGRAPH


def test_pdf_indented_line_opens_a_paragraph():
    from notice_nlp.ingest.pdf import pdf_text

    from .pdfmaker import two_column_pdf

    lead = ("根据国家和自治区疫情防控有关规定结合我区近期疫情形势和流行病学调查结果经专家研判区指挥部研究决定")[:40]
    left = [lead, "\u3000\u3000" + PARAGRAPH]  # the lead fills two lines of 20 and has no mark
    right = ["本报讯 连日来,各街道组织志愿者开展入户排查,做好生活物资保障工作,确保群众生活不受影响。"]
    text = pdf_text(two_column_pdf("青秀区调整风险区", left, right, column_width=200, gap=False), "page.pdf")
    assert lead + "\n" + PARAGRAPH in text


def test_range_cut_after_its_dash_is_rejoined_anywhere():
    text = "将津头街道金湖路小区1-\n7栋、南湖街道锦绣小区A3~\r\nA5栋调整为低风险区。\n1-\n二、其他"
    assert _joined(text) == "将津头街道金湖路小区1-7栋、南湖街道锦绣小区A3~A5栋调整为低风险区。\n1-\n二、其他"
    changes = [c.area for n in parse_text(text).notices for c in n.changes]
    assert "金湖路小区1-7栋" in "".join(changes)


_LINE_PIECES = st.sampled_from(["甲乙丙丁戊己庚辛壬癸子丑", "寅卯辰", "ab12", "7", " ", "\r", "。", ",", "(甲)", "小区", "、", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINE_PIECES, max_size=4).map("".join), max_size=14))
@example(["甲乙丙丁戊己庚辛壬癸子丑", "寅卯辰巳午未申酉戌亥天地", "玄黄宇宙洪荒日月盈昃辰宿", "列张"])  # three full lines, the fewest a column has
def test_a_column_is_looked_for_only_over_three_long_lines_followed(lines):
    from notice_nlp.layout import _CHARS, _HALF_EMS, _column, _column_by

    plain = None
    for measure in (_CHARS, _HALF_EMS):
        col = _column_by(lines, measure)
        if col is not None and (plain is None or col.filled > plain.filled):
            plain = col
    assert _column(lines) == plain


def test_one_place_a_line_of_the_column_width_is_not_run_on():
    # A list of one place a line whose lines happen to be as wide as a wrapped paragraph above:
    # a line opening with a province after a place, and a label opening with its as-of time,
    # start places and lists of their own.
    places = ["黑龙江省哈尔滨市利民开发区裕田街道", "黑龙江省哈尔滨市利民开发区利民街道", "(截至2月13日15时)中风险地区", "黑龙江省哈尔滨市道里区新阳路街道办"]
    assert {len(p) for p in places} == {17}
    text = _wrap(PARAGRAPH, 17) + "\n" + "\n".join(places)
    assert wrap_width(text.split("\n")) == 17
    assert _joined(text) == PARAGRAPH + "\n" + "\n".join(places)

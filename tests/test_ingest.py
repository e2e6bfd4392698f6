"""Each input format: plain text (UTF-8 with/without BOM, GB18030), HTML, PDF (one and two columns)."""

from __future__ import annotations

from notice_nlp import parse_file
from notice_nlp.ingest import load_path

from .conftest import records
from .pdfmaker import single_column_pdf, two_column_pdf

NOTICE = """关于调整兰州市城关区风险区域的通告
根据疫情防控工作需要,经专家研判,自2022年11月20日0时起,将城关区以下区域由高风险区调整为低风险区:
1.雁南街道鸿运润园小区3号楼;
2.嘉峪关路街道天庆嘉园2号楼。
兰州市城关区新冠肺炎疫情防控指挥部
2022年11月19日
"""

EXPECTED = [
    ("城关区", "雁南街道鸿运润园小区3号楼", "high_risk", "low_risk", "change"),
    ("城关区", "嘉峪关路街道天庆嘉园2号楼", "high_risk", "low_risk", "change"),
]


def test_utf8_with_and_without_bom(tmp_path):
    for name, data in (("plain.txt", NOTICE.encode("utf-8")), ("bom.txt", b"\xef\xbb\xbf" + NOTICE.encode("utf-8"))):
        p = tmp_path / name
        p.write_bytes(data)
        doc = parse_file(p)
        assert records(doc) == EXPECTED
        assert doc.notices[0].effective == "2022-11-20T00:00"
        assert doc.notices[0].issuer == "兰州市城关区新冠肺炎疫情防控指挥部"
        assert doc.source.format == "text"


def test_gb18030_is_detected_and_reported(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(NOTICE.encode("gb18030"))
    doc = parse_file(p)
    assert doc.source.encoding == "gb18030"
    assert records(doc) == EXPECTED
    assert any(w.code == "encoding" and "GB18030" in w.message for w in doc.warnings)


def test_html_main_text_without_scripts_navigation_or_footer(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in NOTICE.strip().split("\n"))
    html = f"""<!DOCTYPE html><html><head><title>城关区通告_兰州发布</title>
    <script>var x = "高风险区调整为低风险区:假数据小区1号楼";</script><style>.a{{color:red}}</style></head>
    <body><div class="nav"><a>首页</a><a>新闻</a><a>封控区名单</a></div>
    <div id="content" class="article">{body}</div>
    <div class="footer">版权所有 © 兰州发布 备案号 甘ICP备00000000号</div></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    loaded = load_path(p)
    assert loaded.source.format == "html"
    assert "var x" not in loaded.text and "版权所有" not in loaded.text and "首页" not in loaded.text
    doc = parse_file(p)
    assert records(doc) == EXPECTED


def test_html_sniffed_from_content_not_suffix(tmp_path):
    p = tmp_path / "saved_page.txt"
    p.write_text("<html><body><p>" + NOTICE.replace("\n", "</p><p>") + "</p></body></html>", encoding="utf-8")
    doc = parse_file(p)
    assert doc.source.format == "html"
    assert records(doc) == EXPECTED


def test_single_column_pdf(tmp_path):
    p = tmp_path / "notice.pdf"
    p.write_bytes(single_column_pdf(NOTICE.strip().split("\n")))
    doc = parse_file(p)
    assert doc.source.format == "pdf"
    assert records(doc) == EXPECTED
    assert doc.notices[0].issue_date == "2022-11-19"


def test_two_column_pdf_reads_left_column_before_right(tmp_path):
    left = [
        "本报讯(记者 张明)连日来,城关区各街道组织志愿者开展入户排查,做好生活物资保障工作,确保群众生活不受影响。",
        "社区工作人员表示,将继续做好服务。",
    ]
    right = [
        "兰州市城关区新冠肺炎疫情防控指挥部发布通告,自2022年11月20日0时起,将城关区雁南街道鸿运润园小区3号楼、嘉峪关路街道天庆嘉园2号楼由高风险区调整为低风险区。",
    ]
    p = tmp_path / "page.pdf"
    p.write_bytes(two_column_pdf("城关区全力做好疫情防控", left, right))
    text = load_path(p).text
    # Reading order: headline, then all of the left column, then the right column.
    assert text.index("城关区全力做好疫情防控") < text.index("本报讯") < text.index("社区工作人员") < text.index("发布通告")
    # Lines of a column are not interleaved with the other column.
    assert "确保群众生活不受影响" in text.replace("\n", "")
    doc = parse_file(p)
    got = {(c.district, c.area, c.to_zone) for n in doc.notices for c in n.changes}
    assert got == {("城关区", "雁南街道鸿运润园小区3号楼", "low_risk"), ("城关区", "嘉峪关路街道天庆嘉园2号楼", "low_risk")}


def _table_page(tmp_path, head: list[str], rows: list[tuple[str, ...]], before: str, after: str = ""):
    """An HTML page holding one table, parsed."""
    table = "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
    table += "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    p = tmp_path / "table.html"
    p.write_text(f"<html><body><div class='content'>{before}{table}{after}</div></body></html>", encoding="utf-8")
    return parse_file(p)


def test_html_table_rows_become_changes(tmp_path):
    doc = _table_page(
        tmp_path,
        ["序号", "区县", "街道(乡镇)", "区域", "风险等级"],
        [("1", "城关区", "张掖路街道", "金城小区", "高风险区"), ("2", "七里河区", "西园街道", "建兰路158号", "中风险区")],
        "<h2>兰州市中高风险区域名单</h2><p>截至2022年11月20日18时,兰州市现有中高风险区域如下:</p>",
    )
    assert records(doc) == [
        ("城关区", "张掖路街道金城小区", None, "high_risk", "status"),
        ("七里河区", "西园街道建兰路158号", None, "medium_risk", "status"),
    ]
    assert doc.notices[0].effective == "2022-11-20T18:00"


def test_html_table_with_a_transition_column(tmp_path):
    doc = _table_page(
        tmp_path,
        ["序号", "区县", "街道", "小区", "调整情况"],
        [("1", "天山区", "团结路片区", "幸福路小区", "由高风险区调整为低风险区"), ("2", "沙依巴克区", "红庙子片区", "西城街西一巷小区", "由低风险区调整为高风险区")],
        "<p>经研判,自2022年11月28日起,对以下区域风险等级进行调整:</p>",
        "<p>特此通告。</p>",
    )
    assert records(doc) == [
        ("天山区", "团结路片区幸福路小区", "high_risk", "low_risk", "change"),
        ("沙依巴克区", "红庙子片区西城街西一巷小区", "low_risk", "high_risk", "change"),
    ]
    change = doc.notices[0].changes[1]
    assert doc.text[change.span[0] : change.span[1]].replace("\t", "") == "沙依巴克区红庙子片区西城街西一巷小区"

"""Generator: office layout of the Word and HTML forms, templates, and every bad-input class."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from notice_nlp import parse_text
from notice_nlp.cli import main
from notice_nlp.generate import InputValidationError, TemplateError, generate

ROOT = Path(__file__).resolve().parents[1]
VALID = {
    "issuer": "太原市新冠肺炎疫情防控工作领导小组办公室",
    "doc_number": "2022年第165号",
    "doc_prefix": "并防办",
    "issue_date": "2022-11-17",
    "effective": "2022-11-18T00:00",
    "city": "太原市",
    "signature": "太原市疫情防控领导小组办公室",
    "changes": [
        {"district": "晋源区", "area": "姚村镇盛世田园小区3号楼", "to_zone": "high_risk"},
        {"district": "小店区", "area": "平阳路街道", "from_zone": "high_risk", "to_zone": "low_risk"},
    ],
    "attachments": ["高风险区名单"],
    "contact": "0351-1234567",
}


def _write(tmp_path, data, name="input.json"):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_text_form_reads_like_an_office_notice():
    text = generate(VALID, template="risk_adjustment", format="text")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines[0] == "太原市新冠肺炎疫情防控工作领导小组办公室通告"
    # with doc_prefix the number is printed in the 发文字号 form; mixed zones give a neutral title
    assert lines[1] == "并防办〔2022〕165号" and lines[2] == "关于调整我市部分区域风险等级的通告"
    assert "自2022年11月18日0时起我市新增高风险区1个,1个高风险区调整为低风险区" in text
    assert "一、新增高风险区" in text and "二、高风险区调整为低风险区" in text and "晋源区(1个):" in text
    assert lines[-2:] == ["太原市疫情防控领导小组办公室", "2022年11月17日"]
    assert lines[-4:-2] == ["特此通告。", "附件:1.高风险区名单"] and text.count("特此通告。") == 1
    assert "附件:1.高风险区名单" in text and "联系方式:0351-1234567" in text


def test_html_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("headless Chromium not installed (Debian packages chromium, chromium-driver)")
    out = tmp_path / "n.html"
    assert main(["generate", str(_write(tmp_path, VALID)), "--format", "html", "-o", str(out)]) == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=90).stdout
    assert '太原市新冠肺炎疫情防控工作领导小组办公室通告</h1>' in dom and '<h1 class="issuer-mark"' in dom
    assert '<h2 class="title">关于调整我市部分区域风险等级的通告</h2>' in dom
    assert dom.count('class="heading"') == 2 and 'class="signature first"' in dom
    assert "margin: 37mm 26mm 35mm 28mm" in dom and "font-size: 22pt" in dom
    shot = ROOT / "test-artifacts" / "generated-notice.png"
    shot.parent.mkdir(exist_ok=True)
    subprocess.run([chromium, *flags, "--window-size=900,1300", f"--screenshot={shot}", out.as_uri()], capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_html_escapes_input():
    data = dict(VALID, changes=[{"district": "晋源区", "area": "<b>盛世</b>小区", "to_zone": "high_risk"}])
    html = generate(data, template="risk_adjustment", format="html")
    assert "&lt;b&gt;盛世&lt;/b&gt;小区" in html and "<b>盛世" not in html


def test_all_templates_listed(capsys):
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    for name in ("risk_adjustment", "zone_designation", "lift_controls", "news_brief"):
        assert name in out
    assert "required: issuer, issue_date, changes, doc_number" in out


def test_user_template_directory_overrides(tmp_path):
    d = tmp_path / "tpl"
    d.mkdir()
    (d / "risk_adjustment.md.j2").write_text("# {{ v.issuer }}通告\n\n({{ v.doc_number | docno_short('并防办') }})\n", encoding="utf-8")
    text = generate(VALID, template="risk_adjustment", format="text", templates_dir=d)
    assert text.strip().splitlines()[-1] == "(并防办〔2022〕165号)"


def test_template_using_missing_field_is_an_error(tmp_path):
    d = tmp_path / "tpl"
    d.mkdir()
    (d / "risk_adjustment.md.j2").write_text("{{ v.no_such_field }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="missing field"):
        generate(VALID, template="risk_adjustment", templates_dir=d)


def test_parser_output_is_accepted_as_input():
    text = generate(VALID, template="zone_designation" if False else "risk_adjustment")
    parsed = parse_text(text).to_dict()
    again = generate(parsed, template="risk_adjustment")
    n1, n2 = parse_text(text).notices[0], parse_text(again).notices[0]
    assert [(c.district, c.area, c.from_zone, c.to_zone) for c in n1.changes] == [(c.district, c.area, c.from_zone, c.to_zone) for c in n2.changes]
    assert (n2.issuer, n2.doc_number, n2.issue_date, n2.effective) == (n1.issuer, n1.doc_number, n1.issue_date, n1.effective)


BAD = [
    ("bad zone code", {"changes": [{"district": "晋源区", "area": "盛世田园小区", "to_zone": "hi_risk"}]}, "changes[0].to_zone: 'hi_risk' is not one of"),
    ("unknown district", {"changes": [{"district": "朝阳区", "area": "盛世田园小区", "to_zone": "high_risk"}]}, "changes[0].district: unknown district '朝阳区' for 太原市"),
    ("effective before issue", {"effective": "2022-11-16T00:00"}, "effective: 2022-11-16T00:00 is before the issue date 2022-11-17"),
    ("empty change list", {"changes": []}, "changes: the change list is empty"),
    ("missing issuer", {"issuer": None}, "issuer"),
]


@pytest.mark.parametrize("name,patch,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_reported_and_nothing_written(tmp_path, capsys, name, patch, message):
    data = {k: v for k, v in {**VALID, **patch}.items() if v is not None}
    out = tmp_path / "out.docx"
    assert main(["generate", str(_write(tmp_path, data)), "--format", "docx", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()
    with pytest.raises(InputValidationError):
        generate(data)


def test_every_problem_reported_at_once(tmp_path, capsys):
    data = dict(VALID, effective="2022-11-01", changes=[
        {"district": "朝阳区", "area": "甲小区", "to_zone": "high_risk"},
        {"district": "晋源区", "area": "乙小区", "to_zone": "hi_risk"},
    ])
    with pytest.raises(InputValidationError) as info:
        generate(data)
    # schema and semantic problems in one report
    assert any("changes[1].to_zone" in p for p in info.value.problems)
    assert any("changes[0].district: unknown district '朝阳区'" in p for p in info.value.problems)
    assert any(p.startswith("effective: 2022-11-01 is before") for p in info.value.problems)
    data = dict(VALID, effective="2022-11-01", changes=[{"district": "朝阳区", "area": "甲小区", "to_zone": "high_risk"}])
    with pytest.raises(InputValidationError) as info:
        generate(data)
    assert len(info.value.problems) == 2


def test_yaml_input_and_unreadable_input(tmp_path, capsys):
    y = tmp_path / "n.yaml"
    y.write_text("issuer: 太原市新冠肺炎疫情防控工作领导小组办公室\nissue_date: '2022-11-17'\nchanges:\n  - {district: 晋源区, area: 盛世田园小区, to_zone: high_risk}\n", encoding="utf-8")
    assert main(["generate", str(y)]) == 0
    assert "晋源区(1个):" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["generate", str(bad)]) == 2
    assert "invalid JSON" in capsys.readouterr().err


def test_input_schema_published(capsys):
    assert main(["schema", "--input"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json.loads((ROOT / "docs" / "schema" / "notice-input.schema.json").read_text("utf-8"))
    assert schema["properties"]["changes"]["items"]["properties"]["to_zone"]["enum"][0] == "high_risk"

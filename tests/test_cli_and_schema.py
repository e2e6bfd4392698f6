"""The command line and the published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from notice_nlp.cli import main
from notice_nlp.schema import document_schema

ROOT = Path(__file__).resolve().parents[1]
NOTICE = "自2022年11月20日0时起,将城关区雁南街道鸿运润园小区3号楼由高风险区调整为低风险区。"


def test_published_schema_file_is_current():
    published = json.loads((ROOT / "docs" / "schema" / "document.schema.json").read_text("utf-8"))
    assert published == document_schema()
    jsonschema.Draft202012Validator.check_schema(published)


def test_schema_command_prints_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == document_schema()


def test_parse_one_file_gives_json(tmp_path, capsys):
    p = tmp_path / "n.txt"
    p.write_text(NOTICE, encoding="utf-8")
    assert main(["parse", str(p)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["source"]["id"] == str(p)
    (change,) = doc["notices"][0]["changes"]
    assert (change["district"], change["area"], change["to_zone"]) == ("城关区", "雁南街道鸿运润园小区3号楼", "low_risk")
    jsonschema.validate(doc, document_schema())


def test_parse_many_files_gives_jsonl_in_sorted_order(tmp_path, capsys):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(NOTICE, encoding="utf-8")
    (tmp_path / "skip.csv").write_text("x", encoding="utf-8")
    assert main(["parse", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    ids = [json.loads(x)["source"]["id"] for x in lines]
    assert ids == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_eval_command_scores_gold_files(tmp_path, capsys):
    gold = {
        "id": "t1",
        "text": NOTICE,
        "notices": [{"issuer": None, "doc_number": None, "issue_date": None, "changes": [
            {"district": "城关区", "area": "雁南街道鸿运润园小区3号楼", "from_zone": "high_risk", "to_zone": "low_risk", "kind": "change"}]}],
    }
    (tmp_path / "t1.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "change_F1=1.000" in out and "from_zone_acc=1.000" in out and "crashes=0" in out


def test_eval_reports_missing_gold_path(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "none")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_parse_published_dates_a_yearless_file_and_rejects_a_bad_date(tmp_path, capsys):
    import json

    from notice_nlp.cli import main

    p = tmp_path / "notice.txt"
    p.write_text("自11月26日0时起,将雁塔区丈八沟街道枫林绿洲小区调整为高风险区。\n雁塔区疫情防控指挥部\n11月25日", encoding="utf-8")
    assert main(["parse", str(p), "--published", "2022-11-25"]) == 0
    notice = json.loads(capsys.readouterr().out)["notices"][0]
    assert notice["issue_date"] == "2022-11-25" and notice["effective"] == "2022-11-26T00:00"
    assert main(["parse", str(p), "--published", "2022-11-31"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "published date" in err[0] and "notice.txt" in err[0]
    assert main(["parse", str(p), str(p), "--published", "2022-11-25"]) == 2
    assert "--published dates one input" in capsys.readouterr().err

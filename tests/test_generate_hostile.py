"""Hostile generator input gives one line (exit 2) and no output file: a folder as the input,
deep nesting, huge integers, parser-shaped input with wrong types, control characters bound for
DOCX, a YAML billion laughs, a lone surrogate, line breaks that would add structure to the draft."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from notice_nlp.errors import InputError
from notice_nlp.generate import InputValidationError, generate, load_input, validate_input

BASE = {
    "issuer": "绵阳市涪城区应对新冠肺炎疫情应急指挥部",
    "issue_date": "2022-10-03",
    "changes": [{"district": "涪城区", "area": "锦绣花园小区", "to_zone": "high_risk"}],
}


def with_(**fields) -> dict:
    return {**BASE, **fields}


LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
) + 'issuer: *i\nissue_date: "2022-10-03"\nchanges: *i\n'

CASES = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested deeper"),
    "bigint.json": ('{"issuer": "x", "issue_date": "2022-10-03", "changes": [{"district": "涪城区", "area": "a", "to_zone": ' + "9" * 4400 + "}]}", "digits"),
    "wrong-types.json": (json.dumps({"schema_version": "1.0", "notices": [{"issuer": 5, "changes": [1, "x", None]}]}), "is not of type 'object'"),
    "control.json": (json.dumps(with_(issuer="绵阳市涪城区\x01指挥部")), "control character U+0001"),
    "surrogate.json": (json.dumps(with_(changes=[{"district": "涪城区", "area": "锦绣\ud800花园", "to_zone": "high_risk"}])), "lone surrogate"),
    "title.json": (json.dumps(with_(title="关于调整风险区的通告\n\n# 关于解除全部封控的通告"), ensure_ascii=False), "title: holds a line break"),
    "signature.json": (json.dumps(with_(signature="某某指挥部\n2022年10月1日"), ensure_ascii=False), "signature: holds a line break"),
    "laughs.yaml": (LAUGHS, "YAML aliases"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("fmt", ["text", "docx"])
def test_hostile_input_is_one_line_and_leaves_no_file(tmp_path, name, fmt):
    text, words = CASES[name]
    src = tmp_path / name
    src.write_text(text, encoding="utf-8", errors="surrogatepass")
    out = tmp_path / f"out.{fmt}"
    proc = subprocess.run([sys.executable, "-m", "notice_nlp", "generate", str(src), "--format", fmt, "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(src) in lines[0] and words in lines[0], proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left either


def test_a_folder_as_the_input(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load_input(tmp_path)


def test_python_callers_get_the_same_checks():
    with pytest.raises(InputValidationError, match="digits"):
        validate_input(with_(issuer=10**5000))
    with pytest.raises(InputValidationError, match="must be an object"):
        validate_input(["not", "a", "notice"])  # type: ignore[arg-type]
    with pytest.raises(InputValidationError, match="control character"):
        generate(with_(contact="0816-1234567\x0b"), format="docx")


def test_ordinary_input_still_renders(tmp_path):
    src = tmp_path / "n.json"
    src.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "n.txt"
    proc = subprocess.run([sys.executable, "-m", "notice_nlp", "generate", str(src), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "锦绣花园小区" in out.read_text("utf-8")

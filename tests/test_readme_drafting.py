"""Every command of README.md's drafting section runs as written, against examples/, and what it
writes parses back to the example's records."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from notice_nlp import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Drafting notices") :]
    section = section[: section.index("\n## ", 3)]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [ln.split("  #")[0].strip() for ln in block.splitlines() if ln.strip()]


def test_readme_has_a_command_per_template():
    cmds = _commands()
    for name in ("risk_adjustment", "zone_designation", "lift_controls", "news_brief"):
        assert any(f"examples/{name}.yaml" in c for c in cmds), name
        assert (ROOT / "examples" / f"{name}.yaml").exists()
    assert any("--docx-template examples/office-letterhead.docx" in c for c in cmds)


@pytest.mark.parametrize("command", _commands())
def test_readme_drafting_command_runs_as_written(command, tmp_path):
    exe = ROOT / ".venv" / "bin" / "notice-nlp"
    if not exe.exists():
        pytest.skip("no .venv (make install)")
    # the command as written, from a folder that looks like the repository: .venv and examples/
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    run = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr or "font" in run.stderr  # only a font fallback may warn
    args = shlex.split(command)
    if "generate" not in args:
        assert run.stdout.strip()
        return
    example = yaml.safe_load((ROOT / args[args.index("generate") + 1]).read_text("utf-8"))
    if "-o" in args:
        out = tmp_path / args[args.index("-o") + 1]
        doc = parse_file(out)
    else:
        doc = parse_text(run.stdout)
    n = next(x for x in doc.notices if x.changes)
    assert n.issuer == example["issuer"] and n.issue_date == example["issue_date"]
    want = sorted((c["district"], c["area"], c.get("from_zone"), c["to_zone"]) for c in example["changes"])
    assert sorted((c.district, c.area, c.from_zone, c.to_zone) for c in n.changes) == want
    assert not n.warnings

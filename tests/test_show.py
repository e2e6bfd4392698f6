"""``notice-nlp show``: one self-contained page, checked in headless Chromium (DOM and screenshot)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from notice_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PAGE = """# 社区党员下沉一线 筑牢疫情防线

本报讯(记者 赵丽 通讯员 孙伟)1月13日,长安区建北街道谈固东街社区组织党员下沉一线。

## 石家庄市新冠肺炎疫情防控工作领导小组办公室通告

(2021年第5号)

### 关于调整部分区域风险等级的通告

经专家组研判,即日起新增高风险地区3个:裕华区(3个):槐底街道怀特小区、新华区西三庄街道都市阳光小区。

石家庄市新冠肺炎疫情防控工作领导小组办公室
2021年1月13日
"""


def _chromium(tmp_path, *args) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("headless Chromium not installed (Debian packages chromium, chromium-driver)")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=90)


@pytest.fixture
def page(tmp_path):
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["show", str(src), "-o", str(out)]) == 0
    return out


def test_page_is_self_contained(page):
    html = page.read_text("utf-8")
    assert "<script src" not in html and "<link " not in html and "http://" not in html.split("</head>")[0]


def test_rendered_dom_shows_entities_records_and_warnings(page, tmp_path):
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert 'id="summary"' in dom and "2 change(s)" in dom
    # Highlighted entities by type.
    for label in ("high_risk", "ORG", "DATE", "COUNTY", "记者"):
        assert f">{label}</span>" in dom or f"{label}\n" in dom or f">{label}<" in dom, label
    # The records table lists both changes, and the count contradiction is shown as a warning.
    assert dom.count("<td>high_risk</td>") == 2
    assert "槐底街道怀特小区" in dom and "西三庄街道都市阳光小区" in dom
    assert 'class="warnings"' in dom and "裕华区" in dom.split('class="warnings"')[1]
    assert "赵丽" in dom.split('class="people"')[1]


def test_screenshot_artifact(page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "show-page.png"
    if shot.exists():
        shot.unlink()
    _chromium(tmp_path, "--window-size=1400,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

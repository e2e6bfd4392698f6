"""The place check: candidate areas that are not places, and the trace of what was dropped."""

from __future__ import annotations

import pytest

from notice_nlp import parse_text
from notice_nlp.places import looks_like_place, not_a_place, tracing


@pytest.mark.parametrize(
    "candidate, reason",
    [
        ("按照省指挥部《关于印发社区防控指引的通知", "title"),
        ("依据最新流调结果", "legal basis"),
        ("王小明介绍", "attribution"),
        ("经综合研判", "decision"),
        ("东关街道居民非必要不外出", "measure"),
        ("截至12月1日8时", "date"),
        ("全省6地", "count"),
        ("3个街道(乡镇)", "count"),
        ("部分区域", "generic"),
        ("以上管控区", "zone word"),
        ("外", "too short"),
        ("调整", "action"),
    ],
)
def test_not_a_place(candidate, reason):
    assert not_a_place(candidate) == reason


@pytest.mark.parametrize(
    "candidate",
    [
        "东关街道建国路社区",
        "市统计局家属院",
        "农科院作物研究所宿舍",
        "幸福里9号楼",
        "A栋",
        "新农",
        "“南二环以北、东二环以西区域”",
        "小寨路街道(不含长安大学社区)",
        "防外溢临时管控区",
        "汽开区(1个):东风大街88号",
    ],
)
def test_places_pass(candidate):
    assert not_a_place(candidate) is None


def test_looks_like_place():
    assert looks_like_place("金城花园") and looks_like_place("3号楼") and not looks_like_place("严格查验")


def test_dropped_candidates_are_traced():
    text = "据记者了解,自11月1日起,新城区西一路街道东七路社区调整为中风险区。"
    with tracing() as dropped:
        doc = parse_text(text)
    assert [c.area for n in doc.notices for c in n.changes] == ["西一路街道东七路社区"]
    assert [(d.text, d.reason) for d in dropped] == [("据记者了解", "attribution"), ("自11月1日起", "date")]
    with tracing() as again:
        pass
    assert again == []


def test_parse_trace_lists_dropped_candidates_on_stderr(tmp_path, capsys):
    from notice_nlp.cli import main

    p = tmp_path / "notice.txt"
    p.write_text("据记者了解,新城区西一路街道东七路社区调整为中风险区。", encoding="utf-8")
    assert main(["parse", str(p), "--trace"]) == 0
    captured = capsys.readouterr()
    assert "dropped\tattribution\t据记者了解" in captured.err
    assert "东七路社区" in captured.out
    assert main(["parse", str(p)]) == 0
    assert "dropped" not in capsys.readouterr().err


def test_every_place_suffix_ends_a_place_for_the_list_reader():
    """The words a place ends in (data/places.json) are those the list reader's pattern knows
    too: a numbered line 新华街永兴胡同 is an item for both."""
    from notice_nlp.grammar import PLACE_SUFFIX_RX
    from notice_nlp.vocab import load_data

    missing = [w for w in load_data("places")["place_suffixes"] if not PLACE_SUFFIX_RX.search("永兴" + w)]
    assert missing == []

"""The dev set and seed written differently, scored against the plain figures (skipped without
../shared).

Each perturbation keeps the meaning of every document: other real district and township names
(text and gold alike), lines cut at a narrow column's width, punctuation of the other width,
traditional script, a space between Chinese characters, a typeset column 24 characters wide
(digits half as wide). Change F1 must stay within BOUND of the plain documents' figure; the
bound is the acceptance figure and is never widened."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from notice_nlp import parse_text
from notice_nlp.evaluate import Tally, gold_files, load_gold

from . import perturb

BOUND = 0.03

PERTURBATIONS: dict[str, Callable[[dict], dict]] = {
    "places": perturb.swap_places,
    "wrap20": lambda g: perturb.hard_wrap(g, 20),
    "wrap24": lambda g: perturb.hard_wrap(g, 24),
    "wrap30": lambda g: perturb.hard_wrap(g, 30),
    "column24": lambda g: perturb.column_wrap(g, 24),
    "punct_width": perturb.swap_punct_width,
    "traditional": perturb.to_traditional,
    "spaces": perturb.space_out,
}
# Measured change_F1 minus the plain figure (plain 0.723), before soft wraps and letter spacing
# were repaired: wrap20 -0.278, wrap24 -0.247, wrap30 -0.239, spaces -0.723; after: places
# +0.000, wrap20 +0.015, wrap24 +0.011, wrap30 +0.018, punct_width +0.000, traditional +0.000,
# spaces -0.004 (wrapped text scored higher where a break kept after ; split a long run-on list).
# With plain at 0.833: wrap20/24/30 -0.001/+0.000/-0.001; column24 -0.011 (before half-em
# widths were read: -0.241). With plain at 0.916: column24 +0.000 once pinyin letters count as
# narrow. With plain at 0.922: places +0.000, wrap20/24/30 -0.001/+0.000/-0.001, punct_width
# +0.000, traditional +0.000, spaces -0.003, column24 +0.000.
# A case out of bound is marked xfail(strict=True) with its measured figure.
KNOWN_OUT_OF_BOUND: dict[str, str] = {}


def _golds(shared: Path) -> list[dict]:
    out = []
    for f in gold_files([shared / "eval" / "dev", shared / "seed"]):
        gold = load_gold(f)
        if gold is None:
            continue
        if "text" not in gold:
            gold["text"] = Path(gold.pop("_source_path")).read_text("utf-8")
        out.append(gold)
    return out


def _f1(golds: list[dict]) -> float:
    tally = Tally()
    for g in golds:
        tally.add(g, parse_text(g["text"], source=g["id"], published=g.get("published")).to_dict())
    assert tally.crashes == 0
    return tally.figures()["change_F1"]


@pytest.fixture(scope="module")
def plain(request) -> tuple[list[dict], float]:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    if not (shared / "eval").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    golds = _golds(shared)
    return golds, _f1(golds)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_OUT_OF_BOUND[n])) if n in KNOWN_OUT_OF_BOUND else n
        for n in PERTURBATIONS
    ],
)
def test_perturbed_dev_set_stays_within_bound(plain, name):
    golds, base = plain
    changed = [PERTURBATIONS[name](g) for g in golds]
    f1 = _f1(changed)
    assert abs(f1 - base) <= BOUND, f"{name}: change_F1 {f1:.3f} vs plain {base:.3f} ({f1 - base:+.3f})"


def test_place_swap_changes_text_and_gold_alike(plain):
    golds, _ = plain
    swapped = 0
    for g in golds:
        mapping = perturb.place_mapping(g)
        if not mapping:
            continue
        swapped += 1
        out = perturb.swap_places(g)
        for old, new in mapping.items():
            assert old not in out["text"] and new in out["text"]
            assert new[-1] == old[-1]
    assert swapped >= len(golds) // 2


def test_hard_wrap_keeps_every_character():
    gold = {"id": "x", "text": "一二三四五六七八九十\n\n甲乙丙", "notices": []}
    wrapped = perturb.hard_wrap(gold, 4)["text"]
    assert wrapped == "一二三四\n五六七八\n九十\n\n甲乙丙"
    assert wrapped.replace("\n", "") == gold["text"].replace("\n", "")

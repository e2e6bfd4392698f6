"""The bundled corpus (texts written for the project, with gold files) scored as the shared
scorer scores real documents. It runs everywhere, ../shared or not; the floors are the figures
the corpus reaches and are only ever raised."""

from __future__ import annotations

from pathlib import Path

from notice_nlp import parse_file, parse_text
from notice_nlp.evaluate import score

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FLOOR = {
    "change_F1": 1.0,
    "change_exact_F1": 0.990,
    "district_acc": 1.0,
    "effective_acc": 1.0,
    "from_zone_acc": 1.0,
    "notice_meta_acc": 1.0,
    "report_place_F1": 1.0,
    "report_people_F1": 1.0,
}


def _parse(gold: dict) -> dict:
    if "_source_path" in gold:
        return parse_file(gold["_source_path"], published=gold.get("published")).to_dict()
    return parse_text(gold["text"], source=gold.get("id"), published=gold.get("published")).to_dict()


def test_bundled_corpus_figures():
    figures = score([CORPUS], _parse).figures()
    assert figures["docs"] == 27 and figures["crashes"] == 0
    low = {k: round(figures[k], 3) for k, floor in FLOOR.items() if figures[k] < floor}
    assert not low, f"below the corpus floor: {low}"
    assert figures["warnings_found"] == "2/2"

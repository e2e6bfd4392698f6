"""Vocabulary kept as data files in ``notice_nlp/data``; each loaded on first use, then cached."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["ORG_WORDS", "ORG_SUFFIX", "alternation", "load_data", "zone_terms", "zone_term_map", "zone_label", "lift_phrases", "status_markers"]


#: Words that end the name of an issuing body (…指挥部, …办公室).
ORG_WORDS = ("指挥部", "办公室", "领导小组", "委员会", "人民政府", "防控办", "卫健委", "卫生健康委", "管委会", "工作组")
#: The same as a regex alternation.
ORG_SUFFIX = "(?:" + "|".join(ORG_WORDS) + ")"
# The words pointing to what is written after them (以下区域, 下列小区, 下述地区); and 如下 (as follows).
BELOW_WORDS = "以下|下列|下述"
FORWARD_WORDS = BELOW_WORDS + "|如下"


def alternation(words) -> str:
    """``words`` as a regex alternation, escaped, longest first (so that 不再 wins over 不)."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Parse ``notice_nlp/data/<name>.json``."""
    return json.loads(resources.files("notice_nlp").joinpath("data").joinpath(f"{name}.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def zone_term_map() -> dict[str, str]:
    """Zone term → zone code, e.g. ``封闭控制区`` → ``sealed``."""
    out: dict[str, str] = {}
    for code, spec in load_data("zones")["zones"].items():
        for term in spec["terms"]:
            out[term] = code
    return out


def zone_terms() -> list[str]:
    """All zone terms, longest first (so that 封闭管控区 wins over 管控区)."""
    return sorted(zone_term_map(), key=len, reverse=True)


def zone_label(code: str) -> str:
    """Canonical Chinese name of a zone code (``high_risk`` → ``高风险区``)."""
    return load_data("zones")["zones"][code]["label"]


def lift_phrases() -> list[str]:
    return sorted(load_data("zones")["lift_phrases"], key=len, reverse=True)


@lru_cache(maxsize=1)
def designating_measures() -> dict[str, str]:
    """Measure phrase → the zone it designates (``采取封控管理`` → ``sealed``)."""
    return {w: zone for zone, words in load_data("zones")["designating_measures"].items() for w in words}


def status_markers() -> list[str]:
    return list(load_data("zones")["status_markers"])

"""Due rules: after how many days an area leaves its zone, and for which zone.

Notices often state their own rule (``高风险区连续5天无新增感染者降为低风险区``, ``封控区7天后无
新增阳性解除封控``); :func:`read_rules` finds such sentences. Where no notice of the city states
one, the defaults of ``data/due_rules.json`` apply (overridable by the caller).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from ..vocab import load_data

__all__ = ["Rule", "read_rules", "default_rules", "parse_rule_option"]

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Rule:
    """``from_zone`` areas go to ``to_zone`` ``days`` days after they entered it; ``text`` is the
    sentence that states it (or ``default``)."""

    from_zone: str
    to_zone: str
    days: int
    text: str


@lru_cache(maxsize=1)
def _spec() -> dict:
    return load_data("due_rules")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    spec = _spec()
    zones = "|".join(sorted(map(re.escape, spec["zone_words"]), key=len, reverse=True))
    verbs = "|".join(sorted(map(re.escape, spec["to_verbs"]), key=len, reverse=True))
    lifts = "|".join(sorted(map(re.escape, spec["lift_verbs"]), key=len, reverse=True))
    return re.compile(
        rf"(?P<zone>{zones})[^。;;]{{0,40}}?(?P<days>\d+|[一二两三四五六七八九十]{{1,3}})[天日]"
        rf"[^。;;]{{0,40}}?(?:(?:{verbs})(?P<to>{zones})|(?P<lift>{lifts}))"
    )


def _days(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if "十" in text:
        a, _, b = text.partition("十")
        return _CN_DIGITS.get(a, 1) * 10 + _CN_DIGITS.get(b, 0)
    return _CN_DIGITS.get(text, 0)


def read_rules(texts: Iterable[str]) -> list[Rule]:
    """The rules stated in ``texts`` (sentences of a notice: its measures, or its text), first
    statement per zone."""
    from ..normalize import to_simplified

    zone_words = _spec()["zone_words"]
    found: dict[str, Rule] = {}
    for text in texts:
        for sentence in re.split(r"[。\n]", to_simplified(text)):
            for m in _pattern().finditer(sentence):
                src = zone_words[m["zone"]]
                dst = zone_words[m["to"]] if m["to"] else "lifted"
                days = _days(m["days"])
                if days > 0 and src != dst and src not in found:
                    found[src] = Rule(src, dst, days, m.group(0))
    return list(found.values())


def default_rules(overrides: Mapping[str, tuple[int, str]] | None = None) -> dict[str, Rule]:
    """The configured defaults, zone → :class:`Rule`, with ``overrides`` (zone → (days, to_zone))."""
    out = {z: Rule(z, r["to_zone"], int(r["days"]), "default") for z, r in _spec()["defaults"].items()}
    for zone, (days, to) in (overrides or {}).items():
        out[zone] = Rule(zone, to, days, "default (configured)")
    return out


def parse_rule_option(text: str) -> tuple[str, tuple[int, str]]:
    """``high_risk=5:low_risk`` → ``('high_risk', (5, 'low_risk'))`` (ValueError otherwise)."""
    zone, _, rest = text.partition("=")
    days, _, to = rest.partition(":")
    from ..records import ZONE_CODES

    if zone not in ZONE_CODES or to not in ZONE_CODES or not days.isdigit():
        raise ValueError(f"rule '{text}' is not ZONE=DAYS:ZONE (zones: {', '.join(ZONE_CODES)})")
    return zone, (int(days), to)

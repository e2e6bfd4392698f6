"""Scopes: the district and township a notice's title or lead sentence names, which its items
inherit when they name none."""

from __future__ import annotations

import re

from .gazetteer import gazetteer
from .districts import FUNCTIONAL_AREA_HINT, FUNCTIONAL_AREA_RX, county_at

_CJK_RX = re.compile(r"[\u4e00-\u9fff]")
_TOWN_END_RX = re.compile(r"街道|镇|乡")


def find_scope(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """County-level and township-level names written in the given spans (titles, lead sentences)."""
    g = gazetteer()
    counties: list[tuple[int, int]] = []
    towns: list[tuple[int, int]] = []
    county_starts, town_starts = g.level_starts(3), g.level_starts(4)
    towns_known = g.level_names(4)
    for s, e in spans:
        functional = FUNCTIONAL_AREA_HINT.search(text, s, e) is not None
        # Township names end in 街道/镇/乡: positions more than 8 characters before every such
        # ending cannot start one.
        town_ends = [m.end() for m in _TOWN_END_RX.finditer(text, s, e)]
        k = 0
        i = s
        while i < e:
            while k < len(town_ends) and town_ends[k] < i + 3:
                k += 1
            near_town = k < len(town_ends) and town_ends[k] <= i + 8
            # Only characters that can start a name (or a functional area) are tried.
            county_start = text[i] in county_starts or (functional and FUNCTIONAL_AREA_RX.match(text, i, e))
            if not county_start and not near_town:
                i += 1
                continue
            d_end = county_at(text, i, e) if county_start else None
            if d_end is not None and (i == s or not _CJK_RX.match(text[i - 1]) or _prev_is_admin(text, s, i)):
                counties.append((i, d_end))
                i = d_end
                continue
            hit = None
            if near_town:
                for ln in town_starts.get(text[i], ()):
                    if 3 <= ln <= min(8, e - i) and text.endswith(("街道", "镇", "乡"), i, i + ln) and text[i : i + ln] in towns_known:
                        hit = i + ln
                        break
            if hit:
                towns.append((i, hit))
                i = hit
                continue
            i += 1
    return counties, towns


def _prev_is_admin(text: str, s: int, i: int) -> bool:
    """True when the characters before ``i`` end an admin name (成都市|成华区) or a function word."""
    g = gazetteer()
    for ln in range(2, 8):
        if i - ln < s:
            break
        cand = text[i - ln : i]
        if g.lookup(cand, (1, 2)) or cand in ("关于", "在", "对", "将", "的", "划定", "调整"):
            return True
    return text[i - 1] in "于在对将的定"

"""Resolving a written address to province, city, county and township with official codes."""

from __future__ import annotations

import unicodedata

from .gazetteer import PlacePath, gazetteer
from .item_names import town_at
from .items import read_prefix
from .normalize import strip_pinyin, to_simplified

__all__ = ["resolve_address"]


def resolve_address(address: str) -> PlacePath:
    """``山西省太原市晋源区义井街道…`` → PlacePath(山西省, 太原市, 晋源区, 义井街道, 140110001).

    Missing levels are filled from the hierarchy (``海宁市许村镇`` → 浙江省/嘉兴市); a county
    name shared by several cities stays unresolved unless the address names its city."""
    g = gazetteer()
    text = to_simplified(unicodedata.normalize("NFKC", strip_pinyin(address)))
    prefix = read_prefix(text, 0, len(text))
    scope = []
    for span, levels in ((prefix.province, (1,)), (prefix.city, (2, 1))):
        if span:
            d = g.resolve(text[span[0] : span[1]], levels, scope)
            if d is not None:
                scope.insert(0, d)
    county = None
    if prefix.district:
        county = g.resolve(text[prefix.district[0] : prefix.district[1]].split("(")[0], (3,), scope)
    town_end = town_at(text, prefix.end, len(text))
    town = None
    if town_end:
        name = text[prefix.end : town_end]
        town = g.resolve(name, (4,), [county] if county else scope)
        if town is not None and county is not None and not g.within(town, county):
            town = None
    deepest = town or county or (scope[0] if scope else None)
    if deepest is None:
        return PlacePath()
    return g.path(deepest)

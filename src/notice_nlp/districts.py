"""County-level names where they are written: an official county, district, county-level city
or banner from the gazetteer, or a functional area (高新区, 经开区, 风景名胜区 …) that notices
treat as a district."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer

__all__ = ["county_at", "FUNCTIONAL_AREA_RX", "FUNCTIONAL_AREA_HINT"]

_CJK = "\u4e00-\u9fff"
FUNCTIONAL_AREA_RX = re.compile(
    rf"[{_CJK}]{{0,8}}?(?:高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|风景名胜区|综合保税区|保税区)"
)
FUNCTIONAL_AREA_HINT = re.compile(r"开发区|高新区|经开区|风景名胜区|保税区")  # a word every functional area ends in
_BRACKETED_NAME_RX = re.compile(r"\(([\u4e00-\u9fff]{2,8})\)")


@lru_cache(maxsize=1)
def _county_index() -> tuple[dict[str, list[int]], frozenset[str]]:
    """County-level names: their lengths by first character, and the names."""
    g = gazetteer()
    return g.level_starts(3), g.level_names(3)


def county_at(text: str, pos: int, end: int) -> int | None:
    """End of a county-level name starting at ``pos`` (official or functional area), else None."""
    if pos >= end:
        return None
    starts, counties = _county_index()
    lengths = starts.get(text[pos])
    # Every functional area ends in a word with 区 (开发区, 高新区, 保税区 …).
    area_word = text.find("区", pos, min(end, pos + 20)) >= 0
    if not lengths and not area_word:
        return None
    best = None
    for ln in lengths or ():
        if ln > 10 or ln > end - pos:
            continue
        cand = text[pos : pos + ln]
        if cand in counties and (ln >= 3 or cand.endswith(("县", "旗", "市"))):
            best = pos + ln
            break
    hint = area_word and FUNCTIONAL_AREA_HINT.search(text, pos, min(end, pos + 20))
    m = FUNCTIONAL_AREA_RX.match(text, pos, end) if hint else None
    if m and (best is None or m.end() > best) and (m.end() - pos) <= 12:
        if m.group(0) in ("开发区",) or not re.search(r"(?:路|街|村|小区)", m.group(0)):
            best = m.end()
    if best is not None:
        # 高新区(新市区): the official county in brackets belongs to the name.
        mm = _BRACKETED_NAME_RX.match(text, best, end)
        if mm and mm.group(1) in counties:
            best = mm.end()
    return best

"""The administrative prefix of an item: the province, city and district names written at its
start (``山西省太原市小店区…``, ``新城区——西一路街道…``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .frozen import fast_init
from .districts import county_at
from .gazetteer import gazetteer

__all__ = ["AdminPrefix", "read_prefix"]


@fast_init
@dataclass(frozen=True)
class AdminPrefix:
    """Province/city/district names found at the start of an item (working-text spans)."""

    province: tuple[int, int] | None = None
    city: tuple[int, int] | None = None
    district: tuple[int, int] | None = None
    end: int = 0


_PREFIX_SEPARATOR_RX = re.compile(r"\s*(?:——|—|–|-|:)\s*")


def _city_miswritten_as_district(text: str, pos: int, end: int) -> int | None:
    """End of a city's short name written with 区 for 市 before one of its own counties
    (邢台区南宫市…), or None."""
    if text.find("区", pos + 2, pos + 5) < 0:
        return None  # 区 follows a short name of two to four characters
    g = gazetteer()
    for ln in g.name_starts((2,)).get(text[pos], ()):
        cand = text[pos : pos + ln]
        if not 2 <= ln <= 4 or cand in g.by_name or not text.startswith("区", pos + ln):
            continue
        cities = g.lookup(cand, (2,))
        c_end = county_at(text, pos + ln + 1, end)
        if cities and c_end is not None and any(g.city_of(c) in cities for c in g.lookup(text[pos + ln + 1 : c_end], (3,))):
            return pos + ln
    return None


def _county_stem_end(text: str, pos: int, end: int) -> int | None:
    """``大兴西红门镇``, ``藁城增村镇``: a county written without its 区/县 straight before one of
    its own townships (as reports shorten it). End of the short name, or None."""
    g = gazetteer()
    for ln in (2, 3):
        t_end = g.town_end(text, pos + ln, end)
        if t_end is None:
            continue
        towns = {t.parent_code for t in g.lookup(text[pos + ln : t_end], (4,))}
        stem = text[pos : pos + ln]
        if any(c.code in towns for suffix in "区县市旗" for c in g.lookup(stem + suffix, (3,))):
            return pos + ln
    return None


def read_prefix(text: str, start: int, end: int) -> AdminPrefix:
    """Province, city and district names at the start of ``text[start:end]``."""
    g = gazetteer()
    pos = start
    province = city = district = None
    if text.startswith(("将", "把"), pos) and county_at(text, pos + 1, end) is not None:
        pos += 1  # …;将玉泉区甲小区: the verb again before the next clause's county
    while pos < end:
        while pos < end and text[pos] in " \t":
            pos += 1
        if district is None:
            d_end = county_at(text, pos, end)
            if d_end is None and pos + 4 < end:
                d_end = _county_stem_end(text, pos, end)
            if d_end is not None:
                district = (pos, d_end)
                pos = d_end
                sep = _PREFIX_SEPARATOR_RX.match(text[pos:end])
                if sep and pos + sep.end() < end:
                    pos += sep.end()  # 新城区——西一路街道…
                continue
        if district is None and city is None:
            hit = None
            # every province and city name, full or short, opens with one of name_heads
            for ln in g.name_starts((1, 2)).get(text[pos], ()) if text[pos : pos + 2] in g.name_heads((1, 2)) else ():
                if ln > min(12, end - pos) or ln < 2:
                    continue
                cand = text[pos : pos + ln]
                divs = g.lookup(cand, (1, 2))
                if divs:
                    if (
                        cand in g.by_name or county_at(text, pos + ln, end) or text.startswith("市", pos + ln)
                        or g.name_end(text, pos + ln, (2,), min_len=2) or _county_stem_end(text, pos + ln, end)
                    ):
                        hit = (ln, divs)
                        break
            if hit is None and (miswritten := _city_miswritten_as_district(text, pos, end)) is not None:
                city, pos = (pos, miswritten), miswritten + 1
                continue
            if hit:
                ln, divs = hit
                span = (pos, pos + ln)
                if any(d.level == 1 for d in divs) and province is None and not any(d.level == 2 for d in divs):
                    province = span
                    if divs[0].code in ("110000", "120000", "310000", "500000"):
                        city = span
                else:
                    city = span
                pos += ln
                continue
        if district is None and pos == start and text.startswith(("以及", "及"), pos):
            after = pos + (2 if text.startswith("以及", pos) else 1)
            if county_at(text, after, end) is not None:
                pos = after  # 以及南开区竹华里14号楼: a conjunction before the county
                continue
        if text.startswith(("该市", "我市", "全市", "本市"), pos) and district is None:
            pos += 2
            continue
        break
    return AdminPrefix(province, city, district, pos)

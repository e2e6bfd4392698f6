"""Area identity: one key for an area however a notice writes it.

A written area is normalised (full-width → half-width, spaces dropped, traditional → simplified,
``3号楼``/``3栋``/``3幢``/``3#楼`` → ``3栋``), its township or street prefix is set apart
(``坞城街道南华苑`` → town ``坞城街道``, core ``南华苑``), and the key is the core scoped by the
district's official code. Every step taken is recorded in ``how``. Forms of one core in one
district merge whether or not they write their township, unless two townships of that district
write the same core: then each keeps its township in its key and a form without one stays apart,
flagged ambiguous (:func:`resolve_group`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

__all__ = ["AreaForm", "KeyedForm", "normalise", "area_form", "district_code", "resolve_group", "CATCH_ALL", "is_catch_all_area"]

CATCH_ALL = "*"  #: the core of a catch-all (其他区域, 全域): the district's areas not named otherwise
_CATCH_ALL_AREAS = frozenset({"其他区域", "全域", "其余区域", "其他地区"})

_SPACES = re.compile(r"[\s\u3000]+")
_UNIT = re.compile(r"([0-9A-Za-z]+)(?:号楼|號樓|号栋|號棟|栋楼|棟樓|栋|棟|幢|#楼|#)")
_GENERIC_TOWN = re.compile(r"^(.{2,8}?(?:街道办事处|街道|镇|乡))(?=.{2,})")
_TRIM = " \t,,;;、。:"


@dataclass(frozen=True)
class AreaForm:
    """A written area split for keying: ``core`` below its township ``town`` (or None)."""

    district_code: str
    town: str | None
    core: str
    written: str
    how: tuple[str, ...]


@dataclass(frozen=True)
class KeyedForm:
    """A form with the key it resolves to, how, and whether the merge was ambiguous."""

    form: AreaForm
    key: str
    how: str
    ambiguous: bool


def is_catch_all_area(area: str) -> bool:
    return area.strip() in _CATCH_ALL_AREAS


@lru_cache(maxsize=65536)
def normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """The written text in its comparison form, and the steps that changed it."""
    from ..normalize import to_simplified

    how: list[str] = []
    out = unicodedata.normalize("NFKC", text)
    if out != text:
        how.append("width")
    spaced = _SPACES.sub("", out)
    if spaced != out:
        how.append("spaces")
    simp = to_simplified(spaced)
    if simp != spaced:
        how.append("traditional")
    unit = _UNIT.sub(r"\1栋", simp)
    if unit != simp:
        how.append("building unit")
    return unit.strip(_TRIM), tuple(how)


@lru_cache(maxsize=1)
def _towns_by_county() -> dict[str, tuple[frozenset[str], tuple[int, ...]]]:
    """Township-level names under each county code, with their lengths longest first (built once)."""
    from ..gazetteer import gazetteer

    out: dict[str, set[str]] = {}
    for d in gazetteer().divisions:
        if d.level == 4:
            out.setdefault(d.parent_code, set()).add(d.name)
    return {code: (frozenset(names), tuple(sorted({len(n) for n in names}, reverse=True))) for code, names in out.items()}


def _town_prefix(code: str, core: str) -> str | None:
    """The longest township of the county ``code`` that opens ``core`` and leaves a name after it."""
    names, lengths = _towns_by_county().get(code, (frozenset(), ()))
    for n in lengths:
        if len(core) - n >= 2 and core[:n] in names:
            return core[:n]
    return None


@lru_cache(maxsize=65536)
def area_form(code: str, written: str) -> AreaForm:
    """Split a written area of the district with official code ``code`` for keying."""
    core, how = normalise(written)
    if is_catch_all_area(core):
        return AreaForm(code, None, CATCH_ALL, written, how + ("catch-all",))
    town = _town_prefix(code, core)
    if town is not None:
        return AreaForm(code, town, core[len(town):], written, how + ("township prefix",))
    if code not in _towns_by_county():
        m = _GENERIC_TOWN.match(core)
        if m and len(m[1]) >= 3:
            return AreaForm(code, m[1], core[len(m[1]):], written, how + ("township prefix (by its suffix)",))
    return AreaForm(code, None, core, written, how)


@lru_cache(maxsize=16384)
def district_code(city: str | None, district: str | None, adcode: str | None) -> tuple[str, str]:
    """The official county-level code of a change's district, and how it was found: the code the
    parser resolved (a township's first six digits), the district name looked up in its city, or —
    for a name the gazetteer lacks — the city's code with the name (``140100:高新区``)."""
    from ..gazetteer import gazetteer

    g = gazetteer()
    if adcode:
        unit = g.by_code.get(adcode[:6]) if len(adcode) == 9 else g.by_code.get(adcode)
        if unit is not None and unit.level == 3:
            return unit.code, "adcode"
    city_unit = g.resolve(city, (1, 2)) if city else None
    if district:
        name, _ = normalise(district.split("(")[0])
        unit = g.resolve(name, (3,), scope=[city_unit] if city_unit else [])
        if unit is not None and g.within(unit, city_unit):
            return unit.code, "district name"
        return f"{city_unit.code if city_unit else '?'}:{name}", "district name not in the gazetteer"
    return f"{city_unit.code if city_unit else '?'}:?", "no district"


def resolve_group(forms: Iterable[AreaForm]) -> list[KeyedForm]:
    """Keys for all forms of one core in one district (order does not matter)."""
    forms = list(forms)
    if len(forms) == 1 and forms[0].town is None:  # the common case: one form, as written
        f = forms[0]
        return [KeyedForm(f, f"{f.district_code}|{f.core}", ", ".join(f.how) or "as written", False)]
    forms = sorted(set(forms), key=lambda f: (f.town or "", f.written))
    towns = sorted({f.town for f in forms if f.town})
    out = []
    for f in forms:
        steps = list(f.how)
        if len(towns) <= 1 or f.core == CATCH_ALL:
            key = f"{f.district_code}|{f.core}"
            if f.town is None and towns:
                steps.append(f"merged with {towns[0]}{f.core}")
            out.append(KeyedForm(f, key, ", ".join(steps) or "as written", False))
        elif f.town is not None:
            steps.append(f"kept apart: {len(towns)} townships write {f.core}")
            out.append(KeyedForm(f, f"{f.district_code}|{f.town}|{f.core}", ", ".join(steps), False))
        else:
            steps.append(f"ambiguous: {'/'.join(towns)} each have {f.core}; not merged")
            out.append(KeyedForm(f, f"{f.district_code}|?|{f.core}", ", ".join(steps), True))
    return out

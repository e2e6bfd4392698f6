"""What changed between two notices, or between a city's states on two dates: areas added,
removed and re-zoned."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["DiffRow", "diff_zones", "notice_zones", "state_zones"]


@dataclass(frozen=True)
class DiffRow:
    change: str  # added | removed | rezoned
    district: str | None
    area: str
    key: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


Zones = dict[str, tuple[str | None, str, str]]  # key → (district, area, zone)


def diff_zones(a: Zones, b: Zones) -> list[DiffRow]:
    out = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            d, area, z = b[key]
            out.append(DiffRow("added", d, area, key, None, z))
        elif key not in b:
            d, area, z = a[key]
            out.append(DiffRow("removed", d, area, key, z, None))
        elif a[key][2] != b[key][2]:
            d, area, z = b[key]
            out.append(DiffRow("rezoned", d, area, key, a[key][2], z))
    return out


def notice_zones(changes: Iterable[dict], city: str | None = None) -> Zones:
    """The zone each area of a parsed notice's changes is given (lifted areas included)."""
    from .keys import area_form, district_code

    out: Zones = {}
    for c in changes:
        code, _ = district_code(c.get("city") or city, c.get("district"), c.get("adcode"))
        form = area_form(code, c["area"])
        out[f"{code}|{form.core}"] = (c.get("district"), c["area"], c["to_zone"])
    return out


def state_zones(con: sqlite3.Connection, on: str, city: str | None, district: str | None = None) -> Zones:
    from .timeline import state_on

    return {r.key: (r.district, r.area, r.zone) for r in state_on(con, on, city=city, district=district)}

"""Events: the changes that count (each notice's chosen reading), as typed records, with the
catch-alls of a district spread over its areas not named otherwise by the same notice."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from functools import lru_cache
from typing import Iterable, NamedTuple

from ..normalize import to_simplified
from .errors import StoreError

__all__ = ["Event", "parse_when", "load_events", "ORDERED_SQL", "CATCH_SQL", "spread_catch_alls", "order", "sources_of"]

_WHEN_RX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?$")


def parse_when(text: str, *, end_of_day: bool = True) -> str:
    """``YYYY-MM-DD[THH:MM]`` → ``YYYY-MM-DDTHH:MM``; a date alone is the end of that day (the
    state on a day includes the changes of that day). :class:`StoreError` for anything else."""
    m = _WHEN_RX.match(text.strip())
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if m[4] is None:
            when = dt.datetime(y, mo, d, 23, 59) if end_of_day else dt.datetime(y, mo, d)
        else:
            when = dt.datetime(y, mo, d, int(m[4]), int(m[5]))
    except ValueError:
        raise StoreError(f"'{text}' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return when.strftime("%Y-%m-%dT%H:%M")


class Event(NamedTuple):
    """One change of one area by one notice; ``via`` is ``notice`` (the area is named) or
    ``catch-all`` (the notice's 其他区域 of the district covers it)."""

    key: str
    area: str
    province: str | None
    city: str | None
    district: str | None
    district_code: str
    from_zone: str | None
    to_zone: str
    kind: str
    effective: str
    assumed: int
    catch_all: int
    notice_id: int
    issuer: str | None
    doc_number: str | None
    issue_date: str | None
    conflict: int
    tiebreak: str
    change_id: int
    via: str = "notice"


_SELECT = """
SELECT f.key, c.area, c.province, c.city, c.district, c.district_code, c.from_zone, c.to_zone, c.kind,
       c.effective, c.assumed, c.catch_all, n.id, n.issuer, n.doc_number, n.issue_date, n.conflict, r.fingerprint, c.id
FROM changes c
JOIN notices n ON n.id = c.notice_id AND n.reading_id = c.reading_id
JOIN readings r ON r.id = c.reading_id
JOIN area_forms f ON f.id = c.form_id
"""


def load_events(con: sqlite3.Connection, where: str, params: Iterable) -> list[Event]:
    """Events of the changes that count, ``where`` a condition on ``c`` (changes), ``n``
    (notices) or ``f`` (area forms). Areas keep their script here; :func:`display_name` is
    what is shown."""
    make = Event._make
    try:
        return [make(r + ("notice",)) for r in con.execute(_SELECT + " WHERE " + where, tuple(params))]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"store unreadable ({exc})") from None


#: The changes that count in their timeline order within each area key (changes of one reading
#: at the same time in the order they were read), in a few columns; full rows are read only for
#: the changes kept.
ORDERED_SQL = """
SELECT c.area_key, c.to_zone, c.id
FROM changes c
WHERE c.counts = 1 AND {where}
ORDER BY c.area_key, c.ord, c.id
"""

#: The districts with a catch-all among the changes that count (few rows: their own index).
CATCH_SQL = """
SELECT DISTINCT c.district_code FROM changes c
WHERE c.catch_all = 1 AND c.counts = 1 AND {where}
"""


@lru_cache(maxsize=65536)
def display_name(area: str) -> str:
    """An area as shown: in simplified script."""
    return to_simplified(area)


def order(e: Event) -> tuple:
    """Later notices win: events are ordered by their notice's issue date (the effective date
    when there is none), then effective time, then the notice's content."""
    issued = e.issue_date or e.effective[:10]
    return (issued, e.effective, e.doc_number or "", e.tiebreak, e.via == "notice")


def spread_catch_alls(events: list[Event], keys_by_district: dict[str, set[str]]) -> list[Event]:
    """Each catch-all also becomes an event of every known area of its district that its notice
    does not name."""
    named: dict[tuple[int, str], set[str]] = {}
    for e in events:
        if not e.catch_all:
            named.setdefault((e.notice_id, e.district_code), set()).add(e.key)
    out = list(events)
    for e in events:
        if not e.catch_all:
            continue
        skip = named.get((e.notice_id, e.district_code), set())
        for key in sorted(keys_by_district.get(e.district_code, ())):
            if key not in skip and key != e.key:
                out.append(e._replace(key=key, via="catch-all"))
    return out


def sources_of(con: sqlite3.Connection, notice_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Each notice's sources (their URL, else their id), sorted."""
    ids = sorted(set(notice_ids))
    out: dict[int, set[str]] = {i: set() for i in ids}
    for nid, url, sid in con.execute(
        "SELECT r.notice_id, s.url, s.source_id FROM json_each(?) j JOIN readings r ON r.notice_id = j.value JOIN sources s ON s.id = r.source_id",
        (json.dumps(ids),),
    ):
        out[nid].add(url or sid or "")
    return {k: tuple(sorted(v)) for k, v in out.items()}

"""What zone each area is in at a moment, and an area's history.

Semantics (each held by a test): a change holds from its effective time; ``lifted`` ends a zone;
a status list asserts the state as of its time; a catch-all (其他区域, 全域) covers the district's
areas that its notice does not name; a later notice for an area supersedes an earlier one
(events are ordered by issue date, then effective time); a change with no effective time holds
from its notice's issue date, and the row says so (``assumed``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from .errors import StoreError
from .events import CATCH_SQL, ORDERED_SQL, Event, display_name, load_events, order, parse_when, sources_of, spread_catch_alls
from .intervals import read_shown
from .keys import CATCH_ALL, normalise

__all__ = ["StateRow", "Transition", "state_on", "history", "check_scope"]


def _row_dict(row) -> dict[str, Any]:
    """A row as a JSON-ready dict (its sources as a list)."""
    d = row._asdict()
    d["sources"] = list(row.sources)
    return d


class StateRow(NamedTuple):
    """An area's zone at a moment: since when, and the notice that put it there."""

    province: str | None
    city: str | None
    district: str | None
    area: str
    key: str
    zone: str
    since: str
    since_assumed: bool
    via: str
    doc_number: str | None
    issuer: str | None
    issue_date: str | None
    notice_id: int
    conflict: bool
    sources: tuple[str, ...]

    to_dict = _row_dict


class Transition(NamedTuple):
    """One step of an area's history: ``before`` → ``after`` at ``effective`` by a notice."""

    key: str
    area: str
    district: str | None
    effective: str
    assumed: bool
    before: str | None
    after: str | None
    to_zone: str
    kind: str
    via: str
    doc_number: str | None
    issuer: str | None
    issue_date: str | None
    notice_id: int
    conflict: bool
    sources: tuple[str, ...]

    to_dict = _row_dict


def check_scope(con: sqlite3.Connection, city: str | None, district: str | None) -> None:
    """An unknown city or district is an error, not an empty answer."""
    if city and not con.execute("SELECT 1 FROM places p WHERE p.city = ? AND EXISTS (SELECT 1 FROM change_rows c WHERE c.place_id = p.id) LIMIT 1",
                                (city,)).fetchone():
        raise StoreError(f"unknown city '{city}' (no notice in the store names it)")
    if district and not district_codes(con, city, district):
        raise StoreError(f"unknown district '{district}' (no notice in the store names it)")


def district_codes(con: sqlite3.Connection, city: str | None, district: str) -> list[str]:
    """The codes of the district called ``district`` (as written in a notice, or its official name)."""
    from .keys import district_code

    codes = {r[0] for r in con.execute("SELECT DISTINCT district_code FROM places WHERE district = ?", (district,))}
    code, how = district_code(city, district, None)
    if con.execute("SELECT 1 FROM places WHERE district_code = ? LIMIT 1", (code,)).fetchone():
        codes.add(code)
    return sorted(codes)


def _where(con: sqlite3.Connection, on: str, city: str | None, district: str | None, codes: set[str] | None = None) -> tuple[str, list]:
    where, params = ["c.effective <= ?"], [on]
    if city:
        where.append("c.city = ?")
        params.append(city)
    if district:
        wanted = district_codes(con, city, district)
        where.append(f"c.district_code IN ({','.join('?' * len(wanted))})")
        params.extend(wanted)
    if codes is not None:
        where.append(f"c.district_code IN ({','.join('?' * len(codes))})")
        params.extend(sorted(codes))
    return " AND ".join(where), params


def _plain_starts(con: sqlite3.Connection, where: str, params: list) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """One pass over the changes in order: for each area key of a district without catch-alls,
    the change that set its current zone and the latest change naming it; and the districts
    that have catch-alls (their areas need the full reading)."""
    catch = {r[0] for r in con.execute(CATCH_SQL.format(where=where), params)}
    out: dict[str, tuple[int, int]] = {}
    # A run starts where the zone differs from the change before it; ``lifted`` counts as no
    # zone (an area's first change, if lifted, starts nothing).
    key = start = last = None
    zone = "lifted"
    for k, to_zone, cid in con.execute(ORDERED_SQL.format(where=where), params):
        if k != key:
            if zone != "lifted":
                out[key] = (start, last)
            key, zone = k, "lifted"
        if to_zone != zone:
            start, zone = cid, to_zone
        last = cid
    if zone != "lifted":
        out[key] = (start, last)
    return out, catch


def _runs(events: list[Event]) -> tuple[Event | None, Event | None]:
    """The event that set the current zone (first of its run) and the last event, in order."""
    start: Event | None = None
    zone: str | None = None
    for e in sorted(events, key=order):
        new = None if e.to_zone == "lifted" else e.to_zone
        if new != zone:
            start = e if new is not None else None
            zone = new
    return start, (start if zone is not None else None)


def _display(events: list[Event]) -> dict[str, Event]:
    """The latest event naming each area: its name as written there is the area's name."""
    out: dict[str, Event] = {}
    for e in sorted(events, key=order):
        if e.via == "notice":
            out[e.key] = e
    return out


def state_on(con: sqlite3.Connection, on: str, *, city: str | None = None, district: str | None = None) -> list[StateRow]:
    """Each area's zone at ``on`` (``YYYY-MM-DD[THH:MM]``); areas in no zone are left out."""
    when = parse_when(on)
    check_scope(con, city, district)
    if city:
        return _interval_rows(con, when, city, district_codes(con, city, district) if district else None)
    where, params = _where(con, when, city, district)
    plain, catch = _plain_starts(con, where, params)
    chosen: list[tuple[str, Event, Event]] = []
    if catch:
        # Districts with catch-alls: every event, the catch-alls spread over their areas.
        direct = load_events(con, *_where(con, when, city, district, catch))
        known: dict[str, set[str]] = {}
        for e in direct:
            if not e.catch_all:
                known.setdefault(e.district_code, set()).add(e.key)
        by_key: dict[str, list[Event]] = {}
        for e in spread_catch_alls(direct, known):
            by_key.setdefault(e.key, []).append(e)
        names = _display(direct)
        for key, evs in by_key.items():
            start, _ = _runs(evs)
            if start is not None:
                chosen.append((key, start, names.get(key, start)))
    srcs = sources_of(con, {s.notice_id for _, s, _ in chosen})
    rows = []
    for key, s, named in chosen:
        rows.append(StateRow(named.province, named.city, named.district, display_name(named.area), key, s.to_zone, s.effective, bool(s.assumed), s.via,
                             s.doc_number, s.issuer, s.issue_date, s.notice_id, bool(s.conflict), srcs.get(s.notice_id, ())))
    rows.extend(_plain_rows(con, {k: v for k, v in plain.items() if k.split("|")[0] not in catch} if catch else plain))
    return sorted(rows, key=_row_order)


#: The spans of a city's areas holding at a moment (intervals.py), read in the order of their
#: primary key, which is the order of :func:`_row_order` (district code, named areas before the
#: catch-all, area; then key): SQLite's BINARY order of UTF-8 is Python's order of the strings.
_SPANS_SQL = """
SELECT shown, notice_id FROM intervals
WHERE city = ?{codes} AND valid_from <= ? AND valid_to > ?
"""


def _interval_rows(con: sqlite3.Connection, when: str, city: str, codes: list[str] | None) -> list[StateRow]:
    """The state of a city from its areas' validity intervals: one range query, then the
    headers and sources of the notices it names."""
    params: list = [city]
    extra = ""
    if codes is not None:
        extra = f" AND district_code IN ({','.join('?' * len(codes))})"
        params.extend(codes)
    found = con.execute(_SPANS_SQL.format(codes=extra), [*params, when, when]).fetchall()
    nids = sorted({r[1] for r in found})
    heads = {r[0]: r for r in con.execute(
        "SELECT id, doc_number, issuer, issue_date, conflict = 1 FROM notices WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(nids),))}
    srcs = sources_of(con, nids)
    out = []
    for text, nid in found:
        province, district, area, key, zone, since, assumed, via = read_shown(text)
        _, number, issuer, issued, conflict = heads[nid]
        out.append(StateRow(province, city, district, area, key, zone, since, assumed, via, number, issuer, issued, nid, bool(conflict), srcs[nid]))
    return out


def _row_order(r: StateRow) -> str:
    """Rows by city, district code, named areas before the catch-all, area: the fields joined by
    U+0000, which sorts below any character they hold, sort as the fields would one by one."""
    code = r.key[: r.key.find("|")]
    return f"{r.city or ''}\x00{code}\x00{'1' if r.key.endswith(_CATCH_KEY) else '0'}{r.area}"


_CATCH_KEY = "|" + CATCH_ALL


def _plain_rows(con: sqlite3.Connection, starts: dict[str, tuple[int, int]]) -> list[StateRow]:
    """State rows of areas no catch-all touches: the change that set the zone (with its notice's
    header and sources), the name of the latest change naming the area."""
    # Look-ups by row id over sorted JSON arrays of ids (read in file order): the changes (the
    # start of a run is often its last change too), then their notices.
    ids = {i for pair in starts.values() for i in pair}
    rows = {r[0]: r for r in con.execute(
        "SELECT id, to_zone, effective, assumed, notice_id, province, city, district, area FROM changes WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    )}
    nids = sorted({rows[s][4] for s, _ in starts.values()})
    heads = {r[0]: r for r in con.execute(
        "SELECT id, issuer, doc_number, issue_date, conflict FROM notices WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(nids),))}
    srcs = sources_of(con, nids)
    out = []
    for key, (s_id, l_id) in starts.items():
        s_row, l_row = rows[s_id], rows[l_id]
        nid = s_row[4]
        _, issuer, number, issued, conflict = heads[nid]
        zone, since, assumed = s_row[1], s_row[2], s_row[3]
        province, city, district, area = l_row[5], l_row[6], l_row[7], l_row[8]
        out.append(StateRow(province, city, district, display_name(area), key, zone, since, bool(assumed), "notice", number, issuer, issued, nid,
                            bool(conflict), srcs.get(nid, ())))
    return out


def find_keys(con: sqlite3.Connection, area: str) -> list[str]:
    """Area keys matching ``area``: a key itself, or a substring of an area as written or normalised."""
    if con.execute("SELECT 1 FROM area_forms WHERE key = ? LIMIT 1", (area,)).fetchone():
        return [area]
    norm, _ = normalise(area)
    rows = con.execute(
        "SELECT DISTINCT key FROM area_forms WHERE instr(written, ?) > 0 OR instr(core, ?) > 0 OR instr(coalesce(town, '') || core, ?) > 0 ORDER BY key",
        (area, norm, norm),
    ).fetchall()
    return [r[0] for r in rows]


def history(con: sqlite3.Connection, area: str) -> list[Transition]:
    """Every transition of the areas matching ``area`` (a key, or a substring of a name), in
    order, with the notice, its sources and dates; catch-alls that covered the area included."""
    keys = find_keys(con, area)
    if not keys:
        raise StoreError(f"unknown area '{area}' (no area key or name in the store matches)")
    out: list[Transition] = []
    for key in keys:
        code = key.split("|")[0]
        evs = load_events(con, "f.key = ?", (key,))
        if not key.endswith("|" + CATCH_ALL):
            extra = load_events(con, "c.place_id IN (SELECT id FROM places WHERE district_code = ?) AND c.catch_all = 1", (code,))
            named_by = {e.notice_id for e in evs}
            evs += [e for e in spread_catch_alls(extra, {code: {key}}) if e.key == key and e.notice_id not in named_by]
        srcs = sources_of(con, {e.notice_id for e in evs})
        names = _display(evs)
        zone: str | None = None
        for e in sorted(evs, key=order):
            new = None if e.to_zone == "lifted" else e.to_zone
            name = display_name(names.get(key, e).area)
            out.append(Transition(key, name, e.district, e.effective, bool(e.assumed), zone, new, e.to_zone, e.kind, e.via,
                                  e.doc_number, e.issuer, e.issue_date, e.notice_id, bool(e.conflict), srcs.get(e.notice_id, ())))
            zone = new
    return out

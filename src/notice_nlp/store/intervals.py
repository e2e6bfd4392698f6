"""Validity intervals: each area's state in a city, stored as the spans of time over which it
holds, so that the state of a city on a date is one indexed range query.

The state of an area at a moment ``t`` is a function of the changes that count with an
effective time up to ``t`` (:mod:`timeline` states the rules: runs of a zone, ``lifted``,
status lists, catch-alls, supersession by a later notice). It can only change at those effective
times, so for each (city, area key) the state is computed at each of them, and the spans over
which the shown row stays the same are written to ``intervals`` (``valid_from`` ≤ t <
``valid_to``; spans with no zone are not written).

Indexing marks what it touches in ``interval_dirty`` — an area key of a city (a change that
counts; the changes of both readings when the reading that counts changes; both keys of a
re-keyed form), or a whole district of a city (area key ``''``) for a catch-all, or everything
(all three fields ``''``) for a load into an empty store — in the same transaction as the changes, and
:func:`rebuild` recomputes the marked areas from their changes at the end of the load. A load
cut short leaves its marks, which the next opening for writing rebuilds.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from itertools import groupby
from operator import itemgetter
from typing import Iterable, Iterator

from .events import display_name
from .keys import CATCH_ALL

__all__ = ["OPEN_END", "MARK_SQL", "mark", "mark_all", "marked_all", "pending", "rebuild", "spans", "shown", "read_shown"]

CATCH_KEY = "|" + CATCH_ALL
OPEN_END = "9999-12-31T23:59"  #: ``valid_to`` of a span that has not ended
ALL = ("", "", "")  #: the mark that asks for every area to be recomputed
KEY_INDEX = "CREATE INDEX IF NOT EXISTS intervals_key ON intervals(city, area_key)"  #: the spans of an area, to replace them

#: Marks for changes selected by a condition (a catch-all marks its whole district).
MARK_SQL = ("INSERT OR IGNORE INTO interval_dirty(city, district_code, area_key)"
            " SELECT DISTINCT city, district_code, CASE WHEN catch_all THEN '' ELSE area_key END FROM changes WHERE city IS NOT NULL AND ")


def mark(con: sqlite3.Connection, marks: Iterable[tuple[str, str, str]]) -> None:
    """Mark (city, district code, area key or '' for the whole district) for recomputing."""
    con.executemany("INSERT OR IGNORE INTO interval_dirty(city, district_code, area_key) VALUES (?,?,?)", marks)


def mark_all(con: sqlite3.Connection) -> None:
    mark(con, [ALL])


def marked_all(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM interval_dirty WHERE city = '' AND district_code = '' AND area_key = ''").fetchone() is not None


def pending(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM interval_dirty LIMIT 1").fetchone() is not None


# Columns of a change read for its intervals, in this order (``c`` a change row, ``p`` its
# place, ``f`` its form). A change as the spans read it has its place in the timeline order
# before them (:class:`_Timeline`).
_COLS = "c.reading_id, c.id, c.effective, c.to_zone, c.catch_all, c.notice_id, c.assumed, c.place_id, f.written, p.city, f.key"
_ORD, _READING, _ID, _EFF, _ZONE, _CATCH, _NOTICE, _ASSUMED, _PLACE, _AREA, _CITY, _KEY = range(12)

_ORDER = itemgetter(_ORD, _ID)  # the timeline order, then the change id


class _Timeline:
    """A change's place in the timeline order (the view's ``ord``, :data:`schema.ORD_SQL`) from its
    reading, without reading the readings with every change: (issue date, else the effective
    date; effective time; the rank of the reading's number and fingerprint among all readings),
    which compares as the ``ord`` strings do (their fields joined by U+0001, which sorts below any
    character they hold). Per reading, kept in two arrays indexed by reading id."""

    def __init__(self, con: sqlite3.Connection) -> None:
        top = con.execute("SELECT max(id) FROM readings").fetchone()[0] or 0
        self.issue: list[str | None] = [None] * (top + 1)
        self.rank = array("l", bytes(8 * (top + 1)))
        dates: dict[str, str] = {}
        last, n = None, 0
        # SQLite's BINARY order of UTF-8 is Python's order of the strings
        for rid, issue, tail in con.execute("SELECT id, nullif(issue_date, ''), coalesce(doc_number, '') || char(1) || fingerprint AS t FROM readings ORDER BY t"):
            if tail != last:
                last, n = tail, n + 1
            self.rank[rid] = n
            self.issue[rid] = issue and dates.setdefault(issue, issue)

    def read(self, rows) -> list[tuple]:
        """The changes ``rows`` (columns :data:`_COLS`) with their place in the order, sorted."""
        issue, rank = self.issue, self.rank
        return sorted([((issue[e[0]] or e[2][:10], e[2], rank[e[0]]),) + e for e in rows], key=_ORDER)

_INSERT = "INSERT INTO intervals(city, district_code, catch_all, area, area_key, valid_from, valid_to, zone, since, notice_id, shown) VALUES (?,?,?,?,?,?,?,?,?,?,?)"

SEP = "\x1f"  #: between the fields of ``shown``
NULL = "\x00"  #: a field of ``shown`` that is NULL
ESCAPED = "\x1e"  #: opens a ``shown`` written as a JSON array (a field holds one of these marks)


def shown(province: str | None, district: str | None, area: str, key: str, zone: str, since: str, assumed: int, via: str) -> str:
    """The fields of a state row in one string, one value to read instead of eight: joined by
    :data:`SEP`; when a field holds a mark, :data:`ESCAPED` and the fields as a JSON array."""
    text = f"{NULL if province is None else province}{SEP}{NULL if district is None else district}{SEP}{area}{SEP}{key}{SEP}{zone}{SEP}{since}{SEP}{assumed}{SEP}{via}"
    if text.count(SEP) != 7 or province == NULL or district == NULL or text[0] == ESCAPED:
        return ESCAPED + json.dumps([province, district, area, key, zone, since, assumed, via], ensure_ascii=False)
    return text


def read_shown(text: str) -> tuple:
    """(province, district, area, key, zone, since, assumed (bool), via) from :func:`shown`."""
    if text.startswith(ESCAPED):
        province, district, area, key, zone, since, assumed, via = json.loads(text[1:])
        return province, district, area, key, zone, since, bool(assumed), via
    province, district, area, key, zone, since, assumed, via = text.split(SEP)
    return None if province == NULL else province, None if district == NULL else district, area, key, zone, since, assumed == "1", via


def rebuild(con: sqlite3.Connection, batch: int = 20_000) -> int:
    """Recompute the intervals of the marked areas and clear the marks (inside the caller's
    transaction). The number of intervals written."""
    if not pending(con):
        return 0
    everything = marked_all(con)
    if everything:
        con.execute("DELETE FROM intervals")
        con.execute("DROP INDEX IF EXISTS intervals_key")  # built once after the rows
        # One pass over the table, sorted by SQLite (its sort spills to temporary files).
        rows = con.execute(f"SELECT {_COLS} FROM change_rows c NOT INDEXED JOIN places p ON p.id = c.place_id JOIN area_forms f ON f.id = c.form_id"
                           " WHERE c.counts = 1 AND p.city IS NOT NULL ORDER BY p.city, f.key")
    else:
        _expand_districts(con)
        con.execute("DELETE FROM intervals WHERE (city, area_key) IN (SELECT city, area_key FROM interval_dirty)")
        # The changes of each marked key through its forms (area_forms_key, changes_form).
        # (CROSS JOIN: in this order, whatever the planner guesses of the tables' sizes).
        rows = con.execute(f"SELECT {_COLS} FROM interval_dirty d CROSS JOIN area_forms f ON f.key = d.area_key"
                           " CROSS JOIN change_rows c ON c.form_id = f.id AND c.counts = 1 CROSS JOIN places p ON p.id = c.place_id AND p.city = d.city"
                           " ORDER BY d.city, d.area_key")
    written = 0
    out: list[tuple] = []
    catch_cache: dict[tuple[str, str], list[tuple]] = {}
    timeline = _Timeline(con)
    places = {r[0]: r[1:] for r in con.execute("SELECT id, province, district, district_code FROM places")}  # few
    # Read as they come (memory stays flat); the statement reads no table written here.
    for (city, key), g in groupby(rows, key=itemgetter(_CITY - 1, _KEY - 1)):
        evs = timeline.read(g)
        code = places[evs[0][_PLACE]][2]
        catch = catch_cache.get((city, code))
        if catch is None:
            if len(catch_cache) > 64:
                catch_cache.clear()
            catch = catch_cache[(city, code)] = timeline.read(_catch_alls(con, city, code))
        out.extend(spans(city, key, code, evs, [e for e in catch if e[_KEY] != key], places))
        if len(out) >= batch:
            con.executemany(_INSERT, out)
            written += len(out)
            out.clear()
    con.executemany(_INSERT, out)
    if everything:
        con.execute(KEY_INDEX)
    con.execute("DELETE FROM interval_dirty")
    return written + len(out)


def _expand_districts(con: sqlite3.Connection) -> None:
    """A whole district's mark becomes a mark of each of its area keys (those with changes,
    counting or not, and those with intervals)."""
    for city, code in con.execute("SELECT city, district_code FROM interval_dirty WHERE area_key = ''").fetchall():
        con.execute("INSERT OR IGNORE INTO interval_dirty(city, district_code, area_key) SELECT DISTINCT city, district_code, area_key FROM changes"
                    " WHERE city = ? AND district_code = ?", (city, code))
        con.execute("INSERT OR IGNORE INTO interval_dirty(city, district_code, area_key) SELECT DISTINCT city, district_code, area_key FROM intervals"
                    " WHERE city = ? AND district_code = ?", (city, code))
    con.execute("DELETE FROM interval_dirty WHERE area_key = ''")


def _catch_alls(con: sqlite3.Connection, city: str, code: str) -> list[tuple]:
    return con.execute(f"SELECT {_COLS} FROM places p CROSS JOIN change_rows c INDEXED BY changes_catch_all ON c.place_id = p.id AND c.catch_all = 1"
                       " CROSS JOIN area_forms f ON f.id = c.form_id"
                       " WHERE c.counts = 1 AND p.district_code = ? AND p.city = ?", (code, city)).fetchall()


def spans(city: str, key: str, code: str, own: list[tuple], catch: list[tuple], places: dict[int, tuple]) -> list[tuple]:
    """The intervals of one area of a city from its own changes (in timeline order: ``ord``,
    then change id) and the catch-alls of its district (not its own), each a row of ``intervals``;
    ``places``: place id → (province, district, district code).

    At each effective time ``t``: the area's changes up to ``t``; if one of them names it (not
    a catch-all), it is a known area of the district and the catch-alls up to ``t`` of the
    notices that do not name it by then cover it too. Events in timeline order (a catch-all's
    cover before the notice's own naming at the same place); the zone is the last event's,
    since the first of its run; the row shows the latest change naming the area."""
    catch_key = int(key.endswith(CATCH_KEY))  # the catch-all's row after the district's named areas
    if not catch:
        out = _spans_in_order(city, key, code, catch_key, own, places)
        if out is not None:
            return out
    out = []
    states = _states_at_each_time(own, catch)
    opened = state_open = shows = None  # the open span: its start, state and what it shows
    for t, state in states:
        # a span goes on while the row it shows stays the same
        # (a place of this city and district code is its province and district as written)
        now = None if state is None else (state[0], state[1][_ID], state[2], state[3][_PLACE], state[3][_AREA])
        if now != shows:
            if state_open is not None:
                out.append(_span(city, code, catch_key, key, opened, t, state_open, places))
            opened, state_open, shows = t, state, now
    if state_open is not None:
        out.append(_span(city, code, catch_key, key, opened, OPEN_END, state_open, places))
    return out


def _span(city: str, code: str, catch_key: int, key: str, start: str, end: str, state: tuple, places: dict[int, tuple]) -> tuple:
    """A row of ``intervals`` from a state: (zone, the change that started its run, via, the
    latest change naming the area)."""
    zone, first, via, named = state
    area = display_name(named[_AREA])
    since, notice_id = first[_EFF], first[_NOTICE]
    province, district, _ = places[named[_PLACE]]
    return (city, code, catch_key, area, key, start, end, zone, since, notice_id, shown(province, district, area, key, zone, since, first[_ASSUMED], via))


def _spans_in_order(city: str, key: str, code: str, catch_key: int, own: list[tuple], places: dict[int, tuple]) -> list[tuple] | None:
    """The spans of the common case, in one pass: no catch-all, effective times in timeline
    order (the changes up to each time are the first ones); None when the times are not in
    that order. The same spans as the general loop of :func:`spans`, whose states here are
    (zone, the change that started its run, "notice", the latest change)."""
    out: list[tuple] = []
    start = zone = None
    opened = state_open = shows = None  # the open span: its start, state and what it shows
    n = len(own)
    last_t = ""
    for i, e in enumerate(own):
        t = e[_EFF]
        if t < last_t:
            return None
        last_t = t
        new = e[_ZONE]
        if new == "lifted":
            new = None
        if new != zone:
            start, zone = (e if new is not None else None), new
        if i + 1 < n and own[i + 1][_EFF] == t:
            continue  # the state at a time follows every change of that time
        now = None if zone is None else (zone, start[_ID], e[_PLACE], e[_AREA])
        if now != shows:
            if state_open is not None:
                out.append(_span(city, code, catch_key, key, opened, t, state_open, places))
            opened, state_open, shows = t, (None if zone is None else (zone, start, "notice", e)), now
    if state_open is not None:
        out.append(_span(city, code, catch_key, key, opened, OPEN_END, state_open, places))
    return out


def _states_at_each_time(own: list[tuple], catch: list[tuple]) -> Iterator[tuple[str, tuple | None]]:
    # (ord, 0 for a catch-all's cover / 1 for the area's own change, change id, the change)
    mine_all = [(e[_ORD], 1, e[_ID], e) for e in own]
    covers = sorted((e[_ORD], 0, e[_ID], e) for e in catch)
    for t in sorted({e[_EFF] for e in own} | {e[_EFF] for e in catch}):
        mine = [x for x in mine_all if x[3][_EFF] <= t]
        if not mine:
            yield t, None
            continue
        evs = mine
        named = {x[3][_NOTICE] for x in mine if not x[3][_CATCH]}
        if named and covers:
            evs = sorted(mine + [x for x in covers if x[3][_EFF] <= t and x[3][_NOTICE] not in named])
        start, zone = None, None
        for x in evs:
            new = None if x[3][_ZONE] == "lifted" else x[3][_ZONE]
            if new != zone:
                start, zone = (x if new is not None else None), new
        yield t, (None if zone is None else (zone, start[3], "notice" if start[1] else "catch-all", mine[-1][3]))

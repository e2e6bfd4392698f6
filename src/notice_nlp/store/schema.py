"""The store's SQLite schema, its version and the migrations between versions.

The file is an ordinary SQLite database that other tools can open. It is marked as a zone store
by ``PRAGMA application_id`` and carries its schema version in ``PRAGMA user_version`` (also in
the ``meta`` table, for tools that do not read pragmas). ``docs/store.md`` documents every table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from .errors import StoreError

__all__ = ["SCHEMA_VERSION", "APPLICATION_ID", "connect", "MIGRATIONS", "QUERY_INDEXES", "ORD_SQL", "drop_query_indexes", "ensure_query_indexes", "mend_intervals"]

SCHEMA_VERSION = 5
QUERY_CACHE_KIB = -65536  #: page cache of a store's connection (negative: KiB)
APPLICATION_ID = 0x4E5A4F4E  # 'NZON'

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source_id TEXT,
    url TEXT,
    published TEXT,
    format TEXT,
    error_class TEXT,
    error_message TEXT
);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    issuer TEXT,
    doc_number TEXT,
    title TEXT,
    issue_date TEXT,
    effective TEXT,
    province TEXT,
    city TEXT,
    conflict INTEGER NOT NULL DEFAULT 0,
    reading_id INTEGER
);
CREATE TABLE notice_keys (key TEXT PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id));
CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    ordinal INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    n_changes INTEGER NOT NULL,
    issuer TEXT,
    doc_number TEXT,
    title TEXT,
    issue_date TEXT,
    effective TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    UNIQUE (source_id, ordinal)
);
CREATE INDEX readings_notice ON readings(notice_id);
CREATE TABLE area_forms (
    id INTEGER PRIMARY KEY,
    district_code TEXT NOT NULL,
    town TEXT,
    core TEXT NOT NULL,
    written TEXT NOT NULL,
    key TEXT NOT NULL,
    how TEXT NOT NULL,
    ambiguous INTEGER NOT NULL DEFAULT 0,
    UNIQUE (district_code, written)
);
CREATE INDEX area_forms_key ON area_forms(key);
CREATE INDEX area_forms_core ON area_forms(district_code, core);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    reading_id INTEGER NOT NULL REFERENCES readings(id),
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    form_id INTEGER NOT NULL REFERENCES area_forms(id),
    province TEXT,
    city TEXT,
    district TEXT,
    district_code TEXT NOT NULL,
    area TEXT NOT NULL,
    from_zone TEXT,
    to_zone TEXT NOT NULL,
    kind TEXT NOT NULL,
    effective TEXT NOT NULL,
    assumed INTEGER NOT NULL DEFAULT 0,
    catch_all INTEGER NOT NULL DEFAULT 0,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX changes_form ON changes(form_id, effective);
CREATE INDEX changes_city ON changes(city, effective);
CREATE INDEX changes_district ON changes(district_code, effective);
CREATE INDEX changes_reading ON changes(reading_id);
CREATE TABLE rules (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    from_zone TEXT NOT NULL,
    to_zone TEXT NOT NULL,
    days INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (notice_id, from_zone)
);
"""

#: Version 2: the catch-alls of a district found without reading its other changes (history).
_V2 = """
CREATE INDEX changes_catch_all ON changes(district_code, effective) WHERE catch_all = 1
"""

#: Version 3: each change carries its area key, its place in the timeline order (``ord``: issue
#: date, effective time, number and reading fingerprint, joined by U+0001) and whether it counts
#: (its reading is its notice's chosen one), so the state of a city is one ordered index scan.
_V3 = """
ALTER TABLE changes ADD COLUMN area_key TEXT;
ALTER TABLE changes ADD COLUMN ord TEXT;
ALTER TABLE changes ADD COLUMN counts INTEGER NOT NULL DEFAULT 0;
UPDATE changes SET
    area_key = (SELECT key FROM area_forms f WHERE f.id = changes.form_id),
    counts = (reading_id = (SELECT reading_id FROM notices n WHERE n.id = changes.notice_id)),
    ord = (SELECT coalesce(r.issue_date, substr(changes.effective, 1, 10)) || char(1) || changes.effective || char(1)
                  || coalesce(r.doc_number, '') || char(1) || r.fingerprint FROM readings r WHERE r.id = changes.reading_id);
CREATE INDEX changes_state ON changes(city, area_key, ord, effective, to_zone, catch_all, district_code, counts) WHERE counts = 1
"""

#: Version 4: each area's state in a city over spans of time (``store/intervals.py``), kept up to
#: date by indexing, so the state of a city on a date is one range query; the areas a load has
#: touched whose spans are still to be recomputed. The index ``changes_state`` (for a scan of a
#: city's changes in order) goes: the state no longer scans changes.
_V4 = """
CREATE TABLE intervals (
    city TEXT NOT NULL,
    district_code TEXT NOT NULL,
    catch_all INTEGER NOT NULL,
    area TEXT NOT NULL,
    area_key TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    zone TEXT NOT NULL,
    since TEXT NOT NULL,
    notice_id INTEGER NOT NULL,
    shown TEXT NOT NULL,
    PRIMARY KEY (city, district_code, catch_all, area, area_key, valid_from)
) WITHOUT ROWID;
CREATE INDEX intervals_key ON intervals(city, area_key);
DROP INDEX IF EXISTS changes_state;
CREATE TABLE interval_dirty (
    city TEXT NOT NULL,
    district_code TEXT NOT NULL,
    area_key TEXT NOT NULL,
    PRIMARY KEY (city, district_code, area_key)
) WITHOUT ROWID
"""


def _to_v4(con: sqlite3.Connection) -> None:
    from .intervals import mark_all

    _run(con, _V4)
    mark_all(con)  # every area's spans, computed once the store is at the current version


#: Version 5: a change row holds only what is its own (``change_rows``); its place as written
#: (province, city, district, district code) is a row of ``places``, its area as written and its
#: key are its form's, its place in the timeline order follows from its reading. The view
#: ``changes`` gives the columns a change had in version 4.
_V5_TABLES = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    province TEXT,
    city TEXT,
    district TEXT,
    district_code TEXT NOT NULL
);
CREATE INDEX places_city ON places(city, district_code);
CREATE TABLE change_rows (
    id INTEGER PRIMARY KEY,
    reading_id INTEGER NOT NULL REFERENCES readings(id),
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    form_id INTEGER NOT NULL REFERENCES area_forms(id),
    place_id INTEGER NOT NULL REFERENCES places(id),
    from_zone TEXT,
    to_zone TEXT NOT NULL,
    kind TEXT NOT NULL,
    effective TEXT NOT NULL,
    assumed INTEGER NOT NULL DEFAULT 0,
    catch_all INTEGER NOT NULL DEFAULT 0,
    span_start INTEGER,
    span_end INTEGER,
    counts INTEGER NOT NULL DEFAULT 0
)
"""

#: A change's place in the timeline order (version 4's ``changes.ord``) from its reading ``r``.
ORD_SQL = ("coalesce(nullif(r.issue_date, ''), substr(c.effective, 1, 10)) || char(1) || c.effective || char(1)"
           " || coalesce(r.doc_number, '') || char(1) || r.fingerprint")

#: Version 4's ``changes``: LEFT JOINs on row ids, which SQLite leaves out of a query that reads
#: none of their columns.
CHANGES_VIEW = f"""
CREATE VIEW changes AS
SELECT c.id, c.reading_id, c.notice_id, c.form_id, p.province, p.city, p.district, p.district_code, f.written AS area,
       c.from_zone, c.to_zone, c.kind, c.effective, c.assumed, c.catch_all, c.span_start, c.span_end,
       f.key AS area_key, {ORD_SQL} AS ord, c.counts, c.place_id
FROM change_rows c
LEFT JOIN places p ON p.id = c.place_id
LEFT JOIN area_forms f ON f.id = c.form_id
LEFT JOIN readings r ON r.id = c.reading_id
"""

_V5_MOVE = """
INSERT INTO places(province, city, district, district_code) SELECT DISTINCT province, city, district, district_code FROM changes;
INSERT INTO change_rows(id, reading_id, notice_id, form_id, place_id, from_zone, to_zone, kind, effective, assumed, catch_all, span_start, span_end, counts)
SELECT c.id, c.reading_id, c.notice_id, c.form_id, p.id, c.from_zone, c.to_zone, c.kind, c.effective, c.assumed, c.catch_all, c.span_start, c.span_end, c.counts
FROM changes c JOIN places p ON p.city IS c.city AND p.district_code = c.district_code AND p.province IS c.province AND p.district IS c.district;
DROP TABLE changes;
CREATE INDEX changes_reading ON change_rows(reading_id)
"""


def _to_v5(con: sqlite3.Connection) -> None:
    from .intervals import pending, rebuild

    _run(con, _V5_TABLES)
    _run(con, _V5_MOVE)
    con.execute(CHANGES_VIEW)
    ensure_query_indexes(con)
    if pending(con):  # a store of version 3 or older: every area's spans
        rebuild(con)


#: version → statements that bring a store of the version before it to this one.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: lambda con: _run(con, _V1),
    2: lambda con: _run(con, _V2),
    3: lambda con: _run(con, _V3),
    4: _to_v4,
    5: _to_v5,
}


#: The indexes only queries need (the current schema's definitions). A load into an empty store
#: goes without them and builds them once at its end: sorting once is far cheaper than keeping
#: them up to date row by row (``changes_form`` most: its rows arrive in no order of form).
QUERY_INDEXES = {
    "changes_form": "CREATE INDEX IF NOT EXISTS changes_form ON change_rows(form_id, effective)",
    "area_forms_key": "CREATE INDEX IF NOT EXISTS area_forms_key ON area_forms(key)",
    "changes_place": "CREATE INDEX IF NOT EXISTS changes_place ON change_rows(place_id, effective)",
    "changes_catch_all": "CREATE INDEX IF NOT EXISTS changes_catch_all ON change_rows(place_id, effective) WHERE catch_all = 1",
}


def drop_query_indexes(con: sqlite3.Connection) -> None:
    for name in QUERY_INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")


def ensure_query_indexes(con: sqlite3.Connection) -> None:
    """Build the missing query indexes."""
    for sql in QUERY_INDEXES.values():
        con.execute(sql)


def mend_intervals(con: sqlite3.Connection) -> None:
    """Recompute the intervals that a load left marked (one transaction)."""
    from .intervals import pending, rebuild

    if pending(con):
        con.execute("BEGIN IMMEDIATE")
        try:
            rebuild(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _pending_intervals(con: sqlite3.Connection) -> bool:
    from .intervals import pending

    return pending(con)


def _missing_indexes(con: sqlite3.Connection) -> bool:
    have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return any(name not in have for name in QUERY_INDEXES)


def _run(con: sqlite3.Connection, script: str) -> None:
    for stmt in script.split(";"):
        if stmt.strip():
            con.execute(stmt)


def connect(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path``, created (``create``) or migrated to
    :data:`SCHEMA_VERSION` as needed. A file that is not a zone store, or one of a newer version,
    is a :class:`StoreError` and is left untouched."""
    p = Path(path)
    exists = p.exists() and p.stat().st_size > 0
    if not exists and (readonly or not create):
        raise StoreError("no such store (run notice-nlp index first)", source=str(p))
    if exists:
        _check_header(p)
    uri = f"file:{p}?mode=ro" if readonly else str(p)
    try:
        con = sqlite3.connect(uri, uri=readonly, isolation_level=None)
        app, version = _marks(con)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a readable SQLite file ({exc})", source=str(p)) from None
    if exists and app != APPLICATION_ID:
        con.close()
        raise StoreError("an SQLite file that is not a zone store (no notice-nlp application id)", source=str(p))
    if version > SCHEMA_VERSION:
        con.close()
        raise StoreError(f"store schema version {version} is newer than this notice-nlp reads ({SCHEMA_VERSION}); upgrade notice-nlp", source=str(p))
    if version < SCHEMA_VERSION:
        if readonly:
            # An older store is brought up to date on opening, even for a query.
            con.close()
            con = sqlite3.connect(str(p), isolation_level=None)
        _migrate(con, version)
    if not readonly:
        ensure_query_indexes(con)  # a load cut short may have left them out
        mend_intervals(con)  # and the intervals of the areas it touched
    elif exists and (_missing_indexes(con) or _pending_intervals(con)):
        con.close()
        raise StoreError("a load into this store was cut short before its indexes were built; run notice-nlp index on it again", source=str(p))
    con.execute("PRAGMA foreign_keys = OFF")
    # Up to 64 MiB of pages kept between queries (SQLite's default is 2 MiB): the rows a state
    # reads are spread over the file, and a connection that asks again finds them in memory.
    con.execute(f"PRAGMA cache_size = {QUERY_CACHE_KIB}")
    return con


def _check_header(p: Path) -> None:
    with open(p, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise StoreError("not an SQLite file", source=str(p))


def _marks(con: sqlite3.Connection) -> tuple[int, int]:
    app = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the first page: a corrupt file fails here
    return app, version


def _migrate(con: sqlite3.Connection, version: int) -> None:
    con.execute("BEGIN IMMEDIATE")
    try:
        for v in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[v](con)
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise

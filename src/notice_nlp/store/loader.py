"""The bulk loader behind indexing: parsed records are collected in batches and each batch is
written with one ``executemany`` per table, its ids assigned here.

What a batch needs from the store is asked once per batch, not once per row: the notices its
keys already name, the area forms it writes that the store knows. A change row (``change_rows``)
holds only its own fields and the ids of its reading, notice, form and place: its area and key
are its form's, its place as written (province, city, district) a row of ``places`` (few: all
are kept here), its place in the timeline order follows from its reading. An area is keyed (normalised,
its township set apart, :mod:`keys`) only the first time the store sees its written form. The
forms used last are kept in two generations of at most half :data:`_CACHE` each (a form found in
the older one moves to the newer; when the newer fills up it becomes the older), so a row's form,
key and core are a dictionary look-up, and memory does not grow with the number of areas.
"""

from __future__ import annotations

import json
import sqlite3
from operator import itemgetter
from typing import Any

from .identity import content_fingerprint, number_key
from .intervals import MARK_SQL, mark
from .keys import area_form, district_code, is_catch_all_area, resolve_group
from .rules import read_rules

__all__ = ["Loader", "BATCH_ROWS"]

BATCH_ROWS = 20_000  #: change rows per batch (their parsed records are held until it is written)
_CACHE = 65_536  #: area forms kept between batches, at most (two generations of half this many)
_PLACES_SEEN = 16_384  #: places as changes give them (with their parser code) kept, at most

#: (district code, written) → (form id, key, core, catch-all)
Form = tuple[int, str, str, int]


try:  # a batch's look-ups as one JSON array: orjson writes it in about a sixth of the time of json.dumps
    from orjson import dumps as _orjson_dumps
except ImportError:  # pragma: no cover - orjson is a dependency
    _orjson_dumps = None


def _json_array(values: Any) -> str:
    """``values`` as JSON text, for ``json_each`` (json when orjson refuses a value, such as a
    lone surrogate)."""
    if _orjson_dumps is not None:
        try:
            return _orjson_dumps(values).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(values, ensure_ascii=False)


_FIELDS = itemgetter("province", "city", "district", "area", "from_zone", "to_zone", "kind", "effective", "adcode", "span")


def _when(value: str | None) -> str | None:
    if not value:
        return None
    return value if "T" in value else value + "T00:00"


class Loader:
    """Collects records (:meth:`add`) and writes them a batch at a time (:meth:`flush`)."""

    def __init__(self, con: sqlite3.Connection, summary: Any) -> None:
        self.con = con
        self.summary = summary
        self.next_id = {t: (con.execute(f"SELECT max(id) FROM {t}").fetchone()[0] or 0) + 1 for t in ("sources", "notices", "readings", "area_forms", "places")}
        # Places as written (province, city, district, district code): few, all kept.
        self.places: dict[tuple, int] = {tuple(r[1:]): r[0] for r in con.execute("SELECT id, province, city, district, district_code FROM places")}
        self.place_city: dict[int, str | None] = {i: k[1] for k, i in self.places.items()}
        self.new_places: list[tuple] = []
        self.place_of: dict[tuple, tuple[str, int]] = {}  # (province, city, district, adcode) → (district code, place id)
        self.forms: dict[tuple[str, str], Form] = {}  # the newer generation: every form of the pending batch
        self.older: dict[tuple[str, str], Form] = {}
        self.missing: set[tuple[str, str]] = set()  # forms of the batch not in self.forms
        self.sources: list[tuple] = []
        # Pending readings: (reading id, source id, ordinal, notice, prepared changes, text).
        self.readings: list[tuple] = []
        self.pending_rows = 0
        self.mark_areas = True  # mark the areas written for their intervals (off when all are recomputed)

    def _take(self, table: str) -> int:
        i = self.next_id[table]
        self.next_id[table] = i + 1
        return i

    def add(self, rec: dict[str, Any], sha: str) -> None:
        src = rec["source"]
        err = rec.get("error")
        source_id = self._take("sources")
        self.sources.append((source_id, sha, src.get("id"), src.get("url"), src.get("published"), src.get("format"),
                             err and err.get("class"), err and err.get("message")))
        self.summary.added += 1
        if err:
            self.summary.failed += 1
            self.summary.errors.append(err.get("message", ""))
            return
        text = rec.get("text")
        for ordinal, notice in enumerate(rec.get("notices") or ()):
            if notice.get("changes"):
                self._notice(notice, ordinal, source_id, src, text)
        if self.pending_rows >= BATCH_ROWS:
            self.flush()

    def _notice(self, n: dict, ordinal: int, source_id: int, src: dict, text: str | None) -> None:
        """Each change of the notice as (form look-up key, row values but the ids, keys and order)."""
        issue = n.get("issue_date")
        fallback = _when(issue) if issue else _when(src.get("published"))
        notice_eff = n.get("effective")
        city = n.get("city")
        forms, older, missing, place_of = self.forms, self.older, self.missing, self.place_of
        prepared = []
        for c in n["changes"]:
            try:  # the parser writes every field; one C call reads them
                province, c_city, district, area, from_zone, to_zone, kind, eff, adcode, span = _FIELDS(c)
            except KeyError:
                province, c_city, district, area, from_zone, to_zone = c.get("province"), c.get("city"), c.get("district"), c["area"], c.get("from_zone"), c["to_zone"]
                kind, eff, adcode, span = c.get("kind", "change"), c.get("effective"), c.get("adcode"), c.get("span")
            eff = eff or notice_eff
            if eff:
                eff, assumed = (eff if "T" in eff else eff + "T00:00"), 0
            elif fallback is None:
                self.summary.undated += 1
                continue
            else:
                eff, assumed = fallback, 1
            c_city = c_city or city
            found = place_of.get((province, c_city, district, adcode))
            if found is None:
                found = self._place(province, c_city, district, adcode)
            code, place = found
            k = (code, area)
            if k not in forms:
                f = older.get(k)
                if f is None:
                    missing.add(k)
                else:
                    forms[k] = f
            if span is None:
                span = (None, None)
            s0, s1 = span[0], span[1]
            prepared.append((k, (place, from_zone, to_zone, kind, eff, assumed, s0, s1)))
        if prepared:
            self.readings.append((self._take("readings"), source_id, ordinal, n, prepared, text))
            self.pending_rows += len(prepared)

    def _place(self, province: str | None, city: str | None, district: str | None, adcode: str | None) -> tuple[str, int]:
        """A change's district code and place id (the place written the first time it is seen)."""
        code = district_code(city, district, adcode)[0]
        i = self.places.get((province, city, district, code))
        if i is None:
            i = self.places[(province, city, district, code)] = self._take("places")
            self.place_city[i] = city
            self.new_places.append((i, province, city, district, code))
        if len(self.place_of) >= _PLACES_SEEN:
            self.place_of.clear()
        found = self.place_of[(province, city, district, adcode)] = (code, i)
        return found

    # -- writing a batch ------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending records: forms keyed, notices found or made, rows inserted."""
        if self.missing:
            self._resolve_forms(self.missing)
            self.missing = set()
        if self.new_places:
            self.con.executemany("INSERT INTO places(id, province, city, district, district_code) VALUES (?,?,?,?,?)", self.new_places)
            self.new_places.clear()
        merged = self._write_readings(self.forms)
        self.con.executemany("INSERT INTO sources(id, sha256, source_id, url, published, format, error_class, error_message) VALUES (?,?,?,?,?,?,?,?)",
                             self.sources)
        self.sources.clear()
        self.readings.clear()
        self.pending_rows = 0
        for notice_id, n in merged.items():
            self._choose_reading(notice_id, n)
        if len(self.forms) > _CACHE // 2:
            self.older, self.forms = self.forms, {}

    def _resolve_forms(self, missing: set[tuple[str, str]]) -> None:
        """Put the forms of ``missing`` in ``self.forms``: those the store knows as they are
        there; the others keyed with the forms of their group (district and core) and written,
        and forms whose key that changes re-keyed with their changes. A re-keyed form goes in
        ``self.forms`` too, which is read before ``self.older`` until the older is dropped."""
        out = self.forms
        for code, written, fid, key, core in self.con.execute(
            "SELECT f.district_code, f.written, f.id, f.key, f.core FROM json_each(?) j"
            " JOIN area_forms f ON f.district_code = j.value ->> 0 AND f.written = j.value ->> 1",
            (_json_array(sorted(missing)),),  # in order: the index is read in order (faster than the sort costs)
        ):
            out[(code, written)] = (fid, key, core, int(is_catch_all_area(written)))
            missing.discard((code, written))
        if missing:
            self._new_forms(missing, out)

    def _new_forms(self, missing: set[tuple[str, str]], out: dict) -> None:
        groups: dict[tuple[str, str], list] = {}
        ids: dict[tuple[str, str], int] = {}
        for code, written in sorted(missing):
            form = area_form(code, written)
            groups.setdefault((code, form.core), []).append(form)
            ids[(code, written)] = self._take("area_forms")
        # Forms of the same groups already in the store (a group that grows may re-key them).
        known: dict[tuple[str, str], tuple[int, str, str, int]] = {}
        for fid, code, written, key, how, amb, core in self.con.execute(
            "SELECT f.id, f.district_code, f.written, f.key, f.how, f.ambiguous, f.core FROM json_each(?) j"
            " JOIN area_forms f ON f.district_code = j.value ->> 0 AND f.core = j.value ->> 1",
            (_json_array(list(groups)),),
        ):
            known[(code, written)] = (fid, key, how, amb)
            groups[(code, core)].append(area_form(code, written))
        inserts, updates = [], []
        for (code, core), fs in groups.items():
            for kf in resolve_group(fs):
                k = (code, kf.form.written)
                value = (kf.key, kf.how, int(kf.ambiguous))
                if k in known:
                    fid, *before = known[k]
                    if tuple(before) != value:
                        updates.append((*value, fid))
                else:
                    fid = ids[k]
                    inserts.append((fid, code, kf.form.town, kf.form.core, kf.form.written, *value))
                out[k] = (fid, kf.key, kf.form.core, int(is_catch_all_area(kf.form.written)))
        self.con.executemany("INSERT INTO area_forms(id, district_code, town, core, written, key, how, ambiguous) VALUES (?,?,?,?,?,?,?,?)", inserts)
        if updates:
            # a change's key is its form's: the areas of both keys, before and after, are recomputed
            self._mark_forms([u[3] for u in updates])
            self.con.executemany("UPDATE area_forms SET key = ?, how = ?, ambiguous = ? WHERE id = ?", updates)
            self._mark_forms([u[3] for u in updates])

    def _mark_forms(self, form_ids: list[int]) -> None:
        if self.mark_areas:
            for fid in form_ids:
                self.con.execute(MARK_SQL + "form_id = ?", (fid,))

    def _write_readings(self, forms: dict[tuple[str, str], Form]) -> dict[int, dict]:
        """Notices, their keys, readings, rules and changes of the batch; the notices that
        gained a reading (to choose again), each with its latest reading's notice."""
        prepared_fp = []
        all_keys: set[str] = set()
        for rid, source_id, ordinal, n, prepared, text in self.readings:
            fs = [forms[k] for k, _ in prepared]
            # (district code, core, from, to, kind, effective)
            fp = content_fingerprint([(k[0], f[2], v[1], v[2], v[3], v[4]) for (k, v), f in zip(prepared, fs)], n.get("issue_date"))
            keys = [k for k in (number_key(n.get("issuer"), n.get("doc_number")), fp) if k]
            all_keys.update(keys)
            prepared_fp.append((fp, keys, fs))
        owner: dict[str, int] = dict(self.con.execute("SELECT key, notice_id FROM notice_keys WHERE key IN (SELECT value FROM json_each(?))",
                                                      (_json_array(sorted(all_keys)),)))
        notices, key_rows, readings, rules, rows = [], [], [], [], []
        marks: set[tuple[str, str, str]] = set()
        merged: dict[int, dict] = {}
        for (rid, source_id, ordinal, n, prepared, text), (fp, keys, fs) in zip(self.readings, prepared_fp):
            notice_id = next((owner[k] for k in keys if k in owner), None)
            issue = n.get("issue_date")
            if notice_id is None:
                notice_id = self._take("notices")
                self.summary.notices += 1
                notices.append((notice_id, rid, n.get("issuer"), n.get("doc_number"), n.get("title"), issue, n.get("effective"), n.get("province"), n.get("city")))
                counts = 1
            else:
                self.summary.merged += 1
                merged.pop(notice_id, None)
                merged[notice_id] = n
                counts = 0
            for k in keys:
                if k not in owner:
                    owner[k] = notice_id
                    key_rows.append((k, notice_id))
            warnings = n.get("warnings")  # most have none, and json.dumps with options costs about 7 µs even for []
            readings.append((rid, notice_id, source_id, ordinal, fp, len(prepared), n.get("issuer"), n.get("doc_number"), n.get("title"), issue,
                             n.get("effective"), json.dumps(warnings, ensure_ascii=False) if warnings else "[]"))
            rules.extend((notice_id, r.from_zone, r.to_zone, r.days, r.text) for r in _rules(n, text))
            if counts and self.mark_areas:  # (city, district code, key, or '' for a catch-all's district)
                city_of = self.place_city
                marks.update((city_of[v[0]], k[0], "" if f[3] else f[1]) for (k, v), f in zip(prepared, fs) if city_of[v[0]] is not None)
            rows.extend((rid, notice_id, f[0], f[3], counts) + v for (_, v), f in zip(prepared, fs))
            self.summary.changes += len(prepared)
        con = self.con
        con.executemany("INSERT INTO notices(id, reading_id, issuer, doc_number, title, issue_date, effective, province, city) VALUES (?,?,?,?,?,?,?,?,?)", notices)
        con.executemany("INSERT OR IGNORE INTO notice_keys(key, notice_id) VALUES (?, ?)", key_rows)
        con.executemany("INSERT INTO readings(id, notice_id, source_id, ordinal, fingerprint, n_changes, issuer, doc_number, title, issue_date, effective, warnings)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", readings)
        con.executemany("INSERT OR IGNORE INTO rules(notice_id, from_zone, to_zone, days, text) VALUES (?,?,?,?,?)", rules)
        if marks:
            mark(con, marks)
        con.executemany("INSERT INTO change_rows(reading_id, notice_id, form_id, catch_all, counts, place_id, from_zone, to_zone, kind, effective, assumed,"
                        " span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        return merged

    def _choose_reading(self, notice_id: int, n: dict) -> None:
        """The reading whose changes count: the one most sources agree on, then the fuller,
        then by content (so the choice does not depend on the order of indexing). Readings that
        disagree flag the notice as a conflict."""
        rows = self.con.execute(
            "SELECT r.id, r.fingerprint, r.n_changes, s.sha256, r.warnings, r.issuer, r.doc_number, r.issue_date, r.effective"
            " FROM readings r JOIN sources s ON s.id = r.source_id WHERE r.notice_id = ?", (notice_id,)
        ).fetchall()
        votes: dict[str, int] = {}
        for r in rows:
            votes[r[1]] = votes.get(r[1], 0) + 1
        # Most sources first; then the reading with fewer problems (a cut-off page, a count that
        # does not match), more changes and more header fields; then content, for a stable choice.
        best = min(rows, key=lambda r: (-votes[r[1]], len(json.loads(r[4])), -r[2], -sum(x is not None for x in r[5:9]), r[1], r[3]))
        head = self.con.execute("SELECT issuer, doc_number, title, issue_date, effective FROM readings WHERE id = ?", (best[0],)).fetchone()
        if self.mark_areas and best[0] != self.con.execute("SELECT reading_id FROM notices WHERE id = ?", (notice_id,)).fetchone()[0]:
            # the changes that count become another reading's: the areas of both are recomputed
            self.con.execute(MARK_SQL + "reading_id IN (SELECT id FROM readings WHERE notice_id = ?)", (notice_id,))
        self.con.execute(
            "UPDATE notices SET reading_id = ?, conflict = ?, issuer = ?, doc_number = ?, title = ?, issue_date = ?, effective = ?, province = ?, city = ? WHERE id = ?",
            (best[0], int(len(votes) > 1), *head, n.get("province"), n.get("city"), notice_id),
        )
        self.con.execute("UPDATE change_rows SET counts = (reading_id = ?) WHERE reading_id IN (SELECT id FROM readings WHERE notice_id = ?)", (best[0], notice_id))


def _rules(n: dict, text: str | None):
    texts = list(n.get("measures") or ())
    span = n.get("span")
    if text and span:
        texts.append(text[span[0]:span[1]])
    return read_rules(texts) if texts else ()

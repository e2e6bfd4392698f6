"""Loading parsed documents into the store: sources, notices (reposts merged), readings, area
forms and changes. Idempotent: a source already in the store (by the sha256 of its input) is
skipped, so indexing the same input twice adds nothing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import NoInputsError
from .identity import content_fingerprint, number_key
from .keys import area_form, district_code, is_catch_all_area, resolve_group
from .rules import read_rules
from .schema import drop_query_indexes, ensure_query_indexes

__all__ = ["IndexSummary", "index_paths", "index_records", "iter_records"]

_COMMIT_EVERY = 2000  # documents per transaction: memory stays flat, a crash loses little


@dataclass
class IndexSummary:
    """What an index run did."""

    added: int = 0
    skipped: int = 0
    failed: int = 0
    notices: int = 0
    merged: int = 0
    changes: int = 0
    undated: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.added} added ({self.failed} failed), {self.skipped} skipped (already in the store); "
            f"{self.notices} new notices, {self.merged} reposts merged, {self.changes} changes"
            + (f", {self.undated} undated changes left out" if self.undated else "")
        )


def _is_parser_output(path: Path) -> bool:
    """A JSONL file of the parser's own records (not a crawler export of texts)."""
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.strip():
                try:
                    rec = json.loads(raw)
                except json.JSONDecodeError:
                    return False
                return isinstance(rec, dict) and ("notices" in rec or "error" in rec) and "text" not in rec or "schema_version" in rec
    return False


def iter_records(paths: Iterable[str], *, known: set[str], jobs: int = 1, summary: IndexSummary) -> Iterator[dict]:
    """Parsed records for ``paths``: parser JSONL lines as they are, everything else parsed by
    the batch engine; inputs whose sha256 is in ``known`` are skipped."""
    from ..batch import iter_tasks, parse_tasks, task_sha256

    pending: list[str] = []

    def parse_pending() -> Iterator[dict]:
        if not pending:
            return
        def skip(t):  # noqa: E306
            if task_sha256(t) in known:
                summary.skipped += 1
                return True
            return False
        for rec in parse_tasks(iter_tasks(list(pending)), jobs=jobs, skip=skip, include_text=True):
            yield json.loads(rec.line)
        pending.clear()

    for raw in paths:
        p = Path(raw)
        if p.is_file() and p.suffix.lower() == ".jsonl" and _is_parser_output(p):
            yield from parse_pending()
            with open(p, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.strip():
                        yield json.loads(line)
        elif p.is_dir():
            outputs = sorted(x for x in p.rglob("*.jsonl") if _is_parser_output(x))
            if outputs:
                yield from parse_pending()
                yield from iter_records([str(x) for x in outputs], known=known, jobs=jobs, summary=summary)
                rest = [str(x) for x in sorted(p.rglob("*")) if x.is_file() and x not in outputs and _wanted(x)]
                pending.extend(rest)
            else:
                pending.append(raw)
        else:
            pending.append(raw)
    yield from parse_pending()


def _wanted(p: Path) -> bool:
    from ..batch import INPUT_SUFFIXES

    return p.suffix.lower() in INPUT_SUFFIXES or p.suffix.lower() in (".zip", ".jsonl")


def check_inputs(paths: Iterable[str]) -> None:
    """Every argument names something: a missing path is a one-line error before anything is written."""
    for raw in paths:
        if not any(c in raw for c in "*?[") and not Path(raw).exists():
            raise NoInputsError("no such file or directory", source=raw)


def index_paths(con: sqlite3.Connection, paths: list[str], *, jobs: int = 1, progress=None) -> IndexSummary:
    """Index ``paths`` (files, folders, zips, crawler JSONL, parser JSONL) into the store."""
    check_inputs(paths)
    summary = IndexSummary()
    known = {r[0] for r in con.execute("SELECT sha256 FROM sources")}
    index_records(con, iter_records(paths, known=known, jobs=jobs, summary=summary), summary=summary, known=known, progress=progress)
    return summary


def index_records(con: sqlite3.Connection, records: Iterable[dict], *, summary: IndexSummary | None = None, known: set[str] | None = None, progress=None) -> IndexSummary:
    """Load parsed records (``Document.to_dict()`` output or batch error records)."""
    summary = summary if summary is not None else IndexSummary()
    known = known if known is not None else {r[0] for r in con.execute("SELECT sha256 FROM sources")}
    con.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache: index pages stay in memory while loading
    loader = _Loader(con, summary)
    con.execute("BEGIN")
    if con.execute("SELECT NOT EXISTS (SELECT 1 FROM changes)").fetchone()[0]:
        drop_query_indexes(con)  # built once at the end (see schema.QUERY_INDEXES)
    try:
        n = 0
        for rec in records:
            src = rec.get("source") or {}
            # A failed input may have no hash (it could not be read): it is known by its input.
            sha = src.get("sha256") or (f"error:{src.get('input') or src.get('id')}" if rec.get("error") else None)
            if not sha or sha in known:
                summary.skipped += 1
                continue
            known.add(sha)
            loader.add(rec, sha)
            n += 1
            if progress is not None:
                progress(rec)
            if n % _COMMIT_EVERY == 0:
                loader.flush()
                con.execute("COMMIT")
                con.execute("BEGIN")
        loader.flush()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        ensure_query_indexes(con)
    return summary


def _when(value: str | None) -> str | None:
    if not value:
        return None
    return value if "T" in value else value + "T00:00"


class _Loader:
    """Inserts records; keeps the area forms it has seen, and re-keys their groups on flush."""

    def __init__(self, con: sqlite3.Connection, summary: IndexSummary) -> None:
        self.con = con
        self.summary = summary
        self.rows: list[tuple] = []
        # The store's area forms, kept here for the run: (district code, written) → id, the
        # forms of each (district code, core), and each form's key, how and ambiguity.
        self.forms: dict[tuple[str, str], int] = {}
        self.groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self.keyed: dict[int, tuple[str, str, int]] = {}
        for fid, code, core, written, key, how, amb in con.execute("SELECT id, district_code, core, written, key, how, ambiguous FROM area_forms"):
            self.forms[(code, written)] = fid
            self.groups.setdefault((code, core), []).append((fid, written))
            self.keyed[fid] = (key, how, amb)
        self.next_form = (con.execute("SELECT max(id) FROM area_forms").fetchone()[0] or 0) + 1
        self.new_forms: dict[int, tuple[str, str | None, str, str]] = {}
        self.touched: set[tuple[str, str]] = set()

    def add(self, rec: dict[str, Any], sha: str) -> None:
        src = rec["source"]
        err = rec.get("error")
        cur = self.con.execute(
            "INSERT INTO sources(sha256, source_id, url, published, format, error_class, error_message) VALUES (?,?,?,?,?,?,?)",
            (sha, src.get("id"), src.get("url"), src.get("published"), src.get("format"), err and err.get("class"), err and err.get("message")),
        )
        source_id = cur.lastrowid
        self.summary.added += 1
        if err:
            self.summary.failed += 1
            self.summary.errors.append(err.get("message", ""))
            return
        text = rec.get("text")
        for ordinal, notice in enumerate(rec.get("notices") or ()):
            if notice.get("changes"):
                self._notice(notice, ordinal, source_id, src, text)

    def _notice(self, n: dict, ordinal: int, source_id: int, src: dict, text: str | None) -> None:
        issue = n.get("issue_date")
        fallback, assumed_default = (_when(issue), 1) if issue else (_when(src.get("published")), 1)
        prepared = []
        for c in n["changes"]:
            eff = _when(c.get("effective") or n.get("effective"))
            assumed = 0
            if eff is None:
                eff, assumed = fallback, assumed_default
            if eff is None:
                self.summary.undated += 1
                continue
            code, _ = district_code(c.get("city") or n.get("city"), c.get("district"), c.get("adcode"))
            form = area_form(code, c["area"])
            prepared.append((c, code, form, eff, assumed))
        if not prepared:
            return
        fp = content_fingerprint(((code, f.core, c.get("from_zone"), c["to_zone"], c.get("kind", "change"), eff) for c, code, f, eff, _ in prepared), issue)
        keys = [k for k in (number_key(n.get("issuer"), n.get("doc_number")), fp) if k]
        notice_id = None
        for k in keys:
            row = self.con.execute("SELECT notice_id FROM notice_keys WHERE key = ?", (k,)).fetchone()
            if row:
                notice_id = row[0]
                break
        new_notice = notice_id is None
        if notice_id is None:
            notice_id = self.con.execute("INSERT INTO notices DEFAULT VALUES").lastrowid
            self.summary.notices += 1
        else:
            self.summary.merged += 1
        self.con.executemany("INSERT OR IGNORE INTO notice_keys(key, notice_id) VALUES (?, ?)", [(k, notice_id) for k in keys])
        reading_id = self.con.execute(
            "INSERT INTO readings(notice_id, source_id, ordinal, fingerprint, n_changes, issuer, doc_number, title, issue_date, effective, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (notice_id, source_id, ordinal, fp, len(prepared), n.get("issuer"), n.get("doc_number"), n.get("title"), issue, n.get("effective"),
             json.dumps(n.get("warnings") or [], ensure_ascii=False)),
        ).lastrowid
        doc = n.get("doc_number") or ""
        counts = int(new_notice)
        for c, code, form, eff, assumed in prepared:
            span = c.get("span") or (None, None)
            ord_ = f"{issue or eff[:10]}\x01{eff}\x01{doc}\x01{fp}"
            self.rows.append((reading_id, notice_id, self._form_id(form), c.get("province"), c.get("city") or n.get("city"), c.get("district"), code,
                              c["area"], c.get("from_zone"), c["to_zone"], c.get("kind", "change"), eff, assumed, int(is_catch_all_area(c["area"])), span[0], span[1],
                              ord_, counts))
        self.summary.changes += len(prepared)
        self._rules(notice_id, n, text)
        if new_notice:  # its only reading
            self.con.execute(
                "UPDATE notices SET reading_id = ?, conflict = 0, issuer = ?, doc_number = ?, title = ?, issue_date = ?, effective = ?, province = ?, city = ? WHERE id = ?",
                (reading_id, n.get("issuer"), n.get("doc_number"), n.get("title"), issue, n.get("effective"), n.get("province"), n.get("city"), notice_id),
            )
        else:
            self._choose_reading(notice_id, n)
        if len(self.rows) >= 50_000:
            self.flush()

    def _form_id(self, form) -> int:
        k = (form.district_code, form.written)
        fid = self.forms.get(k)
        if fid is None:
            fid = self.forms[k] = self.next_form
            self.next_form += 1
            self.new_forms[fid] = (form.district_code, form.town, form.core, form.written)
            self.groups.setdefault((form.district_code, form.core), []).append((fid, form.written))
            self.touched.add((form.district_code, form.core))
        return fid

    def _rules(self, notice_id: int, n: dict, text: str | None) -> None:
        texts = list(n.get("measures") or ())
        span = n.get("span")
        if text and span:
            texts.append(text[span[0]:span[1]])
        rules = read_rules(texts)
        self.con.executemany(
            "INSERT OR IGNORE INTO rules(notice_id, from_zone, to_zone, days, text) VALUES (?,?,?,?,?)",
            [(notice_id, r.from_zone, r.to_zone, r.days, r.text) for r in rules],
        )

    def _choose_reading(self, notice_id: int, n: dict) -> None:
        """The reading whose changes count: the one most sources agree on, then the fuller,
        then by content (so the choice does not depend on the order of indexing). Readings that
        disagree flag the notice as a conflict."""
        rows = self.con.execute(
            "SELECT r.id, r.fingerprint, r.n_changes, s.sha256, r.warnings, r.issuer, r.doc_number, r.issue_date, r.effective"
            " FROM readings r JOIN sources s ON s.id = r.source_id WHERE r.notice_id = ?", (notice_id,)
        ).fetchall()
        self.flush()  # this reading's changes are in the table before the choice marks the ones that count
        votes: dict[str, int] = {}
        for r in rows:
            votes[r[1]] = votes.get(r[1], 0) + 1
        # Most sources first; then the reading with fewer problems (a cut-off page, a count that
        # does not match), more changes and more header fields; then content, for a stable choice.
        best = min(rows, key=lambda r: (-votes[r[1]], len(json.loads(r[4])), -r[2], -sum(x is not None for x in r[5:9]), r[1], r[3]))
        head = self.con.execute("SELECT issuer, doc_number, title, issue_date, effective FROM readings WHERE id = ?", (best[0],)).fetchone()
        self.con.execute(
            "UPDATE notices SET reading_id = ?, conflict = ?, issuer = ?, doc_number = ?, title = ?, issue_date = ?, effective = ?, province = ?, city = ? WHERE id = ?",
            (best[0], int(len(votes) > 1), *head, n.get("province"), n.get("city"), notice_id),
        )
        self.con.execute("UPDATE changes SET counts = (reading_id = ?) WHERE reading_id IN (SELECT id FROM readings WHERE notice_id = ?)", (best[0], notice_id))

    def _write_rows(self) -> None:
        """Pending changes, each with its form's key (known once :meth:`flush` has keyed the forms)."""
        keyed = self.keyed
        self.con.executemany(
            "INSERT INTO changes(reading_id, notice_id, form_id, province, city, district, district_code, area, from_zone, to_zone, kind, effective, assumed,"
            " catch_all, span_start, span_end, ord, counts, area_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (row + (keyed[row[2]][0],) for row in self.rows),
        )
        self.rows.clear()

    def flush(self) -> None:
        """Write the pending changes, the new forms and the keys of every group that grew."""
        inserts, updates = [], []
        for code, core in self.touched:
            group = self.groups[(code, core)]
            ids = {w: i for i, w in group}
            for kf in resolve_group(area_form(code, w) for _, w in group):
                fid = ids[kf.form.written]
                value = (kf.key, kf.how, int(kf.ambiguous))
                if fid in self.new_forms:
                    inserts.append((fid, *self.new_forms[fid], *value))
                elif self.keyed.get(fid) != value:
                    updates.append((*value, fid))
                self.keyed[fid] = value
        self.con.executemany("INSERT INTO area_forms(id, district_code, town, core, written, key, how, ambiguous) VALUES (?,?,?,?,?,?,?,?)", inserts)
        self.con.executemany("UPDATE area_forms SET key = ?, how = ?, ambiguous = ? WHERE id = ?", updates)
        self.con.executemany("UPDATE changes SET area_key = ? WHERE form_id = ?", [(u[0], u[3]) for u in updates])
        self.new_forms.clear()
        self.touched.clear()
        self._write_rows()

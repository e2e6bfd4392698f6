"""Loading parsed documents into the store: sources, notices (reposts merged), readings, area
forms and changes. Idempotent: a source already in the store (by the sha256 of its input) is
skipped, so indexing the same input twice adds nothing."""

from __future__ import annotations

import gc
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import NoInputsError
from .intervals import mark_all, marked_all
from .loader import Loader
from .schema import drop_query_indexes, ensure_query_indexes, mend_intervals

__all__ = ["IndexSummary", "index_paths", "index_records", "iter_records"]

try:  # about twice as fast as json.loads on the parser's lines (docs/dependencies.md)
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is a dependency; json gives the same records
    _fast_loads = json.loads

_COMMIT_EVERY = 2000  # documents per transaction: memory stays flat, a crash loses little
_COLLECT_EVERY = 100  # documents between collections of the young generations during a load
_LOAD_PRAGMAS = {"cache_size": -65536, "synchronous": 0}
_SORT_CACHE = -16384  # KiB


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


def _loads(line: bytes) -> object:
    """A JSONL line as json.loads reads it from the text decoded with replacement characters:
    through orjson when it takes the line (valid UTF-8, plain JSON), else through json."""
    try:
        return _fast_loads(line)
    except ValueError:
        return json.loads(line.decode("utf-8", errors="replace"))


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
        for i, rec in enumerate(parse_tasks(iter_tasks(list(pending)), jobs=jobs, skip=skip, include_text=True), 1):
            yield json.loads(rec.line)
            if i % _COLLECT_EVERY == 0 and not gc.isenabled():
                gc.collect(1)  # what parsing left in cycles, while a load has the collector off
        pending.clear()

    for raw in paths:
        p = Path(raw)
        if p.is_file() and p.suffix.lower() == ".jsonl" and _is_parser_output(p):
            yield from parse_pending()
            with open(p, "rb") as fh:
                for line in fh:
                    if line.strip():
                        yield _loads(line)
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
    # iter_records collects after the documents it parses; the parser's JSONL makes no cycles.
    index_records(con, iter_records(paths, known=known, jobs=jobs, summary=summary), summary=summary, known=known, progress=progress, collect=False)
    return summary


def index_records(con: sqlite3.Connection, records: Iterable[dict], *, summary: IndexSummary | None = None, known: set[str] | None = None, progress=None,
                  collect: bool = True) -> IndexSummary:
    """Load parsed records (``Document.to_dict()`` output or batch error records). ``collect``:
    collect the young generations every few records (records parsed as they are read leave cycles)."""
    summary = summary if summary is not None else IndexSummary()
    known = known if known is not None else {r[0] for r in con.execute("SELECT sha256 FROM sources")}
    # For the load: 64 MiB of page cache (index pages stay in memory) and no sync at each commit
    # (a killed process loses nothing committed; the rollback journal still undoes a batch cut
    # short). Restored after. Sorts for index builds stay in temporary files: in memory they
    # would grow with the rows.
    saved = {p: con.execute(f"PRAGMA {p}").fetchone()[0] for p in _LOAD_PRAGMAS}
    for p, v in _LOAD_PRAGMAS.items():
        con.execute(f"PRAGMA {p} = {v}")
    loader = Loader(con, summary)
    con.execute("BEGIN")
    if con.execute("SELECT NOT EXISTS (SELECT 1 FROM change_rows)").fetchone()[0]:
        drop_query_indexes(con)  # built once at the end (see schema.QUERY_INDEXES)
        mark_all(con)  # and every area's intervals computed once at the end
    loader.mark_areas = not marked_all(con)
    # Parsed records hold no cycles: the collector would walk the batch and the caches over and
    # over as they grow (a third of the load's time). It is off during the load, and what was
    # made since the last _COLLECT_EVERY inputs is collected (the young generations only: each
    # object is looked at about once), so what parsing documents leaves in cycles is freed as before
    # (index_paths: after the documents iter_records parses only).
    collecting = gc.isenabled()
    gc.disable()
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
            if collect and collecting and n % _COLLECT_EVERY == 0:
                gc.collect(1)
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
        # The index builds sort every row: past this much memory their sorts go to temporary
        # files, so memory does not grow with the rows.
        con.execute(f"PRAGMA cache_size = {_SORT_CACHE}")
        ensure_query_indexes(con)
        mend_intervals(con)  # the intervals of the areas the load touched (intervals.py)
        for p, v in saved.items():
            con.execute(f"PRAGMA {p} = {v}")
        if collecting:
            gc.enable()
    return summary

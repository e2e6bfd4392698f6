"""Batch parsing of archives: folders, globs, zip files and crawler JSONL exports, in parallel,
streaming JSONL records in a stable order with constant memory.

Every input becomes one output record: the parsed document, or an error record
``{"source": {...}, "error": {"class": ..., "message": ...}}``. One bad input never stops a run.
Workers hand back each record as its finished JSONL line (:class:`BatchRecord`), so the process
that writes the output only writes.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import zipfile
from collections import deque
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import InputError, NoInputsError, NoticeError

__all__ = ["Task", "BatchRecord", "iter_tasks", "run_task", "run_task_record", "parse_tasks", "read_done_hashes", "BatchSummary", "INPUT_SUFFIXES"]

INPUT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".pdf", ".docx")
_WINDOW_PER_JOB = 256  # tasks per worker in a window (two windows in flight): bounds memory whatever the archive size
_CHUNK = 32  # tasks sent to a worker at a time
_TAIL_CHUNK = 4  # … and at the end of the run


@dataclass(frozen=True)
class Task:
    """One input: a file, a zip member, or a line of a JSONL export. Tasks only say where the
    input is; the worker reads it (a JSONL line from its byte ``offset``)."""

    id: str  # the file, ``archive.zip!member`` or ``export.jsonl:LINE``
    path: str
    member: str | None = None
    offset: int | None = None


def _expand(raw: str) -> list[Path]:
    if any(c in raw for c in "*?[") and not Path(raw).exists():
        found = sorted(Path(p) for p in glob.glob(raw, recursive=True))
        if not found:
            raise NoInputsError("glob matches no files", source=raw)
        return found
    return [Path(raw)]


def iter_tasks(paths: Sequence[str]) -> Iterator[Task]:
    """Inputs in a stable order: each argument in turn; directories recursively, sorted."""
    for raw in paths:
        for p in _expand(raw):
            if p.is_dir():
                found = sorted(x for x in p.rglob("*") if x.is_file() and (x.suffix.lower() in INPUT_SUFFIXES or x.suffix.lower() in (".zip", ".jsonl")))
                if not found:
                    raise NoInputsError(f"directory holds no input files ({', '.join(INPUT_SUFFIXES)}, .zip, .jsonl)", source=str(p))
                for f in found:
                    yield from _file_tasks(f)
            else:
                yield from _file_tasks(p)


def _file_tasks(p: Path) -> Iterator[Task]:
    suffix = p.suffix.lower()
    if suffix == ".zip" and zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as zf:
            names = sorted(n for n in zf.namelist() if not n.endswith("/") and Path(n).suffix.lower() in INPUT_SUFFIXES)
        for name in names:
            yield Task(f"{p}!{name}", str(p), member=name)
    elif suffix == ".jsonl":
        yield from _jsonl_tasks(p)
    else:
        yield Task(str(p), str(p))


def _jsonl_tasks(p: Path) -> Iterator[Task]:
    """Crawler exports: one ``{"id", "text", "url"?, "published"?}`` per line, each a task
    that points at its line (blank lines skipped)."""
    with open(p, "rb") as fh:
        offset = 0
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield Task(f"{p}:{lineno}", str(p), member=f"line {lineno}", offset=offset)
            offset += len(raw)


@dataclass(frozen=True)
class _JsonlRecord:
    id: str
    text: str
    url: str | None
    published: str | None


def _read_jsonl_record(task: Task) -> _JsonlRecord:
    """The record on a JSONL task's line; :class:`InputError` for a line that is not one."""
    try:
        with open(task.path, "rb") as fh:
            fh.seek(task.offset or 0)
            raw = fh.readline()
    except OSError as exc:
        raise InputError(f"unreadable JSONL file ({exc.strerror or exc})", source=task.id) from None
    try:
        rec = json.loads(raw.decode("utf-8", errors="replace"))
        text = rec["text"]
        if not isinstance(text, str):
            raise TypeError("text is not a string")
        return _JsonlRecord(str(rec.get("id") or task.id), text, rec.get("url"), rec.get("published"))
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"invalid JSONL record ({type(exc).__name__}: {exc})", source=task.id) from None


def task_sha256(task: Task) -> str | None:
    """The hash recorded in ``source.sha256`` for this input (bytes of a file or zip member,
    UTF-8 of a JSONL record's text)."""
    try:
        if task.offset is not None:
            return hashlib.sha256(_read_jsonl_record(task).text.encode("utf-8")).hexdigest()
        if task.member is not None:
            with zipfile.ZipFile(task.path) as zf:
                return hashlib.sha256(zf.read(task.member)).hexdigest()
        return hashlib.sha256(Path(task.path).read_bytes()).hexdigest()
    except (OSError, KeyError, zipfile.BadZipFile, InputError):
        return None


@dataclass(frozen=True)
class BatchRecord:
    """One output record: ``line`` is its compact JSON (one JSONL line, no newline); ``error``
    is ``{"class", "message"}`` for an input that failed, else None."""

    source_id: str
    line: str
    error: dict[str, str] | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_dict(self) -> dict[str, Any]:
        return json.loads(self.line)


def run_task_record(task: Task, *, include_text: bool = False) -> BatchRecord:
    """:func:`run_task` with the record serialised where it was made."""
    rec = run_task(task, include_text=include_text)
    return BatchRecord(rec["source"]["id"], json.dumps(rec, ensure_ascii=False, separators=(",", ":")), rec.get("error"))


def run_task(task: Task, *, include_text: bool = False) -> dict:
    """Parse one input; never raises: failures become error records. ``include_text`` adds
    the document text to a parsed record."""
    from . import parse_text
    from .ingest import load_bytes, load_path
    from .parser import parse_loaded

    source_id = task.id
    try:
        if task.offset is not None:
            rec = _read_jsonl_record(task)
            source_id = rec.id
            out = parse_text(rec.text, source=rec.id, published=rec.published).to_dict(include_text=include_text)
            if rec.url or rec.published:
                out["source"] = dict(out["source"], url=rec.url, published=rec.published)
            return out
        if task.member is not None:
            try:
                with zipfile.ZipFile(task.path) as zf:
                    data = zf.read(task.member)
            except (zipfile.BadZipFile, KeyError, OSError) as exc:
                raise InputError(f"unreadable zip member ({exc})", source=task.id) from None
            loaded = load_bytes(data, source_id=task.id, suffix=Path(task.member).suffix.lower())
        else:
            loaded = load_path(task.path)
        return parse_loaded(loaded.text, loaded.source, loaded.notes).to_dict(include_text=include_text)
    except Exception as exc:  # a parser bug on one input must not stop the batch either
        return _error(task, source_id, exc)


def _error(task: Task, source_id: str, exc: BaseException) -> dict:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if not isinstance(exc, NoticeError):
        message = f"{source_id}: internal error: {message}"
    return {"source": {"id": source_id, "sha256": task_sha256(task)}, "error": {"class": type(exc).__name__, "message": message}}


def read_done_hashes(path: str | Path) -> set[str]:
    """``source.sha256`` of every successfully parsed record already in a JSONL output file."""
    done: set[str] = set()
    p = Path(path)
    if not p.exists():
        return done
    with open(p, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            sha = (rec.get("source") or {}).get("sha256")
            if sha and "error" not in rec:
                done.add(sha)
    return done


@dataclass
class BatchSummary:
    parsed: int = 0
    failed: int = 0
    skipped: int = 0

    def line(self) -> str:
        return f"{self.parsed} parsed, {self.failed} failed, {self.skipped} skipped (already in output)"


def _warm() -> None:
    """Worker initialiser: load the gazetteer and vocabulary once per process."""
    from .gazetteer import gazetteer
    from .vocab import zone_term_map

    gazetteer()
    zone_term_map()


def _windows(tasks: Iterable[Task], size: int, first: int | None = None) -> Iterator[tuple[list[Task], bool]]:
    """Lists of ``size`` tasks (the first of ``first``), each with whether it is the last,
    known by reading one task ahead."""
    it = iter(tasks)
    window = list(islice(it, first or size))
    while window:
        ahead = list(islice(it, 1))
        yield window, not ahead
        window = ahead + list(islice(it, size - 1)) if ahead else []


def parse_tasks(
    tasks: Iterable[Task],
    *,
    jobs: int = 1,
    skip: Callable[[Task], bool] | None = None,
    summary: BatchSummary | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    include_text: bool = False,
) -> Iterator[BatchRecord]:
    """Records for ``tasks`` in input order. ``jobs`` worker processes (``local``) or a Dask
    cluster (``dask``: ``scheduler`` address, or a LocalCluster when None)."""
    summary = summary if summary is not None else BatchSummary()
    work = partial(run_task_record, include_text=include_text)

    def wanted(ts: Iterable[Task]) -> Iterator[Task]:
        for t in ts:
            if skip is not None and skip(t):
                summary.skipped += 1
                continue
            yield t

    def count(rec: BatchRecord) -> BatchRecord:
        if rec.failed:
            summary.failed += 1
        else:
            summary.parsed += 1
        return rec

    todo = wanted(tasks)
    if engine == "dask":
        from .distributed import dask_map

        for rec in dask_map(work, todo, scheduler=scheduler, workers=jobs):
            yield count(rec)
        return
    if jobs <= 1:
        _warm()
        for t in todo:
            yield count(work(t))
        return
    yield from (count(rec) for rec in _parallel(work, todo, jobs))


def _parallel(work: Callable[[Task], BatchRecord], tasks: Iterator[Task], jobs: int) -> Iterator[BatchRecord]:
    """``work`` over ``tasks`` in ``jobs`` worker processes, results in input order."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    fork = os.name == "posix"
    if fork:
        _warm()  # forked workers share the loaded gazetteer instead of each loading it
    ctx = mp.get_context("fork" if fork else "spawn")
    done = 0
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=None if fork else _warm)
    try:
        # Two windows in flight: the workers start on the next window while the results of
        # the current one are handed out, so they never wait at a window's end. A first
        # window of one chunk per worker sets them to work before the rest is read.
        in_flight: deque = deque()
        for window, last in _windows(tasks, jobs * _WINDOW_PER_JOB, first=jobs * _CHUNK):
            # The last tasks go in small chunks, so that no worker is left with a long
            # chunk while the others wait at the end of the run.
            cut = max(0, len(window) - jobs * _CHUNK) if last else len(window)
            if cut:
                in_flight.append(pool.map(work, window[:cut], chunksize=_CHUNK))
            if cut < len(window):
                in_flight.append(pool.map(work, window[cut:], chunksize=_TAIL_CHUNK))
            while len(in_flight) > 1:
                for rec in in_flight.popleft():
                    done += 1
                    yield rec
        while in_flight:
            for rec in in_flight.popleft():
                done += 1
                yield rec
    except BrokenProcessPool:
        raise NoticeError(f"a worker process ended abruptly (killed, or out of memory) after {done} records; rerun with --resume to continue") from None
    finally:
        # A consumer that stops early leaves work queued: only the chunks already running finish.
        pool.shutdown(wait=True, cancel_futures=True)

"""Batch parsing of archives: folders, globs, zip files and crawler JSONL exports, in parallel,
streaming JSONL records in a stable order with constant memory.

Every input becomes one output record: the parsed document, or an error record
``{"source": {...}, "error": {"class": ..., "message": ...}}``. One bad input never stops a run.
Workers hand back each record as its finished JSONL line (:class:`BatchRecord`), so the process
that writes the output only writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections import deque
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import InputError, LimitError, NoticeError
from .ingest.limits import DEFAULT_LIMITS, Limits, read_member
from .tasks import INPUT_SUFFIXES, Task, iter_tasks
from .timelimit import run_limited
from .workers import init_worker, stop_workers

__all__ = ["Task", "BatchRecord", "iter_tasks", "run_task", "run_task_record", "parse_tasks", "BatchSummary", "INPUT_SUFFIXES", "task_sha256"]

_WINDOW_PER_JOB = 256  # tasks per worker in a window (two windows in flight): bounds memory whatever the archive size
_CHUNK = 32  # tasks sent to a worker at a time
_TAIL_CHUNK = 4  # … and at the end of the run


@dataclass(frozen=True)
class _JsonlRecord:
    id: str
    text: str
    url: str | None
    published: str | None


def _read_jsonl_record(task: Task, limits: Limits = DEFAULT_LIMITS) -> _JsonlRecord:
    """The record on a JSONL task's line; :class:`InputError` for a line that is not one."""
    try:
        with open(task.path, "rb") as fh:
            fh.seek(task.offset or 0)
            raw = fh.readline(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"unreadable JSONL file ({exc.strerror or exc})", source=task.id) from None
    if len(raw) > limits.max_bytes:
        raise LimitError(f"JSONL line over the size limit of {limits.max_bytes} bytes", source=task.id)
    try:
        rec = json.loads(raw.decode("utf-8", errors="replace"))
        text = rec["text"]
        if not isinstance(text, str):
            raise TypeError("text is not a string")
        ident, url, published = rec.get("id"), rec.get("url"), rec.get("published")
        return _JsonlRecord(
            str(ident) if ident not in (None, "") else task.id,
            text,
            url if isinstance(url, str) else None,
            published if isinstance(published, str) else None,
        )
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise InputError(f"invalid JSONL record ({type(exc).__name__}: {str(exc)[:120]})", source=task.id) from None


@dataclass(frozen=True)
class BatchRecord:
    """One output record: ``line`` is its compact JSON (one JSONL line, no newline); ``error``
    is ``{"class", "message"}`` for an input that failed, else None."""

    source_id: str
    line: str
    error: dict[str, str] | None = None
    skipped: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None and not self.skipped

    def to_dict(self) -> dict[str, Any]:
        return json.loads(self.line)


def run_task_record(task: Task, *, include_text: bool = False, limits: Limits = DEFAULT_LIMITS) -> BatchRecord:
    """:func:`run_task` with the record serialised where it was made."""
    rec = run_task(task, include_text=include_text, limits=limits)
    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
    return BatchRecord(rec["source"]["id"] or task.id, line, rec.get("error") or rec.get("skipped"), "skipped" in rec)


def run_task(task: Task, *, include_text: bool = False, limits: Limits = DEFAULT_LIMITS) -> dict:
    """Parse one input; never raises: failures become error records, inputs not read skipped
    records. Every record's ``source.input`` is the task's id. ``include_text`` adds the
    document text to a parsed record."""
    if task.problem is not None:
        cls, message = task.problem
        return {"source": _error_source(task.id, task.id, None), ("skipped" if task.skip else "error"): {"class": cls, "message": message}}
    seen: dict[str, str | None] = {"id": task.id, "sha256": None}
    try:
        out = run_limited(limits.max_seconds, task.id, _run, task, include_text, limits, seen)
    except Exception as exc:  # a parser bug on one input must not stop the batch either
        return _error(task, seen["id"] or task.id, seen["sha256"], exc)
    out["source"] = dict(out["source"], input=task.id)
    return out


def _run(task: Task, include_text: bool, limits: Limits, seen: dict[str, str | None]) -> dict:
    """The document of a task; ``seen`` gets its source id and the sha256 of what was read, for
    an error record should parsing fail."""
    from . import parse_text
    from .ingest import load_bytes, load_path
    from .parser import parse_loaded

    if task.offset is not None:
        rec = _read_jsonl_record(task, limits)
        seen["id"] = rec.id
        seen["sha256"] = hashlib.sha256(rec.text.encode("utf-8", "surrogatepass")).hexdigest()
        _check_chars(len(rec.text), limits, task.id)
        out = parse_text(rec.text, source=rec.id, published=rec.published).to_dict(include_text=include_text)
        if rec.url or rec.published:
            out["source"] = dict(out["source"], url=rec.url, published=rec.published)
    elif task.member is not None:
        data = _read_zip_member(task, limits)
        seen["sha256"] = hashlib.sha256(data).hexdigest()
        loaded = load_bytes(data, source_id=task.id, suffix=Path(task.member).suffix.lower(), limits=limits)
        out = parse_loaded(loaded.text, loaded.source, loaded.notes).to_dict(include_text=include_text)
    else:
        loaded = load_path(task.path, limits=limits)
        seen["sha256"] = loaded.source.sha256
        out = parse_loaded(loaded.text, loaded.source, loaded.notes).to_dict(include_text=include_text)
    return out


def task_sha256(task: Task, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The hash recorded in ``source.sha256`` for this input (bytes of a file or zip member,
    UTF-8 of a JSONL record's text), or None when it cannot be read. Content identity is for
    stores that merge reposts; ``--resume`` knows inputs by ``source.input`` instead."""
    if task.problem is not None:
        return None
    try:
        if task.offset is not None:
            return hashlib.sha256(_read_jsonl_record(task, limits).text.encode("utf-8", "surrogatepass")).hexdigest()
        if task.member is not None:
            return hashlib.sha256(_read_zip_member(task, limits)).hexdigest()
        from .ingest.limits import read_file

        return hashlib.sha256(read_file(task.path, limits)).hexdigest()
    except NoticeError:
        return None


def _check_chars(n: int, limits: Limits, source: str) -> None:
    if n > limits.max_chars:
        raise LimitError(f"text of {n} characters is over the limit of {limits.max_chars}", source=source)


def _read_zip_member(task: Task, limits: Limits) -> bytes:
    try:
        with zipfile.ZipFile(task.path) as zf:
            infos = zf.infolist()
            info = infos[task.index] if task.index is not None and task.index < len(infos) else zf.getinfo(task.member or "")
            return read_member(zf, info, task.id, limits)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"unreadable zip member ({type(exc).__name__}: {exc})", source=task.id) from None


def _error_source(source_id: str, input_id: str, digest: str | None) -> dict:
    return {"id": source_id, "input": input_id, "sha256": digest}


def _error(task: Task, source_id: str, digest: str | None, exc: BaseException) -> dict:
    """The error record of a task: made from what is already known, never by reading again."""
    text = str(exc).encode("utf-8", "replace").decode("utf-8")
    message = text.splitlines()[0] if text.strip() else type(exc).__name__
    if not isinstance(exc, NoticeError):
        message = f"{source_id}: internal error: {message}"
    return {"source": _error_source(source_id, task.id, digest), "error": {"class": type(exc).__name__, "message": message}}


@dataclass
class BatchSummary:
    """What a run did: records parsed, failed and skipped (files of unsupported types), and
    records already in the output before a ``--resume`` (``resumed``, of them
    ``resumed_failed`` failed)."""

    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    resumed_failed: int = 0

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.resumed_failed)

    def line(self) -> str:
        text = f"{self.parsed} parsed, {self.failed} failed, {self.skipped} skipped"
        if self.resumed:
            text += f", {self.resumed} already in the output ({self.resumed_failed} failed)"
        return text


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
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[BatchRecord]:
    """Records for ``tasks`` in input order. ``jobs`` worker processes (``local``) or a Dask
    cluster (``dask``: ``scheduler`` address, or a LocalCluster when None). ``skip`` leaves out
    tasks already done (``--resume``)."""
    summary = summary if summary is not None else BatchSummary()
    work = partial(run_task_record, include_text=include_text, limits=limits)

    def wanted(ts: Iterable[Task]) -> Iterator[Task]:
        for t in ts:
            if skip is not None and skip(t):
                continue
            yield t

    def count(rec: BatchRecord) -> BatchRecord:
        if rec.skipped:
            summary.skipped += 1
        elif rec.failed:
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
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(), not fork))
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
    except BaseException:
        # Interrupted (Ctrl-C) or the consumer failed: the workers stop now, not after their chunks.
        stop_workers(pool)
        raise
    finally:
        # A consumer that stops early leaves work queued: only the chunks already running finish.
        pool.shutdown(wait=True, cancel_futures=True)

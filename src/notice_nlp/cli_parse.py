"""``notice-nlp parse``: one input → one JSON document; a batch → JSONL, one record per input.

A batch is several arguments, a folder, a glob, a zip, a JSONL export, or any run with
``-o *.jsonl`` or ``--resume``. Its output holds one record per input in input order: the
document, an error record or a skipped record (``source.input`` names the input). Exit codes:
0 success, 1 a batch with failed records (those already in a resumed output count), 2 bad
input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .errors import InputError, NoInputsError, UsageError
from .output_files import check_output, write_whole

__all__ = ["cmd_parse", "add_parse_arguments"]


def add_parse_arguments(p: argparse.ArgumentParser) -> None:
    from .ingest.limits import DEFAULT_LIMITS

    p.add_argument("--max-size", metavar="SIZE", default=None, help=f"largest input file or zip member (default {DEFAULT_LIMITS.max_bytes // (1024 * 1024)}M)")
    p.add_argument("--max-pages", type=int, metavar="N", default=DEFAULT_LIMITS.max_pages, help=f"most pages of a PDF (default {DEFAULT_LIMITS.max_pages})")
    p.add_argument("--max-ratio", type=float, metavar="R", default=DEFAULT_LIMITS.max_ratio, help=f"largest inflation ratio of a zip member (default {DEFAULT_LIMITS.max_ratio:.0f})")
    p.add_argument("--timeout", type=float, metavar="SECONDS", default=DEFAULT_LIMITS.max_seconds, help=f"longest time one input of a batch may take (default {DEFAULT_LIMITS.max_seconds:g}; 0: none)")
    p.add_argument("-q", "--quiet", action="store_true", help="nothing on stderr but a fatal error: no progress, no per-record errors, no summary")


def _limits(args: argparse.Namespace):
    from .ingest.limits import DEFAULT_LIMITS, Limits, parse_size

    try:
        max_bytes = parse_size(args.max_size) if args.max_size else DEFAULT_LIMITS.max_bytes
    except ValueError as exc:
        raise UsageError(f"--max-size: {exc}") from None
    if args.max_pages < 1 or args.max_ratio <= 1 or args.timeout is None or args.timeout < 0:
        raise UsageError("--max-pages must be at least 1, --max-ratio over 1 and --timeout not negative")
    return Limits(max_bytes=max_bytes, max_pages=args.max_pages, max_ratio=args.max_ratio, max_chars=DEFAULT_LIMITS.max_chars, max_seconds=args.timeout or None)


def _check_arguments(paths: list[str]) -> None:
    """Every argument that is not a glob must exist: a missing one is a usage error (exit 2)."""
    for raw in paths:
        if any(c in raw for c in "*?[") and not os.path.lexists(raw):
            continue
        if not os.path.lexists(raw):
            raise InputError("no such file or folder", source=raw)


def cmd_parse(args: argparse.Namespace) -> int:
    from .tasks import is_batch

    paths: list[str] = args.paths
    _check_arguments(paths)
    limits = _limits(args)
    if args.output:
        check_output(args.output)
    batch = is_batch(paths) or args.resume or (args.output or "").lower().endswith(".jsonl")
    if not batch:
        return _one(args, limits)
    if args.format == "json":
        raise UsageError("a batch writes JSONL (one record per input); --format json is for one input")
    if args.published:
        raise UsageError("--published dates one input; a batch takes each page's date from its crawler JSONL record")
    if args.resume and not args.output:
        raise UsageError("--resume needs -o OUT (the JSONL file to continue)")
    if args.trace:
        raise UsageError("--trace is for one input")
    return _batch(args, limits)


def _one(args: argparse.Namespace, limits) -> int:
    from .ingest import load_path
    from .parser import parse_loaded, reference_date
    from .places import tracing

    reference = reference_date(args.published, args.paths[0])
    loaded = load_path(args.paths[0], limits=limits)
    with tracing() as dropped:
        doc = parse_loaded(loaded.text, loaded.source, loaded.notes, reference).to_dict(include_text=args.with_text)
    if args.trace:
        for d in dropped:
            print(f"dropped\t{d.reason}\t{d.text}\t{d.span[0]}-{d.span[1]}", file=sys.stderr)
    if (args.format or "json") == "jsonl":
        line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    else:
        line = json.dumps(doc, ensure_ascii=False, indent=2)
    if args.output:
        write_whole(args.output, line + "\n")
    else:
        sys.stdout.write(line + "\n")
    return 0


def _batch(args: argparse.Namespace, limits) -> int:
    from .batch import BatchSummary, parse_tasks
    from .resume import Done, read_done
    from .tasks import iter_tasks

    done = read_done(args.output) if args.resume else Done()
    summary = BatchSummary(resumed=len(done.ids), resumed_failed=done.failed)
    tasks = iter_tasks(args.paths)
    first = next(tasks, None)
    if first is None:
        raise NoInputsError("no inputs", source=" ".join(args.paths))

    def chained():
        yield first
        yield from tasks

    skip = (lambda t: t.id in done.ids) if done.ids else None
    records = parse_tasks(
        chained(), jobs=args.jobs, skip=skip, summary=summary, engine=args.engine, scheduler=args.scheduler, include_text=args.with_text, limits=limits
    )
    bar = None if args.quiet else _progress(args, done)
    out = open(args.output, "a" if args.resume else "w", encoding="utf-8") if args.output else sys.stdout
    written = 0
    try:
        for rec in records:
            out.write(rec.line + "\n")
            written += 1
            if rec.failed and not args.quiet:
                _note(bar, f"error: {rec.error['message'] if rec.error else rec.source_id}")
            if bar is not None:
                bar.update(1)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
            bar = None
        where = f"; rerun with --resume -o {args.output} to continue" if args.output else ""
        print(f"interrupted after {written} records{where}", file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.any_failed else 0


def _note(bar, text: str) -> None:
    if bar is not None:
        bar.write(text, file=sys.stderr)
    else:
        print(text, file=sys.stderr)


def _progress(args: argparse.Namespace, done):
    """A progress bar on stderr (total, rate, ETA) — only on a terminal."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    from .tasks import iter_tasks

    try:
        total = sum(1 for t in iter_tasks(args.paths) if t.id not in done.ids)
    except Exception:
        total = None
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        width, height = size.columns, size.lines
    except OSError:
        width = height = 0
    # A terminal that reports no size (a pty without one, some CI consoles) gets 80 × 24: with
    # 0 rows tqdm would hide the bar, with 0 columns draw it empty.
    sized = width >= 20
    return tqdm(
        total=total, unit="doc", file=sys.stderr, dynamic_ncols=sized, ncols=None if sized else 80, nrows=height if height >= 2 else 24,
        smoothing=0.1, mininterval=0.5,
    )

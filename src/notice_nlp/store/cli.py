"""The store's commands (``index``, ``timeline``, ``draft``, ``diff``, ``export``): argument
parsing and printing only, over the functions of this package."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["add_commands"]

_STATE_COLUMNS = ("city", "district", "area", "zone", "since", "doc_number", "via")
_HISTORY_COLUMNS = ("area", "effective", "before", "after", "kind", "via", "doc_number", "issue_date", "sources")


def cmd_index(args: argparse.Namespace) -> int:
    from .index import check_inputs
    from .schema import connect

    check_inputs(args.inputs)
    con = connect(args.db)
    try:
        from .index import index_paths

        bar = None
        if not args.no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
        try:
            summary = index_paths(con, args.inputs, jobs=args.jobs, progress=(lambda _rec: bar.update(1)) if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()
    finally:
        con.close()
    for message in summary.errors:
        print(f"error: {message}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _rows_out(rows: list[dict], fmt: str, columns, output: str | None) -> None:
    from .output import render_rows

    text = render_rows(rows, fmt, columns)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def cmd_timeline(args: argparse.Namespace) -> int:
    from .schema import connect

    if not args.area and not args.on:
        raise _usage("timeline needs --on DATE (the state on a date) or --area AREA (its history)")
    con = connect(args.db, readonly=True)
    try:
        if args.area:
            from .timeline import history

            rows = [t.to_dict() for t in history(con, args.area)]
            _rows_out(rows, args.format, _HISTORY_COLUMNS, args.output)
            return 0
        if args.due:
            from .due_list import due

            rows = [d.to_dict() for d in due(con, args.on, city=args.city, district=args.district, defaults=_defaults(args))]
            _rows_out(rows, args.format, _STATE_COLUMNS + ("due_since", "rule"), args.output)
            return 0
        from .timeline import state_on

        rows = [r.to_dict() for r in state_on(con, args.on, city=args.city, district=args.district)]
        _rows_out(rows, args.format, _STATE_COLUMNS, args.output)
        return 0
    finally:
        con.close()


def _defaults(args: argparse.Namespace) -> dict:
    from .rules import parse_rule_option

    out = {}
    for text in getattr(args, "rule", None) or ():
        try:
            zone, value = parse_rule_option(text)
        except ValueError as exc:
            raise _usage(str(exc)) from None
        out[zone] = value
    return out


def _usage(message: str):
    from .errors import StoreError

    return StoreError(message)


def cmd_draft(args: argparse.Namespace) -> int:
    from .draft import draft_input, draft_yaml, template_for
    from .schema import connect

    con = connect(args.db, readonly=True)
    try:
        from .timeline import check_scope

        check_scope(con, args.city, None)
        data, rows = draft_input(con, args.on, args.city, defaults=_defaults(args))
    finally:
        con.close()
    if args.format == "yaml":
        out: str | bytes = draft_yaml(data, rows)
    else:
        from ..generate import generate

        out = generate(data, template=args.template or template_for(data), format=args.format)
    if args.output:
        mode = "wb" if isinstance(out, bytes) else "w"
        with open(args.output, mode, **({} if isinstance(out, bytes) else {"encoding": "utf-8"})) as fh:
            fh.write(out)
    elif isinstance(out, bytes):
        raise _usage(f"format '{args.format}' is binary: give -o OUT")
    else:
        sys.stdout.write(out)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_zones, notice_zones, state_zones

    if args.db:
        from .schema import connect
        from .timeline import check_scope

        con = connect(args.db, readonly=True)
        try:
            check_scope(con, args.city, args.district)
            a, b = (state_zones(con, when, args.city, args.district) for when in (args.a, args.b))
        finally:
            con.close()
    else:
        from .. import parse_file

        a, b = ({k: v for n in parse_file(p).to_dict()["notices"] for k, v in notice_zones(n["changes"], n.get("city")).items()} for p in (args.a, args.b))
    rows = [r.to_dict() for r in diff_zones(a, b)]
    _rows_out(rows, args.format, ("change", "district", "area", "before", "after"), args.output)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .export import CHANGE_COLUMNS, STATE_COLUMNS, change_rows, state_rows, write_export
    from .schema import connect
    from .timeline import check_scope

    con = connect(args.db, readonly=True)
    try:
        check_scope(con, args.city, None)
        rows, columns = (state_rows(con, args.on, args.city), STATE_COLUMNS) if args.on else (change_rows(con, args.city), CHANGE_COLUMNS)
        if args.on:
            rows = iter(list(rows))  # a bad date fails here, before any file is opened
        n = write_export(rows, columns, args.to, Path(args.output))
    finally:
        con.close()
    print(f"{n} rows written to {args.output}", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the store's commands on the ``notice-nlp`` parser."""
    p = sub.add_parser("index", help="parse inputs (or read parser JSONL) into a zone store (SQLite)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, zips, crawler JSONL or the parser's JSONL output")
    p.add_argument("--db", required=True, metavar="DB", help="the store file (created when missing)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes for parsing")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)
    t = sub.add_parser("timeline", help="zones on a date (--on), an area's history (--area), areas due (--due)")
    t.add_argument("--db", required=True, metavar="DB")
    t.add_argument("--on", metavar="WHEN", help="YYYY-MM-DD (end of that day) or YYYY-MM-DDTHH:MM")
    t.add_argument("--city")
    t.add_argument("--district")
    t.add_argument("--area", help="an area key, or part of an area's name: its history")
    t.add_argument("--due", action="store_true", help="only the areas due to leave their zone by --on")
    t.add_argument("--rule", action="append", metavar="ZONE=DAYS:ZONE", help="default due rule where no notice states one (repeatable)")
    t.add_argument("--format", choices=("table", "json", "csv"), default="table")
    t.add_argument("-o", "--output", metavar="OUT")
    t.set_defaults(func=cmd_timeline)
    d = sub.add_parser("draft", help="propose the next notice of a city: the areas due by a date")
    d.add_argument("--db", required=True, metavar="DB")
    d.add_argument("--on", required=True, metavar="WHEN")
    d.add_argument("--city", required=True)
    d.add_argument("--rule", action="append", metavar="ZONE=DAYS:ZONE", help="default due rule where no notice states one (repeatable)")
    d.add_argument("--format", choices=("yaml", "text", "md", "html", "docx", "pdf"), default="yaml", help="yaml: generator input to edit; others: rendered")
    d.add_argument("--template", help="generator template (default: risk_adjustment, or lift_controls when every change lifts)")
    d.add_argument("-o", "--output", metavar="OUT")
    d.set_defaults(func=cmd_draft)
    f = sub.add_parser("diff", help="areas added, removed and re-zoned: two notice files, or a city on two dates (--db)")
    f.add_argument("a", metavar="A", help="a notice file, or with --db a date")
    f.add_argument("b", metavar="B")
    f.add_argument("--db", metavar="DB")
    f.add_argument("--city")
    f.add_argument("--district")
    f.add_argument("--format", choices=("table", "json", "csv"), default="table")
    f.add_argument("-o", "--output", metavar="OUT")
    f.set_defaults(func=cmd_diff)
    x = sub.add_parser("export", help="the store's changes (or the state on --on) as CSV, Excel or Parquet")
    x.add_argument("--db", required=True, metavar="DB")
    x.add_argument("--to", required=True, choices=("csv", "xlsx", "parquet"))
    x.add_argument("--on", metavar="WHEN", help="one row per area state at this moment instead of one per change")
    x.add_argument("--city")
    x.add_argument("-o", "--output", required=True, metavar="OUT")
    x.set_defaults(func=cmd_export)

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

        summary = index_paths(con, args.inputs, jobs=args.jobs)
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
            from .due import due

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


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the store's commands on the ``notice-nlp`` parser."""
    p = sub.add_parser("index", help="parse inputs (or read parser JSONL) into a zone store (SQLite)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, zips, crawler JSONL or the parser's JSONL output")
    p.add_argument("--db", required=True, metavar="DB", help="the store file (created when missing)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes for parsing")
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

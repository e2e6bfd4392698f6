"""``notice-nlp`` command line: thin wrappers over the public API.

Exit codes: 0 success; 1 some inputs of a batch failed; 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator, Sequence

from .errors import NoInputsError, NoticeError

__all__ = ["main"]

INPUT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".pdf", ".docx")


def _inputs(paths: Sequence[str]) -> Iterator[Path]:
    """Files named directly, and input files found (recursively) in directories, sorted."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise NoInputsError(f"directory holds no input files ({', '.join(INPUT_SUFFIXES)})", source=str(p))
            yield from found
        else:
            yield p


def _dump(obj: dict, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=2)


def cmd_parse(args: argparse.Namespace) -> int:
    from . import parse_file

    files = list(_inputs(args.paths))
    fmt = args.format or ("json" if len(files) == 1 else "jsonl")
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    failed = 0
    try:
        for f in files:
            try:
                doc = parse_file(f).to_dict(include_text=args.with_text)
            except NoticeError as exc:
                if len(files) == 1:
                    raise
                failed += 1
                print(f"error: {exc}", file=sys.stderr)
                record = {"source": {"id": str(f)}, "error": {"class": type(exc).__name__, "message": str(exc)}}
                out.write(_dump(record, "jsonl") + "\n")
                continue
            out.write(_dump(doc, fmt) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if failed:
        print(f"{failed} of {len(files)} input(s) failed", file=sys.stderr)
        return 1
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from . import parse_file, parse_text
    from .evaluate import format_scores, score

    def run(gold: dict) -> dict:
        if "text" in gold:
            return parse_text(gold["text"], source=gold.get("id")).to_dict()
        return parse_file(gold["_source_path"]).to_dict()

    tally = score(args.gold, run)
    if args.verbose:
        for line in tally.details:
            print(line)
    print(format_scores(tally.figures()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import document_schema

    print(json.dumps(document_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from . import parse_file
    from .nlp import annotate
    from .show import render_page

    doc = parse_file(args.path)
    _, annotations = annotate(doc.text)
    page = render_page(doc, annotations)
    out = args.output or (str(Path(args.path).with_suffix("")) + ".show.html")
    Path(out).write_text(page, encoding="utf-8")
    print(out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="notice-nlp", description="Parse Chinese zone notices and news reports into JSON records.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files or directories (text, HTML, PDF, DOCX)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("json", "jsonl"), help="default: json for one input, jsonl for several")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--with-text", action="store_true", help="include the document text in each record")
    p.set_defaults(func=cmd_parse)
    e = sub.add_parser("eval", help="score the parser on gold annotation files")
    e.add_argument("gold", nargs="+", metavar="GOLD")
    e.add_argument("--verbose", action="store_true", help="list every missed and extra change")
    e.set_defaults(func=cmd_eval)
    v = sub.add_parser("show", help="write an HTML page showing what was extracted from a file")
    v.add_argument("path", metavar="FILE")
    v.add_argument("-o", "--output", metavar="OUT", help="HTML file to write (default: FILE.show.html)")
    v.set_defaults(func=cmd_show)
    s = sub.add_parser("schema", help="print the JSON Schema of parse output")
    s.set_defaults(func=cmd_schema)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NoticeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

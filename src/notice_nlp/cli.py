"""``notice-nlp`` command line: thin wrappers over the public API.

Exit codes: 0 success; 1 some inputs of a batch failed; 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .errors import NoticeError

__all__ = ["main"]

from .batch import INPUT_SUFFIXES  # noqa: F401  (used by the demo)


from .cli_parse import add_parse_arguments, cmd_parse  # noqa: E402
from .output_files import check_output, write_whole  # noqa: E402


def cmd_eval(args: argparse.Namespace) -> int:
    from . import parse_file, parse_text
    from .evaluate import format_scores, score

    def run(gold: dict) -> dict:
        if "text" in gold:
            return parse_text(gold["text"], source=gold.get("id"), published=gold.get("published")).to_dict()
        return parse_file(gold["_source_path"], published=gold.get("published")).to_dict()

    tally = score(args.gold, run)
    if args.verbose:
        for line in tally.details:
            print(line)
    print(format_scores(tally.figures()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.input:
        from .generate import input_schema

        print(json.dumps(input_schema(), ensure_ascii=False, indent=2))
        return 0
    from .schema import batch_record_schema, document_schema

    schema = batch_record_schema() if getattr(args, "batch", False) else document_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate, load_input

    import warnings

    if args.output:
        check_output(args.output)
    data = load_input(args.input)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = generate(data, template=args.template, format=args.format, templates_dir=args.templates, source=args.input, font_dir=args.font_dir, docx_template=args.docx_template)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    if args.output:
        # Written only after rendering succeeded, whole or not at all: bad input never leaves a file behind.
        write_whole(args.output, out)
    elif isinstance(out, bytes):
        raise NoticeError(f"format '{args.format}' is binary: give -o OUT")
    else:
        sys.stdout.write(out)
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from .generate import catalog

    for name, spec in sorted(catalog(args.templates).items()):
        print(f"{name}\t{spec['description']}\trequired: {', '.join(spec.get('required', []))}")
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


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise NoticeError("serve needs the service extra: pip install 'notice-nlp[serve]'") from None
    from .service import Settings, serve

    settings = Settings.with_env(
        host=args.host, port=args.port, workers=args.workers, token=args.token, max_bytes=args.max_bytes,
        timeout=args.timeout, read_timeout=args.read_timeout, worker_memory_mb=args.worker_memory, log_level=args.log_level,
        db=args.db,
    )
    serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    ap = argparse.ArgumentParser(prog="notice-nlp", description="Parse Chinese zone notices and news reports into JSON records.")
    ap.add_argument("--version", action="version", version=f"notice-nlp {__version__}")
    ap.add_argument("--debug", action="store_true", help="on an unexpected error, print the trace (also accepted after the command)")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files or directories (text, HTML, PDF, DOCX)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("json", "jsonl"), help="default: json for one input, jsonl for several")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--with-text", action="store_true", help="include the document text in each record")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--resume", action="store_true", help="continue a killed run: inputs already in the JSONL output (by path, zip member or JSONL line) are not run again")
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="local processes or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:PORT); default: a LocalCluster")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--trace", action="store_true", help="one input: list on stderr the candidate areas left out, and why")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="one input: the page's publication date, for dates the text leaves without a year")
    add_parse_arguments(p)
    p.set_defaults(func=cmd_parse)
    e = sub.add_parser("eval", help="score the parser on gold annotation files")
    e.add_argument("gold", nargs="+", metavar="GOLD")
    e.add_argument("--verbose", action="store_true", help="list every missed and extra change")
    e.set_defaults(func=cmd_eval)
    v = sub.add_parser("show", help="write an HTML page showing what was extracted from a file")
    v.add_argument("path", metavar="FILE")
    v.add_argument("-o", "--output", metavar="OUT", help="HTML file to write (default: FILE.show.html)")
    v.set_defaults(func=cmd_show)
    s = sub.add_parser("schema", help="print the JSON Schema of parse output (or of generator input)")
    s.add_argument("--input", action="store_true", help="the schema of a notice input for generate")
    s.add_argument("--batch", action="store_true", help="the schema of one line of batch output (document, error or skipped record)")
    s.set_defaults(func=cmd_schema)
    gen = sub.add_parser("generate", help="render a draft notice from JSON or YAML input")
    gen.add_argument("input", metavar="INPUT")
    gen.add_argument("--template", default="risk_adjustment", help="template name (see: notice-nlp templates)")
    gen.add_argument("--format", default="text", choices=("text", "md", "html", "docx", "pdf"))
    gen.add_argument("-o", "--output", metavar="OUT")
    gen.add_argument("--templates", metavar="DIR", help="directory whose templates override the packaged ones")
    gen.add_argument("--docx-template", metavar="FILE", help="an office's own Word file with {{ placeholders }} to render into (docs/generator.md)")
    gen.add_argument("--font-dir", metavar="DIR", help="an office's own fonts for the PDF (仿宋_GB2312.ttf, 方正小标宋简体.ttf, 黑体.ttf, 楷体_GB2312.ttf …); also NOTICE_NLP_FONT_DIR")
    gen.set_defaults(func=cmd_generate)
    t = sub.add_parser("templates", help="list the notice templates and their required fields")
    t.add_argument("--templates", metavar="DIR", help="also list templates from this directory")
    t.set_defaults(func=cmd_templates)
    sv = sub.add_parser("serve", help="run the HTTP API (needs notice-nlp[serve]); OpenAPI at /docs")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--workers", type=int, metavar="N", help="worker processes for parsing (default: all cores)")
    sv.add_argument("--token", help="require 'Authorization: Bearer TOKEN' on /v1 (default: $NOTICE_NLP_TOKEN)")
    sv.add_argument("--max-bytes", type=int, metavar="N", help="largest request body (default: 10 MiB)")
    sv.add_argument("--timeout", type=float, metavar="S", help="time limit of one parse or render (default: 30)")
    sv.add_argument("--read-timeout", type=float, metavar="S", help="time limit for receiving a request body (default: 15)")
    sv.add_argument("--worker-memory", type=int, metavar="MB", help="address-space limit per worker, 0 for none (default: 2048)")
    sv.add_argument("--db", metavar="zones.sqlite", help="serve this zone store read-only: /v1/states, /v1/areas/KEY/history, /v1/due")
    sv.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    sv.set_defaults(func=cmd_serve)
    from .store.cli import add_commands as add_store_commands

    add_store_commands(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    from .cli_guard import guarded

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    args = build_parser().parse_args(argv)
    return guarded(lambda: args.func(args), debug=debug)


if __name__ == "__main__":
    sys.exit(main())

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

from .errors import NoInputsError, NoticeError

__all__ = ["main"]

from .batch import INPUT_SUFFIXES  # noqa: F401  (used by the demo)


def _dump(obj: dict, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=2)


def cmd_parse(args: argparse.Namespace) -> int:
    import itertools

    from .batch import BatchSummary, iter_tasks, parse_tasks, read_done_hashes, task_sha256

    tasks = iter_tasks(args.paths)
    head = list(itertools.islice(tasks, 2))
    if not head:
        raise NoInputsError("no inputs", source=" ".join(args.paths))
    if len(head) == 1 and not args.resume and head[0].member is None:
        # One file: a JSON document, or one clear error line and exit code 2.
        from . import parse_file
        from .places import tracing

        with tracing() as dropped:
            doc = parse_file(head[0].path, published=args.published).to_dict(include_text=args.with_text)
        if args.trace:
            for d in dropped:
                print(f"dropped\t{d.reason}\t{d.text}\t{d.span[0]}-{d.span[1]}", file=sys.stderr)
        fmt = args.format or "json"
        _write_all(args.output, [_dump(doc, fmt)])
        return 0
    if args.published:
        raise NoticeError("--published dates one input; a batch takes each page's date from its crawler JSONL record")
    if args.resume and not args.output:
        raise NoticeError("--resume needs -o OUT (the JSONL file to continue)")
    done = read_done_hashes(args.output) if args.resume else set()
    skip = (lambda t: task_sha256(t) in done) if done else None
    summary = BatchSummary()
    records = parse_tasks(
        itertools.chain(head, tasks), jobs=args.jobs, skip=skip, summary=summary, engine=args.engine, scheduler=args.scheduler, include_text=args.with_text
    )
    out = open(args.output, "a" if args.resume else "w", encoding="utf-8") if args.output else sys.stdout
    bar = _progress(args)
    try:
        for rec in records:
            out.write(rec.line + "\n")
            if rec.error is not None:
                print(f"error: {rec.error['message']}", file=sys.stderr)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _progress(args: argparse.Namespace):
    """A progress bar on stderr (documents/s, elapsed) — only on a terminal."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def _write_all(output: str | None, chunks: list[str]) -> None:
    if output:
        Path(output).write_text("".join(c + "\n" for c in chunks), encoding="utf-8")
    else:
        for c in chunks:
            sys.stdout.write(c + "\n")


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
    from .schema import document_schema

    print(json.dumps(document_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate, load_input

    import warnings

    data = load_input(args.input)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = generate(data, template=args.template, format=args.format, templates_dir=args.templates, source=args.input, font_dir=args.font_dir, docx_template=args.docx_template)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    if args.output:
        # Written only after rendering succeeded: bad input never leaves a file behind.
        target = Path(args.output)
        if isinstance(out, bytes):
            target.write_bytes(out)
        else:
            target.write_text(out, encoding="utf-8")
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
    ap = argparse.ArgumentParser(prog="notice-nlp", description="Parse Chinese zone notices and news reports into JSON records.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files or directories (text, HTML, PDF, DOCX)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("json", "jsonl"), help="default: json for one input, jsonl for several")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--with-text", action="store_true", help="include the document text in each record")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--resume", action="store_true", help="skip inputs whose sha256 is already in the output file")
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="local processes or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:PORT); default: a LocalCluster")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--trace", action="store_true", help="one input: list on stderr the candidate areas left out, and why")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="one input: the page's publication date, for dates the text leaves without a year")
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

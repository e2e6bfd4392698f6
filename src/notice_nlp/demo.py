"""``python -m notice_nlp.demo CORPUS OUT``: parse every input in a corpus folder into OUT and
print a summary table (one row per document)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import NoticeError, parse_file
from .cli import INPUT_SUFFIXES


def run(corpus: Path, out: Path) -> int:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
    if not files:
        print(f"error: {corpus}: no input files", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    failed = 0
    for f in files:
        rel = f.relative_to(corpus)
        target = out / rel.with_suffix(rel.suffix + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            doc = parse_file(f)
        except NoticeError as exc:
            failed += 1
            rows.append((str(rel), doc_format(f), "-", "-", "-", "-", f"ERROR {exc.problem}"))
            continue
        target.write_text(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        changes = sum(len(n.changes) for n in doc.notices)
        warns = sum(len(n.warnings) for n in doc.notices) + len(doc.warnings)
        issuer = next((n.issuer for n in doc.notices if n.issuer), None) or "-"
        rows.append((str(rel), doc.source.format, str(len(doc.notices)), str(changes), str(len(doc.reports)), str(warns), issuer))
    header = ("file", "format", "notices", "changes", "reports", "warnings", "issuer / error")
    widths = [max(_w(r[i]) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(_pad(c, widths[i]) if i < len(header) - 1 else c for i, c in enumerate(r)))
    print(f"\n{len(files) - failed} parsed, {failed} failed; JSON written to {out}/")
    return 0


def doc_format(path: Path) -> str:
    return path.suffix.lstrip(".") or "?"


def _w(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _w(s))


if __name__ == "__main__":
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "out")
    sys.exit(run(corpus, out))

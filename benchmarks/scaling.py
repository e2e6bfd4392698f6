"""How parse_text's cost grows with the size of one input (run by hand, not in the test suite).

One text is built from the corpus pages (notices and newspaper pages, repeated in turn) to
0.1, 1 and 10 MB of UTF-8; each size is parsed once in a process of its own, after a warm-up
parse, and the CPU time and peak RSS are printed with the growth exponent between sizes
(1.0 is linear).

Usage: python benchmarks/scaling.py [SIZE_MB …]      (default: 0.1 1 10)
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from notice_nlp import parse_text
from notice_nlp.ingest import load_path

texts = [load_path(p).text for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
target = float(sys.argv[2]) * 1024 * 1024
parts, size = [], 0
while size < target:
    for t in texts:
        parts.append(t)
        size += len(t.encode("utf-8")) + 2
        if size >= target:
            break
text = "\n\n".join(parts)
parse_text(texts[0])  # warm-up: gazetteer, tokenizer, patterns
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cpu, wall = time.process_time(), time.perf_counter()
doc = parse_text(text)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"mb": size / 1048576, "chars": len(text), "cpu": cpu, "wall": wall, "peak_mb": peak / 1024,
                  "base_mb": before / 1024, "notices": len(doc.notices), "reports": len(doc.reports)}))
"""


def measure(mb: float) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT / "corpus"), str(mb)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [0.1, 1.0, 10.0]
    prev = None
    print(f"{'MB':>6} {'chars':>10} {'cpu s':>8} {'s/MB':>6} {'peak MB':>8} {'growth':>7}")
    for mb in sizes:
        r = measure(mb)
        growth = ""
        if prev is not None:
            growth = f"{math.log(r['cpu'] / prev['cpu']) / math.log(r['mb'] / prev['mb']):.2f}"
        print(f"{r['mb']:6.2f} {r['chars']:10d} {r['cpu']:8.2f} {r['cpu'] / r['mb']:6.2f} {r['peak_mb']:8.0f} {growth:>7}")
        prev = r


if __name__ == "__main__":
    main(sys.argv[1:])

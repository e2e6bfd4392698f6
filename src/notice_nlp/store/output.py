"""Rows out: an aligned table for people, JSON and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Sequence

__all__ = ["render_rows", "ZONE_LABELS"]

ZONE_LABELS = {
    "high_risk": "高风险区", "medium_risk": "中风险区", "low_risk": "低风险区", "sealed": "封控区",
    "controlled": "管控区", "precaution": "防范区", "lifted": "解除",
}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return " ".join(str(x) for x in v)
    if isinstance(v, bool):
        return "yes" if v else ""
    return str(v)


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def render_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> str:
    """``rows`` as ``json`` (an array of the full rows), ``csv`` or ``table`` (``columns`` only)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue()
    cells = [list(columns)] + [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"

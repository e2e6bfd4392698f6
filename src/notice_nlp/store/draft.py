"""The next notice, proposed: the areas due by a date, as generator input (YAML a person edits),
rendered through the existing templates on request. What is drafted parses back to the
proposed changes."""

from __future__ import annotations

import sqlite3
from typing import Any, Mapping

from .due_list import DueRow, due
from .errors import StoreError
from .events import parse_when

__all__ = ["draft_input", "draft_yaml", "template_for"]


def _issuer(con: sqlite3.Connection, city: str) -> tuple[str | None, str | None]:
    """The body that numbers the city's notices (the latest with a number), and its province."""
    row = con.execute(
        "SELECT issuer, province FROM notices WHERE city = ? AND doc_number IS NOT NULL AND issuer IS NOT NULL ORDER BY issue_date DESC, id DESC LIMIT 1", (city,)
    ).fetchone()
    if row is None:
        row = con.execute("SELECT issuer, province FROM notices WHERE city = ? AND issuer IS NOT NULL ORDER BY issue_date DESC LIMIT 1", (city,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def draft_input(con: sqlite3.Connection, on: str, city: str, *, defaults: Mapping[str, tuple[int, str]] | None = None) -> tuple[dict[str, Any], list[DueRow]]:
    """Generator input for the city's next notice on ``on``, and the due rows it proposes."""
    when = parse_when(on)
    rows = [r for r in due(con, when, city=city, defaults=defaults) if not r.state.key.endswith("|*")]
    if not rows:
        raise StoreError(f"no area of {city} is due by {when}: nothing to draft")
    issuer, province = _issuer(con, city)
    changes = [
        {"district": r.state.district, "area": r.state.area, "from_zone": r.state.zone, "to_zone": r.to_zone}
        for r in sorted(rows, key=lambda r: (r.state.key.split("|")[0], r.state.area))
    ]
    data = {"issuer": issuer or f"{city}疫情防控指挥部", "doc_number": None, "issue_date": when[:10], "effective": None,
            "province": province, "city": city, "changes": changes}
    return data, rows


def template_for(data: dict[str, Any]) -> str:
    return "lift_controls" if all(c["to_zone"] == "lifted" for c in data["changes"]) else "risk_adjustment"


def draft_yaml(data: dict[str, Any], rows: list[DueRow]) -> str:
    """The input as YAML, headed by comments: the areas by district with counts, and the rules."""
    import yaml

    by_district: dict[str, int] = {}
    for c in data["changes"]:
        by_district[c["district"]] = by_district.get(c["district"], 0) + 1
    head = [f"# Draft: areas of {data['city']} due by {data['issue_date']} ({len(rows)}); edit, then: notice-nlp generate THIS.yaml"]
    head += [f"#   {d}: {n}" for d, n in by_district.items()]
    for rule in sorted({(r.rule, r.rule_source) for r in rows}):
        head.append(f"#   rule ({rule[1]}): {rule[0]}")
    body = yaml.safe_dump({k: v for k, v in data.items() if v is not None}, allow_unicode=True, sort_keys=False)
    return "\n".join(head) + "\n" + body

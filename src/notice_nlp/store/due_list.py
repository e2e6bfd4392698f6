"""Areas due to leave their zone by a date, under the rule their notices state (or a default)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any, Mapping

from .events import parse_when
from .rules import Rule, default_rules
from .timeline import StateRow, state_on

__all__ = ["DueRow", "due", "rule_for"]


@dataclass(frozen=True)
class DueRow:
    """A state row that its rule says is due: since ``due_since``, to ``to_zone``."""

    state: StateRow
    due_since: str
    to_zone: str
    rule: str
    rule_source: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.state.to_dict(), due_since=self.due_since, to_zone=self.to_zone, rule=self.rule, rule_source=self.rule_source)


def rule_for(con: sqlite3.Connection, row: StateRow, on: str, defaults: dict[str, Rule]) -> tuple[Rule, str] | None:
    """The rule for a row's zone: the one its own notice states, else the latest one stated by a
    notice of its city issued by ``on``, else the default; with where it came from."""
    own = con.execute("SELECT from_zone, to_zone, days, text FROM rules WHERE notice_id = ? AND from_zone = ?", (row.notice_id, row.zone)).fetchone()
    if own:
        return Rule(*own), f"notice {row.doc_number or row.notice_id}"
    city = con.execute(
        "SELECT r.from_zone, r.to_zone, r.days, r.text, n.doc_number, n.id FROM rules r JOIN notices n ON n.id = r.notice_id"
        " WHERE r.from_zone = ? AND n.city IS ? AND coalesce(n.issue_date, n.effective) <= ? ORDER BY n.issue_date DESC, n.id DESC LIMIT 1",
        (row.zone, row.city, on[:10]),
    ).fetchone()
    if city:
        return Rule(*city[:4]), f"notice {city[4] or city[5]}"
    if row.zone in defaults:
        return defaults[row.zone], "default"
    return None


def due(con: sqlite3.Connection, on: str, *, city: str | None = None, district: str | None = None, defaults: Mapping[str, tuple[int, str]] | None = None) -> list[DueRow]:
    """The areas whose zone is due to end (or go down) by ``on``."""
    when = parse_when(on)
    rules = default_rules(defaults)
    out = []
    for row in state_on(con, when, city=city, district=district):
        found = rule_for(con, row, when, rules)
        if found is None:
            continue
        rule, where = found
        since = dt.datetime.fromisoformat(row.since)
        due_since = (since + dt.timedelta(days=rule.days)).strftime("%Y-%m-%dT%H:%M")
        if due_since <= when:
            out.append(DueRow(row, due_since, rule.to_zone, f"{rule.days}天 → {rule.to_zone}: {rule.text}", where))
    return out

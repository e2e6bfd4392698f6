"""The zone store: parsed notices in one SQLite file, and what follows from them — the zone of
every area on a date, an area's history, the areas due to change, the next notice drafted.

    from notice_nlp import store
    with store.open("zones.sqlite") as s:
        s.index(["archive/"])
        rows = s.state_on("2022-11-26T12:00", city="太原市")
        steps = s.history("义井街道")
        due = s.due("2022-11-30", city="太原市")

``docs/store.md`` documents the file's tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import StoreError
from .schema import SCHEMA_VERSION, connect
from .timeline import StateRow, Transition

__all__ = ["open", "Store", "StoreError", "StateRow", "Transition", "SCHEMA_VERSION", "state_on", "history", "due"]


class Store:
    """An open store. ``readonly`` stores never create or migrate the file."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.con: sqlite3.Connection = connect(path, create=not readonly, readonly=readonly)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def index(self, paths: list[str], *, jobs: int = 1, progress=None):
        from .index import index_paths

        return index_paths(self.con, paths, jobs=jobs, progress=progress)

    def index_records(self, records: Iterable[dict]):
        from .index import index_records

        return index_records(self.con, records)

    def state_on(self, on: str, *, city: str | None = None, district: str | None = None) -> list[StateRow]:
        from .timeline import state_on

        return state_on(self.con, on, city=city, district=district)

    def history(self, area: str) -> list[Transition]:
        from .timeline import history

        return history(self.con, area)

    def due(self, on: str, *, city: str | None = None, district: str | None = None, defaults: Mapping[str, tuple[int, str]] | None = None) -> list[Any]:
        from .due_list import due

        return due(self.con, on, city=city, district=district, defaults=defaults)


def open(path: str | Path, *, readonly: bool = False) -> Store:  # noqa: A001 - the API the issue names
    """Open (or create) the store at ``path``."""
    return Store(path, readonly=readonly)


def state_on(path: str | Path, on: str, **kw: Any) -> list[StateRow]:
    with Store(path, readonly=True) as s:
        return s.state_on(on, **kw)


def history(path: str | Path, area: str) -> list[Transition]:
    with Store(path, readonly=True) as s:
        return s.history(area)


def due(path: str | Path, on: str, **kw: Any) -> list[Any]:
    with Store(path, readonly=True) as s:
        return s.due(on, **kw)

"""Read-only endpoints over a zone store (``notice-nlp serve --db zones.sqlite``): the zones of a
city on a date, an area's history, the areas due to change. Each request opens the store read-only
in a thread of its own; a query over the time limit is interrupted (SQLite progress handler)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any, Callable

from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from .jobs import json_bytes
from .problems import ProblemError
from .settings import Settings

__all__ = ["store_router"]


def _query(settings: Settings, fn: Callable[[sqlite3.Connection], list[Any]], deadline: float) -> bytes:
    from ..errors import NoticeError
    from ..store.schema import connect

    try:
        con = connect(settings.db, readonly=True)
    except NoticeError as exc:
        raise ProblemError(503, "Store unavailable", str(exc), kind="store-unavailable", error_class=type(exc).__name__) from None
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        return json_bytes([row.to_dict() for row in fn(con)])
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise ProblemError(504, "Time limit exceeded", f"the store query took longer than {settings.timeout:g} s", kind="timeout", error_class="TimeoutError") from None
        raise
    except NoticeError as exc:
        raise ProblemError(422, "Unprocessable request", str(exc), kind="store-error", error_class=type(exc).__name__) from None
    finally:
        con.close()


def store_router(settings: Settings, dependencies: list, responses: dict) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=dependencies, tags=["store"], responses=responses)
    rows = {200: {"description": "rows as `notice-nlp timeline --format json` writes them", "content": {"application/json": {}}}}

    async def run(fn: Callable[[sqlite3.Connection], list[Any]]) -> Response:
        if settings.db is None:
            raise ProblemError(404, "No store", "the service was started without a zone store (notice-nlp serve --db zones.sqlite)", kind="no-store")
        deadline = time.monotonic() + settings.timeout
        body = await asyncio.get_running_loop().run_in_executor(None, _query, settings, fn, deadline)
        return Response(body, media_type="application/json")

    @router.get("/states", responses=rows)
    async def states(
        on: str = Query(..., max_length=40, description="a date or time, YYYY-MM-DD[THH:MM]"),
        city: str | None = Query(None, max_length=100),
        district: str | None = Query(None, max_length=100),
    ) -> Response:
        """The zone of every area on a date: since when, and by which notice."""
        from ..store.timeline import state_on

        return await run(lambda con: state_on(con, on, city=city, district=district))

    @router.get("/areas/{key}/history", responses=rows)
    async def area_history(key: str = Path(..., max_length=500, description="an area key, or part of an area's name")) -> Response:
        """Every change of the matching areas, in order, with the notice that made it."""
        from ..store.timeline import history

        return await run(lambda con: history(con, key))

    @router.get("/due", responses=rows)
    async def due(
        on: str = Query(..., max_length=40, description="a date or time, YYYY-MM-DD[THH:MM]"),
        city: str | None = Query(None, max_length=100),
        district: str | None = Query(None, max_length=100),
    ) -> Response:
        """The areas due to leave their zone by a date, by the rule a notice states (or the default)."""
        from ..store.due_list import due as due_list

        return await run(lambda con: due_list(con, on, city=city, district=district))

    return router

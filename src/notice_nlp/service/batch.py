"""``POST /v1/parse/batch``: NDJSON in, NDJSON out. Every non-blank input line gives one output
line, in input order: the Document, or an error record ``{"source": {...}, "error": {"class",
"message"}}`` as the CLI's batch writes. Records stream out as they are ready, with at most two
jobs per worker in flight."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import AsyncIterator

from pydantic import ValidationError
from starlette.responses import StreamingResponse

from .models import ParseRequest
from .jobs import json_bytes
from .problems import ProblemError
from .settings import Settings
from .workers import WorkerPool

__all__ = ["batch_response"]


def _error_record(source: str, cls: str, message: str) -> dict:
    return {"source": {"id": source, "sha256": None}, "error": {"class": cls, "message": f"{source}: {message}"}}


async def _record(line: bytes, number: int, pool: WorkerPool, settings: Settings, with_text: bool) -> bytes:
    from .app import run_job_or_problem

    name = f"line {number}"
    try:
        req = ParseRequest.model_validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "line"
        return json_bytes(_error_record(name, "ValidationError", f"{where}: {first.get('msg', 'invalid')}"[:300]))
    source = req.source or name
    try:
        return await run_job_or_problem(pool, "parse_text", (req.text, source, req.published, with_text), settings.timeout)
    except ProblemError as exc:
        detail = exc.detail.removeprefix(f"{source}: ")
        return json_bytes(_error_record(source, exc.error_class or exc.kind, detail))


async def batch_response(body: bytes, pool: WorkerPool, settings: Settings, with_text: bool) -> StreamingResponse:
    lines = [(n, line) for n, line in enumerate(body.split(b"\n"), 1) if line.strip()]
    if not lines:
        raise ProblemError(422, "Empty batch", "the body holds no NDJSON line", kind="empty-batch", error_class="EmptyInputError")
    if len(lines) > settings.max_batch_lines:
        raise ProblemError(413, "Too many lines", f"{len(lines)} lines; the limit is {settings.max_batch_lines}", kind="too-many-lines")

    async def records() -> AsyncIterator[bytes]:
        in_flight: deque[asyncio.Task] = deque()
        todo = iter(lines)
        try:
            while True:
                while len(in_flight) < 2 * pool.size and (item := next(todo, None)) is not None:
                    in_flight.append(asyncio.ensure_future(_record(item[1], item[0], pool, settings, with_text)))
                if not in_flight:
                    return
                yield await in_flight.popleft() + b"\n"
        finally:
            for t in in_flight:
                t.cancel()

    return StreamingResponse(records(), media_type="application/x-ndjson")

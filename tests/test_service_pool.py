"""The service's worker pool on its own: jobs queued in a worker's pipe behind a running one
(so the worker goes on without waiting for the serving process), and what becomes of them when
the job ahead runs out of time."""

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("fastapi")

from notice_nlp.service.workers import JobTimeout, WorkerPool  # noqa: E402

SHORT = "自2022年10月3日起,将涪城区城郊街道锦绣花园小区由高风险区调整为低风险区。"
LONG = SHORT * 12000  # several seconds of parsing


def _parse(text: str) -> tuple:
    return ("parse_text", (text, None, None, False))


@pytest.fixture
def pool():
    """One worker; a pool of its own for each test (it lives on one event loop)."""
    p = WorkerPool(1, memory_mb=0)
    p.start()
    yield p
    p.close()


def test_a_job_queued_behind_one_that_times_out_is_answered_by_the_next_worker(pool):
    async def scenario():
        slow = asyncio.ensure_future(pool.run(*_parse(LONG), timeout=1.0))
        await asyncio.sleep(0.01)  # the slow job is written to the only worker
        short = asyncio.ensure_future(pool.run(*_parse(SHORT), timeout=60.0))
        await asyncio.sleep(0.01)
        queued_in_pipe = [len(w.jobs) for w in pool._live]
        results = await asyncio.gather(slow, short, return_exceptions=True)
        return queued_in_pipe, results

    t0 = time.monotonic()
    queued_in_pipe, (slow, short) = asyncio.run(scenario())
    assert queued_in_pipe == [2]  # behind the slow one, not waiting in the pool
    assert isinstance(slow, JobTimeout)
    assert short[0] == "ok" and b'"notices"' in short[1]  # answered by the replacement worker
    assert pool.replaced == 1 and time.monotonic() - t0 < 60


def test_no_job_is_queued_behind_one_that_has_run_long(pool):
    async def scenario():
        slow = asyncio.ensure_future(pool.run(*_parse(LONG), timeout=1.5))
        await asyncio.sleep(0.3)  # well past the moment it started
        short = asyncio.ensure_future(pool.run(*_parse(SHORT), timeout=60.0))
        await asyncio.sleep(0.01)
        queued_in_pipe = [len(w.jobs) for w in pool._live]
        results = await asyncio.gather(slow, short, return_exceptions=True)
        return queued_in_pipe, results

    queued_in_pipe, (slow, short) = asyncio.run(scenario())
    assert queued_in_pipe == [1]  # the short job waited in the pool
    assert isinstance(slow, JobTimeout) and short[0] == "ok"

"""The service's worker pool on its own: jobs queued in a worker's pipe behind a running one
(so the worker goes on without waiting for the serving process), and what becomes of them when
the job ahead runs out of time."""

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("fastapi")

from notice_nlp.service import workers  # noqa: E402
from notice_nlp.service.workers import _BEHIND_BYTES, JobTimeout, WorkerPool  # noqa: E402

SHORT = "自2022年10月3日起,将涪城区城郊街道锦绣花园小区由高风险区调整为低风险区。"
LONG = SHORT * 12000  # several seconds of parsing
# under 16 KiB but slower than a hundredth of a second (about 0.04 s): a notice listing many
# places, line after line
SLOW_SMALL = "上城区关于调整风险区域的通告\n自2022年10月8日起,将上城区甲小区、乙小区、丙家园3号楼调整为高风险区。\n" * 80


def _parse(text: str) -> tuple:
    return ("parse_text", (text, None, None, False))


@pytest.fixture
def pool():
    """One worker; a pool of its own for each test (it lives on one event loop)."""
    p = WorkerPool(1, memory_mb=0)
    p.start()
    assert len(SLOW_SMALL.encode("utf-8")) < _BEHIND_BYTES < len(LONG.encode("utf-8"))
    yield p
    p.close()


def _short_behind_slow(pool, slow_text: str, slow_limit: float, started: float = 0.0, written: float = 0.0):
    """With the worker's pipe open, a slow job and then a short one: how many jobs sit in each
    worker's pipe once the short one is handed out, and both results. ``started``: how long the
    slow job runs before the short one comes; ``written``: how long the short one is given to be
    handed out."""

    async def scenario():
        await pool.run(*_parse(SHORT), timeout=60.0)  # the worker's pipe open
        slow = asyncio.ensure_future(pool.run(*_parse(slow_text), timeout=slow_limit))
        await asyncio.sleep(started)  # the slow job is written to the only worker
        short = asyncio.ensure_future(pool.run(*_parse(SHORT), timeout=60.0))
        await asyncio.sleep(written)
        queued_in_pipe = [len(w.jobs) for w in pool._live]
        results = await asyncio.gather(slow, short, return_exceptions=True)
        return queued_in_pipe, results

    return asyncio.run(scenario())


def test_a_job_queued_behind_one_that_times_out_is_answered_by_the_next_worker(pool):
    # small (within the bytes a job may be queued behind) but slow: a notice of many listed
    # places parses slower per character than plain text
    t0 = time.monotonic()
    queued_in_pipe, (slow, short) = _short_behind_slow(pool, SLOW_SMALL, 0.01)
    assert queued_in_pipe == [2]  # behind the slow one, not waiting in the pool
    assert isinstance(slow, JobTimeout)
    assert short[0] == "ok" and b'"notices"' in short[1]  # answered by the replacement worker
    assert pool.replaced == 1 and time.monotonic() - t0 < 60


def test_no_job_is_queued_behind_a_large_one(pool):
    queued_in_pipe, (slow, short) = _short_behind_slow(pool, LONG, 0.5)
    assert queued_in_pipe == [1]  # the short job waited in the pool
    assert isinstance(slow, JobTimeout) and short[0] == "ok"


def test_no_job_is_queued_behind_one_that_has_run_long(pool, monkeypatch):
    monkeypatch.setattr(workers, "_BEHIND_BYTES", 2**30)  # the time rule alone
    # the short job comes well past the moment the slow one started
    queued_in_pipe, (slow, short) = _short_behind_slow(pool, LONG, 0.6, started=0.3, written=0.01)
    assert queued_in_pipe == [1]  # the short job waited in the pool
    assert isinstance(slow, JobTimeout) and short[0] == "ok"


def test_a_worker_dead_before_its_first_job_is_replaced_and_the_job_waits_for_the_new_one(pool):
    (dead,) = pool._started
    dead.process.kill()
    dead.process.join(5)
    kind, body = asyncio.run(pool.run(*_parse(SHORT), timeout=60.0))
    assert kind == "ok" and b'"notices"' in body and pool.replaced == 1

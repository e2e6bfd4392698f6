"""A pool of worker processes for parsing and rendering, kept off the event loop.

Each worker is a process with a pipe of its own. A job that outlives its time limit gets its
worker killed and replaced (a ``ProcessPoolExecutor`` cannot stop one task without breaking the
whole pool); a worker that dies (out of memory, a crash in an extension) is replaced the same
way. Workers leave when the server goes: the pipe closes, and a watchdog notices the parent
process is gone even in the middle of a job.

Jobs are handed out on the event loop itself: each worker's pipe is an asyncio stream, the job
is written to it and the worker's answer read from it, in the frames of
:class:`multiprocessing.connection.Connection` (no thread per job: a thread hop and its wake-ups
cost more than a small parse's whole HTTP handling, and the loop never blocks on a worker).

When every worker is busy, a waiting job is written to a worker's pipe behind the job it is
doing (at most ``depth`` jobs per worker), so that the worker starts on it as soon as it has
answered instead of waiting for the serving process to be scheduled and hand it over; on a
loaded machine that wait is as long as a small parse. Idle workers are always chosen first,
and a job is queued only behind small ones (parsing time grows with the input, so a job of
at most ``_BEHIND_BYTES`` is done in tens of milliseconds) that have not yet run
``_BEHIND_SECONDS``: otherwise it waits in the pool for the first worker to come free, and a
short document never waits for a long one on a worker while another worker is free. A job
queued behind one that times out is not lost with that worker: it goes back to the front of
the queue."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import signal
import threading
import time
import pickle
import socket
import struct
from collections import deque

__all__ = ["WorkerPool", "JobTimeout", "PoolBusy", "WorkerLost"]

# a job is written to a busy worker's pipe only behind jobs this small, running this briefly
_BEHIND_BYTES = 16 * 1024
_BEHIND_SECONDS = 0.05


class JobTimeout(Exception):
    """A job ran past its time limit; its worker was replaced."""


class PoolBusy(Exception):
    """No worker became free within the time limit, or too many requests are waiting."""


class WorkerLost(Exception):
    """The worker died during the job (e.g. over its memory limit); it was replaced."""


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _worker_main(conn, memory_mb: int) -> None:
    from .jobs import run_job, warm

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if memory_mb > 0:
        import resource

        limit = memory_mb * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    warm()
    conn.send(("ready",))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        except Exception as exc:  # an unpicklable job: answer, stay alive
            result: tuple = ("bug", type(exc).__name__, str(exc)[:200], None)
        else:
            result = run_job(name, args)
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:
            conn.send(("bug", type(exc).__name__, "result could not be sent back", None))


class _Worker:
    """A worker process and its pipe: a blocking :class:`~multiprocessing.connection.Connection`
    until the worker is ready, then asyncio streams on the event loop (:meth:`WorkerPool._open`)."""

    def __init__(self, ctx, memory_mb: int) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, memory_mb), daemon=True, name="notice-nlp-worker")
        self.process.start()
        child.close()
        self.conn = parent
        self.writer: asyncio.StreamWriter | None = None
        self.jobs: deque[_Job] = deque()  # written to the pipe, in order; the first is running
        self.since = 0.0  # loop time when the first of them started
        self.retired = False

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout) or self.conn.recv() != ("ready",):
            raise WorkerLost("a new worker did not start")

    def stop(self, *, kill: bool) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        try:
            self.conn.close()
        except OSError:
            pass
        self.process.join(2.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)


class _Job:
    __slots__ = ("frame", "answer", "worker")

    def __init__(self, frame: bytes, answer: asyncio.Future) -> None:
        self.frame, self.answer = frame, answer
        self.worker: _Worker | None = None  # None while queued in the pool


def _small(jobs: deque[_Job]) -> bool:
    return sum(len(j.frame) for j in jobs) <= _BEHIND_BYTES


def _frame(data: bytes) -> bytes:
    """``data`` as one message of a multiprocessing Connection."""
    n = len(data)
    return (struct.pack("!i", n) if n <= 0x7FFFFFFF else struct.pack("!iQ", -1, n)) + data


class WorkerPool:
    """``size`` worker processes; :meth:`run` awaits one job with a time limit."""

    def __init__(self, size: int, *, memory_mb: int = 0, max_waiting: int | None = None, depth: int = 2) -> None:
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.max_waiting = max_waiting if max_waiting is not None else 64 * self.size
        self.depth = max(1, depth)
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._ctx.set_forkserver_preload(["notice_nlp", "notice_nlp.service.jobs"])
        self._started: list[_Worker] = []  # ready, streams not yet opened (start(), respawns)
        # on the event loop only:
        self._live: list[_Worker] = []
        self._queue: deque[_Job] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0

    def start(self, timeout: float = 120.0) -> None:
        """Start the workers and wait until each has loaded its data."""
        fresh = [self._new_worker() for _ in range(self.size)]
        for w in fresh:
            w.wait_ready(timeout)
        with self._lock:
            self._started.extend(fresh)

    def _new_worker(self) -> _Worker:
        w = _Worker(self._ctx, self.memory_mb)
        with self._lock:
            self._workers = [x for x in self._workers if x.process.is_alive()] + [w]
        return w

    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._workers if w.process.is_alive())

    async def run(self, name: str, args: tuple, *, timeout: float) -> tuple:
        """The job's result tuple (see :mod:`.jobs`); raises JobTimeout, PoolBusy or WorkerLost."""
        loop = self._loop = asyncio.get_running_loop()
        if self._started:
            await self._open_started(loop)
        try:
            frame = _frame(pickle.dumps((name, args), pickle.HIGHEST_PROTOCOL))  # read by Connection.recv
        except Exception as exc:  # an unpicklable job: answered, no worker involved
            return ("bug", type(exc).__name__, str(exc)[:200], None)
        if len(self._queue) >= self.max_waiting:
            raise PoolBusy
        job = _Job(frame, loop.create_future())
        self._queue.append(job)
        timer = loop.call_at(loop.time() + timeout, self._time_up, job)
        self._dispatch()
        try:
            body = await job.answer  # set by the worker's reader (_pump), or the timer
        finally:
            timer.cancel()
        return pickle.loads(body)

    def _dispatch(self) -> None:
        """Write queued jobs to the least busy workers with room (event loop only)."""
        now = self._loop.time() if self._loop is not None else 0.0
        while self._queue:
            job = self._queue[0]
            if job.answer.done():  # timed out or its request went away while queued
                self._queue.popleft()
                continue
            free = [w for w in self._live if not w.jobs or (len(w.jobs) < self.depth and now - w.since < _BEHIND_SECONDS and _small(w.jobs))]
            if not free:
                return
            worker = min(free, key=lambda w: len(w.jobs))
            self._queue.popleft()
            job.worker = worker
            if not worker.jobs:
                worker.since = now
            worker.jobs.append(job)
            worker.writer.write(job.frame)  # type: ignore[union-attr]

    def _time_up(self, job: _Job) -> None:
        if job.answer.done():
            return
        worker = job.worker
        if worker is not None and worker.jobs and worker.jobs[0] is job:
            job.answer.set_exception(JobTimeout())
            self._replace_later(worker)
        else:  # still waiting, in the pool or behind another job: no worker got to it in time
            job.answer.set_exception(PoolBusy())

    async def _open_started(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            started, self._started = self._started, []
        for w in started:
            await self._open(loop, w)

    async def _open(self, loop: asyncio.AbstractEventLoop, worker: _Worker) -> None:
        """The worker's pipe as asyncio streams, a task reading its answers, and the worker
        in service."""
        if self._closed:
            worker.stop(kill=True)
            return
        if not worker.process.is_alive():  # died while waiting to be opened: replaced instead
            self._replace_later(worker)
            return
        sock = socket.socket(fileno=os.dup(worker.conn.fileno()))
        worker.conn.close()
        reader, worker.writer = await asyncio.open_connection(sock=sock, limit=2**20)
        loop.create_task(self._pump(worker, reader), name="notice-nlp-worker-pipe")
        self._live.append(worker)
        self._dispatch()

    async def _pump(self, worker: _Worker, reader: asyncio.StreamReader) -> None:
        """Hand each answer to the job waiting for it and give the worker its next job; a job
        whose request went away still has its answer read. At the end of the pipe the worker
        is gone: its running job fails with WorkerLost, the ones behind it are queued again."""
        try:
            while True:
                (size,) = struct.unpack("!i", await reader.readexactly(4))
                if size == -1:
                    (size,) = struct.unpack("!Q", await reader.readexactly(8))
                body = await reader.readexactly(size)
                if worker.retired:
                    return
                if not worker.jobs:  # out of step: nothing asked
                    break
                job = worker.jobs.popleft()
                worker.since = self._loop.time()  # type: ignore[union-attr]
                if not job.answer.done():
                    job.answer.set_result(body)
                self._dispatch()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        except asyncio.CancelledError:
            return
        if worker.jobs:
            running = worker.jobs[0]
            if not running.answer.done():
                running.answer.set_exception(WorkerLost())
        self._replace_later(worker)

    def _replace_later(self, worker: _Worker) -> None:
        """Kill ``worker``, queue again the jobs it had not started, and put a new worker in
        the pool once it has loaded (in the background: the request that lost the worker is
        answered at once). Event loop only."""
        if worker.retired:
            return
        worker.retired = True
        if worker in self._live:
            self._live.remove(worker)
        waiting = [j for j in list(worker.jobs)[1:] if not j.answer.done()]
        worker.jobs.clear()
        for job in reversed(waiting):
            job.worker = None
            self._queue.appendleft(job)
        if worker.writer is not None:
            worker.writer.close()
        if worker.process.is_alive():
            worker.process.kill()
        if self._closed:
            return
        self.replaced += 1
        self._dispatch()
        loop = self._loop

        def start() -> None:
            worker.stop(kill=True)  # the wait for its end, off the event loop
            for _ in range(3):
                if self._closed:
                    return
                w = self._new_worker()
                try:
                    w.wait_ready(120.0)
                except (WorkerLost, EOFError, OSError):
                    w.stop(kill=True)
                    continue
                try:
                    if loop is None:
                        raise RuntimeError("no event loop")
                    asyncio.run_coroutine_threadsafe(self._open(loop, w), loop)
                except RuntimeError:  # the loop has closed: the server is going
                    w.stop(kill=False)
                return

        threading.Thread(target=start, name="notice-nlp-respawn", daemon=True).start()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = self._workers, []
        for w in workers:
            w.retired = True
            if w.writer is not None:  # its pipe closes on a later turn of the loop: end it now
                try:
                    w.writer.close()
                except RuntimeError:  # that loop has already closed
                    pass
                w.process.terminate()
            w.stop(kill=False)

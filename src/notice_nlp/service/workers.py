"""A pool of worker processes for parsing and rendering, kept off the event loop.

Each worker is a process with a pipe of its own. A job that outlives its time limit gets its
worker killed and replaced (a ``ProcessPoolExecutor`` cannot stop one task without breaking the
whole pool); a worker that dies (out of memory, a crash in an extension) is replaced the same
way. Workers leave when the server goes: the pipe closes, and a watchdog notices the parent
process is gone even in the middle of a job.

Jobs are handed out on the event loop itself: each worker's pipe is an asyncio stream, the job
is written to it and the worker's answer read from it, in the frames of
:class:`multiprocessing.connection.Connection` (no thread per job: a thread hop and its wake-ups
cost more than a small parse's whole HTTP handling, and the loop never blocks on a worker)."""

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
from multiprocessing.reduction import ForkingPickler

__all__ = ["WorkerPool", "JobTimeout", "PoolBusy", "WorkerLost"]


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
        self.pending: asyncio.Future | None = None  # the answer of the job in progress
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


def _frame(data: bytes) -> bytes:
    """``data`` as one message of a multiprocessing Connection."""
    n = len(data)
    return (struct.pack("!i", n) if n <= 0x7FFFFFFF else struct.pack("!iQ", -1, n)) + data


class WorkerPool:
    """``size`` worker processes; :meth:`run` awaits one job with a time limit."""

    def __init__(self, size: int, *, memory_mb: int = 0, max_waiting: int | None = None) -> None:
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.max_waiting = max_waiting if max_waiting is not None else 64 * self.size
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._ctx.set_forkserver_preload(["notice_nlp", "notice_nlp.service.jobs"])
        # touched on the event loop only (start() fills _idle before the first request)
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._waiting = 0
        self._closed = False
        self.replaced = 0

    def start(self, timeout: float = 120.0) -> None:
        """Start the workers and wait until each has loaded its data."""
        fresh = [self._new_worker() for _ in range(self.size)]
        for w in fresh:
            w.wait_ready(timeout)
            self._idle.append(w)

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
        deadline = loop.time() + timeout
        try:
            data = _frame(bytes(ForkingPickler.dumps((name, args))))
        except Exception as exc:  # an unpicklable job: answered, no worker involved
            return ("bug", type(exc).__name__, str(exc)[:200], None)
        worker = await self._acquire(loop, deadline)
        answer = worker.pending = loop.create_future()
        worker.writer.write(data)  # type: ignore[union-attr]
        timer = loop.call_at(deadline, self._time_up, worker, answer)
        try:
            body = await answer  # set by the worker's reader (_pump)
        finally:
            timer.cancel()
        return pickle.loads(body)

    def _time_up(self, worker: _Worker, answer: asyncio.Future) -> None:
        if not answer.done():
            answer.set_exception(JobTimeout())
            self._replace_later(worker)

    async def _acquire(self, loop: asyncio.AbstractEventLoop, deadline: float) -> _Worker:
        while True:
            if self._idle:
                worker = self._idle.popleft()
            else:
                if self._waiting >= self.max_waiting:
                    raise PoolBusy
                fut = loop.create_future()
                self._waiters.append(fut)
                self._waiting += 1
                timer = loop.call_at(deadline, _expire, fut)
                try:
                    worker = await fut
                except asyncio.CancelledError:
                    if fut.done() and not fut.cancelled() and fut.exception() is None:
                        self._release(fut.result())  # handed a worker, but going away
                    raise
                finally:
                    self._waiting -= 1
                    timer.cancel()
            if worker.retired:  # died while idle: the job goes to another
                continue
            if worker.writer is None:
                await self._open(loop, worker)
            return worker

    async def _open(self, loop: asyncio.AbstractEventLoop, worker: _Worker) -> None:
        """The worker's pipe as asyncio streams, and a task reading its answers."""
        sock = socket.socket(fileno=os.dup(worker.conn.fileno()))
        worker.conn.close()
        reader, worker.writer = await asyncio.open_connection(sock=sock, limit=2**20)
        loop.create_task(self._pump(worker, reader), name="notice-nlp-worker-pipe")

    async def _pump(self, worker: _Worker, reader: asyncio.StreamReader) -> None:
        """Hand each answer to the job waiting for it and free the worker; a job whose request
        went away (cancelled) still frees it when its answer comes. At the end of the pipe
        the worker is gone: the job in progress fails with WorkerLost and it is replaced."""
        try:
            while True:
                (size,) = struct.unpack("!i", await reader.readexactly(4))
                if size == -1:
                    (size,) = struct.unpack("!Q", await reader.readexactly(8))
                body = await reader.readexactly(size)
                answer, worker.pending = worker.pending, None
                if worker.retired:
                    return
                if answer is None:  # out of step: nothing asked
                    break
                if not answer.done():
                    answer.set_result(body)
                self._release(worker)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        except asyncio.CancelledError:
            return
        answer, worker.pending = worker.pending, None
        if answer is not None and not answer.done():
            answer.set_exception(WorkerLost())
        self._replace_later(worker)

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the longest-waiting request, or put it back (event loop only)."""
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(worker)
                return
        self._idle.append(worker)

    def _replace_later(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a new one in the pool once it has loaded (in the background:
        the request that lost the worker is answered at once). Event loop only."""
        if worker.retired:
            return
        worker.retired = True
        if worker.writer is not None:
            worker.writer.close()
        if worker.process.is_alive():
            worker.process.kill()
        if self._closed:
            return
        self.replaced += 1
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
                    loop.call_soon_threadsafe(self._release, w)
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
                w.writer.close()
                w.process.terminate()
            w.stop(kill=False)


def _expire(fut: asyncio.Future) -> None:
    if not fut.done():
        fut.set_exception(PoolBusy())

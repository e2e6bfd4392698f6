"""A pool of worker processes for parsing and rendering, kept off the event loop.

Each worker is a process with a pipe of its own. A job that outlives its time limit gets its
worker killed and replaced (a ``ProcessPoolExecutor`` cannot stop one task without breaking the
whole pool); a worker that dies (out of memory, a crash in an extension) is replaced the same
way. Workers leave when the server goes: the pipe closes, and a watchdog notices the parent
process is gone even in the middle of a job."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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
    def __init__(self, ctx, memory_mb: int) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, memory_mb), daemon=True, name="notice-nlp-worker")
        self.process.start()
        child.close()
        self.conn = parent

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout) or self.conn.recv() != ("ready",):
            raise WorkerLost("a new worker did not start")

    def call(self, job: tuple, timeout: float) -> tuple:
        self.conn.send(job)
        if not self.conn.poll(max(timeout, 0.0)):
            raise JobTimeout
        return self.conn.recv()

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
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="notice-nlp-pool")
        self._waiting = 0
        self.replaced = 0

    def start(self, timeout: float = 120.0) -> None:
        """Start the workers and wait until each has loaded its data."""
        fresh = [self._new_worker() for _ in range(self.size)]
        for w in fresh:
            w.wait_ready(timeout)
            self._idle.put(w)

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
        if self._waiting >= self.max_waiting:
            raise PoolBusy
        self._waiting += 1
        try:
            deadline = time.monotonic() + timeout
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._threads, self._call, (name, args), deadline)
        finally:
            self._waiting -= 1

    def _call(self, job: tuple, deadline: float) -> tuple:
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise PoolBusy from None
            if worker.process.is_alive():
                break
            self._replace_later(worker)  # died while idle: the job goes to another
        try:
            result = worker.call(job, deadline - time.monotonic())
        except JobTimeout:
            self._replace_later(worker)
            raise
        except (EOFError, OSError):
            self._replace_later(worker)
            raise WorkerLost from None
        self._idle.put(worker)
        return result

    def _replace_later(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a new one in the pool once it has loaded (in the background:
        the request that lost the worker is answered at once)."""
        worker.stop(kill=True)
        self.replaced += 1

        def start() -> None:
            for _ in range(3):
                w = self._new_worker()
                try:
                    w.wait_ready(120.0)
                except (WorkerLost, EOFError, OSError):
                    w.stop(kill=True)
                    continue
                self._idle.put(w)
                return

        threading.Thread(target=start, name="notice-nlp-respawn", daemon=True).start()

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers, self._workers = self._workers, []
        for w in workers:
            w.stop(kill=False)

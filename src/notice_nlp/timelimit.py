"""A time limit on one input of a batch: past it, the input's record is a :class:`LimitError`.

In a process's main thread (batch workers, the CLI with ``--jobs 1``) an interval timer
(POSIX ``setitimer``) raises in the parsing code. In any other thread (a Dask worker runs its
tasks in threads) a timer thread raises the same exception in the parsing thread
(``PyThreadState_SetAsyncExc``, CPython). Either way the exception arrives between two Python
instructions: one long call into native code (a single regular expression over a huge text)
finishes before it is stopped. On a platform with neither, the limit is not enforced.
"""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
from typing import Callable, TypeVar

from .errors import LimitError

__all__ = ["run_limited"]

R = TypeVar("R")


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` in the parser
    swallows it."""


def run_limited(seconds: float | None, source: str, fn: Callable[..., R], *args: object) -> R:
    """``fn(*args)``, or :class:`LimitError` naming ``source`` once ``seconds`` have passed."""
    if not seconds:
        return fn(*args)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _with_alarm(seconds, source, fn, args)
    if sys.implementation.name == "cpython":
        return _in_thread(seconds, source, fn, args)
    return fn(*args)


def _expired(seconds: float, source: str) -> LimitError:
    return LimitError(f"parsing took longer than the time limit of {seconds:g} s", source=source)


def _with_alarm(seconds: float, source: str, fn: Callable[..., R], args: tuple) -> R:
    def expire(signum, frame):  # noqa: ARG001
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return fn(*args)
        finally:
            # A timer that fires here, before it is stopped, is caught below all the same.
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise _expired(seconds, source) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the thread at its next Python instruction (None: withdraw one not yet met)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Timer:
    """Fires once, and only while the call runs: a lock orders the timer and the call's end,
    and the end withdraws an exception the timer set but the thread has not met yet."""

    def __init__(self, seconds: float) -> None:
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.inside = self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.inside:
                self.fired = True
                _raise_in(self.thread, _Expired)

    def start(self) -> None:
        self.inside = True
        self.timer.start()

    def stop(self) -> None:
        with self.lock:
            self.inside = False
            if self.fired:
                _raise_in(self.thread, None)
        self.timer.cancel()


def _in_thread(seconds: float, source: str, fn: Callable[..., R], args: tuple) -> R:
    limit = _Timer(seconds)
    # The exception can arrive anywhere from start() to the end of stop(), all inside the
    # outer try; it is raised once at most, and never after stop() has taken the lock.
    try:
        limit.start()
        try:
            return fn(*args)
        finally:
            limit.stop()
    except _Expired:
        limit.timer.cancel()
        raise _expired(seconds, source) from None

"""A time limit on one input of a batch: past it, the input's record is a :class:`LimitError`.

POSIX only, and only in a process's main thread (batch workers, or the CLI with ``--jobs 1``):
an interval timer raises in the parsing code. Elsewhere the limit is not enforced.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import LimitError

__all__ = ["time_limit"]


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` in the parser
    swallows it."""


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):  # noqa: ARG001
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            # A timer that fires here, before it is stopped, is caught below all the same.
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise LimitError(f"parsing took longer than the time limit of {seconds:g} s", source=source) from None
    finally:
        signal.signal(signal.SIGALRM, previous)

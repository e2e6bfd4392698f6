"""Worker processes of a batch: they die with their parent and leave Ctrl-C to it.

A worker ignores SIGINT (the parent stops the run and writes what it has) and asks the kernel to
kill it when the parent dies (Linux ``PR_SET_PDEATHSIG``), so a parent killed with SIGKILL
leaves no worker behind. Elsewhere a thread watches the parent's pid.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

__all__ = ["init_worker", "stop_workers"]

_PR_SET_PDEATHSIG = 1


def init_worker(parent_pid: int, warm: bool = False) -> None:
    """``ProcessPoolExecutor`` initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent() and hasattr(os, "getppid"):
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the worker got here
        os._exit(1)
    if warm:
        from .batch import _warm

        _warm()


def _die_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(1)


def stop_workers(pool) -> None:
    """End a ``ProcessPoolExecutor``'s workers now (their current tasks are dropped)."""
    processes = getattr(pool, "_processes", None) or {}
    for proc in list(processes.values()):
        try:
            proc.terminate()
        except (OSError, AttributeError, ValueError):
            pass

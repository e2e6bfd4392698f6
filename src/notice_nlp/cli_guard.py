"""The command line's last line of defence: whatever goes wrong becomes one line on stderr.

A :class:`NoticeError` prints its message (it names the input and the problem) and exits 2; an
error writing the output (disk full, permission) likewise; anything else is a fault of the
program: one line naming it and a hint to rerun with ``--debug``, which prints the trace.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Callable

from .errors import NoticeError

__all__ = ["guarded"]


def guarded(run: Callable[[], int], *, debug: bool = False) -> int:
    try:
        return run()
    except NoticeError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (| head): not an error. Silence the flush at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if debug:
            traceback.print_exc()
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"error: {where}{exc.strerror or _one_line(str(exc))}", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: out of memory (lower --jobs or --max-size)", file=sys.stderr)
        return 2
    except Exception as exc:
        if debug:
            traceback.print_exc()
            hint = ""
        else:
            hint = " (rerun with --debug for the trace)"
        print(f"error: internal error: {type(exc).__name__}: {_one_line(str(exc))}{hint}", file=sys.stderr)
        return 2


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first.encode("utf-8", "replace").decode("utf-8")[:300]

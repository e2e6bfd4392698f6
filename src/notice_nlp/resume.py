"""``--resume``: which inputs a JSONL output already holds a record for.

An input is known by where it is (``source.input``: the file, ``archive.zip!member``,
``export.jsonl:LINE``), not by its content, so two files with the same bytes each get their
record. Every record counts, error records too: they are not run again. The output was written
in input order, so what it holds is the start of the run; a last line cut off by a kill is
removed (its input runs again). A file that is not a JSONL output of this program is refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError

__all__ = ["Done", "read_done"]

_PROBE_BYTES = 1 << 20


@dataclass
class Done:
    """Inputs already in the output: their ids, and how many of their records failed."""

    ids: set[str] = field(default_factory=set)
    parsed: int = 0
    failed: int = 0
    skipped: int = 0


def read_done(path: str | Path) -> Done:
    """The records already in ``path``, after cutting off an incomplete last line. A missing or
    empty file holds none."""
    p = Path(path)
    done = Done()
    if not p.exists():
        return done
    if not p.is_file():
        raise OutputError("--resume: the output is not a regular file", source=str(p))
    tail = None
    with open(p, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                tail = raw  # cut off by a kill: removed below, once the rest is known to be ours
                break
            if not raw.strip():
                continue
            rec = _record(raw)
            source = rec.get("source") if isinstance(rec, dict) else None
            input_id = source.get("input") if isinstance(source, dict) else None
            if not isinstance(input_id, str):
                raise OutputError(
                    f"--resume: line {lineno} is not a batch record of notice-nlp (no source.input); "
                    "resume only continues a JSONL output this program wrote",
                    source=str(p),
                )
            done.ids.add(input_id)
            if "error" in rec:
                done.failed += 1
            elif "skipped" in rec:
                done.skipped += 1
            else:
                done.parsed += 1
    if tail is not None:
        if not tail.startswith(b'{"'):
            raise OutputError("--resume: the output's last line is not a JSON record; resume only continues a JSONL output this program wrote", source=str(p))
        _cut_incomplete_tail(p)
    return done


def _record(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8", errors="surrogateescape"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None


def _cut_incomplete_tail(p: Path) -> None:
    """Remove a last line without its newline (a write cut off by a kill)."""
    size = p.stat().st_size
    if size == 0:
        return
    with open(p, "rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        # Look back for the last newline.
        pos = size
        while pos > 0:
            step = min(_PROBE_BYTES, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            k = chunk.rfind(b"\n")
            if k >= 0:
                fh.truncate(pos - step + k + 1)
                break
            pos -= step
        else:
            fh.truncate(0)
        fh.flush()
        os.fsync(fh.fileno())

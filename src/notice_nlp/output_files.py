"""Output files of the command line: checked before a run, written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["check_output", "write_whole"]


def check_output(output: str) -> None:
    """``-o`` must name a file in an existing folder."""
    p = Path(output)
    if p.is_dir():
        raise OutputError("-o names a folder; give a file name (e.g. out.jsonl)", source=output)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write here: folder {str(parent)!r} does not exist", source=output)
    if p.exists() and not p.is_file():
        raise OutputError("-o names something that is not a regular file", source=output)


def write_whole(output: str, data: str | bytes) -> None:
    """Write ``data`` to ``output`` through a temporary file renamed into place: a failure
    (text that cannot be encoded, a full disk) leaves no partial or empty file behind."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as a file opened for writing would be
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

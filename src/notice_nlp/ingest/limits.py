"""Limits on what an input may cost, and reading files and zip members within them.

A file is read only when it is a regular file (not a FIFO, a device or a socket, which could
block or never end) and no larger than ``max_bytes``. A zip member is read only when its path
stays inside the archive, it is not encrypted, its declared size is within ``max_bytes`` and
its declared inflation ratio within ``max_ratio`` — and the inflated stream is cut at
``max_bytes`` whatever the header declares.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, LimitError, UnsafeInputError

__all__ = ["Limits", "DEFAULT_LIMITS", "read_file", "read_member", "member_problem", "file_kind_problem", "parse_size"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """``max_bytes``: largest input file or zip member; ``max_pages``: most PDF pages;
    ``max_ratio``: largest inflated/compressed size of a zip member (zip bombs);
    ``max_chars``: most characters of text handed to the parser; ``max_seconds``: longest time
    one input of a batch may take (None: no limit)."""

    max_bytes: int = 50 * _MB
    max_pages: int = 500
    max_ratio: float = 200.0
    max_chars: int = 5_000_000
    max_seconds: float | None = 300.0


DEFAULT_LIMITS = Limits()


def parse_size(value: str) -> int:
    """``50M``, ``200k``, ``1G`` or a number of bytes."""
    raw = value.strip().lower().removesuffix("b").removesuffix("i")
    scale = {"k": 1024, "m": _MB, "g": 1024 * _MB}.get(raw[-1:], 1)
    number = raw[:-1] if raw[-1:] in "kmg" else raw
    try:
        size = int(float(number) * scale)
    except ValueError:
        raise ValueError(f"not a size: {value!r} (e.g. 50M, 200k, 1G)") from None
    if size <= 0:
        raise ValueError(f"not a size: {value!r} (must be positive)")
    return size


def file_kind_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    return "is not a regular file"


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file of at most ``limits.max_bytes``."""
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnsafeInputError("dangling symbolic link (its target does not exist)", source=name) from None
        raise InputError("no such file", source=name) from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise UnsafeInputError("symbolic link loop", source=name) from None
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=name) from None
    problem = file_kind_problem(st.st_mode)
    if problem:
        cls = InputError if stat.S_ISDIR(st.st_mode) else UnsafeInputError
        raise cls(problem, source=name)
    if st.st_size > limits.max_bytes:
        raise LimitError(f"file of {_size(st.st_size)} is over the size limit of {_size(limits.max_bytes)}", source=name)
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check still cannot block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise UnsafeInputError("is not a regular file", source=name)
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=name) from None
    if len(data) > limits.max_bytes:
        raise LimitError(f"file is over the size limit of {_size(limits.max_bytes)}", source=name)
    return data


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member's path is not taken (absolute, or leaving the archive with ``..``)."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return f"member path {info.filename!r} leaves the archive"
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A zip member's bytes within the limits."""
    problem = member_problem(info)
    if problem:
        raise UnsafeInputError(problem, source=source)
    if info.flag_bits & 0x1:
        raise InputError("encrypted zip member (password required)", source=source)
    if info.file_size > limits.max_bytes:
        raise LimitError(f"zip member of {_size(info.file_size)} is over the size limit of {_size(limits.max_bytes)}", source=source)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _MB and ratio > limits.max_ratio:
        raise LimitError(f"zip member inflates {ratio:.0f}-fold (limit {limits.max_ratio:.0f}): a zip bomb", source=source)
    try:
        with zf.open(info) as fh:
            data = fh.read(limits.max_bytes + 1)
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        raise InputError(f"unreadable zip member ({exc})", source=source) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise InputError(f"unreadable zip member ({type(exc).__name__}: {exc})", source=source) from None
    if len(data) > limits.max_bytes:
        raise LimitError(f"zip member inflates past the size limit of {_size(limits.max_bytes)} (its header says {_size(info.file_size)})", source=source)
    return data


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024 * _MB), ("MiB", _MB), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"

"""The inputs of a batch, in a stable order: files, folders (recursive, sorted), quoted globs,
zip members and lines of crawler JSONL exports.

Every entry met becomes a :class:`Task`, so that every one gets a record: a folder entry that
cannot be read (a dangling or looping symbolic link, a FIFO, a device) is a task that carries
its problem; a file of a type the parser does not read (.doc, .wps, .xls, images) is a task to
skip, with the reason. Symbolic links to folders are not followed (they could loop).
"""

from __future__ import annotations

import glob
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from .errors import NoInputsError
from .ingest.limits import file_kind_problem, member_problem

__all__ = ["Task", "iter_tasks", "INPUT_SUFFIXES", "CONTAINER_SUFFIXES"]

INPUT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".pdf", ".docx")
CONTAINER_SUFFIXES = (".zip", ".jsonl")
# Documents and scans a notice archive holds that the parser does not read: each gets a skipped
# record. Other files (data, code, hidden files) are not inputs and are passed over.
UNREAD_DOCUMENT_SUFFIXES = (
    ".doc", ".wps", ".wpt", ".rtf", ".odt", ".ofd", ".xls", ".xlsx", ".et", ".ods", ".ppt", ".pptx", ".dps",
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".rar", ".7z", ".tar", ".gz",
)


@dataclass(frozen=True)
class Task:
    """One input: a file, a zip member, or a line of a JSONL export. ``id`` identifies it in the
    output (``source.input``) and for ``--resume``: the file, ``archive.zip!member`` (a repeated
    member name gets ``#2``, ``#3``…) or ``export.jsonl:LINE``. Tasks only say where the input
    is; the worker reads it. ``problem`` (error class, message) is known before reading: the
    task's record is that error; ``skip`` makes it a skipped record instead."""

    id: str
    path: str
    member: str | None = None
    offset: int | None = None
    index: int | None = None  # the member's position in the archive's directory
    problem: tuple[str, str] | None = None
    skip: bool = False


def _expand(raw: str) -> list[Path]:
    if any(c in raw for c in "*?[") and not os.path.lexists(raw):
        found = sorted(Path(p) for p in glob.glob(raw, recursive=True))
        if not found:
            raise NoInputsError("glob matches no files", source=raw)
        return found
    return [Path(raw)]


def is_batch(paths: Sequence[str]) -> bool:
    """Whether these arguments make a batch (JSONL out) rather than one document: several
    arguments, a glob, a folder, a zip or a JSONL export."""
    if len(paths) != 1:
        return True
    raw = paths[0]
    if any(c in raw for c in "*?[") and not os.path.lexists(raw):
        return True
    p = Path(raw)
    return p.is_dir() or p.suffix.lower() in CONTAINER_SUFFIXES


def iter_tasks(paths: Sequence[str]) -> Iterator[Task]:
    """Inputs in a stable order: each argument in turn; folders recursively, sorted by name."""
    for raw in paths:
        for p in _expand(raw):
            if p.is_dir() and not p.is_symlink():
                yield from _folder_tasks(p)
            else:
                yield from _file_tasks(p)


def _folder_tasks(root: Path) -> Iterator[Task]:
    found = False
    for entry in _walk(root):
        for task in _entry_tasks(entry):
            found = True
            yield task
    if not found:
        raise NoInputsError(f"directory holds no input files ({', '.join(INPUT_SUFFIXES)}, .zip, .jsonl)", source=str(root))


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry below ``folder`` but folders themselves, sorted; real folders only are entered."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            yield from _walk(Path(e.path))
        else:
            yield Path(e.path)


def _entry_tasks(p: Path) -> Iterator[Task]:
    """A folder entry: its tasks, or one task that says why it is not read."""
    name = str(p)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        yield Task(name, name, problem=("UnsafeInputError", f"{name}: dangling symbolic link (its target does not exist)"))
        return
    except OSError as exc:
        reason = "symbolic link loop" if exc.errno == 40 else f"cannot read file ({exc.strerror or exc})"
        yield Task(name, name, problem=("UnsafeInputError", f"{name}: {reason}"))
        return
    if stat.S_ISDIR(mode):  # a symbolic link to a folder
        yield Task(name, name, problem=("UnsafeInputError", f"{name}: symbolic link to a folder, not followed"), skip=True)
        return
    problem = file_kind_problem(mode)
    if problem:
        yield Task(name, name, problem=("UnsafeInputError", f"{name}: {problem}"))
        return
    suffix = p.suffix.lower()
    if suffix in INPUT_SUFFIXES or suffix in CONTAINER_SUFFIXES:
        yield from _file_tasks(p)
    elif suffix in UNREAD_DOCUMENT_SUFFIXES:
        yield _unsupported(name, name, suffix)


def _unsupported(tid: str, path: str, suffix: str, **member) -> Task:
    reason = f"{tid}: unsupported file type ('{suffix}'; reads {', '.join(INPUT_SUFFIXES + CONTAINER_SUFFIXES)})"
    return Task(tid, path, problem=("UnsupportedFormatError", reason), skip=True, **member)


def _file_tasks(p: Path) -> Iterator[Task]:
    suffix = p.suffix.lower()
    if suffix == ".zip" and _is_zip(p):
        yield from _zip_tasks(p)
    elif suffix == ".jsonl" and p.is_file():
        yield from _jsonl_tasks(p)
    else:
        yield Task(str(p), str(p))


def _is_zip(p: Path) -> bool:
    try:
        return p.is_file() and zipfile.is_zipfile(p)
    except OSError:
        return False


def _zip_tasks(p: Path) -> Iterator[Task]:
    """Members in name order (a repeated name keeps each copy, in archive order)."""
    try:
        with zipfile.ZipFile(p) as zf:
            infos = list(enumerate(zf.infolist()))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Task(str(p), str(p), problem=("InputError", f"{p}: unreadable zip file ({exc})"))
        return
    seen: dict[str, int] = {}
    for index, info in sorted(infos, key=lambda x: (x[1].filename, x[0])):
        if info.is_dir():
            continue
        name = info.filename
        seen[name] = seen.get(name, 0) + 1
        tid = f"{p}!{name}" + (f"#{seen[name]}" if seen[name] > 1 else "")
        problem = member_problem(info)
        if problem:
            yield Task(tid, str(p), member=name, index=index, problem=("UnsafeInputError", f"{tid}: {problem}"))
        elif Path(name).suffix.lower() in INPUT_SUFFIXES:
            yield Task(tid, str(p), member=name, index=index)
        elif Path(name).suffix.lower() in UNREAD_DOCUMENT_SUFFIXES:
            yield _unsupported(tid, str(p), Path(name).suffix.lower(), member=name, index=index)


def _jsonl_tasks(p: Path) -> Iterator[Task]:
    """Crawler exports: one ``{"id", "text", "url"?, "published"?}`` per line, each a task
    that points at its line (blank lines skipped)."""
    with open(p, "rb") as fh:
        offset = 0
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield Task(f"{p}:{lineno}", str(p), member=f"line {lineno}", offset=offset)
            offset += len(raw)

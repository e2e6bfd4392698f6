"""Reading inputs: bytes → (text, Source). Formats are sniffed from content, not only the suffix."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyInputError, InputError, UnsupportedFormatError
from ..records import Source
from .decode import decode_bytes
from .sniff import sniff_format

__all__ = ["Loaded", "load_bytes", "load_path", "sniff_format", "decode_bytes"]


@dataclass(frozen=True)
class Loaded:
    """Text extracted from an input, with its provenance and any ingestion notes."""

    text: str
    source: Source
    notes: tuple[str, ...] = ()


def load_bytes(data: bytes, *, source_id: str | None, suffix: str = "") -> Loaded:
    """Decode or extract text from ``data`` according to its sniffed format."""
    name = source_id or "<bytes>"
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise EmptyInputError("empty input (no bytes)" if not data else "empty input (only whitespace)", source=name)
    fmt = sniff_format(data, suffix)
    notes: list[str] = []
    encoding = None
    if fmt == "pdf":
        from .pdf import pdf_text

        text = pdf_text(data, name)
    elif fmt == "docx":
        from .docx import docx_text

        text = docx_text(data, name)
    elif fmt == "binary":
        raise UnsupportedFormatError("binary data, not a text, HTML, PDF or DOCX document", source=name)
    else:
        text, encoding, note = decode_bytes(data, name)
        if note:
            notes.append(note)
        if fmt == "html":
            from .html import html_text

            text = html_text(text, name)
    if not text.strip():
        raise EmptyInputError(f"no text found in {fmt} input", source=name)
    return Loaded(text, Source(source_id, fmt, digest, encoding), tuple(notes))


def load_path(path: str | Path) -> Loaded:
    """Read a file and extract its text."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, not a file", source=str(p))
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=str(p)) from None
    return load_bytes(data, source_id=str(p), suffix=p.suffix.lower())

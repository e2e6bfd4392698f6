"""Reading inputs: bytes → (text, Source). Formats are sniffed from content, not only the suffix."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyInputError, LimitError, UnsupportedFormatError
from ..records import Source
from .decode import decode_bytes
from .limits import DEFAULT_LIMITS, Limits, read_file
from .sniff import sniff_format

__all__ = ["Loaded", "Limits", "load_bytes", "load_path", "sniff_format", "decode_bytes"]


@dataclass(frozen=True)
class Loaded:
    """Text extracted from an input, with its provenance and any ingestion notes."""

    text: str
    source: Source
    notes: tuple[str, ...] = ()


def load_bytes(data: bytes, *, source_id: str | None, suffix: str = "", limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Decode or extract text from ``data`` according to its sniffed format, within ``limits``."""
    name = source_id or "<bytes>"
    if len(data) > limits.max_bytes:
        raise LimitError(f"input of {len(data)} bytes is over the size limit of {limits.max_bytes}", source=name)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise EmptyInputError("empty input (no bytes)" if not data else "empty input (only whitespace)", source=name)
    fmt = sniff_format(data, suffix)
    notes: list[str] = []
    encoding = None
    if fmt == "pdf":
        from .pdf import read_pdf

        text, pdf_notes = read_pdf(data, name, max_pages=limits.max_pages)
        notes.extend(pdf_notes)
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
    if len(text) > limits.max_chars:
        raise LimitError(f"text of {len(text)} characters is over the limit of {limits.max_chars}", source=name)
    return Loaded(text, Source(source_id, fmt, digest, encoding), tuple(notes))


def load_path(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read a regular file within ``limits`` and extract its text."""
    p = Path(path)
    data = read_file(p, limits)
    return load_bytes(data, source_id=str(p), suffix=p.suffix.lower(), limits=limits)

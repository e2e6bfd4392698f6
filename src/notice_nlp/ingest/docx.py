"""Text of a Word (.docx) document, one paragraph per line (python-docx)."""

from __future__ import annotations

import io

from ..errors import InputError, UnsupportedFormatError

__all__ = ["docx_text"]


def docx_text(data: bytes, name: str) -> str:
    try:
        import docx  # python-docx, optional
    except ImportError:
        raise UnsupportedFormatError("DOCX input needs python-docx (pip install 'notice-nlp[docx]')", source=name) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(f"unreadable DOCX ({type(exc).__name__})", source=name) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("".join(cell.text for cell in row.cells))
    return "\n".join(lines)

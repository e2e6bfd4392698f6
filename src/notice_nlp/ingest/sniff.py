"""Format detection from the first bytes of an input."""

from __future__ import annotations

import re

__all__ = ["sniff_format"]

_HTML_RX = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|div|p|table|article|meta|title)\b", re.I)


def sniff_format(data: bytes, suffix: str = "") -> str:
    """``pdf``, ``docx``, ``html``, ``text`` or ``binary``."""
    head = data[:4096]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or suffix == ".docx" else "binary"
    if _looks_binary(head):
        return "binary"
    if _HTML_RX.search(head[:2048]):
        return "html"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    if b"\x00" in head:
        from .decode import _wide

        return _wide(head[: len(head) // 4 * 4]) is None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05

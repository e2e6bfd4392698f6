"""What the PDF text reader cannot be trusted with, and a second reader for it.

pdfminer gives wrong characters for some fonts: GBK-encoded CJK fonts without a Unicode map
(the 小标宋 and 仿宋 faces of official documents) come out as Latin-1 mojibake (``È«ÊÀ½ç``), CID
fonts without a ToUnicode map as ``(cid:N)`` codes. pdfium reads most of them right. A page
whose text looks like either is read again through pdfium; if pdfium's text does not look
right either, the page is kept and flagged. Vertical writing (characters in stream order going
down a column) is read through pdfium as well, which follows the columns.
"""

from __future__ import annotations

import re

__all__ = ["page_trouble", "is_vertical", "pdfium_pages", "is_encryption_error", "text_trouble", "content_over"]

_CID_RX = re.compile(r"\(cid:\d+\)")
# Latin-1 letters and signs that GBK bytes read one by one turn into.
_LATIN1_RX = re.compile(r"[\u00a1-\u00ff]")
_CJK_RX = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def text_trouble(text: str) -> str | None:
    """``cid`` when raw character codes leaked, ``mojibake`` when the text reads as Latin-1
    bytes of a CJK encoding, else None."""
    if _CID_RX.search(text):
        cids = len(_CID_RX.findall(text))
        if cids >= 3 or cids * 8 > len(text.strip()) / 4:
            return "cid"
    latin = len(_LATIN1_RX.findall(text))
    if latin >= 4:
        cjk = len(_CJK_RX.findall(text))
        letters = sum(1 for c in text if c.isalpha())
        if latin > cjk and latin > 0.3 * max(letters, 1):
            return "mojibake"
    return None


def page_trouble(text: str, chars: list) -> str | None:
    """Why a page's text from pdfminer should be read again: ``cid``, ``mojibake`` or ``vertical``."""
    return text_trouble(text) or ("vertical" if is_vertical(chars) else None)


def is_vertical(chars: list) -> bool:
    """Characters in stream order going down a column rather than along a line."""
    down = along = 0
    prev = None
    for c in chars:
        if not c["text"].strip():
            continue
        if prev is not None:
            size = max(prev.get("size") or 1.0, 1.0)
            dx, dy = c["x0"] - prev["x0"], c["top"] - prev["top"]
            if abs(dx) < size / 2 and 0 < dy < 2 * size:
                down += 1
            elif abs(dy) < size / 2 and 0 < dx < 2 * size:
                along += 1
        prev = c
    return down >= 8 and down > 3 * along


def pdfium_pages(data: bytes, numbers: list[int]) -> dict[int, str]:
    """pdfium's text of the given pages (0-based); pages it cannot read are left out."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return {}
    out: dict[int, str] = {}
    try:
        doc = pdfium.PdfDocument(data)
    except Exception:
        return out
    try:
        for n in numbers:
            try:
                page = doc[n]
                text = page.get_textpage().get_text_range()
            except Exception:
                continue
            out[n] = text.replace("\r\n", "\n").replace("\r", "\n")
    finally:
        doc.close()
    return out


def is_encryption_error(exc: BaseException) -> bool:
    """A password error, also when wrapped in another library's exception."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: set[int] = set()
    stack: list[object] = [exc]
    while stack:
        e = stack.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        stack.extend([*e.args, e.__cause__, e.__context__])
    return False


def content_over(page_obj, limit: int) -> int | None:
    """The inflated size of a page's content streams when it is over ``limit`` bytes (a PDF
    bomb: a few KB that inflate to megabytes of drawing or text operators, which pdfminer reads
    slowly and in much memory), else None. Streams are inflated only up to the limit; a stream
    that is not plain Flate (or is encrypted) is not judged."""
    import zlib

    from pdfminer.pdftypes import resolve1

    try:
        contents = resolve1(page_obj.contents) if page_obj.contents is not None else []
    except Exception:
        return None
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for ref in streams:
        try:
            stream = resolve1(ref)
            raw = getattr(stream, "rawdata", None)
            if raw is None:
                data = getattr(stream, "data", None)
                total += len(data or b"")
                continue
            filters = stream.get_filters() if hasattr(stream, "get_filters") else []
            names = [str(getattr(f[0], "name", f[0])) for f in filters]
            if not names:
                total += len(raw)
            elif names == ["FlateDecode"] and not getattr(stream, "decipher", None):
                inflater = zlib.decompressobj()
                total += len(inflater.decompress(raw, max(limit - total, 0) + 1))
            else:
                continue
        except Exception:
            continue
        if total > limit:
            return total
    return None

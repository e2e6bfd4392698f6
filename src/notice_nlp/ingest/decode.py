"""Text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK — detected, not guessed."""

from __future__ import annotations

import re

from ..errors import DecodingError

__all__ = ["decode_bytes"]

_CJK_RX = re.compile(r"[\u4e00-\u9fff]")


def decode_bytes(data: bytes, name: str) -> tuple[str, str, str | None]:
    """Return ``(text, encoding, note)``; raise :class:`DecodingError` when no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16", None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return text, "gb18030", "decoded as GB18030 (not valid UTF-8)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and _plausible_chinese(str(best)):
        return str(best), best.encoding, f"decoded as {best.encoding} (detected)"
    pos = utf8_error.start
    raise DecodingError(
        f"undecodable bytes: not UTF-8 (invalid byte 0x{data[pos]:02x} at offset {pos}) and not GB18030/GBK Chinese text",
        source=name,
    )


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"invalid {enc} at byte {exc.start}", source=name) from None


def _plausible_chinese(text: str) -> bool:
    """Real Chinese text: mostly CJK among non-ASCII, few private-use or rare symbols."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for c in non_ascii if _CJK_RX.match(c) or c in ",。、;:?!“”‘’()《》【】—…·〔〕")
    odd = sum(1 for c in non_ascii if 0xE000 <= ord(c) <= 0xF8FF or 0x80 <= ord(c) <= 0x9F)
    return cjk / len(non_ascii) > 0.85 and odd == 0

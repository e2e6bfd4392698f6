"""Text decoding: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with a BOM, or without one when the
NUL bytes say so), GB18030/GBK — detected, not guessed. Text a byte order mark decodes into
garbage (a UTF-16 mark before UTF-8 bytes) is read without the mark when that gives Chinese
text, and refused otherwise. Detection looks at a sample, so junk costs no more than its size."""

from __future__ import annotations

import re

from ..errors import DecodingError

__all__ = ["decode_bytes"]

_CJK_RX = re.compile(r"[\u4e00-\u9fff]")


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
)
_SAMPLE = 1 << 18  # bytes the detector looks at


def decode_bytes(data: bytes, name: str) -> tuple[str, str, str | None]:
    """Return ``(text, encoding, note)``; raise :class:`DecodingError` when no encoding fits."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _by_bom(data, bom, codec, label, name)
    if b"\x00" in data[:4096]:
        wide = _wide(data)
        if wide is not None:
            return wide
    return _without_bom(data, name)


def _by_bom(data: bytes, bom: bytes, codec: str, label: str, name: str) -> tuple[str, str, str | None]:
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError:
        text = None
    if text is not None and (codec == "utf-8" or _plausible_chinese(text)):
        return text, label, None
    # The mark does not fit the bytes after it: read them without it.
    try:
        text, encoding, _ = _without_bom(data[len(bom) :], name)
    except DecodingError:
        raise DecodingError(f"the bytes after the {label.upper()} byte order mark are not {label.upper()} text nor any other supported encoding", source=name) from None
    return text, encoding, f"a {label.upper()} byte order mark before {encoding} text was ignored"


def _wide(data: bytes) -> tuple[str, str, str | None] | None:
    """UTF-32 or UTF-16 without a byte order mark, told by where the NUL bytes fall."""
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.strip() and _plausible_chinese(text) and not any(c < " " and c not in "\t\n\r\f" for c in text[:4096]):
            return text, codec, f"decoded as {codec.upper()} (no byte order mark)"
    return None


def _without_bom(data: bytes, name: str) -> tuple[str, str, str | None]:
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

    best = from_bytes(data[:_SAMPLE]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible_chinese(text):
            return text, best.encoding, f"decoded as {best.encoding} (detected)"
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
    """Real Chinese text: mostly CJK among non-ASCII, few private-use or rare symbols (judged
    on the start of a long text)."""
    text = text[:_SAMPLE]
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for c in non_ascii if _CJK_RX.match(c) or c in ",。、;:?!“”‘’()《》【】—…·〔〕")
    odd = sum(1 for c in non_ascii if 0xE000 <= ord(c) <= 0xF8FF or 0x80 <= ord(c) <= 0x9F)
    return cjk / len(non_ascii) > 0.85 and odd == 0

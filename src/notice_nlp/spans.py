"""Bracket-aware splitting of working text into spans."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["split_top", "strip_span", "outside_brackets", "line_spans", "line_starts", "text_lines", "content_end", "last_char_before", "OPEN", "CLOSE"]

OPEN = "(([【《“‘〔"
CLOSE = "))]】》”’〕"
_PAIR = dict(zip(OPEN, CLOSE))


@lru_cache(maxsize=32)
def _marks(seps: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(OPEN + CLOSE + seps) + "]")


def split_top(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at separator characters outside brackets and quotes."""
    out, last = [], start
    stack: list[str] = []
    for m in _marks(seps).finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in _PAIR and not (ch in "“‘" and stack and stack[-1] == _PAIR[ch]):
            stack.append(_PAIR[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in CLOSE and stack:
            # Mismatched closer: close the innermost bracket anyway.
            stack.pop()
        elif not stack and ch in seps:
            out.append((last, i))
            last = i + 1
    out.append((last, end))
    return out


_BRACKETED_RX = re.compile(r"\([^()]*\)|【[^【】]*】|“[^“”]*”")


def outside_brackets(seg: str) -> str:
    """``seg`` without its bracketed parts (nested ones too)."""
    if "(" not in seg and "【" not in seg and "“" not in seg:
        return seg  # every bracketed part opens with one of these
    prev = None
    while prev != seg:
        prev = seg
        seg = _BRACKETED_RX.sub("", seg)
    return seg


def strip_span(text: str, start: int, end: int, chars: str = " \t\n\u3000,;:、。.") -> tuple[int, int]:
    """Shrink a span past surrounding ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def line_starts(lines: list[str]) -> list[int]:
    """Where each of ``lines`` (a text split at its newlines) starts in that text."""
    out, pos = [], 0
    for ln in lines:
        out.append(pos)
        pos += len(ln) + 1
    return out


def line_spans(text: str, s: int = 0, e: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each line of ``text[s:e]`` (without its newline)."""
    e = len(text) if e is None else e
    out, pos = [], s
    for ln in text[s:e].split("\n"):
        out.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    return out


@lru_cache(maxsize=2)
def text_lines(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`line_spans` of a whole text, computed once per text (the notice regions and the
    reports both read the lines of the working text)."""
    return tuple(line_spans(text))


@lru_cache(maxsize=4)
def content_end(text: str) -> int:
    """Where ``text`` ends but for trailing blanks (``len(text.rstrip())``), computed once per
    text: code that asks it once per notice must not copy the whole text each time."""
    return len(text.rstrip())


def last_char_before(text: str, end: int) -> str:
    """The last non-blank character of ``text[:end]`` (``text[:end].rstrip()[-1:]``), without
    copying the text."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return text[i - 1] if i > 0 else ""

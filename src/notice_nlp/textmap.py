"""Text with an offset map back to the original: every edit keeps spans true.

A :class:`MappedText` holds a working string and, for each of its characters, the offset of the
original character it came from. Edits (deletions, per-character replacements, regex rewrites)
return a new MappedText; :meth:`MappedText.original_span` turns a working span into an original one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .frozen import fast_init

__all__ = ["MappedText"]


@fast_init
@dataclass(frozen=True)
class MappedText:
    """A working string plus ``origin[i]`` = original offset of working character ``i``."""

    text: str
    origin: tuple[int, ...]
    original: str

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        return cls(text, tuple(range(len(text))), text)

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a working ``[start, end)`` to the smallest original span covering it."""
        if not self.origin:
            return (0, 0)
        if end <= start:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return (pos, pos)
        return (self.origin[start], self.origin[end - 1] + 1)

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e]

    def map_chars(self, fn: Callable[[str], str], only: re.Pattern[str] | None = None) -> "MappedText":
        """Replace each character by ``fn(ch)`` (may be longer, shorter or empty); when ``only``
        is given, characters it does not match are known to stay as they are."""
        text = self.text
        chars = set(only.findall(text)) if only is not None else set(text)
        table = {ch: fn(ch) for ch in chars}
        one_for_one = str.maketrans({ch: rep for ch, rep in table.items() if len(rep) == 1})
        other = [ch for ch, rep in table.items() if len(rep) != 1]
        if not other:
            return MappedText(_translate(text, one_for_one), self.origin, self.original)
        # Stretches between characters that change length are translated whole.
        chars: list[str] = []
        origin: list[int] = []
        last = 0
        for m in re.finditer("[" + "".join(map(re.escape, other)) + "]", text):
            i = m.start()
            chars.append(text[last:i].translate(one_for_one))
            origin.extend(self.origin[last:i])
            rep = table[text[i]]
            chars.append(rep)
            origin.extend([self.origin[i]] * len(rep))
            last = i + 1
        chars.append(text[last:].translate(one_for_one))
        origin.extend(self.origin[last:])
        return MappedText("".join(chars), tuple(origin), self.original)

    def map_same_length(self, converted: str) -> "MappedText":
        """Adopt ``converted`` when it has the same length (character-for-character conversions)."""
        if len(converted) != len(self.text):
            raise ValueError("conversion changed the text length")
        return MappedText(converted, self.origin, self.original)

    def sub(self, pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> "MappedText":
        """Regex rewrite. Each replacement inherits the origin of the match's first character;
        text kept around matches keeps its own origins."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        first = rx.search(self.text)
        if first is None:
            return self
        chars: list[str] = []
        origin: list[int] = []
        last = 0
        # A replacement string without a backslash holds no group reference: it is its own expansion.
        literal = repl if isinstance(repl, str) and "\\" not in repl else None
        for m in rx.finditer(self.text, first.start()):
            chars.append(self.text[last : m.start()])
            origin.extend(self.origin[last : m.start()])
            rep = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
            if rep:
                # Keep characters that survive unchanged mapped to themselves where possible.
                matched = m.group(0)
                if rep == matched:
                    origin.extend(self.origin[m.start() : m.end()])
                else:
                    anchor = self.origin[m.start()] if m.start() < len(self.origin) else len(self.original)
                    origin.extend([anchor] * len(rep))
                chars.append(rep)
            last = m.end()
        chars.append(self.text[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(chars), tuple(origin), self.original)

    def insert(self, points: Iterable[int], piece: str) -> "MappedText":
        """Insert ``piece`` before each working offset in ``points`` (sorted); inserted characters
        map to the original character that follows them."""
        chars: list[str] = []
        origin: list[int] = []
        last = 0
        for p in points:
            chars.append(self.text[last:p])
            origin.extend(self.origin[last:p])
            anchor = self.origin[p] if p < len(self.origin) else (self.origin[-1] if self.origin else 0)
            chars.append(piece)
            origin.extend([anchor] * len(piece))
            last = p
        chars.append(self.text[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(chars), tuple(origin), self.original)

    def replace(self, edits: Iterable[tuple[int, int, str]]) -> "MappedText":
        """Replace working spans ``[s, e)`` (sorted, non-overlapping) by pieces: an empty piece
        deletes, an empty span inserts. A piece maps to the original character of the span's
        start (or, for an insertion, of the character that follows it)."""
        chars: list[str] = []
        origin: list[int] = []
        last = 0
        for s, e, piece in sorted(edits, key=lambda x: (x[0], x[1])):
            chars.append(self.text[last:s])
            origin.extend(self.origin[last:s])
            if piece:
                anchor = self.origin[s] if s < len(self.origin) else (self.origin[-1] if self.origin else 0)
                chars.append(piece)
                origin.extend([anchor] * len(piece))
            last = max(last, e)
        chars.append(self.text[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(chars), tuple(origin), self.original)

    def delete(self, spans: Iterable[tuple[int, int]]) -> "MappedText":
        """Remove working spans (sorted, non-overlapping)."""
        spans = sorted(spans)
        if not spans:
            return self  # (most texts have no soft wraps, no letter spacing)
        keep_chars: list[str] = []
        keep_origin: list[int] = []
        last = 0
        for s, e in spans:
            keep_chars.append(self.text[last:s])
            keep_origin.extend(self.origin[last:s])
            last = max(last, e)
        keep_chars.append(self.text[last:])
        keep_origin.extend(self.origin[last:])
        return MappedText("".join(keep_chars), tuple(keep_origin), self.original)


def _translate(text: str, table: dict[int, str]) -> str:
    """``text.translate(table)`` for a table of one-character images. When no image is itself
    changed by the table, each character is replaced in turn: a few ``str.replace`` scans cost
    less than ``str.translate``, which looks every character of a Chinese text up in the table."""
    changed = {chr(k): v for k, v in table.items() if chr(k) != v}
    if any(v in changed for v in changed.values()):
        return text.translate(table)
    for ch, rep in changed.items():
        text = text.replace(ch, rep)
    return text

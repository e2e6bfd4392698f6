r"""The characters a regular expression's matches can open or close with, read from the pattern.

A caller that tries a pattern at one place (``rx.match(text, s, e)``, or a search for a pattern
that must end where the text does) can look at one character first: when it is none the
pattern's matches open (or close) with, the pattern cannot match there, and the call is saved.
The sets are read from the parsed pattern; wherever the reading is not sure (a negated or
wide character class, any character, a back reference, case folding, a pattern that may match
nothing) the answer is ``None``: no test, the pattern is always tried. ``\d`` and ``\s`` are
spelt out within the Basic Multilingual Plane only, so a character beyond it is never judged:
callers test ``c in chars or c > "\uffff"``.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python ≥ 3.11
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

__all__ = ["first_chars", "last_chars", "needed_chars", "gate"]

_WIDEST_RANGE = 256  # a class of more characters than this is not spelt out


def first_chars(rx: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of ``rx`` opens with, or None when unknown (or when the
    pattern may match the empty string)."""
    return _edges(rx.pattern, rx.flags, False)


def last_chars(rx: re.Pattern[str]) -> frozenset[str] | None:
    """For a pattern that can only match up to the end of the text (it ends in ``$``): the
    characters every match closes with, or None when unknown. ``$`` also matches before a
    newline that ends the text, so a caller tests the last character only when it is not one."""
    return _edges(rx.pattern, rx.flags, True)


def needed_chars(*patterns: re.Pattern[str]) -> frozenset[str] | None:
    """Characters one of which every match of any of ``patterns`` holds, or None when unknown:
    text holding none of them is matched by none of the patterns."""
    found: set[str] = set()
    for rx in patterns:
        chars = _needed(rx.pattern, rx.flags)
        if chars is None:
            return None
        found |= chars
    return frozenset(found)


def gate(*patterns: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-class pattern that finds one of the :func:`needed_chars` of ``patterns`` (None when
    they are unknown): a text it does not find is matched by none of them, and one search for a
    class costs less than trying each pattern."""
    chars = needed_chars(*patterns)
    if chars is None:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)")


@lru_cache(maxsize=256)
def _needed(pattern: str, flags: int) -> frozenset[str] | None:
    if flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        tree = _p.parse(pattern, flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None
    chars = _needed_in(list(tree.data))
    return None if chars is None else frozenset(chars)


def _needed_in(items: list) -> set[str] | None:
    """The smallest set of characters one of which some element every match holds is made of
    (None when no element gives one)."""
    best: set[str] | None = None
    for op, av in items:
        chars = _needed_node(op, av)
        if chars is not None and (best is None or len(chars) < len(best)):
            best = chars
    return best


def _needed_node(op, av) -> set[str] | None:
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        return _charset(av)
    if op is _c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            chars = _needed_in(list(branch.data))
            if chars is None:
                return None
            found |= chars
        return found
    if op is _c.SUBPATTERN:
        return None if av[1] or av[2] else _needed_in(list(av[-1].data))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        return _needed_in(list(sub.data)) if lo >= 1 else None
    return None  # zero-width, any character, a back reference …: gives no needed character


@lru_cache(maxsize=256)
def _edges(pattern: str, flags: int, from_end: bool) -> frozenset[str] | None:
    if flags & (re.IGNORECASE | re.MULTILINE | re.VERBOSE):
        return None
    try:
        tree = _p.parse(pattern, flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None
    items = list(tree.data)
    if from_end:
        if not _ends_at_end(items):
            return None
        items.reverse()
    chars, may_be_empty = _sequence(items, from_end)
    if chars is None or may_be_empty:
        return None
    return frozenset(chars)


def _ends_at_end(items: list) -> bool:
    r"""Whether every match of the sequence ends at ``$`` (``\Z``): its last element is the
    anchor, or a group or alternation each of whose branches ends so."""
    if not items:
        return False
    op, av = items[-1]
    if op is _c.AT:
        return av in (_c.AT_END, _c.AT_END_STRING)
    if op is _c.BRANCH:
        return all(_ends_at_end(list(b.data)) for b in av[1])
    if op is _c.SUBPATTERN:
        return _ends_at_end(list(av[-1].data))
    return False


def _sub_sequence(sub, from_end: bool):
    """:func:`_sequence` over a parsed sub-pattern's items, read from its end when ``from_end``."""
    items = list(sub.data)
    if from_end:
        items.reverse()
    return _sequence(items, from_end)


def _sequence(items: list, from_end: bool) -> tuple[set[str] | None, bool]:
    """Characters the sequence can open with (its last ones when ``from_end``; the items are
    then given in reverse), and whether it may match nothing."""
    found: set[str] = set()
    for op, av in items:
        chars, empty = _node(op, av, from_end)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return found, False
    return found, True


def _node(op, av, from_end: bool) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _charset(av), False
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # zero-width: the characters are those of what follows
    if op is _c.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, e = _sub_sequence(branch, from_end)
            if chars is None:
                return None, False
            found |= chars
            empty = empty or e
        return found, empty
    if op is _c.SUBPATTERN:
        if av[1] or av[2]:
            return None, False  # flags set inside the group
        return _sub_sequence(av[-1], from_end)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        chars, empty = _sub_sequence(sub, from_end)
        if chars is None:
            return None, False
        return chars, empty or lo == 0
    return None, False  # any character, a back reference, a conditional …


@lru_cache(maxsize=1)
def _categories() -> dict:
    r"""``\d`` and ``\s`` of str patterns (Unicode decimal digits, white space) in the BMP."""
    bmp = [chr(c) for c in range(0x10000)]
    return {
        _c.CATEGORY_DIGIT: frozenset(c for c in bmp if c.isdecimal()),
        _c.CATEGORY_SPACE: frozenset(c for c in bmp if c.isspace()),
    }


def _charset(av) -> set[str] | None:
    found: set[str] = set()
    for op, arg in av:
        if op is _c.CATEGORY and arg in _categories():
            found |= _categories()[arg]
        elif op is _c.LITERAL:
            found.add(chr(arg))
        elif op is _c.RANGE:
            lo, hi = arg
            if hi - lo >= _WIDEST_RANGE:
                return None
            found.update(chr(c) for c in range(lo, hi + 1))
        else:
            return None  # NEGATE, CATEGORY (\d, \s …), and anything else
    return found

"""HTML markup left in a text: a copy taken from a page's source keeps its tags
(``<div style="…">标题</div>``, ``一、封控区<br data-filtered="filtered">(一)小店区``). A tag that
breaks a block (br, p, div, li, tr, h1–h6) ends a line; any other tag (span, strong, font, a…)
and the entities for spaces are no part of the words. Only a text holding several tags is read
so: a lone ``<…>`` in a notice is its own text."""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["markup_edits"]

_TAG_RX = re.compile(r"<\s*(?P<close>/)?\s*(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>\n]{0,300}?/?\s*>")
_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
_INLINE_TAGS = frozenset({"span", "strong", "b", "i", "em", "font", "a", "u", "img", "sup", "sub", "td", "th", "tbody", "thead", "center", "small", "big"})
_KNOWN_TAGS = _BLOCK_TAGS | _INLINE_TAGS
_ENTITY_RX = re.compile(r"&(?:nbsp|ensp|emsp);")
_MIN_TAGS = 3


def markup_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits that turn the block tags of ``text`` into line breaks and drop the other tags and
    the space entities; none when it holds fewer than three known tags."""
    if "<" not in text:
        return []
    tags = [(m, name) for m in _TAG_RX.finditer(text) if (name := m["name"].lower()) in _KNOWN_TAGS]
    if len(tags) < _MIN_TAGS:
        return []
    edits = [(m.start(), m.end(), "\n" if name in _BLOCK_TAGS else "") for m, name in tags]
    starts = [m.start() for m, _ in tags]
    for m in _ENTITY_RX.finditer(text):
        k = bisect_right(starts, m.start()) - 1  # the last tag opening before the entity
        if k < 0 or tags[k][0].end() <= m.start():
            edits.append((m.start(), m.end(), " "))  # an entity inside a tag goes with the tag
    return sorted(edits)

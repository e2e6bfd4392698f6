"""Layout repair: soft line wraps and letter spacing, found from the shape of the text.

A narrow column (a newspaper page, a PDF copied line by line, a text hard-wrapped to a width)
breaks lines where the column ends, not where a sentence or an item ends, so a name can be cut
in two (``雁塔区小寨路街道某某小`` / ``区3号楼``). Such a text shows its width: many lines of one
length, none much longer. A break after a line of that length is a soft wrap when it falls
mid-sentence: the line does not end a sentence, a title or a clause that opens a list (。!?:;) and the
next line does not open a unit of its own (a list number, a heading mark, a dateline).
A list item or a heading starts on a new line in print, so it is never glued to the line above.

Letter-spaced lines (``关 于 调 整 风 险 区 的 通 告``, a spread heading or a PDF that puts a space
after every glyph) have a space between most pairs of characters; those spaces are no part of
the words.

Both functions return the working-text spans to delete; every other character keeps its offset.
"""

from __future__ import annotations

import re

__all__ = ["wrap_width", "soft_wraps", "letter_spacing"]

# Narrower columns than this hold too few characters to tell a wrap from a short line.
MIN_WIDTH = 12
# A break after one of these ends a sentence or opens a list: a new line is natural there.
_CLOSES = frozenset("。!?:;!?:;")
# A title ends its line (关于…的通告); a column cutting a sentence right there is rare.
_TITLE_END = re.compile(r"(?:通告|公告|通知|决定|通报)$")
_MARKS = frozenset("。!?:;,、)”》】!?:;,)")
# Lines that open a unit of their own: list numbers, heading marks, datelines and signatures.
_OPENS_UNIT = re.compile(
    r"[ \t\u3000]*(?:#|[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,3}[.、](?!\d)|[①-⑳]"
    r"|附件|特此|【|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[ \t\u3000]*$)"
)


def _widths(lines: list[str]) -> list[int]:
    return [len(ln.rstrip()) for ln in lines]


def wrap_width(lines: list[str]) -> int | None:
    """The column width the text is wrapped at, or None when its lines end where it means.

    A width is taken when at least three lines of that length (or one more: punctuation may hang
    past the edge) are followed by a line no longer than it, at most a quarter as many lines
    are longer than it, and at least a quarter of those full lines end inside a word. One pass
    for the counts; the candidates are the lengths seen."""
    widths = _widths(lines)
    n = len(widths)
    hist: dict[int, int] = {}
    for w in widths:
        hist[w] = hist.get(w, 0) + 1
    # Full lines followed by a continuation no longer than the line, counted for width w and w-1.
    pairs: dict[int, int] = {}
    for i in range(n - 1):
        w, nxt = widths[i], widths[i + 1]
        if w >= MIN_WIDTH and 0 < nxt:
            for cand in (w, w - 1) if _hangs(lines[i]) else (w,):
                if nxt <= cand + 1:
                    pairs[cand] = pairs.get(cand, 0) + 1
    if not pairs:
        return None
    # Lines longer than w + 1, for every candidate w, from the histogram (longest first).
    longer_than: dict[int, int] = {}
    running = 0
    top = max(hist)
    for w in range(top, MIN_WIDTH - 2, -1):
        longer_than[w] = running  # lines with width > w
        running += hist.get(w, 0)
    best, best_pairs = None, 0
    for cand, count in pairs.items():
        if count < 3 or cand < MIN_WIDTH:
            continue
        if longer_than.get(cand + 1, 0) * 4 > count:
            continue
        if count > best_pairs or count == best_pairs and best is not None and cand > best:
            best, best_pairs = cand, count
    if best is None:
        return None
    # A column cuts words: some full lines end inside a name. A list whose items happen to be
    # of one length ends every line where an item ends (a place word, a number, a mark).
    ends = [lines[i].rstrip() for i in range(n - 1) if _full(lines[i], widths[i], best) and 0 < widths[i + 1] <= best + 1]
    inside = sum(1 for e in ends if not _ends_naturally(e))
    return best if inside and inside * 4 >= len(ends) else None


def _hangs(line: str) -> bool:
    """A line one longer than the column: a punctuation mark hanging past the edge."""
    body = line.rstrip()
    return bool(body) and body[-1] in _MARKS


def _full(line: str, w: int, width: int) -> bool:
    return w == width or w == width + 1 and _hangs(line)


def _ends_naturally(line: str) -> bool:
    from .grammar import PLACE_SUFFIX_RX

    return line[-1] in _MARKS or line[-1].isdigit() or PLACE_SUFFIX_RX.search(line) is not None or _TITLE_END.search(line) is not None


def soft_wraps(text: str) -> list[tuple[int, int]]:
    """The line breaks of ``text`` that are soft wraps, as ``(start, end)`` spans to delete."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    for i, ln in enumerate(lines[:-1]):
        end = pos + len(ln)
        body = ln.rstrip()
        nxt = lines[i + 1]
        pos = end + 1
        w = len(body)
        if not _full(ln, w, width) or not nxt.strip() or len(nxt.rstrip()) > width + 1:
            continue
        if body[-1] in _CLOSES or _TITLE_END.search(body) or _OPENS_UNIT.match(nxt):
            continue
        out.append((end - 1 if ln.endswith("\r") else end, end + 1))
    return out


_SPACED = re.compile(r"(?<=\S) (?=\S)")
_CJK_SPACED = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_CJK_TIGHT = re.compile(r"[\u4e00-\u9fff](?=[\u4e00-\u9fff])")


def letter_spacing(text: str) -> list[tuple[int, int]]:
    """Single spaces inside letter-spaced lines: lines where Chinese characters separated by one
    space outnumber twice over those written next to each other. Spaces between two Latin
    letters (words) stay."""
    if " " not in text:
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    for ln in text.split("\n"):
        if " " in ln:
            spaced = len(_CJK_SPACED.findall(ln))
            if spaced and spaced > 2 * len(_CJK_TIGHT.findall(ln)):
                for m in _SPACED.finditer(ln):
                    s = m.start()
                    if not (ln[s - 1].isascii() and ln[s - 1].isalpha() and ln[s + 1].isascii() and ln[s + 1].isalpha()):
                        out.append((pos + s, pos + s + 1))
        pos += len(ln) + 1
    return out

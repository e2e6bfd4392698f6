"""Layout repair: soft line wraps and letter spacing, found from the shape of the text.

A narrow column (a newspaper page, a PDF copied line by line, a text hard-wrapped to a width)
breaks lines where the column ends, not where a sentence or an item ends, so a name can be cut
in two (``雁塔区小寨路街道某某小`` / ``区3号楼``). Such a text shows its width: many lines of one
length, none much longer. A break after a line of that length is a soft wrap when it falls
mid-sentence: the line does not end a sentence, a title or a clause that opens a list (。!?:;) and the
next line does not open a unit of its own (a list number, a heading mark, a dateline).
A list item or a heading starts on a new line in print, so it is never glued to the line above.
Whatever the width, a line ending in 、 goes on: an enumeration comma never ends a sentence, so
a list written one item a line (blank lines between, as pages copied from print show it) is one
sentence with the predicate on its last line.

Letter-spaced lines (``关 于 调 整 风 险 区 的 通 告``, a spread heading or a PDF that puts a space
after every glyph) have a space between most pairs of characters; those spaces are no part of
the words.

Both functions return the working-text spans to delete; every other character keeps its offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import gazetteer
from .grammar import MEASURES_EXPLAINED, PLACE_SUFFIX_RX, zone_pattern
from .spans import line_starts
from .vocab import zone_terms

__all__ = ["wrap_width", "soft_wraps", "continues", "letter_spacing", "glued_headers"]

# Narrower columns than this hold too few characters to tell a wrap from a short line.
MIN_WIDTH = 12
# A break after one of these ends a sentence or opens a list: a new line is natural there.
_CLOSES = frozenset("。!?:;!?:;")
# A title ends its line (关于…的通告); a column cutting a sentence right there is rare.
_TITLE_END = re.compile(r"(?:通告|公告|通知|决定|通报)$")
_MARKS = frozenset("。!?:;,、)”》】!?:;,)")
_NEVER_STARTS = frozenset("。!?:;,、)”》】!?:;,)")
_NUMBER_GOES_ON = re.compile(r"[\d号楼栋幢单室层期座组户栋]")
# Lines that open a unit of their own: an indented first line, list numbers, heading marks,
# datelines and signatures.
_OPENS_UNIT = re.compile(
    r"(?:[ \t]{2}|\u3000)|[ \t\u3000]*(?:#|[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,3}[.、](?!\d)|[①-⑳]"
    r"|附件|特此|【|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[ \t\u3000]*$"
    # (截至2月13日15时)中风险地区 — a label opening with the time its list stands as of
    r"|[((](?:截至|截止)"
    # 张掖市(1个)… — a place's header with its count
    r"|[\u4e00-\u9fff]{1,12}?(?:省|市|区|县|盟|州|旗)[((][\d一二三四五六七八九十]{1,3}个[))])"
)


_WIDE_CHARS = (
    "\u1100-\u115f\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2e80-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)
_NARROW = re.compile(f"[^{_WIDE_CHARS}]")


@dataclass(frozen=True)
class _Measure:
    """How line widths are counted. ``slack``: how much shorter than the column a full line may
    be (a wide character does not fit in the last half-em); ``hang``: how much longer, with a
    mark hanging past the edge; ``push``: how much shorter still when its last character was
    pushed down with a mark that may not start a line (one character)."""

    half_ems: bool
    slack: int
    hang: int
    push: int
    min_width: int

    def widths(self, lines: list[str]) -> list[int]:
        """Widths with trailing spaces (a letter-spaced line may be cut after one)."""
        if not self.half_ems:
            return [len(ln.rstrip("\r")) for ln in lines]
        # Wide characters (CJK, full-width forms, Chinese quotes and dashes) take two half-ems;
        # the few narrow ones of a Chinese line are counted.
        bodies = [ln.rstrip("\r") for ln in lines]
        return [2 * len(body) - len(_NARROW.findall(body)) for body in bodies]


# Characters, as a text hard-wrapped to a count prints; half-ems, as a typeset column (digits
# and Latin letters half as wide as Chinese characters).
_CHARS = _Measure(False, 0, 1, 1, MIN_WIDTH)
_HALF_EMS = _Measure(True, 1, 2, 2, 2 * MIN_WIDTH)


@dataclass(frozen=True)
class _Column:
    measure: _Measure
    width: int
    widths: list[int]
    filled: int  # lines that fill the column and run on

    def full(self, i: int, lines: list[str]) -> bool:
        w, m, top = self.widths[i], self.measure, self.width
        if top - m.slack <= w <= top:
            return True
        if top < w <= top + m.hang:
            return _hangs(lines[i])
        return top - m.slack - m.push <= w < top - m.slack and i + 1 < len(lines) and _pushed(lines[i + 1])

    def runs_on(self, i: int, lines: list[str]) -> bool:
        """Line ``i`` fills the column and a line no wider follows it."""
        return self.full(i, lines) and 0 < self.widths[i + 1] <= self.width + self.measure.hang and not lines[i + 1].isspace()


def _column(lines: list[str]) -> _Column | None:
    """The column by the measure under which more lines fill it (characters on a tie)."""
    if _long_lines_followed(lines) < 3:
        return None  # (most pages: paragraphs set apart by blank lines)
    best: _Column | None = None
    for measure in (_CHARS, _HALF_EMS):
        col = _column_by(lines, measure)
        if col is not None and (best is None or col.filled > best.filled):
            best = col
    return best


def _long_lines_followed(lines: list[str]) -> int:
    """Lines of ``MIN_WIDTH`` characters or more followed by a line that holds something. A
    column needs three such lines under either measure (a line ``MIN_WIDTH`` half-ems wide
    holds that many characters at least)."""
    return sum(1 for ln, nxt in zip(lines, lines[1:]) if len(ln.rstrip("\r")) >= MIN_WIDTH and nxt.rstrip("\r") and not nxt.isspace())


def wrap_width(lines: list[str]) -> int | None:
    """The column width the text is wrapped at (in characters, or in half-ems where digits and
    Latin letters are typeset half as wide), or None when its lines end where it means."""
    col = _column(lines)
    return col.width if col else None


def _column_by(lines: list[str], m: _Measure) -> _Column | None:
    """The column whose width is seen most often, if the text shows one: at least three lines
    that fill it are followed by a line no wider, at most half as many lines are wider (a page
    may quote a wrapped text), and at least a quarter of those full lines end inside a word.
    One pass for the counts; the candidates are the widths seen."""
    widths = m.widths(lines)
    n = len(widths)
    hist: dict[int, int] = {}
    for w in widths:
        hist[w] = hist.get(w, 0) + 1
    # Full lines followed by a continuation no wider, counted for each width they may fill.
    pairs: dict[int, int] = {}
    for i in range(n - 1):
        w, nxt = widths[i], widths[i + 1]
        if w >= m.min_width and 0 < nxt and not lines[i + 1].isspace():
            top = w + m.slack + (m.push if _pushed(lines[i + 1]) else 0)
            cands = range(w - m.hang if _hangs(lines[i]) else w, top + 1)
            for cand in cands:
                if nxt <= cand + m.hang:
                    pairs[cand] = pairs.get(cand, 0) + 1
    if not pairs:
        return None
    def wider_than(w: int) -> int:
        """Lines wider than ``w``, from the histogram (asked for the few candidates only)."""
        return sum(c for width, c in hist.items() if width > w)

    best, best_pairs = None, 0
    for cand, count in pairs.items():
        if count < 3 or cand < m.min_width or wider_than(cand + m.hang) * 2 > count:
            continue
        if count > best_pairs or count == best_pairs and best is not None and cand > best:
            best, best_pairs = cand, count
    if best is None:
        return None
    col = _Column(m, best, widths, best_pairs)
    # A column cuts words: some full lines end inside a name. A list whose items happen to be
    # of one length ends every line where an item ends (a place word, a number, a mark).
    ends = [i for i in range(n - 1) if col.runs_on(i, lines)]
    inside = sum(1 for i in ends if _cut_inside(lines[i].rstrip(), lines[i + 1]))
    return col if inside and inside * 4 >= len(ends) else None


def _pushed(nxt: str) -> bool:
    """A line opening on a character and a mark that may not start a line: the character was
    pushed down from the line above to keep the mark company."""
    return nxt[1:2] in _NEVER_STARTS and nxt[1:2] != ""


def _hangs(line: str) -> bool:
    """A line ending on a mark, which may hang past the column's edge."""
    body = line.rstrip()
    return bool(body) and body[-1] in _MARKS


def _cut_inside(line: str, nxt: str) -> bool:
    """A break that a writer would not make: inside a word or a number, before a closing mark
    (print never starts a line with one), after an opening bracket."""
    last, first = line[-1], nxt[:1]
    if first in _NEVER_STARTS or last in "((“《【":
        return True
    if last.isdigit():
        return bool(_NUMBER_GOES_ON.match(first))
    return not (last in _MARKS or PLACE_SUFFIX_RX.search(line) or _TITLE_END.search(line))


def continues(line: str, nxt: str) -> bool:
    """Whether a break between ``line`` (a full one) and ``nxt`` can be a soft wrap: the line
    does not end a sentence, a title or a clause that opens a list, and ``nxt`` does not open a
    unit of its own (a list number, a heading mark, a date line…)."""
    body = line.rstrip()
    if _AS_OF_LABEL_RX.match(body):
        return False  # (截至2月13日15时)中风险地区: a label line, over the list below
    if _PROVINCE_START_RX.match(nxt) and PLACE_SUFFIX_RX.search(body):
        return False  # …裕田街道 / 黑龙江省哈尔滨市…: a place ends, the next one opens with its province
    return bool(body) and body[-1] not in _CLOSES and not _TITLE_END.search(body) and not _OPENS_UNIT.match(nxt)


_PROVINCE_START_RX = re.compile(r"[ \t\u3000]*(?:[\u4e00-\u9fff]{2,3}省|内蒙古|广西|西藏|宁夏|新疆|北京市|天津市|上海市|重庆市)")
_AS_OF_LABEL_RX = re.compile(r"[ \t\u3000]*[((](?:截至|截止)[^()()]{2,30}[))]")


# A range of numbers cut after its dash: 1- / 7单元, A3~ / A5栋.
_RANGE_CUT = re.compile(r"[0-9A-Za-z][-~]$")
_RANGE_GOES_ON = re.compile(r"[0-9A-Za-z]")


def soft_wraps(text: str) -> list[tuple[int, int]]:
    """The line breaks of ``text`` that are soft wraps, as ``(start, end)`` spans to delete:
    those after a full line of the text's column that fall mid-sentence, and any that cuts a
    range of numbers after its dash (``1-`` / ``7单元``), wherever it falls."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    col = _column(lines)
    ranges = any(cut in text for cut in ("-\n", "~\n", "-\r\n", "~\r\n"))
    out = _enumeration_breaks(lines) if "、\n" in text or "、\r\n" in text else []
    if ";\n" in text or ",\n" in text:
        taken = {a for a, _ in out}
        out = sorted(out + [b for b in _open_subject_breaks(lines) if b[0] not in taken])
    if col is None and not ranges:
        return out
    taken = {a for a, _ in out}
    pos = 0
    for i, ln in enumerate(lines[:-1]):
        end = pos + len(ln)
        pos = end + 1
        cut = ranges and _RANGE_CUT.search(ln.rstrip("\r")) is not None and _RANGE_GOES_ON.match(lines[i + 1]) is not None
        if not cut and (col is None or not col.runs_on(i, lines) or not continues(ln, lines[i + 1])):
            continue
        at = end - 1 if ln.endswith("\r") else end
        if at not in taken:
            out.append((at, end + 1))
    return sorted(out)


def _enumeration_breaks(lines: list[str]) -> list[tuple[int, int]]:
    """Breaks after a line ending in 、 (``甲小区、`` / blank line / ``乙小区等2个区域划定为…``): an
    enumeration comma never ends a sentence, so the list goes on on the next line that holds
    words, blank lines between included, unless that line opens a unit of its own."""
    out: list[tuple[int, int]] = []
    starts = line_starts(lines)
    for i, ln in enumerate(lines[:-1]):
        body = ln.rstrip(" \t\r\u3000")
        if not body.endswith("、") or len(body.strip()) < 4 or _OPENS_UNIT.match(body):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and not _OPENS_UNIT.match(lines[j]):
            out.append((starts[i] + len(body), starts[j]))
    return out


# 将甲小区1号楼; / 乙小区; / 丙小区调整为中风险区。: a sentence that brings its places in with 将
# (对, 把) goes on over the lines ending in ; or , until the line with its zone.
_OPEN_SUBJECT = re.compile(r"(?:^|[,,])[ \t\u3000]*(?:将|对|把)(?=[\u4e00-\u9fff])[^。!?]*$")
_MAX_SUBJECT_LINES = 60


def _open_subject_breaks(lines: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    starts = line_starts(lines)
    zone = zone_pattern("{z}")
    i = 0
    while i < len(lines) - 1:
        body = lines[i].rstrip(" \t\r\u3000")
        if not (body.endswith((";", ",")) and _OPEN_SUBJECT.search(body) and not zone.search(body)):
            i += 1
            continue
        breaks, j = [], i
        while j + 1 < len(lines) and j - i < _MAX_SUBJECT_LINES:
            nxt = lines[j + 1]
            if not nxt.strip() or _OPENS_UNIT.match(nxt) or _OPEN_SUBJECT.search(nxt.rstrip(" \t\r\u3000")):
                breaks = []
                break
            breaks.append((starts[j] + len(lines[j].rstrip(" \t\r\u3000")), starts[j + 1]))
            j += 1
            if zone.search(nxt):
                break
            if not nxt.rstrip(" \t\r\u3000").endswith((";", ",")):
                breaks = []
                break
        else:
            breaks = []
        if breaks and zone.search(lines[j]):
            out.extend(breaks)
        i = j + 1 if breaks else i + 1
    return out


# A group header's count and colon: 汽开区(1个):, 中风险区(三个):
_COUNTED_COLON = re.compile(r"[((](?:\d{1,3}|[一二三四五六七八九十两]{1,3})个[))][::]")
_EXPLAINED_HEADING_END = re.compile(rf"{MEASURES_EXPLAINED}$")
_NOT_GLUED = frozenset("\n \t\u3000,,、;;。::!?!?“")


def glued_headers(text: str) -> list[int]:
    """Offsets where a group header run into the item before it starts (``…卫星花园17栋汽开区(1个):
    汽开区49街区19栋``): a header — an admin name or a zone, with its count and colon — starts
    a line in a list, so one found right after a place (no mark between), or after the bracketed
    measures that explain a heading's zone, lost its line break.
    The header's name is the one its first item repeats, else a known county-level name or a
    zone term ending at the count."""
    if "个" not in text:
        return []
    points: list[int] = []
    for m in _COUNTED_COLON.finditer(text):
        start = _header_start(text, m.start(), m.end())
        if start is None or start == 0 or text[start - 1] in _NOT_GLUED:
            continue
        if text[start - 1] in "))":
            # 一、封控区(实行…管理措施)仙游县(6个): — after the measures a heading explains its zone with.
            if _EXPLAINED_HEADING_END.search(text, text.rfind("\n", 0, start) + 1, start):
                points.append(start)
            continue
        if PLACE_SUFFIX_RX.search(text, max(0, start - 12), start) is None:
            continue
        points.append(start)
    return points


def _header_start(text: str, end: int, after: int) -> int | None:
    """Start of the name ending at ``end`` that heads a group: the longest one (2–8 characters)
    that the text after ``after`` repeats, else the longest known county or zone name."""
    names = gazetteer().level_names(3)
    zones = frozenset(zone_terms())
    repeated = known = None
    for ln in range(2, 9):
        if ln > end:
            break
        name = text[end - ln : end]
        if not all("\u4e00" <= c <= "\u9fff" for c in name):
            break
        if text.startswith(name, after):
            repeated = end - ln
        if name in names or name in zones:
            known = end - ln
    return repeated if repeated is not None else known


_SPACED = re.compile(r"(?<=\S) (?=\S)")
_CJK_SPACED = re.compile(r" (?<=[\u4e00-\u9fff] )(?=[\u4e00-\u9fff])")  # the space first: searched for as a literal
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
            if spaced and _fewer_tight(ln, spaced):
                for m in _SPACED.finditer(ln):
                    s = m.start()
                    if not (ln[s - 1].isascii() and ln[s - 1].isalpha() and ln[s + 1].isascii() and ln[s + 1].isalpha()):
                        out.append((pos + s, pos + s + 1))
        pos += len(ln) + 1
    return out


def _fewer_tight(line: str, spaced: int) -> bool:
    """Whether ``line`` writes fewer than half of ``spaced`` pairs of Chinese characters next to
    each other: counted only until there are that many."""
    tight = 0
    for _ in _CJK_TIGHT.finditer(line):
        tight += 1
        if 2 * tight >= spaced:
            return False
    return True

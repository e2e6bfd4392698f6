"""From original text to the working text that rules match on, keeping an offset map.

Steps, each span-preserving (see :mod:`notice_nlp.textmap`):

1. drop inline pinyin that mirror sites put after characters (``區(qū)``);
2. NFKC per character (full-width digits and punctuation become ASCII);
3. traditional → simplified script (OpenCC ``t2s``), character for character;
4. layout repair: letter spacing and soft wraps (lines cut at a column's width, see
   :mod:`notice_nlp.layout`), words split across blank lines or column breaks, headings split
   over lines, zone words alone on a line — rejoined by deleting the line breaks and spaces in
   the working text only;
   mojibake (�, 锟斤拷) dropped; the epidemic named before a zone term (新冠肺炎疫情中风险地区)
   dropped;
5. run-on text (a page that lost its line breaks): new working lines before item numbers run
   together (:mod:`notice_nlp.numbering`), before list markers that follow a sentence end, and
   after a banner, number and title run into the body (:mod:`notice_nlp.run_ons`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .grammar import zone_qualifier_spans
from .layout import glued_headers, letter_spacing, soft_wraps
from .list_lines import ENDS_WORD_RX, closes_item_lines, is_place_line
from .markup import markup_edits
from .quotes import bracketed_item_edits, quoted_place_marks
from .run_ons import break_run_on_header, break_run_on_lists
from .noise import bare_numbers, noise_spans, title_echoes
from .numbering import glued_item_numbers
from .spans import line_starts
from .tables import flatten_tables, pipe_rows
from .textmap import MappedText

__all__ = ["normalize", "strip_pinyin", "to_simplified", "clean_value"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A parenthesised pinyin syllable glued to a CJK character; at least one tone mark.
# The bracket first, then the character before it (a pattern opening with a character class
# is searched by scanning for that class).
_PINYIN = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])([a-zü" + _TONED + r"]{1,6})[)）]")
_HAS_TONE = re.compile("[" + _TONED + "]")
_CJK = r"\u4e00-\u9fff"
# A header on a line of its own: a name and its count (长延堡村(4个):, 城关街道(21个)).
_COUNTED_HEADER_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{2,20}\s*[((]\s*(?:\d{1,3}|[一二三四五六七八九十两]{1,3})\s*个[^()()]{0,4}[))]\s*[::]?\s*$")
# 乌杨街道:甲小区、乙小区 / 锁南镇7个: — a township or county, its count and its colon open a group of the list.
_PLACE_HEADER_LINE = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,10}(?:街道|镇|乡|苏木|区|县|市|旗|省)"
    r"\s*(?:[((]\s*(?:\d{1,3}|[一二三四五六七八九十两]{1,3})\s*个?[^()()::]{0,4}[))]|(?:\d{1,3}|[一二三四五六七八九十两]{1,3})\s*个)?\s*[::]"
)


def _opens_list(line: str) -> bool:
    return bool(_PLACE_HEADER_LINE.match(line) or _COUNTED_HEADER_LINE.match(line) or _LIST_MARKER.match(line))


_LIST_MARKER = re.compile(r"^\s*(?:#|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|\d+[.、]|\(\d+\)|[①-⑳])")
# Paragraphs that open on their own: a report's lead, a date line, a signature.
_PARAGRAPH_START = re.compile(
    r"^\s*(?:本(?:报|网|台|刊)|新华社|中新网|据|记者|通讯员|[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日\s*[电讯]|[\u4e00-\u9fff]{1,8}(?:网|报|台|社)讯"
    r"|(?:来源|作者|发布时间|时间|原标题)\s*[::]"
    r"|(?:以上|上述)(?:所列)?(?:\d+|[一二两三四五六七八九十]{1,3})?个?(?:区域|地区|小区|村|社区|风险区|封控区|管控区|防范区|高风险区|中风险区|低风险区))"  # 以上4个区域…: a sentence pointing back
)
# A page's masthead line (来源:某报 2021年6月24日 作者:…) ends where its line ends.
_MASTHEAD_LINE = re.compile(r"(?:来源|作者|发布时间|版次|责任编辑|原标题)\s*[::]")
_INDENTED = re.compile(r"(?: {2,}|\u3000)\S")
_HEADING_END = re.compile(r"(?:通告|公告|通知|决定|通报)\s*$")


def _pinyin_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PINYIN.finditer(text) if _HAS_TONE.search(m.group(1))]


def strip_pinyin(text: str) -> str:
    """Remove inline pinyin annotations (``區(qū)`` → ``區``)."""
    spans = _pinyin_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for s, e in spans:
        out.append(text[last:s])
        last = e
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # lazy: loading the dictionaries costs time

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str] | None:
    """The CJK characters that OpenCC's ``t2s`` changes on their own (built in a few ms on
    first use); None if that cannot be read off character by character."""
    chars = "".join(chr(c) for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(lo, hi))
    sample = "\n".join(chars)
    conv = _t2s().convert(sample)
    if len(conv) != len(sample):
        return None
    return frozenset(a for a, b in zip(sample, conv) if a != b)


@lru_cache(maxsize=1)
def _traditional_char_rx() -> re.Pattern[str] | None:
    """Any of :func:`_traditional_chars`, as one character class (searched several times
    faster than a set is tested against every character of a text)."""
    traditional = _traditional_chars()
    return None if traditional is None else re.compile("[" + "".join(sorted(traditional)) + "]")


def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character (length preserved)."""
    traditional = _traditional_char_rx()
    if traditional is not None and traditional.search(text) is None:
        # Already simplified. (t2s's phrase table would still rewrite some simplified words:
        # 打坏 → 打坯, the surname in 沈思 → 沉思.)
        return text
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


# ASCII and the CJK Unified Ideographs block are NFKC-stable.
_MAY_CHANGE_UNDER_NFKC = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]")


@lru_cache(maxsize=8192)
def _nfkc_char(ch: str) -> str:
    if ch.isascii():
        return ch
    out = unicodedata.normalize("NFKC", ch)
    return out if out else ch


# Patterns open with a character (or a class, or alternatives that each open with a character):
# the regex engine then scans for it and tries the rest only there. (A leading lookahead does
# not give it that: it would try the whole pattern at every position.) What a match needs
# before its first character is a lookbehind after it.
_MOJIBAKE = re.compile(r"\ufffd\ufffd*|锟斤拷(?:锟斤拷)*|烫烫烫(?:烫烫烫)*|屯屯屯(?:屯屯屯)*")
_LOOSE_SPACE = re.compile(
    r"[ \u3000](?:(?<=[\u4e00-\u9fff][ \u3000])[ \u3000]*(?=\d(?!\d*[.、][\u4e00-\u9fff]))|(?<=\d[ \u3000])[ \u3000]*(?=[\u4e00-\u9fff])"
    r"|[ \u3000]*(?=[,。、;:)])|(?<=[(,、;:)][ \u3000])[ \u3000]*(?=[\u4e00-\u9fff]))"
)


def clean_value(text: str) -> str:
    """An original-text slice made presentable: pinyin and mojibake dropped, line breaks and
    letter spacing removed, trimmed."""
    if _NEEDS_CLEANING.search(text):
        text = _MOJIBAKE.sub("", strip_pinyin(text))
        text = _LINE_BREAK.sub("", text).replace("\t", "")  # line breaks, table cell gaps
    if " " in text or "\u3000" in text:
        spaced = letter_spacing(text.replace("\u3000", " "))
        if spaced:
            gaps = {s for s, _ in spaced}
            text = "".join(c for i, c in enumerate(text) if i not in gaps)
    return text.strip(" \t\u3000,,;;、。:")


_CRLF_RX = re.compile(r"\r\n?")
_DOUBLED_MARKS_RX = re.compile(r"[,,、][,,、]+")
_CJK_CHAR_RX = re.compile(f"[{_CJK}]")
_NEEDS_CLEANING = re.compile("[(\uff08\n\t\ufffd锟烫屯]")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def _rejoin(mt: MappedText) -> MappedText:
    """Soft wraps (lines cut at a column's width) deleted, read on the text as printed (pinyin
    included); letter spacing deleted. A letter-spaced column may show its width with the
    spaces (spaced, then cut) or without them (cut, then each glyph spaced): the reading that
    finds more soft wraps wins."""
    wraps = soft_wraps(mt.text)
    spaced = letter_spacing(mt.text)
    if not spaced:
        return mt.delete(wraps)
    tight = mt.delete(spaced)
    tight_wraps = soft_wraps(tight.text)
    if len(tight_wraps) > len(wraps):
        return tight.delete(tight_wraps)
    mt = mt.delete(wraps)
    return mt.delete(letter_spacing(mt.text))


def normalize(original: str) -> MappedText:
    """Build the working text for ``original`` (see module docstring)."""
    mt = MappedText.identity(original)
    # Tags of a page's source left in the text: a block's end is a line break.
    markup = markup_edits(original)
    if markup:
        mt = mt.replace(markup)
    mt = _rejoin(mt)
    spans = _pinyin_spans(mt.text)
    if spans:
        mt = mt.delete(spans)
    mt = mt.map_chars(_nfkc_char, only=_MAY_CHANGE_UNDER_NFKC)
    mt = mt.map_same_length(to_simplified(mt.text))
    mt = mt.sub(_CRLF_RX, "\n")
    # Lines letter-spaced with ideographic spaces (now plain ones) lose them too.
    mt = mt.delete(letter_spacing(mt.text))
    # Table rows (tab- or space-separated cells under a header) become sentences.
    mt = flatten_tables(pipe_rows(mt))
    # Mojibake left by a wrong decoding (�, 锟斤拷) carries no meaning.
    mt = mt.sub(_MOJIBAKE, "")
    # Neither do the runs of ASCII a forum mirror scatters around the lines to defeat copying.
    noise = noise_spans(mt.text)
    if noise:
        mt = mt.delete(noise)
        # Such pages lose the marks of their list numbers too (1雁塔区…, 一高风险地区).
        numbers = bare_numbers(mt.text)
        if numbers:
            mt = mt.insert(numbers, "、")
    # A page's title repeated in 【】 at the start of a line of the notice is no part of it.
    echoes = title_echoes(mt.text)
    if echoes:
        mt = mt.delete(echoes)
    # Doubled punctuation from mirror sites (,, ,、) collapses to the last mark.
    mt = mt.sub(_DOUBLED_MARKS_RX, lambda m: m.group(0)[-1])
    # Spaces inside names next to digits (5 号楼 1 单元) and before punctuation.
    mt = mt.sub(_LOOSE_SPACE, "")
    mt = _repair_layout(mt)
    # 划定为新冠肺炎疫情中风险地区: the epidemic named before a zone term is no part of it.
    qualifiers = zone_qualifier_spans(mt.text)
    if qualifiers:
        mt = mt.delete(qualifiers)
    # 菜子镇“菜子村、浅河村”: quotation marks around place names in a list are none of them.
    quoted = quoted_place_marks(mt.text)
    if quoted:
        mt = mt.delete(quoted)
    # :(甲小区1栋)(乙村)(丙路7号): items each wrapped in brackets, side by side, are a list.
    bracketed = bracketed_item_edits(mt.text)
    if bracketed:
        mt = mt.replace(bracketed)
    # 1.甲小区2.乙小区: numbers of one list run together on a line start its items again.
    glued_numbers = glued_item_numbers(mt.text)
    if glued_numbers:
        mt = mt.insert(glued_numbers, "\n")
    mt = break_run_on_lists(mt)
    # A group header run into the item before it starts its own line again.
    glued = glued_headers(mt.text)
    if glued:
        mt = mt.insert(glued, "\n")
    mt = break_run_on_header(mt)
    return mt


@lru_cache(maxsize=1)
def _zone_line_pattern() -> tuple[re.Pattern[str], int]:
    """A line holding only a zone term (and a mark after it), and the longest such line, stripped."""
    from .vocab import zone_terms

    terms = sorted(zone_terms(), key=len, reverse=True)
    return re.compile(r"^[ \t]*(?:" + "|".join(map(re.escape, terms)) + r")[ \t]*[;;,,。]?[ \t]*$"), len(terms[0]) + 1


_LONE_MARK_RX = re.compile(r"^[ \t]*[;;,,。、][ \t]*")
_ENDS_UNIT = frozenset("::。!?!?")


def _repair_layout(mt: MappedText) -> MappedText:
    text = mt.text
    lines = text.split("\n")
    starts = line_starts(lines)
    sizes = [len(ln.strip()) for ln in lines]  # 0 for a blank line
    n = len(lines)
    removals: list[tuple[int, int]] = []
    zone_rx, zone_line_max = _zone_line_pattern()

    def content_index(i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < n:
            if sizes[j]:
                return j
            j += step
        return None

    # 1. Zone words (or a lone ';') on their own line belong to the sentence around them —
    # unless the line above ends a sentence or opens a list (…截至10月30日: / 中风险区 / 瑶海区:),
    # where a zone alone on its line is the label of the list below.
    for i, ln in enumerate(lines):
        size = sizes[i]
        if size > zone_line_max and size > 2:
            continue  # too long for a zone term or a lone mark
        is_zone = size <= zone_line_max and zone_rx.match(ln) is not None
        if is_zone or size <= 2 and _LONE_MARK_RX.match(ln):
            prev = i - 1
            nxt_line = content_index(i, 1)
            label = is_zone and (
                prev < 0
                or not sizes[prev]
                or lines[prev].rstrip()[-1] in _ENDS_UNIT
                # 高风险地区 / 河南省许昌市:… — a zone over a line that opens a list (a place and its
                # colon, a counted header, a numbered item) labels that list.
                or nxt_line is not None and _opens_list(lines[nxt_line])
                # 甲区某店 / 中风险区 / 甲区某小区3栋: between places set one a line, a zone alone
                # on its line labels the places below.
                or nxt_line is not None and is_place_line(lines[prev]) and is_place_line(lines[nxt_line])
            )
            if label:
                continue
            if prev >= 0 and sizes[prev] and not lines[prev].lstrip().startswith("#"):
                s = starts[prev] + len(lines[prev].rstrip())
                e = starts[i] + (len(ln) - len(ln.lstrip()))
                removals.append((s, e))
            nxt = i + 1
            if nxt < n and sizes[nxt] and is_zone and not _LIST_MARKER.match(lines[nxt]):
                s = starts[i] + len(ln.rstrip())
                e = starts[nxt] + (len(lines[nxt]) - len(lines[nxt].lstrip()))
                removals.append((s, e))

    # 2. Words split across a blank line (column or page break inside a sentence) — unless no
    # paragraph of the text ends with a full stop (a page whose stops were lost): there each
    # blank line ends a paragraph.
    breaks: list[tuple[int, int]] = []
    stops = 0
    for i, ln in enumerate(lines):
        if sizes[i] and i + 1 < n and not sizes[i + 1] and ln.rstrip()[-1] in "。!?！？":
            stops += 1
    for i, ln in enumerate(lines):
        if not sizes[i] or i + 1 < n and sizes[i + 1] or ln.lstrip().startswith("#"):
            continue  # a blank line, one followed by a line that is not blank, a heading
        j = content_index(i, 1)
        if j is None:
            continue
        nxt = lines[j]
        stripped = ln.rstrip()
        if stripped != ln and ln.endswith("  "):
            continue  # a markdown hard break ends the line on purpose
        if not ENDS_WORD_RX.match(stripped, len(stripped) - 1) or nxt.lstrip().startswith("#") or _LIST_MARKER.match(nxt) or _LIST_MARKER.match(ln):
            continue  # headings (一、…) and list items end where their line ends
        if _COUNTED_HEADER_LINE.match(nxt) or _PLACE_HEADER_LINE.match(nxt):
            continue  # a counted header, a place and its colon open their own line
        first = nxt.lstrip()[:1]
        if not first or not (_CJK_CHAR_RX.match(first) or first in ",。;:、"):
            continue
        body_break = (
            any(c in ",,;;、" for c in stripped)
            and len(stripped) >= 12
            and not _PARAGRAPH_START.match(nxt)
            and not _INDENTED.match(nxt)  # an indented line opens a paragraph of its own
            and not _MASTHEAD_LINE.search(stripped)
            and not closes_item_lines(lines, sizes, i)
        )
        heading_split = (
            len(stripped) <= 30
            and len(nxt.strip()) <= 30
            and "关于" in stripped
            and not _HEADING_END.search(stripped)
            and _HEADING_END.search(nxt)
        )
        if body_break or heading_split:
            (breaks if body_break and not heading_split else removals).append((starts[i] + len(stripped), starts[j] + len(nxt) - len(nxt.lstrip())))
    if stops or len(breaks) < 2:
        removals.extend(breaks)

    # 3. Headings split over adjacent lines (关于…/…的通告).
    for i, ln in enumerate(lines[:-1]):
        if "关于" not in ln:
            continue
        nxt = lines[i + 1]
        a, b = ln.strip(), nxt.strip()
        if (
            a
            and b
            and "关于" in a
            and len(a) <= 30
            and len(b) <= 30
            and not _HEADING_END.search(a)
            and _HEADING_END.search(b)
            and not any(c in ",。;" for c in a + b)
        ):
            removals.append((starts[i] + len(ln.rstrip()), starts[i + 1] + len(nxt) - len(nxt.lstrip())))

    if not removals:
        return mt
    merged: list[tuple[int, int]] = []
    for s, e in sorted(removals):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return mt.delete(merged)

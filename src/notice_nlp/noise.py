"""Noise that forum and mirror pages scatter around a notice's lines to defeat copying: runs of
short ASCII tokens between spaces (``+ g/ P8 e; T- ?* r``) before or after the words of a line,
or the same run with its spaces lost, glued to them (``$ p2h+Q*@-K#``). What the line says lies
between; the runs carry nothing."""

from __future__ import annotations

import re

from .grammar import numeral_value
from .numbering import in_sequence

__all__ = ["edge_noise", "noise_spans", "bare_numbers", "title_echoes"]

# What every kind of noise below holds: an ASCII character beside a blank, or a letter. Written
# to open with a character class, which the regex engine scans for before trying the rest: the
# letter or the blank (ASCII digits and marks, which NFKC makes of a Chinese text's punctuation,
# are everywhere).
_NOISE_HINT_RX = re.compile(r"[A-Za-z\s](?:(?<=[A-Za-z])|(?<=[!-~]\s)|(?<=\s)(?=[!-~]))")
_LEAD_NOISE_RX = re.compile(r"[\s#]*(?:[!-~]{1,3}\s+){2,}")
_TRAIL_NOISE_RX = re.compile(r"[,,]?(?:\s+[!-~]{1,3}){2,}\s*$")
# The same noise with its spaces lost: a run of ASCII holding letters and marks, glued to the words.
_LEAD_GLUED_RX = re.compile(r"\s*(?=[!-~]*[A-Za-z])(?=[!-~]*[^\w\s])[!-~]{4,}(?=[\u4e00-\u9fff])")
_TRAIL_GLUED_RX = re.compile(r"(?<=[\u4e00-\u9fff])[,,]?(?=[!-~]*[A-Za-z])(?=[!-~]*[^\w\s,])[!-~]{4,}\s*$")


_LETTER_RX = re.compile(r"[A-Za-z]")
_LEAD_STRAY_RX = re.compile(r"[A-Za-z_~!$^`'\"|\\](?=\d{0,3}[\u4e00-\u9fff])")
_STRAY_MARKS = set("!$#%&*+^_`~|\\\"'(@<>=")


def edge_noise(line: str) -> tuple[int, int]:
    """Where the words of ``line`` start and end once the noise around them is left out."""
    if not _NOISE_HINT_RX.search(line):
        return 0, len(line)
    lead = _LEAD_NOISE_RX.match(line) or _LEAD_GLUED_RX.match(line)
    a = lead.end() if lead else 0
    if lead and _LEAD_STRAY_RX.match(line, a):
        a += 1  # _2雁塔区…: the run's last token glued to the line's own number
    trail = _TRAIL_NOISE_RX.search(line, a) or _TRAIL_GLUED_RX.search(line, a)
    b = trail.start() if trail else len(line)
    if trail and b > a and line[b - 1] in _STRAY_MARKS:
        b -= 1  # …街道$ T% x0: the run's first token glued to the line's last word
    return a, b


def noise_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the noise at the edges of the lines of ``text`` that hold words between it."""
    out: list[tuple[int, int]] = []
    if not _LETTER_RX.search(text):
        return out  # every run of such noise holds a letter
    pos = 0
    for line in text.split("\n"):
        a, b = edge_noise(line)
        if (a or b < len(line)) and re.search(r"[\u4e00-\u9fff]", line[a:b]):
            if a:
                out.append((pos, pos + a))
            if b < len(line):
                out.append((pos + b, pos + len(line)))
        pos += len(line) + 1
    return out


# 1雁塔区… / 2雁塔区… and 一高风险地区 / 二中风险地区: list numbers whose mark (1. 一、) a copy
# lost. A run of two or more lines numbered one after another is such a list.
_BARE_NUMBER_RX = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])", re.M)
_BARE_CN_NUMBER_RX = re.compile(r"^([一二三四五六七八九十])(?=[高中低]风险|封控|管控|防范)", re.M)


def bare_numbers(text: str) -> list[int]:
    """Where a list number lost its mark: the offsets after the numbers of lines numbered one
    after another (1, 2, 3 … or 一, 二 … before a zone), where the mark goes back."""
    out: list[int] = []
    for rx, value in ((_BARE_NUMBER_RX, int), (_BARE_CN_NUMBER_RX, numeral_value)):
        out += in_sequence([(m.end(1), value(m.group(1))) for m in rx.finditer(text)])
    return sorted(out)


# 【12月7日关于调整某县风险区域的通告】城关街道文鼎苑5号楼: a mirror page repeats its own title in
# square brackets at the start of a line of the notice, as a search snippet. The title stands as
# a line of its own elsewhere on the page (or with a tag before a bar: 【某镇|某市调整…】); what
# follows the brackets is the line's own text.
_ECHO_RX = re.compile(r"^[ \t]*【([^【】\n]{6,80})】(?=[ \t]*\S)", re.M)
_TAG_RX = re.compile(r"^[^|｜]{1,12}[|｜]")


def title_echoes(text: str) -> list[tuple[int, int]]:
    """Spans of a page title repeated in 【】 at the start of a line that goes on after it."""
    if "【" not in text:
        return []
    out: list[tuple[int, int]] = []
    lines: set[str] | None = None
    for m in _ECHO_RX.finditer(text):
        if lines is None:
            lines = {"".join(line.split()) for line in text.split("\n")}
            lines |= {_TAG_RX.sub("", line, count=1) for line in lines}
        title = "".join(m.group(1).split())
        if title in lines or _TAG_RX.sub("", title, count=1) in lines:
            out.append(m.span())
    return out

"""Lines run together by a page that lost its line breaks: a notice's header run into its body
(通告 (2022年第165号) 关于…的通告 为统筹…), and list markers after a sentence end on the same line
(。二、调整为低风险区 1.某小区;2.…), each started on a working line of its own again."""

from __future__ import annotations

import re

from .textmap import MappedText
from .vocab import ORG_SUFFIX

__all__ = ["break_run_on_header", "break_run_on_lists"]

_ORG = ORG_SUFFIX + r"(?:\([^()]{1,8}\))?"
# Header parts, each with the words one of which it needs (to skip it cheaply).
_HEADER_PARTS = [
    (("通告", "公告"), re.compile(rf"[^,。;:\s]{{2,50}}?{_ORG}\s*(?:通告|公告)(?=\s*\S)")),  # banner
    (("号",), re.compile(r"[((]\s*(?:\d{4}\s*年)?\s*第?\s*\d+\s*号\s*[))](?=\s*\S)")),  # number
    (("关于",), re.compile(r"[^,。;:\s《》]{0,24}关于[^,。;《》]{2,70}?的(?:通告|公告|通知)(?=\s*[^\s》])")),  # title (not a cited 《…》 one)
]


def break_run_on_header(mt: MappedText) -> MappedText:
    """A header run into the body (通告 (2022年第165号) 关于…的通告 为统筹…): new working lines
    after the banner, the number and the title, each recognised at the start of a line."""
    text = mt.text
    parts = [(needs, rx) for needs, rx in _HEADER_PARTS if needs[0] in text or needs[-1] in text]
    if not parts:
        return mt
    breaks: list[int] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        at = -1  # where the next part may start, once a part is looked for on the line
        for needs, rx in parts:
            if needs[0] not in line and needs[-1] not in line:
                continue
            if at < 0:
                at = end - len(line.lstrip("# \t"))
            m = rx.match(text, at, end)
            if m:
                breaks.append(m.end())
                at = m.end()
                while at < end and text[at] in " \t\u3000":
                    at += 1
        pos = end + 1
    if not breaks:
        return mt
    return mt.insert(sorted(set(breaks)), "\n")


# A list run into one line (a page that lost its line breaks): 。二、调整为低风险区 1.某小区;2.…
_RUN_ON_MARKER = re.compile(
    r"(?=[ \t\u3000一二三四五六七八九十((\d])(?:"
    r"(?<=[。;;::!?])[ \t\u3000]*(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])|[((]\d{1,2}[))](?=[\u4e00-\u9fff])))"
    r"|(?<=[\u4e00-\u9fff)])[ \t\u3000]+(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])))"
    r"|(?<=[\u4e00-\u9fff)])[ \t\u3000]+(?=(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$))"
    r"|(?<=。)(?:(?<=特此通告。)|(?<=特此公告。)|(?<=特此通知。))"
)


# Whether a text holds a run-on marker at all, found from the character before the marker
# (a sentence end, or the first space of a run after a character or bracket): one class the
# engine scans ahead for, where the marker pattern tries its lookahead at every position.
_RUN_ON_PROBE = re.compile(
    r"[。;;::!? \t\u3000](?:"
    r"(?<=[。;;::!?])[ \t\u3000]*(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])|[((]\d{1,2}[))](?=[\u4e00-\u9fff])))"
    r"|(?<=[\u4e00-\u9fff)][ \t\u3000])[ \t\u3000]*(?=(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|\d{1,2}[.、](?=[\u4e00-\u9fff])|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$))"
    r"|(?<=特此通告。)|(?<=特此公告。)|(?<=特此通知。)"
    r")"
)


def break_run_on_lists(mt: MappedText) -> MappedText:
    """Start a new working line before list markers that follow a sentence end on the same line."""
    if not _RUN_ON_PROBE.search(mt.text):
        return mt
    return mt.sub(_RUN_ON_MARKER, lambda m: m.group(0) + "\n" if m.group(0) else "\n")

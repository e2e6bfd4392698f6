"""A notice's document number: ``2022年第165号``, ``昆应疫指通〔2022〕63号``, ``第一百六十五号``.

The number sits in the header (a bracketed line under the title, or run into a banner
``某区指挥部2022年60号通告``); failing that, near the opening of the notice. A number written
after a cited document — ``根据《…的通知》(某发〔2022〕5号)``, ``原2022年43号通告`` — is that
document's, never the notice's own.
"""

from __future__ import annotations

import re

__all__ = ["find_doc_number"]

_N = r"(?:\d+|[〇零一二三四五六七八九十百千]+)"
_KIND = r"(?:通告|公告|通报|通知)"
# Patterns, each with characters one of which it needs (to skip it cheaply).
_RXS = [
    # (2022年第5号), (通告2022年第5号): the bracketed number line may repeat the genre word.
    ("年", re.compile(rf"[((]\s*(?:{_KIND}\s*)?(?P<n>\d{{4}}\s*年\s*第?\s*{_N}\s*号)\s*[))]")),
    ("年", re.compile(rf"(?P<n>\d\d{{3}}\s*年\s*第?\s*{_N}\s*号)(?=\s*(?:{_KIND}|$))", re.M)),  # \d\d{3}: opens with a class, scanned for
    ("〔[", re.compile(r"(?:(?<=[((\s:])|^)(?P<n>[\u4e00-\u9fff]{1,12}[〔\[]\s*\d{4}\s*[〕\]]\s*第?\s*\d+\s*号)", re.M)),
    ("〔[", re.compile(r"(?P<n>(?<![发印公])[\u4e00-\u9fff]{0,7}[办发函字委府防卫指组政通][〔\[]\s*\d{4}\s*[〕\]]\s*第?\s*\d+\s*号)")),
    ("〔[", re.compile(r"(?P<n>[〔\[]\s*\d{4}\s*[〕\]]\s*第?\s*\d+\s*号)")),
    ("第", re.compile(r"(?P<n>[((]\s*\d{4}\s*[))]\s*第\s*\d+\s*号)")),
    # (年第9号): a page that lost the year's digits keeps the number.
    ("第", re.compile(rf"[((]\s*(?:{_KIND}\s*)?(?:年\s*)?(?P<n>第\s*{_N}\s*号)\s*[))]")),
    ("第", re.compile(rf"(?P<n>第\s*{_N}\s*号)(?=\s*{_KIND})")),
    ("第", re.compile(rf"^[#\s]*(?P<n>第\s*{_N}\s*号)\s*$", re.M)),  # a number line of its own
    # 某旗指挥部19号公告: a number run into a banner after the body's name, with no year or 第.
    # (The digit first, the body's last character checked behind it: a pattern that opens with a
    # class is scanned for that class.)
    ("号", re.compile(rf"(?P<n>\d(?<=[部室组会府委办局班]\d)\d{{0,3}}\s*号)(?=\s*{_KIND})")),
]
_CITED_BEFORE_RX = re.compile(r"(?:》\s*[((]?\s*|原\s*|根据[^。;]{0,120}|按照[^。;]{0,120}|依据[^。;]{0,120})$")


def _cited(text: str, start: int, floor: int) -> bool:
    """A number written after a cited document (or inside a 根据… clause) is that document's."""
    before = text[max(floor, start - 140) : start]
    before = before[before.rfind("\n") + 1 :]
    bare = re.sub(r"[\u4e00-\u9fff]{1,12}$", "", before)  # 闽…综〔2021〕76号: the number's own prefix
    return bool(_CITED_BEFORE_RX.search(before) or _CITED_BEFORE_RX.search(bare))


def find_doc_number(text: str, zones: list[tuple[int, int]], header: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span of the notice's own number, looked for in ``zones`` in order."""
    for zs, ze in zones:
        segment = text[zs:ze]
        if "号" not in segment:
            continue  # every number ends in 号
        for needs, rx in _RXS:
            if needs[0] not in segment and (len(needs) == 1 or needs[1] not in segment):
                continue
            for m in rx.finditer(text, zs, ze):
                n = m.group("n")
                if not re.search(r"\d|[一二三四五六七八九十]", n) or re.match(r"[楼院栋]", text[m.end("n") : m.end("n") + 1]):
                    continue
                in_header = header is not None and header[0] <= m.start() < header[1]
                if not in_header and _cited(text, m.start(), zs):
                    continue
                return (m.start("n"), m.end("n"))
    return None

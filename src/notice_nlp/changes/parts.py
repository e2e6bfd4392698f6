"""Headings over parts of a notice body that are not zone sections: a line that is only
administrative names over the lines of its items (``雁塔区``, ``一、赤岗街道``), a numbered part
heading with no zone transition (``一、11月3日调整的区域``, ``二、截至…全市中高风险区``), and a
section heading written on one line with its list (``一、山阳县高风险区降为中风险区(1个)某村``)."""

from __future__ import annotations

import re

from ..grammar import COUNT_RX, MEASURE_RX, ORDINAL_RX, status_rx, change_words, designating_alternation, ordinal_kind, zone_alternation, zone_pattern
from ..headings import admin_header, parse_heading
from ..items import ItemContext, county_at
from ..spans import strip_span

_CLAUSE_MARK_RX = re.compile(r"[,,;;、::]")

__all__ = ["PartHeaders"]

# Words of a heading over a part of the notice (一、11月3日调整的区域), as against a place.
_BARE_HEADING_WORDS = r"\d+\s*月\s*\d+\s*日|调整|公布|名单|情况|如下"


def _numbered_deeper(m: re.Match[str], following: re.Match[str] | None) -> bool:
    """``1.新华街道`` over ``(1)甲小区``: the line below is numbered in another scheme, so the
    numbered name heads a list of its own rather than being an entry of its list."""
    return following is not None and ordinal_kind(following) != ordinal_kind(m)


class PartHeaders:
    """Part headings of :class:`~.reader.Reader` (state lives on the reader)."""

    def _bare_county_header(self, s: int, e: int, nxt: tuple[int, int]) -> bool:
        """A line that is only administrative names (``雁塔区``, ``一、赤岗街道``, ``(一)城关区``,
        ``城关镇辖区内``) over the lines of its items: a group header without a colon or count.
        A numbered entry (``1.``) is an item, and a line over another such line is one of a list
        of names."""
        text = self.text
        m = ORDINAL_RX.match(text, s, e)
        following = ORDINAL_RX.match(text, *nxt)
        if m and (m.group("num") or m.group("pnum") or m.group("circ")) and not _numbered_deeper(m, following):
            return False
        start = m.end() if m else s
        end = strip_span(text, start, e, " \t。")[1]
        groups = admin_header(text, start, end)
        if not groups:
            return False
        numbered_next = following is not None and bool(following.group("num") or following.group("pnum"))
        n_start = following.end() if following else nxt[0]
        # 永宁县 between a sentence that ends (…划为高风险区。) and a zone heading: no list runs
        # on into it, so it heads the part below.
        after_sentence = text[:s].rstrip()[-1:] in ("。", "!", "!") and parse_heading(text, n_start, nxt[1]) is not None
        if self.section is None and not self.backrefs and not (numbered_next or after_sentence or (m and (m.group("cn") or m.group("pcn")))):
            return False
        below = admin_header(text, n_start, strip_span(text, n_start, nxt[1], " \t。")[1])
        if any(g.level == groups[-1].level and g.count is None for g in below):
            return False  # 城关镇 over 新城镇: names of one list (a township under a district heads its own items)
        if parse_heading(text, n_start, nxt[1]) and not (m and m.group("cn")) and not after_sentence:
            return False  # a name over a zone heading is an item of the list before, unless numbered 一、二、 (二、七里河区 over (一)高风险区)
        if not (m and (m.group("cn") or m.group("pcn") and not text[s:e].rstrip().endswith("。"))) and not numbered_next and not after_sentence and change_words().search(text, *nxt):
            return False  # 新城镇 over 二、以下区域…: the last name of a list, not a header
        if self.section is None or (m and m.group("cn")) or after_sentence:
            # 一、中原区 over sentences and sections of its own: the scope of all that follows,
            # up to the next such header.
            scope = self.context.scope
            for g in groups:
                if g.level == "district":
                    scope = ItemContext(district=g.name, town=None, city=scope.city, province=scope.province)
                else:
                    scope = ItemContext(district=scope.district, town=g.name, city=scope.city, province=scope.province)
            self.context = self.context.child(scope=scope)
        if self.section is not None and not after_sentence:
            for g in groups:
                self._open_group(g)
        return True

    def _bare_heading(self, s: int, e: int) -> bool:
        """``一、11月3日调整的区域`` / ``二、截至11月3日5时全市中高风险区``: a numbered heading that is
        neither a zone transition nor a district, and holds no list. It closes what is open and
        starts a part whose lists are statuses when it carries an as-of phrase, changes otherwise."""
        text = self.text
        body = text[s:e].rstrip(" ::。")
        if not body or len(body) > 40 or _CLAUSE_MARK_RX.search(body):
            return False
        status = bool(status_rx().search(body))
        has_zone = bool(zone_pattern("{z}").search(body))
        if has_zone and not status:
            return False
        if not status and not re.search(f"{_BARE_HEADING_WORDS}|{designating_alternation()}", body):
            return False
        if county_at(text, s, s + len(body)) == s + len(body) or parse_heading(text, s, e) is not None or self._has_anchor(s, e):
            return False
        if self.rx_label.search(text, s, e):
            return False
        self._close_group()
        sec = self.section
        if sec is not None and not status and sec.first == len(self.out.changes) and sec in self.forward_sections:
            # 将以下区域由高风险区调整为低风险区。/ 一、自11月22日24时起调整的区域: the parts of
            # the list announced above, each from its own time; the announced zones hold for all.
            self.forward_parts = True
            return True
        if sec is not None and self.forward_parts and not status:
            return True  # 二、自…起调整的区域: the next part of that list
        self._close_section()
        self.context = self.context.child(status=status, lifting=False)
        return True

    def _heading_prefix(self, s: int, e: int) -> int | None:
        """End of the longest section heading that starts the sentence and is followed by more text."""
        text = self.text
        ends = set()
        for m in re.finditer(zone_alternation(), text[s : min(e, s + 45)]):
            ends.add(s + m.end())
            if text.startswith(("(", "("), s + m.end()):
                # 三、防范区(实行…管理措施)甲县…: the bracketed measures belong to the heading.
                close = min((i for i in (text.find(")", s + m.end(), e), text.find(")", s + m.end(), e)) if i >= 0), default=-1)
                if close >= 0:
                    ends.add(close + 1)
        for m in COUNT_RX.finditer(text, s, min(e, s + 50)):
            ends.add(m.end())
        for k in sorted(ends, reverse=True):
            rest = text[k:e].strip(" \t::")
            if rest and parse_heading(text, s, k) is not None and not MEASURE_RX.match(rest):
                return k
        return None

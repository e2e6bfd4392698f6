"""Measures: what a zone's areas must do (实行封控管理, 足不出户), which are no places. A sentence
that is a measure (``封控区内实行…``, ``管控措施:…``), a block headed ``(二)管理措施`` read as
measures up to the next heading, and the measures written after a list (``甲、乙,实行…``)."""

from __future__ import annotations

import re

from ..grammar import zone_pattern
from ..headings import parse_heading

__all__ = ["MeasureReader"]

# ,实行… / 上述区域实行… (with or without a comma before it): the measures after a list.
_MEASURE_CLAUSE_RX = re.compile(r"[,,;;]\s*(?:实行|执行|落实|采取)|(?:上述|以上)(?:区域|地区|小区|场所|村居)?(?:均|统一)?\s*(?:实行|执行|落实|采取)")
# 管控措施: / 防控要求: — a label over the measures of the zone above, never over places.
# (二)管理措施 — a heading of its own over the measures; (一)具体范围 — over the list.
_MEASURES_HEADING_RX = re.compile(r"\s*(?:管控|防控|封控|防范|管理)(?:措施|要求)\s*[::]?\s*")
_LIST_SUBHEADING_RX = re.compile(r"\s*(?:具体|涉及)?(?:范围|点位|区域|名单|地点)(?:如下)?\s*[::]?\s*")
_MEASURES_LABEL_RX = re.compile(r"(?:管控|防控|封控|防范|管理)?(?:措施|要求)\s*[::]")
_MEASURE_VERB_CHAR_RX = re.compile(r"[实执落采严]")  # the first characters of the verbs of a measure


class MeasureReader:
    """Measures of :class:`~.reader.Reader` (state lives on the reader)."""

    def _measures_block(self, s: int, e: int, marker: str | None) -> bool:
        """Whether the sentence ``text[s:e]`` (numbered ``marker``) is the heading of a block of
        measures (``(二)管理措施``) or a measure inside one; either is taken as such."""
        text = self.text
        body = text[s:e]
        if self.in_measures:
            # (二)管理措施 / 1.实行封控管理… / 2.每日开展一次健康监测: the measures a zone's areas
            # take, up to the next heading of the notice or of a list.
            if marker != "cn" and not _LIST_SUBHEADING_RX.fullmatch(body) and parse_heading(text, s, e) is None:
                self.out.measures.append((s, e))
                return True
            self.in_measures = False
        if _MEASURES_HEADING_RX.fullmatch(body):
            self._close_group()
            self.in_measures = True
            return True
        return False

    def _is_measure(self, s: int, e: int) -> bool:
        body = self.text[s:e]
        if _MEASURES_LABEL_RX.match(body):
            return True  # 管控措施:足不出户、上门服务 — the measures, labelled
        if not _MEASURE_VERB_CHAR_RX.search(body):
            return False  # each measure below holds one of the verbs 实行, 执行, 落实, 采取, 严格
        if zone_pattern(r"^(?:[一二三四五六七八九十]+、)?(?:以上|上述|所有|各类)?(?:区域|地区|{z})?(?:内|范围内)?(?:人员)?(?:实行|执行|落实|采取|严格)").match(body):
            return True
        # 封控区内实行…: a measure; 封控区(实行…措施): a heading explaining its zone in brackets.
        if zone_pattern(r"^(?:{z})(?:内|范围内)?[^,。;:((]{0,6}(?:实行|执行|落实|采取)").match(body):
            return True
        return False

    def _cut_measure(self, s: int, e: int) -> int:
        m = _MEASURE_CLAUSE_RX.search(self.text[s:e])
        return s + m.start() if m else e

"""Rows that carry their own zone: tab-separated table rows with a zone cell (rows with no
header above them; rows under a header are made sentences by :mod:`notice_nlp.tables`) and items
each followed by their zone in brackets (``甲社区(封控区)、乙小区周边(管控区)``)."""

from __future__ import annotations

import re

from ..gazetteer import gazetteer
from ..vocab import FORWARD_WORDS
from ..grammar import looks_like_places, zone_code, zone_pattern
from ..headings import Group
from ..items import AreaItem, county_at, split_items
from ..spans import split_top, strip_span
from .extraction import RawChange

__all__ = ["RowReader"]

_ANNOTATED_LEAD_RX = re.compile(r"[^::()()]*?(?:" + FORWARD_WORDS + r")[^::()()]{0,12}[::]")


class RowReader:
    """Table rows and annotated items of :class:`~.reader.Reader` (state lives on the reader)."""

    def _table_row(self, s: int, e: int) -> bool:
        """A table row (cells split by tabs) whose zone column names the zone — rows with no
        header above them; rows under a header are made sentences before (:mod:`notice_nlp.tables`)."""
        text = self.text
        cells = []
        pos = s
        for cell in text[s:e].split("\t"):
            a, b = strip_span(text, pos, pos + len(cell), " \u3000")
            if a < b:
                cells.append((a, b))
            pos += len(cell) + 1
        zone_cells = [c for c in cells if zone_pattern(r"(?:{z})").fullmatch(text[c[0] : c[1]])]
        if not zone_cells and self.section is not None:
            return self._row_in_section(cells)
        if len(zone_cells) != 1:
            return False
        zc = zone_cells[0]
        places = [c for c in cells if c != zc and not re.fullmatch(r"[\d.、]+", text[c[0] : c[1]])]
        if not places:
            return False
        ctx = self._item_ctx()
        district = ctx.district
        parts: list[tuple[int, int]] = []
        for a, b in places:
            d_end = county_at(text, a, b)
            if d_end == b:
                district = (a, b)
            elif gazetteer().lookup(text[a:b], (1, 2)):
                continue
            else:
                parts.append((a, b))
        if not parts:
            return False
        item = AreaItem(tuple(parts), (parts[0][0], parts[-1][1]), district, ctx.city, ctx.province)
        kind = "status" if self.context.status else "change"
        self.out.changes.append(RawChange(item, zone_code(text[zc[0] : zc[1]]), None, kind, zc))
        return True

    def _row_in_section(self, cells: list[tuple[int, int]]) -> bool:
        """A row with no zone cell under a zone's section (``黑河市中风险地区有:`` over the table):
        a county cell heads this row and the rows below it, as a cell spanning them does; the
        places after the admin cells are one item in the section's zone."""
        text = self.text
        places: list[tuple[int, int]] = []
        for a, b in cells:
            if not places and county_at(text, a, b) == b:
                self._open_group(Group((a, b), "district", None, len(self.out.changes)))
            elif not places and gazetteer().lookup(text[a:b], (1, 2)):
                continue
            elif not re.fullmatch(r"[\d.、]+", text[a:b]):
                places.append((a, b))
        if len(places) != 1 or not looks_like_places(text[places[0][0] : places[0][1]]):
            return False
        self._list_in_section(*places[0], whole=True)
        return True

    def _annotated_items(self, s: int, e: int) -> bool:
        """Items each followed by their zone: ``甲社区(封控区)、乙小区周边(管控区)``."""
        text = self.text
        found = False
        # 划定以下风险区域:甲(高风险区)、乙(中风险区) — the lead before the colon is no item.
        lead = _ANNOTATED_LEAD_RX.match(text, s, e)
        if lead:
            s = lead.end()
        for a, b in split_top(text, s, e, "、;;"):
            a, b = strip_span(text, a, b, " \t,;:、。")
            m = None
            for m in self.rx_annotated.finditer(text, a, b):
                pass
            if m is None or text[m.end() : b].strip(" 。;;,"):
                continue
            for it in split_items(text, a, m.start(), self._item_ctx(), whole=True):
                self.out.changes.append(RawChange(it, zone_code(m["z"]), None, "change", (m.start(), m.end())))
                found = True
        return found

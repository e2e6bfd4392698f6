"""Zone labels in a sentence (``高风险区:``, ``中风险地区3个:``): a label ending its sentence over
the lines below (``截至9月3日0时,全市现有中风险区2个:``), a label inside a sentence over the list
after it (``…即日起新增高风险地区3个:裕华区(3个):甲小区、乙小区``), a label opening its list, and
the administrative header written before a label (``城关镇辖区内封控区:``)."""

from __future__ import annotations

import re

from ..grammar import SHIFT_VERB, designating_alternation, may_hold_in, status_rx
from ..headings import Group, admin_header, names_only

__all__ = ["LabelReader"]

_LIFT_BEFORE_LABEL_RX = re.compile(r"(?:解除|撤除|撤销)[^,。;,;]{0,12}$")  # 解除以下区域|高风险区: lifts the zone
# 以下区域由管控区降为|防范区: — the zone is the end of a transition, not a label.
_TRANSITION_BEFORE_LABEL_RX = re.compile(rf"{SHIFT_VERB}\s*(?:为|至|成)\s*$")


class LabelReader:
    """Zone labels of :class:`~.reader.Reader` (state lives on the reader)."""

    def _zone_labels(self, s: int, e: int, is_last: bool) -> int | None:
        """Read the zone labels of the sentence ``text[s:e]``: returns where the rest of the
        sentence starts, or None when nothing is left to read."""
        text = self.text
        label = self.rx_label.match(text, s, e)
        label_groups: list[Group] = []
        labelled = label is not None or may_hold_in("label", text, s, e)  # a zone label ends in a colon
        # The sentence's zone labels, found once for the two readings below.
        found = list(self.rx_label.finditer(text, s, e)) if label is None and labelled else []
        if label is None and labelled:
            tail = found[-1] if found else None
            if (
                tail is not None
                and not text[tail.end() : e].strip(" \t")
                and not self._has_anchor(s, tail.start())
                and not _LIFT_BEFORE_LABEL_RX.search(text, s, tail.start())
                and not _TRANSITION_BEFORE_LABEL_RX.search(text, s, tail.start())
            ):
                if self._opens_subject(s, tail):
                    return None
                # 截至9月3日0时,全市现有中风险区2个: — the list follows on the next lines.
                if status_rx().search(text[s:tail.start()]):
                    self.context = self.context.child(status=True)
                label = tail
                # 城关镇辖区内封控区: — the place before the label heads the list as well.
                label_groups = admin_header(text, s, tail.start())
        if label is None and labelled:
            inner = found[0] if found else None
            # 城关镇辖区内封控区:甲、乙 — the place before the label heads the list on its line.
            inner_groups = admin_header(text, s, inner.start()) if inner is not None and inner.start() > s else []
            if (
                inner is not None
                and len(found) == 1
                and (
                    re.search(rf"(?:{designating_alternation()}|调整为|降为|升为|列为|共有|现有|有|包括|为|[,,])\s*$", text[s : inner.start()])
                    or re.search(r"\d+\s*个\s*[))]?\s*[::]$", inner.group(0))
                    or inner_groups
                    # 广东省湛江市高风险地区:甲、乙 — the province and city the list is in.
                    or names_only(text, s, inner.start())
                )
                and not self._has_anchor(s, inner.start())
                and not self._has_anchor(inner.end(), e)
                and not _LIFT_BEFORE_LABEL_RX.search(text, s, inner.start())
                and not _TRANSITION_BEFORE_LABEL_RX.search(text, s, inner.start())
            ):
                # …即日起新增高风险地区3个:裕华区(3个):甲小区、乙小区 — a list after a mid-sentence label.
                if status_rx().search(text[s : inner.start()]):
                    self.context = self.context.child(status=True)
                self._open_label_section(inner)
                for g in inner_groups:
                    self._open_group(g)
                self._sentence(inner.end(), e, None, is_last)
                return None
        if label is not None and not re.match(r"[、和及]", text[label.end(): label.end() + 1]) and not self._has_anchor(label.end(), e):
            self._open_label_section(label)
            for g in label_groups:
                self._open_group(g)
            s = label.end()
            if s >= e or not text[s:e].strip(" 。;;,"):
                return None
            if not self._has_anchor(s, e):
                self._list_in_section(s, e)
                return None
        return s

"""Lists checked against the counts their headers declare: one area per line when the lines
come to the count, places joined by 和/及 split when that reaches it, a bare name on its own line
taken as an entry while the count is not reached, and a warning when the count is missed."""

from __future__ import annotations

import re
from dataclasses import replace

from ..grammar import outside_brackets
from ..headings import Group, Section
from ..items import split_items
from ..places import looks_like_place, not_a_place
from ..prefix import read_prefix
from .extraction import RawChange

__all__ = ["CountedLists"]

_JOIN_RX = re.compile(r"(?<=[\u4e00-\u9fff\d)A-Za-z])(?:以及|及|和)(?=[\u4e00-\u9fff])")
_ENTRY_STOP_RX = re.compile(r"[,,、;;。:!?]|\s\S")  # more than one name on the line, or a sentence


class CountedLists:
    """Mixin of the list reader: what a header's declared count says about the list under it."""

    def _one_area_per_line(self, g: Group | Section) -> None:
        """A heading or a township's or village's header counts as many areas as lines under
        it, and the lines split into more (长丰园社区(2个): / 二区9、10号楼院 / 二区6、8号楼院;
        高风险区(2个): / 1.甲小区2号楼、24号楼 / 2.乙小区5号楼): each line is one area, as written."""
        mine = self.out.changes[g.first :]
        if g.count is None or isinstance(g, Group) and g.level not in ("town", "village") or len(mine) <= g.count:
            return
        if isinstance(g, Section) and any(rc.anchor != g.span for rc in mine):
            return
        by_line: dict[int, list[RawChange]] = {}
        for rc in mine:
            by_line.setdefault(self.text.rfind("\n", 0, rc.item.span[0]) + 1, []).append(rc)
        if len(by_line) != g.count:
            return
        merged = []
        for rcs in by_line.values():
            if len(rcs) == 1:
                merged.append(rcs[0])
                continue
            a, b = rcs[0].item.span[0], max(rc.item.span[1] for rc in rcs)
            items = split_items(self.text, a, b, g.ctx or self._item_ctx(), declared_one=True)
            if len(items) != 1 or not self._area(items[0]).startswith(self._area(rcs[0].item, parents_only=True)) or any((rc.to_zone, rc.from_zone, rc.kind) != (rcs[0].to_zone, rcs[0].from_zone, rcs[0].kind) for rc in rcs):
                return
            merged.append(replace(rcs[0], item=items[0]))
        self.out.changes[g.first :] = merged

    def _counted_entry(self, s: int, e: int) -> bool:
        """A line that is one name and nothing else (壹家网咖, 汉堡王快餐(某广场店)) under a header
        whose declared count is not reached yet: an entry of its list, though no place word ends it."""
        g = next((x for x in (self.subgroup, self.group, self.section) if x is not None and x.count is not None), None)
        text = self.text
        if g is None or len(self.out.changes) - g.first >= g.count or e - s > 30:
            return False
        if text.rfind("\n", 0, s) + 1 != s or _ENTRY_STOP_RX.search(outside_brackets(text[s:e])):
            return False
        # The line before is the header's or one of its entries': the list runs on unbroken.
        prev = text.rfind("\n", 0, max(0, s - 1)) + 1
        head = g.name if isinstance(g, Group) else g.span
        if not (prev <= head[0] < s or any(prev <= rc.item.span[0] < s for rc in self.out.changes[g.first :])):
            return False
        if text[prev:s].rstrip().endswith("。") or text[s] in "((【[":
            return False  # a sentence ended the list; (资料图): a remark, not an entry
        if read_prefix(text, s, e).end >= e:
            return False  # 福建省: a division's name alone (a list cut off), no entry
        return not_a_place(text[s:e]) is None

    def _split_joined_to_count(self, g: Group | Section, mine: list[RawChange]) -> list[RawChange]:
        """A list whose declared count is more than the places read, where the places joined by
        和/及 (甲餐厅和乙大厦) come to the count exactly: 和/及 joined two places of the list."""
        if g.count is None or len(mine) >= g.count:
            return mine
        text = self.text
        cuts: dict[int, list[tuple[int, int]]] = {}
        for k, rc in enumerate(mine):
            if not rc.item.parts or rc.item.catch_all:
                continue
            a, b = rc.item.parts[-1]
            found = [
                m
                for m in _JOIN_RX.finditer(text, a, b)
                if m.start() - a >= 2 and b - m.end() >= 2 and (looks_like_place(text[a : m.start()]) or looks_like_place(text[m.end() : b]))
            ]
            if len(found) == 1 and "(" not in text[a:b] and "(" not in text[a:b]:
                cuts[k] = [(a, found[0].start()), (found[0].end(), b)]
        if not cuts or len(mine) + len(cuts) != g.count:
            return mine
        out: list[RawChange] = []
        for k, rc in enumerate(mine):
            if k not in cuts:
                out.append(rc)
                continue
            (la, lb), (ra, rb) = cuts[k]
            it = rc.item
            left = replace(it, parts=(*it.parts[:-1], (la, lb)), span=(it.span[0], lb))
            right = replace(it, parts=tuple(p for p in it.parts[:-1] if p[1] <= it.span[0]) + ((ra, rb),), span=(ra, rb), own_town=None)
            out.extend([replace(rc, item=left), replace(rc, item=right)])
        self.out.changes[g.first : g.first + len(mine)] = out
        return out

    def _check_count(self, g: Group, mine: list) -> None:
        """A warning when a header's declared count differs from the places listed under it."""
        listed = len(mine)
        if g.count is not None and listed != g.count:
            name = self.text[g.name[0] : g.name[1]]
            self.out.warnings.append(
                (
                    "count_mismatch",
                    f"{name} is declared with {g.count} area(s) ({name}({g.count}个)) but {listed} listed",
                    g.name,
                )
            )

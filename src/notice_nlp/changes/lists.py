"""Sections and groups and the lists under them: zone labels and forward references
(``将以下区域划为高风险区:``) open sections, group headers open district or township groups,
counts are checked when a section or group closes; places become changes under the zones and
scope in force."""

from __future__ import annotations

import re
from dataclasses import replace

from ..vocab import BELOW_WORDS
from ..grammar import COUNT_RX, count_value, designating_alternation, numeral_value, zone_alternation, zone_code, zone_pattern
from ..gazetteer import gazetteer
from ..headings import Group, Section, admin_header
from ..items import AreaItem, ItemContext, county_at, split_items, town_name_end
from ..districts import only_counties
from ..scope import find_scope
from ..spans import strip_span
from .counted import CountedLists
from .extraction import RawChange

__all__ = ["ListReader"]

_LABEL_COUNT_RX = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})\s*个")
_COUNT_ONLY_RX = re.compile(r"[^,,、]{0,12}?[\d一二三四五六七八九十两]+\s*(?:个|处)(?:区域|地区|小区|村|社区)?")
_SOME_AREAS_RX = re.compile(r"(?:部分|相关|有关)(?:区域|地区)$")
# 山腰街道的部分区域 / 甲镇、乙镇等地的部分区域: part of each place named before it.
_PART_OF_RX = re.compile(r"(?:等地)?的(?:部分|相关)(?:区域|地区)$")


def _part_of_places(text: str, s: int, e: int) -> bool:
    """``对某区山腰街道的部分区域解除封控``: part of a township (a village, a compound) is an area
    itself; part of counties only (兴庆区和永宁县部分区域) is a total whose places are listed after."""
    m = _PART_OF_RX.search(text, s, e)
    return m is not None and m.start() - s >= 2 and not only_counties(text, s, m.start())


# 下列街道、镇除中、高风险区之外的其他地区: the townships listed below, each for its rest.
_TOWN_RESTS_RX = re.compile(r"(?:" + BELOW_WORDS + r")(?:(?:街道|镇|乡)[、和及]?)+除[^,。;]{0,20}?(?:之外|以外|外)的?(?:其他|其余|其它)(?:地区|区域)\s*[::]")
_TOTAL_AFTER_LIST_RX = re.compile(r"(?:等|共|共计)\s*(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*(?:个|处|地)[\u4e00-\u9fff]{0,5}$")
_TRAILING_REMARK_RX = re.compile(r"\s*[((][^()()]{1,20}[))]\s*$")


class ListReader(CountedLists):
    """Sections, groups and lists of :class:`~.reader.Reader` (state lives on the reader)."""

    def _open_label_section(self, label: re.Match) -> None:
        # 高风险区(3个): the list that follows is checked against it (高风险区3个,具体如下: is a
        # total the headings below break down, checked with the totals).
        cm = _LABEL_COUNT_RX.search(label.group(0)) if label["z"] else None
        count = numeral_value(cm.group(1)) if cm else None
        # 新增高风险区具体名单如下: — new areas are changes, whatever standing totals came before.
        new = bool(re.search(designating_alternation(new_only=True) + r"\s*$", self.text[max(0, label.start() - 6) : label.start()]))
        self._open_zone_section(zone_code(label["z"] or label["zc"]), count, (label.start(), label.end()), new=new)

    def _open_zone_section(self, zone: str, count: int | None, span: tuple[int, int], *, new: bool = False) -> None:
        """A section for the list under a zone label, in the context in force (statuses after
        an as-of phrase, lifted after a lifting lead-in); ``new`` areas are changes."""
        self._close_group()
        kind = "status" if self.context.status and not new else "change"
        to, frm = ("lifted", zone) if self.context.lifting else (zone, None)
        prev = self.section
        if prev is not None and prev.first == len(self.out.changes) and (prev.to_zone, prev.from_zone, prev.kind) == (to, frm, kind):
            # 共有3个中风险地区: over 中风险地区(3): — one list announced twice: one section.
            count = prev.count if count is None else count
            self.sections.remove(prev)
            self.section = None
        self._close_section()
        sec = Section(to, frm, "change" if self.context.lifting else kind, span, None, count, len(self.out.changes))
        self.section = sec
        self.sections.append(sec)

    def _item_ctx(self) -> ItemContext:
        ctx = self.context.scope
        district = ctx.district
        town = ctx.town
        if self.section is not None and self.section.district is not None:
            district = self.section.district
        if self.group is not None:
            if self.group.level == "city":
                # Items under a city header name their own districts.
                return ItemContext(district=None, town=None, city=self.group.name, province=ctx.province)
            if self.group.level == "district":
                district = self.group.name
                town = None
            else:
                town = self.group.name
                if self.group.district is not None:
                    district = self.group.district
        village = None
        if self.subgroup is not None:
            village, town = self.subgroup.name, self.subgroup.town or town
        return ItemContext(district=district, town=town, city=ctx.city, province=ctx.province, village=village)

    def _town_rests(self, s: int, e: int) -> bool:
        """``下列街道、镇除中、高风险区之外的其他地区:`` — each township listed below stands for its
        rest; read it, or a township line under it (True when ``text[s:e]`` was one of them)."""
        if self.section is None:
            return False
        if _TOWN_RESTS_RX.fullmatch(self.text, s, e):
            self.town_rests = self.section
            return True
        return self.town_rests is self.section and self._town_rest(s, e)

    def _town_rest(self, s: int, e: int) -> bool:
        """A line naming only a township (and its county) under a town-rests heading: the rest of
        that township, as a catch-all of its county; a remark in brackets after it is left out."""
        text = self.text
        remark = _TRAILING_REMARK_RX.search(text, s, e)
        end = remark.start() if remark else e
        groups = admin_header(text, s, end)
        if not groups or groups[-1].level != "town":
            return False
        district = next((g.name for g in groups if g.level == "district"), None) or self._item_ctx().district
        sec = self.section
        town = groups[-1].name
        item = AreaItem((town,), (s, end), district, None, None, catch_all=True)
        self.out.changes.append(RawChange(item, sec.to_zone, sec.from_zone, sec.kind, sec.span, section=len(self.sections) - 1))
        return True

    def _open_group(self, g: Group) -> None:
        if g.level == "village":
            # A village header opens inside the township group open now, which stays open.
            outer = self._item_ctx()
            g.district, g.town = outer.district, outer.town
            self._close_subgroup()
            g.first = len(self.out.changes)
            self.subgroup = g
            g.ctx = self._item_ctx()
            return
        if g.level == "district" and self._park_in_county(g):
            g.level = "town"
        if g.level == "town":
            # A township header sits in the district open now (its group, or the section's).
            g.district = self._item_ctx().district
        self._close_group()
        g.first = len(self.out.changes)
        self.group = g
        self.group_marker = None
        g.ctx = self._item_ctx()

    def _park_in_county(self, g: Group) -> bool:
        """A functional area's header (高新区:) in a county's notice, beside township headers:
        the county's own park, a unit below it like a township, not a district of the city."""
        scope = self._item_ctx().district
        if scope is None or self.text[scope[0] : scope[1]][-1:] not in "县旗市":
            return False
        name = self.text[g.name[0] : g.name[1]]
        gz = gazetteer()
        counties = gz.lookup(self.text[scope[0] : scope[1]], (3,))
        if not gz.is_functional_area(name) or len(counties) != 1:
            return False
        if any(d.parent_code == counties[0].parent_code for d in gz.lookup(name, (3,))):
            return False  # the county's city has a district of that name
        return self.group is not None and self.group.level == "town" or any(
            town_name_end(self.text, a, b) for a, b in [self._next_line(g.name[1])] if a < b
        )

    def _next_line(self, pos: int) -> tuple[int, int]:
        """The next line after the one holding ``pos`` (its span, empty at the end)."""
        a = self.text.find("\n", pos)
        if a < 0:
            return (len(self.text), len(self.text))
        b = self.text.find("\n", a + 1)
        return (a + 1, b if b >= 0 else len(self.text))

    def _area(self, item, parents_only: bool = False) -> str:
        parts = item.parts[:-1] if parents_only else item.parts
        return "".join(self.text[a:b] for a, b in parts)

    def _close_subgroup(self) -> None:
        g, self.subgroup = self.subgroup, None
        if g is not None:
            self._one_area_per_line(g)
            self._check_count(g, self.out.changes[g.first :])

    def _close_group(self) -> None:
        self._close_subgroup()
        g = self.group
        if g is None:
            return
        self._one_area_per_line(g)
        mine = self.out.changes[g.first :]
        if g.level == "district":
            name = self.text[g.name[0] : g.name[1]]
            mine = [c for c in mine if c.item.district is None or self.text[c.item.district[0] : c.item.district[1]] == name]
        if g.level == "district" and len(mine) == len(self.out.changes) - g.first:
            mine = self._split_joined_to_count(g, mine)
        self._check_count(g, mine)
        self.group = None

    def _close_section(self) -> None:
        sec = self.section
        if sec is None:
            return
        self._one_area_per_line(sec)
        mine = self.out.changes[sec.first :]
        if all(c.anchor == sec.span for c in mine):
            self._split_joined_to_count(sec, mine)
        listed = sum(1 for c in self.out.changes[sec.first :] if c.anchor == sec.span)
        if listed == 0:
            # 高风险区(2个): over 甲、乙划为高风险区。: the sentence under the heading gives the
            # places their zone itself; they are the heading's list all the same.
            listed = sum(1 for c in self.out.changes[sec.first :] if (c.to_zone, c.from_zone) == (sec.to_zone, sec.from_zone) or c.to_zone == sec.to_zone and sec.from_zone is None)
        if sec.count is not None and listed != sec.count:
            self.out.warnings.append(
                ("count_mismatch", f"section '{self.text[sec.span[0]:sec.span[1]]}' declares {sec.count} area(s) but {listed} listed", sec.span)
            )
        self.section = None

    def _list_in_section(self, s: int, e: int, *, whole: bool = False) -> None:
        """The places of ``[s, e)`` (up to a measure clause) under the open section's zones."""
        sec = self.section
        g = self.subgroup or self.group  # 双合社区(3个): a village header inside a township's group counts its own list
        # 跳磴镇(3个):甲苑2栋、4栋、8栋,乙苑9栋,丙小区B栋 — the group's count decides how its list splits.
        # 中风险区4个,为甲、乙…: so does a section's count, for the list that opens the section.
        if g is not None:
            count = g.count if g.first == len(self.out.changes) else None
        else:
            count = sec.count if sec.first == len(self.out.changes) else None
        for it in split_items(self.text, s, self._cut_measure(s, e), self._item_ctx(), whole=whole, count=count):
            self.out.changes.append(RawChange(it, sec.to_zone, sec.from_zone, sec.kind, sec.span, section=len(self.sections) - 1))

    def _forward_list(self, b: int, e: int) -> bool:
        """The list after a forward reference's colon (``…以下区域划为高风险地区:甲、乙``) under
        the section just opened, up to a clause with a predicate of its own
        (``;将以下区域划为中风险地区:丙``), which is read in turn. False when no list follows."""
        text = self.text
        cm = COUNT_RX.match(text, b, e)  # 调整为高风险区(3个):
        if cm and self.section is not None and self.section.count is not None:
            b = cm.end()
        rest = re.match(r"\s*[::]", text[b:e])
        if not rest or b + rest.end() >= e:
            return False
        start = b + rest.end()
        semis = [start + m.start() for m in re.finditer(r"[;;]", text[start:e])] + [e]
        for cut, nxt in zip(semis, semis[1:]):
            if self._has_anchor(cut + 1, nxt):
                self._list_in_section(start, cut)
                self._parse_predicates(cut + 1, e)
                return True
        self._list_in_section(start, e)
        return True

    def _open_forward_section(self, s: int, e: int, anchor: tuple[int, int], kw: dict) -> None:
        """``将城关区以下区域由高风险区调整为低风险区:`` — the list follows, as under a heading."""
        self._close_group()
        self._close_section()
        if kw.get("frm") and kw["frm"] != kw.get("to"):
            self.announced.setdefault(kw["to"], kw["frm"])  # a heading below may say only 调整为…
        district = None
        counties, towns = find_scope(self.text, [(s, e)]) if e > s else ([], [])
        if len(counties) == 1:
            district = counties[0]
        elif not counties:
            district = _line_head_county(self.text, s)
        # 将以下区域调整为高风险区(3个): — the count is checked against the list, as a heading's.
        cm = COUNT_RX.match(self.text, anchor[1], min(len(self.text), anchor[1] + 12))
        count = count_value(cm) if cm and re.match(r"\s*[::]", self.text[cm.end() : cm.end() + 3]) else kw.get("count")
        sec = Section(kw["to"], kw["frm"], kw["kind"], anchor, district, count, len(self.out.changes))
        if count is not None:
            self.out.declared.append((sec.from_zone, sec.to_zone, count, anchor))
        if len(towns) == 1 and district is None:
            self.context = self.context.child(scope=ItemContext(district=self.context.scope.district, town=towns[0], city=self.context.scope.city, province=self.context.scope.province))
        self.section = sec
        self.sections.append(sec)
        self.forward_sections.append(sec)
        self.forward_parts = False

    def _is_summary(self, s: int, e: int) -> bool:
        """``全市7个高风险区`` / ``新增高风险区8个``: a count of zones, not a list of places."""
        seg = self.text[s:e]
        return bool(
            zone_pattern(r"(?:{z})\s*(?:\d+\s*个)?$").search(seg)
            or zone_pattern(r"\d+\s*个\s*(?:{z})").search(seg)
            or _COUNT_ONLY_RX.fullmatch(seg)
            # 兴庆区和永宁县部分区域: some areas of the places named, given below — unless they
            # are part of townships, villages or compounds (某区山腰街道的部分区域), each an area.
            or _SOME_AREAS_RX.search(seg) is not None and not _part_of_places(self.text, s, e)
        )

    def _record_summary(self, s: int, e: int, kw: dict) -> None:
        text = self.text
        seg = text[s:e]
        # 将辖区内部分高风险区调整为低风险区 (5个高风险区调整为…): the sections below that move areas
        # to the low-risk zone without saying from where move them from the high-risk one.
        zm = zone_pattern(r"(?P<z>{z})\s*(?:[\d一二三四五六七八九十两]+\s*个)?$").search(seg)
        frm = kw.get("frm") or (zone_code(zm["z"]) if zm else None)
        if frm and kw.get("to") and frm != kw["to"]:
            self.announced[kw["to"]] = frm
        self.last_summary = (s, e, dict(kw, frm=frm))
        # 将西夏区部分高风险区域降为低风险区: the places listed after it lie in the county it names.
        self._set_scope(s, e)
        m = zone_pattern(r"(?P<n>\d+)\s*个\s*(?P<z>{z})\s*$").search(seg)
        if m:
            self.out.declared.append((zone_code(m["z"]), kw["to"], int(m["n"]), (s, e)))
            return

    def _set_scope(self, s: int, e: int) -> None:
        counties, towns = find_scope(self.text, [(s, e)])
        d = self.context.scope.district
        t = self.context.scope.town
        if len(counties) == 1:
            d = counties[0]
        if len(towns) == 1:
            t = towns[0]
        else:
            t_end = town_name_end(self.text, s, e)
            if t_end is not None:
                t = (s, t_end)
        self.context = self.context.child(scope=ItemContext(district=d, town=t, city=self.context.scope.city, province=self.context.scope.province))

    def _emit(
        self, s: int, e: int, to: str, frm: str | None, kind: str, anchor: tuple[int, int], declared: tuple[int, int] | None = None
    ) -> None:
        """Changes for the places in ``[s, e)``; ``declared`` is ``(count, end)`` of a 等N个区域
        written after them, which the items are checked against."""
        text = self.text
        s, e = strip_span(text, s, e, " \t,,;;:、。")
        if s >= e:
            return
        if declared is None and (tail := _TOTAL_AFTER_LIST_RX.search(text, s, e)) is not None and tail.start() - s >= 4 and re.search(r"[、,,;;]", text[s : tail.start()]):
            # 甲,乙,丙共3个封控区: the list's own total, written after it.
            declared = (numeral_value(tail["n"]), e)
        if self._is_summary(s, e) or re.match(zone_alternation(), text[s:e]):
            return
        if (part := _PART_OF_RX.search(text, s, e)) is not None and re.search(r"[、,,和及]", text[s : part.start()]):
            e = part.start()  # 甲街道、乙镇等地的部分区域: part of each of the places listed
        if frm is None and kind == "change" and to in self.announced:
            # 将部分高风险区域降为低风险区。…甲小区降为低风险区: moved from the zone the lead named.
            frm = self.announced[to]
        ctx = self._item_ctx()
        sentence = self.sentence
        scope = sentence.district
        if scope is not None:
            if ctx.district is None or text[scope[0] : scope[1]] != text[ctx.district[0] : ctx.district[1]]:
                ctx = ItemContext(district=scope, town=None, city=sentence.city or ctx.city, province=ctx.province)
            elif sentence.city is not None and ctx.city is None:
                ctx = ItemContext(district=ctx.district, town=ctx.town, city=sentence.city, province=ctx.province)
        elif ctx.district is None and sentence.last_district is not None:
            ctx = ItemContext(district=sentence.last_district, town=ctx.town, city=ctx.city, province=ctx.province)
        # 甲、乙,丙,丁等3个区域: a count written with the list decides how it splits.
        items = split_items(text, s, e, ctx, count=declared[0] if declared is not None else None)
        for it in items:
            self.out.changes.append(RawChange(it, to, frm, kind, anchor))
            if it.district is not None:
                self.sentence = replace(self.sentence, last_district=it.district)
        if declared is not None and len(items) < declared[0]:
            count, end = declared
            self.out.warnings.append(("count_mismatch", f"'{text[s:end]}' names {len(items)} of {count} area(s)", (s, end)))


# 高新区(自11月29日8时起,将下列区域划定为高风险区) / 奎文区:将下列区域…: a county heading the
# line, set off by a bracket or a colon, scopes the list that the line's sentence announces.
_HEAD_MARK_RX = re.compile(r"\s*[((::]")
_LINE_NUMBER_RX = re.compile(r"\s*(?:[一二三四五六七八九十]+\s*、|[((][一二三四五六七八九十\d]+[))]|\d+\s*[.、])?\s*")


def _line_head_county(text: str, at: int) -> tuple[int, int] | None:
    """The county written at the start of the line that holds ``at``, when a bracket or a colon
    follows it; None otherwise."""
    ls = text.rfind("\n", 0, at) + 1
    start = _LINE_NUMBER_RX.match(text, ls, at).end()
    end = county_at(text, start, at)
    if end is None or not _HEAD_MARK_RX.match(text, end, at):
        return None
    return start, end

"""Zone changes in a notice body: the reader that goes line by line through section headings and
group headers (:mod:`notice_nlp.headings`), numbered items, table rows, and sentences whose
predicates move areas between zones.

Works on the working text (see :mod:`notice_nlp.normalize`); returns raw changes holding working
spans, which :mod:`notice_nlp.assemble` turns into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_effective
from .gazetteer import gazetteer
from .grammar import (
    CLOSING_RX,
    COUNT_RX,
    DESIGNATION_RX,
    FORWARD_RX,
    GENERIC_AREA_RX,
    JUNK_LEAD_RX,
    MEASURE_RX,
    ORDINAL_RX,
    SCOPE_THREE_RX,
    STATUS_RX,
    change_words,
    count_value,
    is_catch_all,
    last_item,
    looks_like_places,
    numeral_value,
    predicate_patterns,
    zone_alternation,
    zone_code,
    zone_pattern,
)
from .headings import Group, Section, group_headers, parse_heading
from .items import AreaItem, ItemContext, county_at, split_items, town_name_end
from .scope import find_scope
from .spans import split_top, strip_span
from .totals import _check_totals

__all__ = ["RawChange", "Extraction", "extract_changes"]


@dataclass
class RawChange:
    """One extracted change before records are built (working-text spans)."""

    item: AreaItem
    to_zone: str
    from_zone: str | None
    kind: str
    anchor: tuple[int, int]
    effective_span: tuple[int, int] | None = None


@dataclass
class Extraction:
    """Everything found in one notice body."""

    changes: list[RawChange] = field(default_factory=list)
    measures: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[tuple[str, str, tuple[int, int] | None]] = field(default_factory=list)
    declared: list[tuple[str | None, str, int, tuple[int, int]]] = field(default_factory=list)


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split at 。 (outside brackets), keeping spans."""
    out = []
    for a, b in split_top(text, s, e, "。!?"):
        a, b = strip_span(text, a, b, " \t\u3000")
        if a < b:
            out.append((a, b))
    return out


_INJECTED_BANNER_RX = re.compile(r"【[^】]{4,}】\s*(?=\d+[.、]|[((]?[一二三四五六七八九十])")
_MEASURE_CLAUSE_RX = re.compile(r"[,,;;]\s*(?:实行|执行|落实|采取)")
_SUBJECT_MEASURE_RX = re.compile(r"(?:实行|执行|实施|采取)[^,,。;;]{0,12}(?:管理|管控|措施|封控|封闭)[,,;;\s]*$")
_ETC_COUNT_RX = re.compile(
    r"等\s*(?P<n>[\d一二三四五六七八九十两]+)\s*(?:个|处)?(?:区域|地区|小区|村居|村|社区|点位|场所|楼栋)?(?=[\s,,;;:、]*$)"
)


def _etc_count(text: str, s: int, e: int) -> tuple[int, int] | None:
    """甲小区、乙小区等3个区域 (between a subject's places, ending at ``s``, and its predicate at
    ``e``): the number the places should come to, and where the phrase ends."""
    m = _ETC_COUNT_RX.search(text, s, e)
    return (numeral_value(m["n"]), m.end()) if m else None


_LABEL_COUNT_RX = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})\s*个")
_ANNOTATED_LEAD_RX = re.compile(r"[^::()()]*?(?:以下|如下|下列)[^::()()]{0,12}[::]")
_LIFT_BEFORE_LABEL_RX = re.compile(r"(?:解除|撤除|撤销)[^,。;,;]{0,12}$")  # 解除以下区域|高风险区: lifts the zone


class _Parser:
    def __init__(self, text: str, s: int, e: int, ctx: ItemContext) -> None:
        self.text = text
        self.s, self.e = s, e
        self.ctx = ctx
        self.out = Extraction()
        self.section: Section | None = None
        self.group: Group | None = None
        self.sections: list[Section] = []
        self.closed = False
        self.status_context = False  # after 截至…/目前… lists are statuses, not changes
        self.lifting_zones = False  # after 对某镇“三区”全面解封 the zones listed are the ones lifted
        self.sentence_scope: tuple[int, int] | None = None  # the district a sentence names before its predicate
        self.sentence_city: tuple[int, int] | None = None  # … and the city written just before it
        self.sentence_district: tuple[int, int] | None = None
        for name, rx in predicate_patterns().items():
            setattr(self, "rx_" + name, rx)

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> Extraction:
        text = self.text
        pos = self.s
        lines = []
        for ln in text[self.s : self.e].split("\n"):
            lines.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        content = [strip_span(text, ls, le, " \t\u3000") for ls, le in lines]
        content = [(ls, le) for ls, le in content if ls < le]
        for k, (ls, le) in enumerate(content):
            ls = self._skip_injection(ls, le)
            nxt = content[k + 1] if k + 1 < len(content) else None
            if self.section is not None and nxt is not None and self._bare_county_header(ls, le, nxt):
                continue
            self._line(ls, le, is_last=(le >= self._content_end()))
        self._close_group()
        self._close_section()
        return self.out

    def _bare_county_header(self, s: int, e: int, nxt: tuple[int, int]) -> bool:
        """``雁塔区`` alone on a line above numbered items: a district header without a count."""
        text = self.text
        m = ORDINAL_RX.match(text, s, e)
        if m and m.group("num"):
            return False
        start = m.end() if m else s
        end = strip_span(text, start, e, " \t。:")[1]
        following = ORDINAL_RX.match(text, *nxt)
        if county_at(text, start, end) != end or following is None or not (following.group("num") or following.group("pnum")):
            return False
        self._open_group(Group((start, end), "district", None, 0))
        return True

    def _content_end(self) -> int:
        return strip_span(self.text, self.s, self.e, " \t\n\u3000")[1]

    def _skip_injection(self, s: int, e: int) -> int:
        """Drop a bracketed banner spliced before a list item (【…】2.霁亭路…)."""
        m = _INJECTED_BANNER_RX.match(self.text[s:e])
        return s + m.end() if m else s

    def _line(self, s: int, e: int, is_last: bool) -> None:
        text = self.text
        om = ORDINAL_RX.match(text, s, e)
        marker = None
        if om:
            marker = next(k for k, v in om.groupdict().items() if v)
            s = om.end()
        else:
            while s < e and text[s] in "# \t":
                s += 1
        in_measure = False
        for i, (a, b) in enumerate(_sentences(text, s, e)):
            if in_measure:
                self.out.measures.append((a, b))
                continue
            if self._is_measure(a, b):
                in_measure = True
            self._sentence(a, b, marker if i == 0 else None, is_last and b >= e - 1)

    def _sentence(self, s: int, e: int, marker: str | None, is_last: bool) -> None:
        text = self.text
        body = text[s:e]
        if self.closed:
            return
        if CLOSING_RX.match(body) and (self.sections or self.out.changes):
            if body.startswith("特此"):
                # 特此通告: the notice's text ends here.
                self._close_group()
                self._close_section()
                self.closed = True
            return  # page furniture (相关阅读, 责任编辑 …) spliced in: skipped, the list may go on
        if self._is_measure(s, e):
            self.out.measures.append((s, e))
            if self.section is not None:
                self._close_group()
            return
        if self.section is None and not change_words().search(text, s, e):
            return  # outside a section only a zone term or a lifting starts anything
        label = self.rx_label.match(text, s, e)
        if label is None:
            tail = None
            for tail in self.rx_label.finditer(text, s, e):
                pass
            if (
                tail is not None
                and not text[tail.end() : e].strip(" \t")
                and not self._has_anchor(s, tail.start())
                and not _LIFT_BEFORE_LABEL_RX.search(text, s, tail.start())
            ):
                # 截至9月3日0时,全市现有中风险区2个: — the list follows on the next lines.
                if STATUS_RX.search(text[s:tail.start()]):
                    self.status_context = True
                label = tail
        if label is None:
            inner = self.rx_label.search(text, s, e)
            if (
                inner is not None
                and len(self.rx_label.findall(text, s, e)) == 1
                and (
                    re.search(r"(?:新增|新划定|划定|确定|调整为|降为|升为|列为|共有|现有|有|包括|为|[,,])\s*$", text[s : inner.start()])
                    or re.search(r"\d+\s*个\s*[))]?\s*[::]$", inner.group(0))
                )
                and not self._has_anchor(s, inner.start())
                and not self._has_anchor(inner.end(), e)
            ):
                # …即日起新增高风险地区3个:裕华区(3个):甲小区、乙小区 — a list after a mid-sentence label.
                if STATUS_RX.search(text[s : inner.start()]):
                    self.status_context = True
                self._open_label_section(inner)
                self._sentence(inner.end(), e, None, is_last)
                return
        if label is not None and not re.match(r"[、和及]", text[label.end(): label.end() + 1]) and not self._has_anchor(label.end(), e):
            self._open_label_section(label)
            s = label.end()
            if s >= e or not text[s:e].strip(" 。;;,"):
                return
            if not self._has_anchor(s, e):
                self._list_in_section(s, e)
                return
        heading = parse_heading(text, s, e)
        if heading is None and marker in ("cn", "pcn"):
            split = self._heading_prefix(s, e)
            if split is not None:
                # 一、山阳县高风险区降为中风险区(1个)小河口镇东沟口村 — heading and list on one line.
                self._sentence(s, split, marker, False)
                self._sentence(split, e, None, is_last)
                return
        if heading is not None:
            self._close_group()
            self._close_section()
            if self.status_context and heading.from_zone is None and not re.search(r"新增|调整|划定|升|降|解除", text[s:e]):
                heading.kind = "status"
            if self.lifting_zones and heading.from_zone is None and heading.to_zone != "lifted":
                heading.from_zone, heading.to_zone = heading.to_zone, "lifted"
            heading.first = len(self.out.changes)
            self.section = heading
            self.sections.append(heading)
            if heading.count is not None:
                self.out.declared.append((heading.from_zone, heading.to_zone, heading.count, heading.span))
            return
        # Group headers (district or town) inside a section; ``甲区(2个):…;乙区(1个):…`` in one sentence.
        if self.section is not None:
            segs = split_top(text, s, e, ";;")
            if len(segs) > 1 and any(group_headers(text, *strip_span(text, a, b, " \t"))[0] for a, b in segs[1:]):
                for a, b in segs:
                    a, b = strip_span(text, a, b, " \t")
                    if a < b:
                        self._sentence(a, b, None, is_last and b >= e)
                return
            groups, rest = group_headers(text, s, e)
            if groups:
                for g in groups:
                    self._open_group(g)
                s = rest
                if s >= e or not text[s:e].strip(" 。;;,"):
                    return
        if "\t" in body and self._table_row(s, e):
            return
        if self._has_anchor(s, e):
            self._parse_predicates(s, e)
            return
        if self.rx_annotated.search(text, s, e) and self._annotated_items(s, e):
            return
        if self.section is None:
            if STATUS_RX.search(body) and re.search(zone_alternation(), body):
                self.status_context = True
            return
        # A plain list in a section.
        end = self._cut_measure(s, e)
        numbered = marker in ("num", "pnum", "circ")
        if not numbered and not looks_like_places(text[s:end]):
            return
        if is_last and self._truncated_tail(s, end):
            self.out.warnings.append(
                ("truncated", f"the text ends inside a list; the last item '{text[s:end]}' looks cut off and is left out", (s, end))
            )
            return
        if is_last and not numbered and re.search(r"[、,,]", text[s:end]) and not re.search(r"[。;;.))]$", text[s : end + 1]):
            self.out.warnings.append(
                ("truncated", f"the text ends inside a list; its last item '{last_item(text[s:end])}' may be incomplete", (s, end))
            )
        self._list_in_section(s, end, whole=numbered)

    # -- helpers --------------------------------------------------------------------------
    def _heading_prefix(self, s: int, e: int) -> int | None:
        """End of the longest section heading that starts the sentence and is followed by more text."""
        text = self.text
        ends = set()
        for m in re.finditer(zone_alternation(), text[s : min(e, s + 45)]):
            ends.add(s + m.end())
        for m in COUNT_RX.finditer(text, s, min(e, s + 50)):
            ends.add(m.end())
        for k in sorted(ends, reverse=True):
            rest = text[k:e].strip(" \t::")
            if rest and parse_heading(text, s, k) is not None and not MEASURE_RX.match(rest):
                return k
        return None

    def _open_label_section(self, label: re.Match) -> None:
        self._close_group()
        self._close_section()
        kind = "status" if self.status_context else "change"
        zone = zone_code(label["z"] or label["zc"])
        to, frm = ("lifted", zone) if self.lifting_zones else (zone, None)
        # 高风险区(3个): the list that follows is checked against it (高风险区3个,具体如下: is a
        # total the headings below break down, checked with the totals).
        cm = _LABEL_COUNT_RX.search(label.group(0)) if label["z"] else None
        count = numeral_value(cm.group(1)) if cm else None
        sec = Section(to, frm, "change" if self.lifting_zones else kind, (label.start(), label.end()), None, count, len(self.out.changes))
        self.section = sec
        self.sections.append(sec)

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
        kind = "status" if self.status_context else "change"
        self.out.changes.append(RawChange(item, zone_code(text[zc[0] : zc[1]]), None, kind, zc))
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

    def _truncated_tail(self, s: int, e: int) -> bool:
        """The document's last line, inside a group still short of its declared count."""
        grp = self.group
        if grp is None or grp.count is None:
            return False
        listed = len(self.out.changes) - grp.first
        return listed + 1 < grp.count and not re.search(r"[。;;)]$", self.text[s : e + 1].rstrip())

    def _is_measure(self, s: int, e: int) -> bool:
        body = self.text[s:e]
        if zone_pattern(r"^(?:[一二三四五六七八九十]+、)?(?:以上|上述|所有|各类)?(?:区域|地区|{z})?(?:内|范围内)?(?:人员)?(?:实行|执行|落实|采取|严格)").match(body):
            return True
        if zone_pattern(r"^(?:{z})(?:内|范围内)?[^,。;:]{0,6}(?:实行|执行|落实|采取)").match(body):
            return True
        return False

    def _cut_measure(self, s: int, e: int) -> int:
        m = _MEASURE_CLAUSE_RX.search(self.text[s:e])
        return s + m.start() if m else e

    def _item_ctx(self) -> ItemContext:
        ctx = self.ctx
        district = ctx.district
        town = ctx.town
        if self.section is not None and self.section.district is not None:
            district = self.section.district
        if self.group is not None:
            if self.group.level == "district":
                district = self.group.name
                town = None
            else:
                town = self.group.name
                if self.group.district is not None:
                    district = self.group.district
        return ItemContext(district=district, town=town, city=ctx.city, province=ctx.province)

    def _open_group(self, g: Group) -> None:
        if g.level == "town":
            # A township header sits in the district open now (its group, or the section's).
            g.district = self._item_ctx().district
        self._close_group()
        g.first = len(self.out.changes)
        self.group = g

    def _close_group(self) -> None:
        g = self.group
        if g is None:
            return
        mine = self.out.changes[g.first :]
        if g.level == "district":
            name = self.text[g.name[0] : g.name[1]]
            mine = [c for c in mine if c.item.district is None or self.text[c.item.district[0] : c.item.district[1]] == name]
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
        self.group = None

    def _close_section(self) -> None:
        sec = self.section
        if sec is None:
            return
        listed = sum(1 for c in self.out.changes[sec.first :] if c.anchor == sec.span)
        if sec.count is not None and listed != sec.count:
            self.out.warnings.append(
                ("count_mismatch", f"section '{self.text[sec.span[0]:sec.span[1]]}' declares {sec.count} area(s) but {listed} listed", sec.span)
            )
        self.section = None

    def _has_anchor(self, s: int, e: int) -> bool:
        t = self.text
        if not change_words().search(t, s, e):
            return False  # every predicate names a zone or a lifting
        for rx in (
            self.rx_from_to, self.rx_to, self.rx_still, self.rx_plain, self.rx_into, self.rx_lift_inside, self.rx_lift_measure,
            self.rx_lift, self.rx_lift_zone, self.rx_zone_lifted, self.rx_items_after,
        ):
            if rx.search(t, s, e):
                return True
        return len(self.rx_label.findall(t, s, e)) >= 2

    # -- predicates -----------------------------------------------------------------------
    def _parse_predicates(self, s: int, e: int) -> None:
        text = self.text
        sentence = text[s:e]
        status_sentence = bool(STATUS_RX.search(sentence)) or self.status_context
        designation = bool(DESIGNATION_RX.search(sentence))
        anchors: list[tuple[int, int, str, dict]] = []

        def add(m: re.Match, atype: str, **kw) -> None:
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _, _ in anchors):
                return
            anchors.append((m.start(), m.end(), atype, kw))

        for m in self.rx_lift_inside.finditer(text, s, e):
            add(m, "lift_inside", z=m["z"])

        for m in self.rx_from_to.finditer(text, s, e):
            add(m, "before", frm=zone_code(m["z1"]), to=zone_code(m["z2"]), kind="change")
        for m in self.rx_items_after.finditer(text, s, e):
            z = m["z"] or m["zs"]
            st = "status" if (m["zs"] and re.search(r"仍|均|继续", m.group(0))) or status_sentence and m["zs"] else "change"
            add(m, "after", to=zone_code(z), kind=st)
        for m in self.rx_still.finditer(text, s, e):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="status")
        for m in self.rx_to.finditer(text, s, e):
            add(m, "before", frm=None, to=zone_code(m["z"] or m["zi"]), kind="status" if status_sentence and "调整后" not in sentence[: m.start() - s] and re.search("仍|目前", sentence) else "change")
        for m in self.rx_lift.finditer(text, s, e):
            frm = "sealed" if re.search("封", m["l"]) else None
            to = zone_code(m["z"]) if m["z"] else "lifted"
            add(m, "before", frm=frm, to=to, kind="change", lift=True)
        for m in self.rx_lift_measure.finditer(text, s, e):
            if not re.fullmatch(r"(?:相应|全部|所有|上述|以上|该|其|有关|相关)(?:的)?", m["x"]):
                add(m, "lift_measure", frm="controlled" if m["m"] == "管控" else "sealed")
        for m in self.rx_lift_zone.finditer(text, s, e):
            if m["x"].strip():
                add(m, "lift_zone", frm=zone_code(m["z"]))
            else:
                add(m, "before", frm=zone_code(m["z"]), to="lifted", kind="change", lift=True)
        for m in self.rx_zone_lifted.finditer(text, s, e):
            add(m, "before", frm=zone_code(m["z"]), to="lifted", kind="change", lift=True)
        for m in self.rx_into.finditer(text, s, e):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="change")
        for m in self.rx_plain.finditer(text, s, e):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="change" if designation and not status_sentence else "status", weak=True)
        labels = list(self.rx_label.finditer(text, s, e))
        for m in labels:
            add(m, "label", to=zone_code(m["z"] or m["zc"]))
        anchors.sort()
        if not anchors:
            return
        self.sentence_district = None
        # 广州市海珠区自11月28日起解除凤阳街道康乐村高风险区: a district written in the sentence
        # before its first predicate is the one its places lie in, whatever the lead said.
        counties = find_scope(text, [(s, anchors[0][0])])[0] if anchors[0][0] > s else []
        self.sentence_scope = counties[0] if len(counties) == 1 else None
        self.sentence_city = None
        if self.sentence_scope is not None:
            # 北京市朝阳区将…: the city written just before the district goes with it.
            before = [h for h in gazetteer().scan(text[s : self.sentence_scope[0]], levels=(1, 2), min_len=2) if s + h[1] == self.sentence_scope[0]]
            self.sentence_city = (s + before[-1][0], s + before[-1][1]) if before else None
        # …等3个区域调整为低风险区,具体为:甲、乙、丙 — the list after the colon has the same zone.
        spec = re.search(r"[,,]\s*(?:具体为|分别为|分别是|具体是|具体如下|包括)\s*[::]", text[s:e])
        if spec:
            spec_at = s + spec.start()
            before = [x for x in anchors if x[1] <= spec_at and x[2] == "before"]
            if before:
                a, b, _, kw = before[-1]
                anchors = [x for x in anchors if x[1] <= spec_at]
                self._emit(s + spec.end(), e, kw["to"], kw["frm"], kw["kind"], (a, b))
                e = spec_at
        has_labels = any(k == "label" for _, _, k, _ in anchors)
        lift_after_labels = has_labels and any(kw.get("lift") for _, _, k, kw in anchors if k == "before")
        prev_end = s
        for idx, (a, b, kind, kw) in enumerate(anchors):
            nxt = anchors[idx + 1][0] if idx + 1 < len(anchors) else e
            if kind == "lift_inside":
                m = self.rx_lift_inside.match(text, a, b)
                self._emit(m.start("x"), m.end("x"), "lifted", zone_code(kw["z"]), "change", (a, b))
            elif kind == "lift_zone":
                m = self.rx_lift_zone.match(text, a, b)
                xs, xe = strip_span(text, m.start("x"), m.end("x"), " \t的")
                if FORWARD_RX.search(text[xs:xe]):
                    # 解除以下区域高风险区: the list follows.
                    self._open_forward_section(xs, xs, (a, b), {"to": "lifted", "frm": kw["frm"], "kind": "change"})
                    self._forward_list(b, e)
                    return
                if self._names_place(xs, xe):
                    self._emit(xs, xe, "lifted", kw["frm"], "change", (a, b))
            elif kind == "lift_measure":
                m = self.rx_lift_measure.match(text, a, b)
                if FORWARD_RX.search(m.group("x")):
                    # 解除以下区域封控措施: the list follows.
                    self._open_forward_section(m.start("x"), m.start("x"), (a, b), {"to": "lifted", "frm": kw["frm"], "kind": "change"})
                    self._forward_list(b, e)
                    return
                self._emit(m.start("x"), m.end("x"), "lifted", kw["frm"], "change", (a, b))
            elif kind == "before":
                if lift_after_labels and kw.get("lift"):
                    prev_end = b
                    continue
                subj = self._subject(prev_end, a)
                if re.match(r"\s*\d+\s*个", text[b : b + 8]):
                    subj = None  # 调整为低风险区1个: a total, not a list
                if subj is not None:
                    ss, se = subj
                    fwd = FORWARD_RX.search(text[ss:se])
                    multi = zone_pattern(r"\s*[、和及与]\s*(?:{z})").match(text[b:b + 12])
                    if fwd and multi:
                        pass  # 将以下区域划定为封控区、管控区: the labelled lists follow
                    elif fwd:
                        self._open_forward_section(ss, ss + fwd.start(), (a, b), kw)
                        if self._forward_list(b, e):
                            return
                    elif SCOPE_THREE_RX.search(text[ss:se]):
                        self._set_scope(ss, se)
                        self.lifting_zones = self.lifting_zones or bool(kw.get("lift"))
                    elif (kw.get("lift") or kw.get("weak")) and not self._names_place(ss, se) and not is_catch_all(text[ss:se]):
                        pass  # 未封区恢复常态化管理, 符合解封条件: no place named
                    elif not self._is_summary(ss, se):
                        self._emit(ss, se, kw["to"], kw["frm"], kw["kind"], (a, b), declared=_etc_count(text, se, a))
                    else:
                        self._record_summary(ss, se, kw)
            elif kind == "after":
                end = self._cut_measure(b, nxt)
                if re.match(r"\s*(?:具体为|分别为|分别是|具体是|包括)?\s*[::]?\s*$", text[b:end]):
                    prev_end = b
                    continue
                self._emit(b, end, kw["to"], None, kw["kind"], (a, b))
            elif kind == "label":
                end = self._cut_measure(b, nxt)
                if lift_after_labels:
                    self._emit(b, end, "lifted", kw["to"], "change", (a, b))
                else:
                    self._emit(b, end, kw["to"], None, "status" if status_sentence else "change", (a, b))
            prev_end = b

    def _subject(self, s: int, e: int) -> tuple[int, int] | None:
        text = self.text
        s, e = strip_span(text, s, e, " \t,,;;:、")
        if s >= e:
            return None
        seg = text[s:e]
        m = None
        for m in re.finditer(r"(?:决定将|决定对|将|对|把|确定|经研究)", seg):
            pass
        if m is not None:
            s = s + m.end()
        # Drop lead-in clauses (dates, adverbs) before the places.
        parts = split_top(text, s, e, ",,")
        while len(parts) > 1:
            a, b = strip_span(text, *parts[0])
            chunk = text[a:b]
            if JUNK_LEAD_RX.match(chunk) or re.search(r"起$|日$|时$|消息$|获悉$|研究$|要求$|规定$|(?:通告|公告|通知|通报)$|发布$|宣布$", chunk) or re.search(r"根据|按照|经", chunk[:2]):
                parts = parts[1:]
                s = parts[0][0]
            else:
                break
        lead = re.match(r"(?:自|从|于|定于|决定)?[^,,。;]{0,24}?(?:起|开始)(?=[\u4e00-\u9fff])", text[s:e])
        if lead and find_effective(lead.group(0)):
            s += lead.end()
        e2 = e
        m2 = re.search(r"(?:的)?(?:风险等级|风险级别)$|等\s*[\d一二三四五六七八九十两]*\s*(?:个|处)?(?:区域|地区|小区|村居|村|社区|点位|场所|楼栋)?$", text[s:e])
        if m2:
            e2 = s + m2.start()
        # 天庆嘉园自11月26日0时起 / 鸿运润园小区已于11月25日: the time is not part of the place.
        m3 = re.search(
            r"(?:已于|将于|定于|于|自|从|已|将)?\s*(?:\d{4}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[时点])?(?:起|开始)?$|(?:已|将|均|全部|统一)$",
            text[s:e2],
        )
        if m3 and m3.start() > 0:
            e2 = s + m3.start()
        # 对某小区实行封控管理,划为封控区: the measure is not part of the place.
        m4 = _SUBJECT_MEASURE_RX.search(text, s, e2)
        if m4 and m4.start() > s:
            e2 = m4.start()
        s, e2 = strip_span(text, s, e2, " \t,,;;:、")
        if s >= e2:
            return None
        return s, e2

    def _list_in_section(self, s: int, e: int, *, whole: bool = False) -> None:
        """The places of ``[s, e)`` (up to a measure clause) under the open section's zones."""
        sec = self.section
        for it in split_items(self.text, s, self._cut_measure(s, e), self._item_ctx(), whole=whole):
            self.out.changes.append(RawChange(it, sec.to_zone, sec.from_zone, sec.kind, sec.span))

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
        district = None
        counties, towns = find_scope(self.text, [(s, e)]) if e > s else ([], [])
        if len(counties) == 1:
            district = counties[0]
        # 将以下区域调整为高风险区(3个): — the count is checked against the list, as a heading's.
        cm = COUNT_RX.match(self.text, anchor[1], min(len(self.text), anchor[1] + 12))
        count = count_value(cm) if cm and re.match(r"\s*[::]", self.text[cm.end() : cm.end() + 3]) else None
        sec = Section(kw["to"], kw["frm"], kw["kind"], anchor, district, count, len(self.out.changes))
        if count is not None:
            self.out.declared.append((sec.from_zone, sec.to_zone, count, anchor))
        if len(towns) == 1 and district is None:
            self.ctx = ItemContext(district=self.ctx.district, town=towns[0], city=self.ctx.city, province=self.ctx.province)
        self.section = sec
        self.sections.append(sec)

    def _names_place(self, s: int, e: int) -> bool:
        """True when the span ends with a place: a county or township, a whole unit (小店区全域),
        or a named community, village or compound — not a generic 部分区域 or a speaker (书记…说)."""
        seg = self.text[s:e].rstrip(" ,,")
        if GENERIC_AREA_RX.search(seg):
            return False
        if re.search(r"(?:全域|全境|[镇乡村]|街道|社区|小区|号院|号楼|栋|幢|单元|号|[苑园庭府湾城寓厦]|\))$", seg) or looks_like_places(seg):
            return True
        counties, towns = find_scope(self.text, [(s, e)])
        return any(b == s + len(seg) for _, b in counties + towns)

    def _is_summary(self, s: int, e: int) -> bool:
        """``全市7个高风险区`` / ``新增高风险区8个``: a count of zones, not a list of places."""
        seg = self.text[s:e]
        return bool(
            zone_pattern(r"(?:{z})\s*(?:\d+\s*个)?$").search(seg)
            or zone_pattern(r"\d+\s*个\s*(?:{z})").search(seg)
            or re.fullmatch(r"[^,,、]{0,12}?[\d一二三四五六七八九十两]+\s*(?:个|处)(?:区域|地区|小区|村|社区)?", seg)
        )

    def _record_summary(self, s: int, e: int, kw: dict) -> None:
        text = self.text
        seg = text[s:e]
        m = zone_pattern(r"(?P<n>\d+)\s*个\s*(?P<z>{z})\s*$").search(seg)
        if m:
            self.out.declared.append((zone_code(m["z"]), kw["to"], int(m["n"]), (s, e)))
            return

    def _set_scope(self, s: int, e: int) -> None:
        counties, towns = find_scope(self.text, [(s, e)])
        d = self.ctx.district
        t = self.ctx.town
        if len(counties) == 1:
            d = counties[0]
        if len(towns) == 1:
            t = towns[0]
        else:
            t_end = town_name_end(self.text, s, e)
            if t_end is not None:
                t = (s, t_end)
        self.ctx = ItemContext(district=d, town=t, city=self.ctx.city, province=self.ctx.province)

    def _emit(
        self, s: int, e: int, to: str, frm: str | None, kind: str, anchor: tuple[int, int], declared: tuple[int, int] | None = None
    ) -> None:
        """Changes for the places in ``[s, e)``; ``declared`` is ``(count, end)`` of a 等N个区域
        written after them, which the items are checked against."""
        text = self.text
        s, e = strip_span(text, s, e, " \t,,;;:、。")
        if s >= e:
            return
        if self._is_summary(s, e) or re.match(zone_alternation(), text[s:e]):
            return
        ctx = self._item_ctx()
        scope = self.sentence_scope
        if scope is not None:
            if ctx.district is None or text[scope[0] : scope[1]] != text[ctx.district[0] : ctx.district[1]]:
                ctx = ItemContext(district=scope, town=None, city=self.sentence_city or ctx.city, province=ctx.province)
            elif self.sentence_city is not None and ctx.city is None:
                ctx = ItemContext(district=ctx.district, town=ctx.town, city=self.sentence_city, province=ctx.province)
        elif ctx.district is None and self.sentence_district is not None:
            ctx = ItemContext(district=self.sentence_district, town=ctx.town, city=ctx.city, province=ctx.province)
        items = split_items(text, s, e, ctx)
        for it in items:
            self.out.changes.append(RawChange(it, to, frm, kind, anchor))
            if it.district is not None:
                self.sentence_district = it.district
        if declared is not None and len(items) < declared[0]:
            count, end = declared
            self.out.warnings.append(("count_mismatch", f"'{text[s:end]}' names {len(items)} of {count} area(s)", (s, end)))


def extract_changes(text: str, start: int, end: int, ctx: ItemContext, lead: tuple[int, int] | None = None) -> Extraction:
    """Zone changes between ``start`` and ``end`` of the working text; ``lead`` is the opening
    passage whose totals (新增高风险区8个) are checked against what is listed."""
    ext = _Parser(text, start, end, ctx).run()
    if lead is not None:
        _check_totals(text, lead, ext)
    return ext

"""The reader's driver: the notice body line by line, sentence by sentence; each sentence is a
closing line, a measure (:mod:`.measures`), a zone label (:mod:`.labels`), a section heading,
group headers, a table row, a sentence with predicates (:mod:`.predicates`) or a plain list under
the open section (:mod:`.lists`), or under no zone until a sentence points back (:mod:`.backrefs`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import (
    CLOSING_RX,
    FURNITURE_RX,
    ORDINAL_RX,
    SHIFT_VERB,
    status_rx,
    change_words,
    designating_alternation,
    last_item,
    looks_like_places,
    ordinal_kind,
    predicate_patterns,
    zone_alternation,
    zone_code,
    zone_pattern,
)
from ..headings import Group, Section, group_headers, parse_heading
from ..items import AreaItem, ItemContext
from ..spans import split_top, strip_span
from .context import Context, SentenceScope
from .extraction import Extraction
from .lists import ListReader
from .predicates import PredicateReader
from .rows import RowReader
from .backrefs import BackReferences, mentions_back_reference
from .status import StatusLists
from .labels import LabelReader
from .subject_lists import SubjectLists
from .lifts import LiftReader
from .measures import MeasureReader
from .parts import PartHeaders
from .sentences import sentences

__all__ = ["Reader"]


_TRANSITION_RX = re.compile(r"调整|降为|降级|升为|升级|转为")
_INJECTED_BANNER_RX = re.compile(r"【[^】]{4,}】\s*(?=\d+[.、]|[((]?[一二三四五六七八九十])")
_ABOUT_ABOVE_RX = re.compile(r"(?:以上|上述)(?:所列)?(?:高|中|低)?(?:风险)?(?:区域|地区|区|小区|点位|场所)")


# 具体名单如下: / 名单如下: — a sentence that only announces the list below.
_LIST_BELOW_SENTENCE_RX = re.compile(r"\s*(?:具体|详细)?(?:名单|区域|情况|点位|名单和范围)?\s*(?:如下|见下)\s*[::]\s*")
# A heading's shape with a zone word not known: a short label, its count, a colon (某某地区31个:).
_UNREAD_HEADING_RX = re.compile(r"[\u4e00-\u9fff]{2,10}(?:地区|区域|区)\s*(?:[((]\s*\d{1,3}\s*个\s*[))]|\d{1,3}\s*个)\s*[::]")
_ATTACHMENT_RX = re.compile(r"附件\s*[\d一二三四五六七八九十]*\s*[::.、]\s*(?=\S)")
_ATTACHMENT_END_RX = re.compile(r"附件\s*[\d一二三四五六七八九十]*\s*[::]\s*$")

_COLON_RX = re.compile(r"[::]")
_INVOLVES_RX = re.compile(r"(?:其中)?\s*(?:主要|具体)?(?:涉及|包含|包括|含)\s*[::]?")


@lru_cache(maxsize=1)
def _transition_lead_rx() -> re.Pattern[str]:
    return zone_pattern(
        r"(?:其中\s*[,,]?\s*)?(?P<z1>{z})\s*" + SHIFT_VERB + r"\s*(?:为|至|成)\s*(?P<z2>{z})\s*(?:的)?\s*(?:是|有|包括|分别是|分别为)\s*[::]?\s*"
    )


class Reader(ListReader, PredicateReader, RowReader, BackReferences, StatusLists, LiftReader, PartHeaders, LabelReader, MeasureReader, SubjectLists):
    """Reads one notice body into an :class:`Extraction`."""

    def __init__(self, text: str, s: int, e: int, ctx: ItemContext) -> None:
        self.text = text
        self.s, self.e = s, e
        self.context = Context(scope=ctx)
        self.out = Extraction()
        self.section: Section | None = None
        self.group: Group | None = None
        self.subgroup: Group | None = None  # a village header's group inside the township group
        self.town_rests: Section | None = None  # the section whose township lines stand for their rests
        self.last_summary: tuple[int, int, dict] | None = None  # the last summed-up transition (6个高风险区调整为…)
        self.forward_sections: list[Section] = []  # sections opened by a sentence announcing a list below
        self.forward_parts = False  # bare headings divide the open forward section's list into parts
        self.sections: list[Section] = []
        self.closed = False
        self.in_measures = False  # inside a block headed 管理措施: its lines are measures, no places
        self.lifting_heading = False  # the lifting context was set by a heading (ends at the next)
        self.sentence = SentenceScope()
        self.announced: dict[str, str] = {}  # to-zone → from-zone of transitions a lead announces
        self.inferred: list[Section] = []  # sections whose from-zone came from the lead
        self.line_start = s  # where the line being read starts
        self.group_marker: str | None = None  # the numbering of the line that opened the group
        # Where a sentence pointing back (以上区域…转为…) may occur, lists read under no zone wait
        # for it (``pending``, read while ``pending_at`` sections were open); ``refer_from``
        # is the first change such a sentence can reach.
        self.backrefs = mentions_back_reference(text, s, e)
        self.pending: list[AreaItem] = []
        self.pending_zone: str | None = None  # the zone written before the pending places
        self.pending_at = 0
        self.refer_from = 0
        self.pending_end = 0  # where the last pending list ends
        self.open_subject = False  # a subject opened by 将 whose places follow it (subject_lists.py)
        self.last_other = 0  # where the last sentence that was neither such a list nor a header ends
        if not hasattr(Reader, "rx_label"):
            # The predicate patterns, as rx_<name> of every reader (set on the class, once).
            for name, rx in predicate_patterns().items():
                setattr(Reader, "rx_" + name, rx)

    def run(self) -> Extraction:
        text = self.text
        pos = self.s
        lines = []
        for ln in text[self.s : self.e].split("\n"):
            lines.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        content = [strip_span(text, ls, le, " \t\u3000") for ls, le in lines]
        content = [(ls, le) for ls, le in content if ls < le]
        content_end = self._content_end()
        for k, (ls, le) in enumerate(content):
            ls = self._skip_injection(ls, le)
            nxt = content[k + 1] if k + 1 < len(content) else None
            in_town_rests = self.section is not None and self.town_rests is self.section
            if nxt is not None and not in_town_rests and self._bare_county_header(ls, le, nxt):
                continue
            self._line(ls, le, is_last=(le >= content_end))
        self._close_group()
        self._close_section()
        self._settle_inferred()
        return self.out

    def _settle_inferred(self) -> None:
        """A section that writes the lead's transition itself (三、高风险区调整为低风险区) is
        the one the lead announced; a section that only says 调整为低风险区 then moves areas
        from a zone the notice does not name."""
        listed = {rc.anchor for rc in self.out.changes}
        written = {(sec.from_zone, sec.to_zone) for sec in self.sections if sec not in self.inferred and sec.from_zone and sec.span in listed}
        for sec in self.inferred:
            if (sec.from_zone, sec.to_zone) in written:
                for rc in self.out.changes:
                    if rc.anchor == sec.span and rc.from_zone == sec.from_zone:
                        rc.from_zone = None

    def _content_end(self) -> int:
        return strip_span(self.text, self.s, self.e, " \t\n\u3000")[1]

    def _skip_injection(self, s: int, e: int) -> int:
        """Drop a bracketed banner spliced before a list item (【…】2.霁亭路…)."""
        m = _INJECTED_BANNER_RX.match(self.text[s:e])
        return s + m.end() if m else s

    def _line(self, s: int, e: int, is_last: bool) -> None:
        text = self.text
        self.line_start = s
        om = ORDINAL_RX.match(text, s, e)
        marker = None
        if om:
            marker = ordinal_kind(om)
            s = om.end()
        else:
            while s < e and text[s] in "# \t":
                s += 1
            attachment = _ATTACHMENT_RX.match(text, s, e)
            if attachment:
                s = attachment.end()  # 附件1:高风险区名单 — the attachment's title heads its list
                self._attachment_opens()
            elif "附件" in text[s:e] and _ATTACHMENT_END_RX.search(text, s, e):
                self._attachment_opens()  # …指挥部2022年4月2日附件: — the attachment's lists follow
        in_measure = False
        for i, (a, b) in enumerate(sentences(text, s, e)):
            if in_measure:
                self.out.measures.append((a, b))
                continue
            if self._is_measure(a, b):
                in_measure = True
            self._sentence(a, b, marker if i == 0 else None, is_last and b >= e - 1)

    def _attachment_opens(self) -> None:
        """An attachment is a part of its own: the lifting its notice's lead announced does not
        hold for the lists in it (附件:中风险地区、封控区名单 lists the zones as they stand)."""
        self._close_group()
        self._close_section()
        if self.context.lifting:
            self.context = self.context.child(lifting=False)
        self.lifting_heading = False

    def _sentence(self, s: int, e: int, marker: str | None, is_last: bool) -> None:
        text = self.text
        if self.closed:
            return
        if self._measures_block(s, e, marker):
            return
        if self._closes_subject(s, e) or self.backrefs and self._refer_back(s, e):
            return
        if self._opens_decision(s, e):
            return
        prev_other, self.last_other = self.last_other, e
        if marker in ("cn", "pcn") and self._bare_heading(s, e):
            return
        start = self._as_of(s, e)
        if start is None:
            return
        s = start
        body = text[s:e]
        if _INVOLVES_RX.match(text, s, e) and not self._has_anchor(s, e):
            # 西至甲路,南至乙路…。主要涉及甲学院、乙小区。: what the region just given takes in,
            # not places of their own.
            return
        lead = _transition_lead_rx().match(text, s, e)
        if lead is not None and lead.end() < e:
            # 高风险区调整为中风险区的是甲 / 中风险区调整为低风险区有乙;丙: the transition first,
            # then the places that make it.
            self._close_group()
            self._close_section()
            self._emit(lead.end(), e, zone_code(lead["z2"]), zone_code(lead["z1"]), "change", (lead.start(), lead.end()))
            return
        if self.section is None and self.last_summary is not None and _LIST_BELOW_SENTENCE_RX.fullmatch(text, s, e):
            # 6个高风险区调整为低风险区。具体名单如下: — the list below is the one summed up.
            ss, se, kw = self.last_summary
            self._open_forward_section(ss, ss, (ss, se), kw)
            self.last_summary = None
            return
        if CLOSING_RX.match(body) and (self.sections or self.out.changes or FURNITURE_RX.match(body)):
            if body.startswith("特此"):
                # 特此通告: the notice's text ends here.
                self._close_group()
                self._close_section()
                self.closed = True
            return  # page furniture (相关阅读, 责任编辑, 关键词 …) spliced in: skipped, the list may go on
        if self._is_measure(s, e):
            self.out.measures.append((s, e))
            if self.section is not None:
                self._close_group()
            return
        if self.section is None and not change_words().search(text, s, e):
            if self.backrefs or self.open_subject:
                self._pending_list(s, e, numbered=marker in ("num", "pnum", "circ"))
            return  # outside a section only a zone term or a lifting starts anything
        if self._count_first_labels(s, e) or self._zone_count_line(s, e):
            return
        s = self._zone_labels(s, e, is_last)
        if s is None:
            return
        heading = parse_heading(text, s, e)
        colon = _COLON_RX.search(text, s, e) if heading is None else None
        if colon is not None and colon.end() < e and (h := parse_heading(text, s, colon.end())) is not None and h.from_zone is not None:
            # 高风险区降为中风险区(6个):甲、乙 — a transition heading and its list on one line.
            self._sentence(s, colon.end(), marker, False)
            self._sentence(colon.end(), e, None, is_last)
            return
        if heading is None and marker in ("cn", "pcn"):
            split = self._heading_prefix(s, e)
            if split is not None:
                # 一、山阳县高风险区降为中风险区(1个)小河口镇东沟口村 — heading and list on one line.
                self._sentence(s, split, marker, False)
                self._sentence(split, e, None, is_last)
                return
        if heading is None and self.section is not None and _UNREAD_HEADING_RX.fullmatch(text, s, e) and not group_headers(text, s, e)[0]:
            # 某某地区31个: — a heading whose zone is not written in any known word: its list is
            # not the open heading's; the section ends here and the list goes unread.
            self._close_group()
            self._close_section()
            self.out.warnings.append(("unknown_zone", f"heading '{text[s:e]}' names no known zone; its list is left out", (s, e)))
            return
        if heading is not None:
            self._close_group()
            self._close_section()
            if self.lifting_heading:
                # The zones listed under a lifting heading were lifted; the next heading ends that.
                self.context = self.context.child(lifting=False)
                self.lifting_heading = False
            if heading.to_zone == "lifted" and not self.context.lifting:
                # 一、解除管控措施的区域如下: over (一)原封控区: / (二)原管控区: — each lifted from its zone.
                self.context = self.context.child(lifting=True)
                self.lifting_heading = True
            if self.context.status and heading.from_zone is None and not re.search(rf"{designating_alternation()}|调整|升|降|解除", text[s:e]):
                heading.kind = "status"
            if heading.from_zone is None and heading.to_zone in self.announced and _TRANSITION_RX.search(text, s, e):
                heading.from_zone = self.announced[heading.to_zone]
                self.inferred.append(heading)
            if self.context.lifting and heading.from_zone is None and heading.to_zone != "lifted":
                heading.from_zone, heading.to_zone = heading.to_zone, "lifted"
            heading.first = len(self.out.changes)
            self.section = heading
            self.sections.append(heading)
            if heading.count is not None:
                self.out.declared.append((heading.from_zone, heading.to_zone, heading.count, heading.span))
            return
        if self._town_rests(s, e) or self._total_ends_section(s, e):
            return
        # Group headers (district or town) inside a section; ``甲区(2个):…;乙区(1个):…`` in one sentence.
        if self.section is not None or self.backrefs:
            segs = split_top(text, s, e, ";;")
            if len(segs) > 1 and any(group_headers(text, *strip_span(text, a, b, " \t"))[0] for a, b in segs[1:]):
                for a, b in segs:
                    a, b = strip_span(text, a, b, " \t")
                    if a < b:
                        self._sentence(a, b, None, is_last and b >= e)
                return
            groups, rest = group_headers(text, s, e)
            if groups:
                self.last_other = prev_other  # a header is part of the list under it
                for g in groups:
                    self._open_group(g)
                # 1.枫亭镇(6个):甲、乙 — the number is the header's, not an item's; the next
                # line numbered alike is the header's sibling.
                self.group_marker, marker = marker, None
                s = rest
                if s >= e or not text[s:e].strip(" 。;;,"):
                    return
            elif marker is not None and marker == self.group_marker and self.group is not None:
                self._close_group()
        if "\t" in body and self._table_row(s, e):
            return
        if self._zoned_places_lifted(s, e):
            return
        if self._status_totals(s, e):
            return
        if self._has_anchor(s, e):
            self._parse_predicates(s, e)
            return
        if self.rx_annotated.search(text, s, e) and self._annotated_items(s, e):
            return
        if self.section is None:
            if self._status_total(s, e):
                pass
            elif status_rx().search(body) and re.search(zone_alternation(), body):
                self.context = self.context.child(status=True)
            elif self.backrefs or self.open_subject:
                self._pending_list(s, e, numbered=marker in ("num", "pnum", "circ"))
            return
        # A plain list in a section — not a sentence about the list above (以上高风险区主要集中在…).
        if _ABOUT_ABOVE_RX.match(text, s, e):
            return
        end = self._cut_measure(s, e)
        numbered = marker in ("num", "pnum", "circ")
        if not numbered and marker != "numstop" and not looks_like_places(text[s:end]):
            if self._counted_entry(s, end):
                self._list_in_section(s, end, whole=True)
            return  # a numbered line is an entry of the list whatever its words end with
        segs = split_top(text, s, end, "、,,;;") if not numbered else [(s, end)]
        if is_last and self._truncated_tail(s, end, len(segs)):
            # The text stops inside the list: the items before the last separator are whole.
            cut = segs[-1][0]
            self.out.warnings.append(
                ("truncated", f"the text ends inside a list; the last item '{text[cut:end]}' looks cut off and is left out", (cut, end))
            )
            if len(segs) > 1:
                self._list_in_section(s, cut)
            return
        if is_last and not numbered and re.search(r"[、,,]", text[s:end]) and not re.search(r"[。;;.))]$", text[s : end + 1]):
            self.out.warnings.append(
                ("truncated", f"the text ends inside a list; its last item '{last_item(text[s:end])}' may be incomplete", (s, end))
            )
        self._list_in_section(s, end, whole=numbered)

    def _truncated_tail(self, s: int, e: int, n: int) -> bool:
        """The document's last line (of ``n`` items), inside a group it leaves short of its
        declared count."""
        grp = self.group
        if grp is None or grp.count is None:
            return False
        listed = len(self.out.changes) - grp.first
        return listed + n < grp.count and not re.search(r"[。;;)]$", self.text[s : e + 1].rstrip())

"""Sentences with predicates: which places each predicate takes. ``由Z1调整为Z2`` and ``为Z``
take the places before them, ``Z调整为…``/``Z:`` the places after them, ``解除…`` lifts
(:mod:`.lifts`); the predicates are found by :mod:`.anchors`, and the subject of a predicate is
cut free of lead-in clauses, times and measures by :mod:`.subjects`."""

from __future__ import annotations

import re
from functools import lru_cache

from ..districts import only_counties
from ..gazetteer import gazetteer
from ..vocab import FORWARD_WORDS
from ..grammar import (
    FORWARD_RX,
    GENERIC_AREA_RX,
    SCOPE_THREE_RX,
    status_rx,
    is_catch_all,
    looks_like_places,
    numeral_value,
    zone_code,
    zone_pattern,
)
from ..places import trim_candidate
from ..scope import find_scope
from ..spans import split_top
from .anchors import AnchorFinder
from .context import SentenceScope
from .subjects import counted_groups, subject_span

# …等3个区域调整为低风险区,具体为:甲、乙 / 金凤区1个中风险区下调为低风险区,为某小区: the list after.
_SPEC_RX = re.compile(r"[,,]\s*(?:(?:具体为|分别为|分别是|具体是)\s*[::]?|(?:具体如下|包括)\s*[::])")
_THEN_IS_RX = re.compile(r"[,,]\s*为\s*(?=\S)")

__all__ = ["PredicateReader"]

_COUNT_AFTER_RX = re.compile(r"\s*\d+\s*个")
_ETC_COUNT_RX = re.compile(
    r"等\s*(?P<n>[\d一二三四五六七八九十两]+)\s*(?:个|处|地)?(?:区域|地区|小区|村居|村|社区|点位|场所|楼栋)?(?=[\s,,;;:、]*$)"
)


_ETC_RX = re.compile(r"\s*等\s*$")


# 。这36个区域包括: / ,具体名单如下: — the words on the rest of the line that announce the list.
_LIST_FOLLOWS_RX = re.compile(r"包括|如下|名单|清单|分别为|分别是|具体为|具体是|见下|[::]")


def _examples_of_more(text: str, s: int, cz: re.Match) -> bool:
    """甲、乙等36个封控区 — places named before 等 fewer than the number after it are examples
    of a list given elsewhere, not the list."""
    if not _ETC_RX.search(text, s, cz.start()):
        return False
    return _counted(cz)[1] > len(split_top(text, s, cz.start(), "、,,;;"))


def _etc_count(text: str, s: int, e: int) -> tuple[int, int] | None:
    """甲小区、乙小区等3个区域 (between a subject's places, ending at ``s``, and its predicate at
    ``e``): the number the places should come to, and where the phrase ends."""
    m = _ETC_COUNT_RX.search(text, s, e)
    return (numeral_value(m["n"]), m.end()) if m else None


_REMARK_AFTER_RX = re.compile(r"\s*[((][^()()]{1,12}[))]")
_UNCHANGED_REMARK_RX = re.compile(r"不变|保持|维持")



def _TRAILING_ZONE_RX() -> re.Pattern[str]:
    return zone_pattern(r"(?:的)?(?P<z>{z})$")


def _COUNTED_ZONE_RX() -> re.Pattern[str]:
    """``10个高风险区`` / ``高风险区10个`` just before a predicate: the zone the places are in."""
    return zone_pattern(r"(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*个\s*(?P<z>{z})\s*|(?P<z2>{z})\s*(?P<n2>\d+|[一二两三四五六七八九十]{1,3})\s*个\s*")


def _counted(m: re.Match[str]) -> tuple[str, int]:
    """The zone and the number of a :func:`_COUNTED_ZONE_RX` match."""
    return zone_code(m["z"] or m["z2"]), numeral_value(m["n"] or m["n2"])


def _left_zone(kw: dict, zone: str) -> str | None:
    """The zone the places leave: the one the predicate says, else ``zone`` (the zone their
    subject counts them in) unless that is the one they go to."""
    return kw["frm"] if kw["frm"] or zone == kw["to"] else zone


# ,具体情况如下: / ,名单如下: / 。具体区域见下: — the sentence announces a list below.
_AS_FOLLOWS_RX = re.compile(r"\s*[,,]?\s*(?:具体(?:情况|区域|名单|点位)?|详细名单|名单|区域)?\s*(?:如下|见下|为)\s*[::]\s*$")


@lru_cache(maxsize=1)
def _FORWARD_ZONE_RX() -> re.Pattern[str]:
    """``以下5个高风险区`` as the subject of a predicate: the places listed below, in that zone."""
    return zone_pattern(r"(?:" + FORWARD_WORDS + r")\s*(?:(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*个?)?\s*(?P<z>{z})$")


# 解除封控后,… / 解除管控之后: what follows a lifting, told as a time.
_THEN_AFTER_RX = re.compile(r"\s*(?:管理|措施)?\s*(?:后|之后|以后)")
# …小区(村)名单公布如下: — the words after a lifting that announce the list of its places below.
_NAMED_LIST_BELOW_RX = re.compile(r"[^。::,,;;]{0,16}?名单\s*(?:公布|发布)?\s*如下\s*[::]\s*$")
_SINCE_AFTER_RX = re.compile(r"\s*(?:以来|至今)")
# 此前被 / 曾被 / 之前已被 right before the verb: the designation is past.
_PAST_BEFORE_RX = re.compile(r"(?:此前|之前|先前|早前|曾经|曾)\s*(?:已)?\s*(?:被)?\s*$")


class PredicateReader(AnchorFinder):
    """The predicate part of :class:`~.reader.Reader` (state lives on the reader)."""

    def _parse_predicates(self, s: int, e: int) -> None:
        text = self.text
        sentence = text[s:e]
        status_sentence = bool(status_rx().search(sentence)) or self.context.status
        anchors = self._anchors(s, e, sentence, status_sentence)
        if not anchors:
            return
        # 广州市海珠区自11月28日起解除凤阳街道康乐村高风险区: a district written in the sentence
        # before its first predicate is the one its places lie in, whatever the lead said.
        counties = find_scope(text, [(s, anchors[0][0])])[0] if anchors[0][0] > s else []
        scope = counties[0] if len(counties) == 1 else None
        city = None
        if scope is not None:
            # 北京市朝阳区将…: the city written just before the district goes with it.
            before = [h for h in gazetteer().scan(text[s : scope[0]], levels=(1, 2), min_len=2) if s + h[1] == scope[0]]
            city = (s + before[-1][0], s + before[-1][1]) if before else None
        if scope is None and self.sentence.line == self.line_start and self.sentence.district is not None:
            # 兴庆区3个高风险区下调为中风险区,…。2个中风险区下调为低风险区,…: the paragraph's district goes on.
            scope, city = self.sentence.district, self.sentence.city
        self.sentence = SentenceScope(scope, city, None, self.line_start)
        # …等3个区域调整为低风险区,具体为:甲、乙、丙 — the list after the colon has the same zone.
        # 兴庆区10个高风险区下调为中风险区,分别为甲、乙 — the zone counted is the one left.
        spec = _SPEC_RX.search(text[s:e])
        if spec is None and (one := _THEN_IS_RX.search(text[s:e])):
            # 金凤区1个中风险区下调为低风险区,为某小区 — a counted subject, then the place.
            head = [x for x in anchors if x[1] <= s + one.start() and x[2] == "before"]
            counted = _COUNTED_ZONE_RX().search(text, s, head[-1][0]) if head else None
            if counted and counted.end() == head[-1][0]:
                spec = one
        if spec:
            spec_at = s + spec.start()
            before = [x for x in anchors if x[1] <= spec_at and x[2] == "before"]
            if before:
                a, b, _, kw = before[-1]
                # …分别是甲、乙——调整后,某市现存…: the list ends where a dash opens a remark, or
                # at the clause of the next predicate.
                list_end = e
                later = [x[0] for x in anchors if x[0] >= s + spec.end()]
                if later:
                    list_end = max(s + spec.end(), max(text.rfind(c, s + spec.end(), later[0]) for c in ",,;;"))
                dash = text.find("——", s + spec.end(), list_end)
                if dash >= 0:
                    list_end = dash
                anchors = [x for x in anchors if x[1] <= spec_at]
                frm = kw["frm"]
                counted = _COUNTED_ZONE_RX().search(text, s, a)
                if frm is None and counted and counted.end() == a and kw["to"] != _counted(counted)[0]:
                    frm = _counted(counted)[0]
                if not text[s + spec.end() : e].strip(" \t::"):
                    # 将我区17个高风险区调整为中风险区,具体如下: — the list is on the lines below
                    # (or headings that break the total down).
                    subj = self._subject(s, a)
                    if subj is not None and self._is_summary(*subj):
                        self._record_summary(*subj, dict(kw, frm=frm))
                    self._open_forward_section(s, a, (a, b), dict(kw, frm=frm))
                    return
                self._emit(s + spec.end(), list_end, kw["to"], frm, kw["kind"], (a, b))
                e = spec_at
        has_labels = any(k == "label" for _, _, k, _ in anchors)
        lift_after_labels = has_labels and any(kw.get("lift") for _, _, k, kw in anchors if k == "before")
        prev_end = s
        for idx, (a, b, kind, kw) in enumerate(anchors):
            nxt = anchors[idx + 1][0] if idx + 1 < len(anchors) else e
            if kind in ("lift_inside", "lift_zone", "lift_measure"):
                b = self._read_lifting(kind, a, b, kw, e, nxt)
                if b is None:
                    return
            elif kind == "before":
                if lift_after_labels and kw.get("lift"):
                    prev_end = b
                    continue
                subj = self._subject(prev_end, a)
                if kw.get("lift") and kw.get("to") == "lifted" and (then := self._lifted_to(b, e)) != "lifted":
                    kw = dict(kw, to=then)  # 甲小区解除封控,调整为管控区: lifted into the zone said after
                if _COUNT_AFTER_RX.match(text[b : b + 8]):
                    subj = None  # 调整为低风险区1个: a total, not a list
                if _PAST_BEFORE_RX.search(text, prev_end, a) or _SINCE_AFTER_RX.match(text, b, e):
                    # 某地此前被划定为中风险地区…的区域 / 自某村划为高风险区以来: what the places were
                    # made before, told as their history, not a change this text makes.
                    prev_end = b
                    continue
                if kw.get("lift") and _NAMED_LIST_BELOW_RX.match(text, b, e):
                    # 现将解封小区(村)名单公布如下: — the list of the lifted places follows.
                    self._open_forward_section(prev_end, a, (a, b), kw)
                    return
                if subj is not None:
                    ss, se = subj
                    fwd = FORWARD_RX.search(text[ss:se])
                    multi = zone_pattern(r"\s*[、和及与]\s*(?:{z})").match(text[b:b + 12])
                    fz = _FORWARD_ZONE_RX().search(text, ss, se) if not fwd else None
                    # 将部分地区调整为低风险区,具体情况如下: — a generic subject and the list below.
                    generic_ahead = not fwd and GENERIC_AREA_RX.search(text[ss:se]) is not None and _AS_FOLLOWS_RX.match(text, b, e) is not None
                    if generic_ahead and not multi:
                        self._open_forward_section(ss, se, (a, b), kw)
                        if self._forward_list(b, e):
                            return
                    elif fwd and multi:
                        pass  # 将以下区域划定为封控区、管控区: the labelled lists follow
                    elif fz is not None:
                        # 将以下5个高风险区降为中风险区: the list below, from the zone its subject names.
                        frm = _left_zone(kw, zone_code(fz["z"]))
                        count = numeral_value(fz["n"]) if fz["n"] else None  # how many the list below names
                        self._open_forward_section(ss, fz.start(), (a, b), dict(kw, frm=frm, count=count))
                        if self._forward_list(b, e):
                            return
                    elif fwd:
                        self._open_forward_section(ss, ss + fwd.start(), (a, b), kw)
                        if self._forward_list(b, e):
                            return
                    elif SCOPE_THREE_RX.search(text[ss:se]):
                        self._set_scope(ss, se)
                        self.context = self.context.child(lifting=self.context.lifting or bool(kw.get("lift")))
                    elif (kw.get("lift") or kw.get("weak")) and not self._names_place(ss, se) and not is_catch_all(text[ss:se]):
                        if kw.get("lift") and not _THEN_AFTER_RX.match(text, b, e):
                            self._lift_designated(s, a, (a, b), kw["to"])
                        # else 未封区恢复常态化管理, 符合解封条件: no place named
                    elif kw.get("lift") and (zm := _TRAILING_ZONE_RX().search(text, ss, se)) and zm.start() > ss:
                        # 对某小区封控区解除封控: the zone written after the place is the one lifted.
                        self._emit(ss, zm.start(), kw["to"], zone_code(zm["z"]), kw["kind"], (a, b))
                    elif (
                        not kw.get("lift") and (zm := _TRAILING_ZONE_RX().search(text, ss, se)) and zm.start() > ss
                        and not _COUNTED_ZONE_RX().search(text, ss, se) and self._names_place(ss, zm.start())
                        and not self._is_summary(ss, zm.start())
                    ):
                        # 将某宿舍区的封控区调整为管控区: the zone written after the place is the one it leaves.
                        zone = zone_code(zm["z"])
                        self._emit(ss, zm.start(), kw["to"], kw["frm"] or (zone if zone != kw["to"] else None), kw["kind"], (a, b))
                    elif len(groups := counted_groups(text, ss, se, _COUNTED_ZONE_RX())) > 1 and all(self._names_place(gs, ge) for gs, ge, _ in groups):
                        # 将甲、乙3个高风险区和丙、丁2个中风险区降为低风险区: each group with the zone it leaves.
                        for gs, ge, gz in groups:
                            zone, n = _counted(gz)
                            self._emit(gs, ge, kw["to"], _left_zone(kw, zone), kw["kind"], (a, b), declared=(n, gz.end()))
                    elif (
                        (cz := _COUNTED_ZONE_RX().search(text, ss, se))
                        and cz.end() == se
                        and re.search(r"[、,,]", text[ss : cz.start()])
                        and not re.search(r"[所辖的]\s*$", text[ss : cz.start()])  # 沙依巴克区、米东区的34个高风险区: a total
                        # 甲,乙等5个管控区域: 等 ends the places
                        and (places_end := ss + len(_ETC_RX.sub("", text[ss : cz.start()]))) > ss
                        and self._names_place(ss, places_end)
                        and not only_counties(text, ss, places_end)
                        and not _examples_of_more(text, ss, cz)
                    ):
                        # 将甲、乙、丙3个封控区调整为管控区: the places, then their number and zone.
                        zone, n = _counted(cz)
                        self._emit(ss, places_end, kw["to"], _left_zone(kw, zone), kw["kind"], (a, b), declared=(n, cz.end()))
                    elif cz is not None and cz.end() == se and _examples_of_more(text, ss, cz):
                        # 甲、乙等36个封控区调整为管控区。这36个区域包括: — the list below is the one meant;
                        # the places named before 等 are among them, whether a list follows or not.
                        frm = _left_zone(kw, _counted(cz)[0])
                        named_end = ss + len(_ETC_RX.sub("", text[ss : cz.start()]))
                        line_end = text.find("\n", b)
                        if (
                            not _LIST_FOLLOWS_RX.search(text, b, line_end if line_end >= 0 else len(text))
                            and self._names_place(ss, named_end)
                            and not only_counties(text, ss, named_end)
                        ):
                            self._emit(ss, named_end, kw["to"], frm, kw["kind"], (a, b))
                        self._record_summary(cz.start(), se, dict(kw, frm=frm))
                        self._open_forward_section(ss, ss, (a, b), dict(kw, frm=frm))
                    elif not self._is_summary(ss, se):
                        self._emit(ss, se, kw["to"], kw["frm"], kw["kind"], (a, b), declared=_etc_count(text, se, a))
                    else:
                        self._record_summary(ss, se, kw)
            elif kind == "after":
                end = self._cut_measure(b, nxt)
                if re.match(r"\s*(?:具体为|分别为|分别是|具体是|包括)?\s*[::]?\s*$", text[b:end]):
                    prev_end = b
                    continue
                self._emit(b, end, kw["to"], kw.get("frm"), kw["kind"], (a, b))
            elif kind == "forward":
                # 划定以下3个高风险区。 — a section for the list on the lines below.
                self._open_forward_section(prev_end, a, (a, b), kw)
                self._forward_list(b, e)
            elif kind == "label":
                end = self._cut_measure(b, nxt)
                if lift_after_labels:
                    self._emit(b, end, "lifted", kw["to"], "change", (a, b))
                else:
                    self._emit(b, end, kw["to"], None, "status" if status_sentence else "change", (a, b))
            prev_end = b
            remark = _REMARK_AFTER_RX.match(text, b, e)
            if remark is not None and kind == "before":
                # 某小区8幢作为封控区(保持不变),…: the remark after the zone is no part of the next
                # clause; one saying the area stays as it was takes back the change it qualifies.
                if _UNCHANGED_REMARK_RX.search(remark.group(0)):
                    self.out.changes[:] = [c for c in self.out.changes if c.anchor != (a, b)]
                prev_end = remark.end()

    def _subject(self, s: int, e: int) -> tuple[int, int] | None:
        return subject_span(self.text, s, e)

    def _names_place(self, s: int, e: int) -> bool:
        """True when the span ends with a place: a county or township, a whole unit (小店区全域),
        or a named community, village or compound — not a generic 部分区域 or a speaker (书记…说)."""
        s, e = trim_candidate(self.text, s, e)  # 某小区今日起(解除封控): the time said after it is no part of it
        seg = self.text[s:e].rstrip(" ,,")
        if (generic := GENERIC_AREA_RX.search(seg)) is not None:
            # 山腰街道的部分区域: part of the place named before it; 部分区域 alone names none.
            head = seg[: generic.start()]
            if not head.endswith("的") or len(head) < 3:
                return False
            e = s + len(head) - 1
            seg = self.text[s:e]
        if re.search(r"(?:全域|全境|[镇乡村]|街道|社区|小区|号院|号楼|栋|幢|单元|号|[苑园庭府湾城寓厦]|\))$", seg) or looks_like_places(seg):
            return True
        counties, towns = find_scope(self.text, [(s, e)])
        return any(b == s + len(seg) for _, b in counties + towns)

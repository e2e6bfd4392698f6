"""Sentences with predicates: ``由Z1调整为Z2`` and ``为Z`` take the places before them,
``Z调整为…``/``Z:`` the places after them, ``解除…`` lifts; the subject of a predicate is cut
free of lead-in clauses, times and measures by :mod:`.subjects`."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from ..districts import county_at
from ..gazetteer import gazetteer
from ..grammar import (
    DESIGNATION_RX,
    FORWARD_RX,
    GENERIC_AREA_RX,
    SCOPE_THREE_RX,
    status_rx,
    change_words,
    is_catch_all,
    looks_like_places,
    ANCHOR_PREDICATES,
    may_hold,
    numeral_value,
    zone_alternation,
    zone_code,
    zone_pattern,
)
from ..places import trim_candidate
from ..scope import find_scope
from ..vocab import alternation, designating_measures, load_data
from ..spans import split_top, strip_span
from .context import SentenceScope
from .subjects import counted_groups, reason_rx, subject_span

# …等3个区域调整为低风险区,具体为:甲、乙 / 金凤区1个中风险区下调为低风险区,为某小区: the list after.
_SPEC_RX = re.compile(r"[,,]\s*(?:(?:具体为|分别为|分别是|具体是)\s*[::]?|(?:具体如下|包括)\s*[::])")
_THEN_IS_RX = re.compile(r"[,,]\s*为\s*(?=\S)")

__all__ = ["PredicateReader"]

_LIFTED_ZONE = {"解除管控": "controlled", "解除防范": "precaution"}  # the zone a lifting phrase lifts
# 解除管控措施: the control measures in general, not the controlled zone's.
_GENERIC_MEASURE_RX = re.compile(r"措施")
_COUNT_AFTER_RX = re.compile(r"\s*\d+\s*个")
_ETC_COUNT_RX = re.compile(
    r"等\s*(?P<n>[\d一二三四五六七八九十两]+)\s*(?:个|处)?(?:区域|地区|小区|村居|村|社区|点位|场所|楼栋)?(?=[\s,,;;:、]*$)"
)


_ETC_RX = re.compile(r"\s*等\s*$")
_LIST_COLON_RX = re.compile(r"(?:的)?(?:区域|地区|名单)?\s*[::]\s*")
# 全县2个 / 浠水县共3个 (高风险区:): a count of the zone's places, which are listed below.
_COUNTED_WHOLE_RX = re.compile(r"(?:全市|全县|全区|全旗|我市|我县|我区|本市|本县|本区|[\u4e00-\u9fff]{2,8}?(?:市|县|区|旗))?\s*(?:共|共计)?\s*(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*个")

_SINCE_RX = re.compile(r"[,,]?\s*(?:至今|以来|已连续|已满)")


def _examples_of_more(text: str, s: int, cz: re.Match) -> bool:
    """甲、乙等36个封控区 — places named before 等 fewer than the number after it are examples
    of a list given elsewhere, not the list."""
    if not _ETC_RX.search(text, s, cz.start()):
        return False
    return _counted(cz)[1] > len(split_top(text, s, cz.start(), "、,,;;"))


def _only_counties(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` lists county names only (天山区、米东区): the units of a total."""
    pieces = [p for p in re.split(r"[、,,和及]", text[s:e]) if p.strip()]
    return bool(pieces) and all(county_at(p.strip(), 0, len(p.strip())) == len(p.strip()) for p in pieces)


def _etc_count(text: str, s: int, e: int) -> tuple[int, int] | None:
    """甲小区、乙小区等3个区域 (between a subject's places, ending at ``s``, and its predicate at
    ``e``): the number the places should come to, and where the phrase ends."""
    m = _ETC_COUNT_RX.search(text, s, e)
    return (numeral_value(m["n"]), m.end()) if m else None


_REMARK_AFTER_RX = re.compile(r"\s*[((][^()()]{1,12}[))]")
_UNCHANGED_REMARK_RX = re.compile(r"不变|保持|维持")


def _FORWARD_ZONES_RX() -> re.Pattern[str]:
    """以下封控区、管控区、防范区的相关 (管控措施): a lifting lead-in naming the zones listed below."""
    return zone_pattern(
        r"(?:对)?(?:以下|下列|如下)(?:区域|地区)?(?:的)?(?:(?:{z})[、,,和及与]?)+(?:的)?(?:相关|相应|全部|有关)?(?:的)?"
    )


def _TRAILING_ZONES_RX() -> re.Pattern[str]:
    """封控区和管控区的 at the end of a lifted place: the zones it held."""
    return zone_pattern(r"(?P<z>{z})(?:\s*[和、及与]\s*(?:{z}))*\s*(?:的)?$")


def _THEN_ZONE_RX() -> re.Pattern[str]:
    """解除以下高风险区管控措施,转为低风险区管控: the zone the lifted places go to, said right after."""
    return zone_pattern(r"(?:措施)?\s*[,,]?\s*(?:并|同时|随即)?\s*(?:转为|调整为|降为|恢复为|转入|纳入|按照|按)\s*(?P<z>{z})")


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
# ,现将有关事项通告如下: / ,具体名单如下: — what the sentence is about is listed below it.
_NOTICE_FOLLOWS_RX = re.compile(r"\s*[,,]?\s*(?:现将?[^,,。::]{0,8}?)?(?:通告|公告|通知|具体(?:情况|区域|名单)?|名单)?\s*如下\s*[::]")
_AS_FOLLOWS_RX = re.compile(r"\s*[,,]?\s*(?:具体(?:情况|区域|名单|点位)?|详细名单|名单|区域)?\s*(?:如下|见下|为)\s*[::]\s*$")


@lru_cache(maxsize=1)
def _FORWARD_ZONE_RX() -> re.Pattern[str]:
    """``以下5个高风险区`` as the subject of a predicate: the places listed below, in that zone."""
    return zone_pattern(r"(?:以下|下列|如下)\s*(?:(?:\d+|[一二两三四五六七八九十]{1,3})\s*个?)?\s*(?P<z>{z})$")


# 此前被 / 曾被 / 之前已被 right before the verb: the designation is past.
# 解除封控后,… / 解除管控之后: what follows a lifting, told as a time.
_THEN_AFTER_RX = re.compile(r"\s*(?:管理|措施)?\s*(?:后|之后|以后)")
# …小区(村)名单公布如下: — the words after a lifting that announce the list of its places below.
_NAMED_LIST_BELOW_RX = re.compile(r"[^。::,,;;]{0,16}?名单\s*(?:公布|发布)?\s*如下\s*[::]\s*$")
_SINCE_AFTER_RX = re.compile(r"\s*(?:以来|至今)")
@lru_cache(maxsize=1)
def _negated_rx() -> re.Pattern[str]:
    """A negation just before a predicate (``zones.json``'s ``negations``), with 单独 when the
    places are no longer a zone of their own."""
    neg = load_data("zones")["negations"]
    return re.compile(rf"(?:{alternation(neg['not'])})\s*(?:(?P<alone>{alternation(neg['alone'])})|再)?\s*(?:列为|作为)?\s*$")
_PAST_BEFORE_RX = re.compile(r"(?:此前|之前|先前|早前|曾经|曾)\s*(?:已)?\s*(?:被)?\s*$")



class PredicateReader:
    """The predicate part of :class:`~.reader.Reader` (state lives on the reader)."""

    def _has_anchor(self, s: int, e: int) -> bool:
        t = self.text
        if not change_words().search(t, s, e):
            return False  # every predicate names a zone or a lifting
        chars = set(t[s:e])
        for name in ANCHOR_PREDICATES:
            if may_hold(name, chars) and getattr(self, "rx_" + name).search(t, s, e):
                return True
        return may_hold("label", chars) and len(self.rx_label.findall(t, s, e)) >= 2

    def _find(self, name: str, s: int, e: int, chars: set[str]) -> Iterator[re.Match[str]]:
        """The matches of the predicate pattern ``name`` in ``[s, e)`` (whose characters are
        ``chars``); none looked for when the text lacks every character a match needs."""
        return getattr(self, "rx_" + name).finditer(self.text, s, e) if may_hold(name, chars) else iter(())

    def _parse_predicates(self, s: int, e: int) -> None:
        text = self.text
        sentence = text[s:e]
        chars = set(sentence)
        status_sentence = bool(status_rx().search(sentence)) or self.context.status
        designation = bool(DESIGNATION_RX.search(sentence))
        anchors: list[tuple[int, int, str, dict]] = []

        # 符合解封条件: a reason, not a lifting; no anchor is read inside one.
        reasons = [(r.start(), r.end()) for r in reason_rx().finditer(text, s, e)]

        def add(m: re.Match, atype: str, end: int | None = None, **kw) -> None:
            """An anchor over ``m`` (up to ``end`` when given)."""
            stop = m.end() if end is None else end
            if any(a <= m.start() < b or m.start() <= a < stop for a, b, _, _ in anchors):
                return
            if any(a <= m.start() < b for a, b in reasons):
                return
            neg = _negated_rx().search(text, max(s, m.start() - 6), m.start())
            if neg is not None:
                if neg["alone"] or atype != "before" or kw.get("lift") or kw.get("to") in (None, "lifted"):
                    return  # 甲、乙8个区域不再单独设为中风险地区: no longer a zone of their own (merged)
                # 某合围区域不再列为防范区: the places leave that zone.
                kw = dict(kw, frm=kw["to"], to="lifted", kind="change", lift=True)
                anchors.append((neg.start(), stop, atype, kw))
                return
            anchors.append((m.start(), stop, atype, kw))

        for m in self._find("lift_inside", s, e, chars):
            add(m, "lift_inside", z=m["z"])

        for m in self._find("from_to", s, e, chars):
            add(m, "before", frm=zone_code(m["z1"]), to=zone_code(m["z2"]), kind="change")
        for m in self._find("items_after", s, e, chars):
            z = m["z"] or m["zs"]
            st = "status" if (m["zs"] and re.search(r"仍|均|继续", m.group(0))) or status_sentence and m["zs"] else "change"
            add(m, "after", to=zone_code(z), kind=st)
        for m in self._find("still", s, e, chars):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="status")
        for m in self._find("kept", s, e, chars):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="status")
        for m in self._find("to", s, e, chars):
            add(m, "before", frm=None, to=zone_code(m["z"] or m["zi"]), kind="status" if status_sentence and "调整后" not in sentence[: m.start() - s] and re.search("仍|目前", sentence[: m.end() - s]) else "change")
        for m in self._find("lift", s, e, chars):
            # 解除封控 lifts the sealed zone, 解除管控 the controlled one, 解除防范 the precaution zone; 解除管控区管理 names it.
            zm = zone_pattern(r"(?:{z})").match(text, m.start("l") + 2)
            frm = zone_code(zm.group(0)) if zm else "sealed" if re.search("封", m["l"]) else _LIFTED_ZONE.get(m["l"])
            if not zm and _GENERIC_MEASURE_RX.match(text, m.end("l")) and self.section is not None and self.section.to_zone != "lifted":
                frm = self.section.to_zone  # under 三、防范区, 某村解除管控措施: the measures of that zone
            to = zone_code(m["z"]) if m["z"] else "lifted"
            add(m, "before", frm=frm, to=to, kind="change", lift=True)
        for m in self._find("lift_measure", s, e, chars):
            if not re.fullmatch(r"(?:相应|全部|所有|上述|以上|该|其|有关|相关)(?:的)?", m["x"]):
                # 解除临时管控措施: a temporary control, not the controlled zone's.
                add(m, "lift_measure", frm=None if m["tmp"] else "controlled" if m["m"] == "管控" else "sealed")
        for m in self._find("lift_zone", s, e, chars):
            if m["x"].strip():
                add(m, "lift_zone", frm=zone_code(m["z"]))
            elif (colon := _LIST_COLON_RX.match(text, m.end(), e)) and text[colon.end() : e].strip():
                # 解除高风险区:甲小区、乙村 — the places after the colon are lifted.
                add(m, "after", colon.end(), frm=zone_code(m["z"]), to="lifted", kind="change")
            else:
                add(m, "before", frm=zone_code(m["z"]), to="lifted", kind="change", lift=True)
        for m in self._find("zone_lifted", s, e, chars):
            add(m, "before", frm=zone_code(m["z"]), to="lifted", kind="change", lift=True)
        named_zone = zone_pattern("{z}").search(sentence) is not None  # …实施封控管理,划为高风险区: the zone named wins
        for m in ([] if named_zone else self._find("measure_zone", s, e, chars)):
            if _SINCE_RX.match(text, m.end(), e) or text.rfind("《", s, m.start()) > text.rfind("》", s, m.start()):
                continue  # 某小区实行封闭管理,至今已连续14天… (in force till now) / 《关于对…实行封控管理的通告》 (a title)
            add(m, "before", frm=None, to=designating_measures()[m["w"]], kind="change", weak=True)
        for m in self._find("into", s, e, chars):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="change")
        for m in self._find("plain", s, e, chars):
            add(m, "before", frm=None, to=zone_code(m["z"]), kind="change" if designation and not status_sentence else "status", weak=True)
        for m in self._find("forward_zone", s, e, chars):
            add(m, "forward", to=zone_code(m["z"]), frm=None, kind="status" if status_sentence else "change")
        labels = list(self._find("label", s, e, chars))
        for m in labels:
            add(m, "label", to=zone_code(m["z"] or m["zc"]))
        anchors.sort()
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
            if kind == "lift_inside":
                m = self.rx_lift_inside.match(text, a, b)
                if _FORWARD_ZONES_RX().fullmatch(text[m.start("x") : m.end("z")]):
                    self.context = self.context.child(lifting=True)
                    zones = {zone_code(z) for z in re.findall(zone_alternation(), text[m.start("x") : m.end("z")])}
                    if len(zones) == 1:
                        # 解除以下封控区管理: a list below with no zone labels of its own is of that zone.
                        self._open_forward_section(a, a, (a, b), {"to": self._lifted_to(b, e), "frm": zones.pop(), "kind": "change"})
                        self._forward_list(b, e)
                    return
                xs, xe = strip_span(text, m.start("x"), m.end("x"), " \t的")
                if FORWARD_RX.search(text[xs:xe]):
                    # 解除东兴镇以下管控区管控管理: the list below, in the place written before 以下.
                    self.context = self.context.child(lifting=True)
                    self._open_forward_section(xs, xe, (a, b), {"to": self._lifted_to(b, e), "frm": zone_code(kw["z"]), "kind": "change"})
                    self._forward_list(b, e)
                    return
                # 解除甲镇、乙镇部分管控区管理,现通告如下: some of the zones there, listed below.
                if not text[xs:xe].endswith("部分"):
                    self._emit(m.start("x"), m.end("x"), self._lifted_to(b, e), zone_code(kw["z"]), "change", (a, b))
            elif kind == "lift_zone":
                m = self.rx_lift_zone.match(text, a, b)
                xs, xe = strip_span(text, m.start("x"), m.end("x"), " \t的")
                counted = _COUNTED_WHOLE_RX.fullmatch(text, xs, xe)
                if FORWARD_RX.search(text[xs:xe]) or counted and _LIST_COLON_RX.fullmatch(text, b, e):
                    # 解除以下区域高风险区: / 解除全县2个高风险区: the list follows.
                    count = numeral_value(counted["n"]) if counted else None
                    self._open_forward_section(xs, xs, (a, b), {"to": self._lifted_to(b, e), "frm": kw["frm"], "kind": "change", "count": count})
                    self._forward_list(b, e)
                    return
                if self._names_place(xs, xe):
                    self._emit(xs, xe, self._lifted_to(b, e), kw["frm"], "change", (a, b))
                    b = self._more_zoned_places(b, nxt, (a, b))  # 解除甲封控区、乙管控区
            elif kind == "lift_measure":
                m = self.rx_lift_measure.match(text, a, b)
                if _FORWARD_ZONES_RX().fullmatch(m.group("x")):
                    # 解除以下封控区、管控区、防范区的相关管控措施: the zones listed below are lifted;
                    # 解除以下封控区封控管理: a list below with no zone labels of its own is of that zone.
                    self.context = self.context.child(lifting=True)
                    zones = {zone_code(z) for z in re.findall(zone_alternation(), m.group("x"))}
                    if len(zones) == 1:
                        self._open_forward_section(a, a, (a, b), {"to": self._lifted_to(b, e), "frm": zones.pop(), "kind": "change"})
                        self._forward_list(b, e)
                    return
                xs, xe, frm = m.start("x"), m.end("x"), kw["frm"]
                zones = _TRAILING_ZONES_RX().search(text[xs:xe])
                if zones is not None and zones.start() > 0:
                    # 解除某街道封控区和管控区的临时封闭管理措施: the place's zones are lifted.
                    xe, frm = xs + zones.start(), zone_code(zones["z"])
                if FORWARD_RX.search(text[xs:xe]) or GENERIC_AREA_RX.search(text[xs:xe]) and _NOTICE_FOLLOWS_RX.match(text, b, e):
                    # 解除以下区域封控措施: / 解除某镇以下封控区封控管理: / 解除部分区域临时管控措施,
                    # 通告如下: the list follows.
                    self._open_forward_section(xs, xe, (a, b), {"to": self._lifted_to(b, e), "frm": frm, "kind": "change"})
                    self._forward_list(b, e)
                    return
                self._emit(xs, xe, self._lifted_to(b, e), frm, "change", (a, b))
            elif kind == "before":
                if lift_after_labels and kw.get("lift"):
                    prev_end = b
                    continue
                subj = self._subject(prev_end, a)
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
                        self._open_forward_section(ss, fz.start(), (a, b), dict(kw, frm=frm))
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
                        and not _only_counties(text, ss, places_end)
                        and not _examples_of_more(text, ss, cz)
                    ):
                        # 将甲、乙、丙3个封控区调整为管控区: the places, then their number and zone.
                        zone, n = _counted(cz)
                        self._emit(ss, places_end, kw["to"], _left_zone(kw, zone), kw["kind"], (a, b), declared=(n, cz.end()))
                    elif cz is not None and cz.end() == se and _examples_of_more(text, ss, cz):
                        # 甲、乙等36个封控区调整为管控区。这36个区域包括: — the list below is the one meant.
                        frm = _left_zone(kw, _counted(cz)[0])
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

    def _lift_designated(self, s: int, a: int, anchor: tuple[int, int], to: str) -> None:
        """``3月10日划定甲小区4号楼为封控区,现封控区域内近14天无新增…,自3月25日起,解除封控``: a
        sentence that names places as made a zone and then, naming no place of its own, lifts
        the measures tells the places' history and their lifting: they leave that zone."""
        changes = self.out.changes
        for i, c in enumerate(changes):
            if s <= c.anchor[0] and c.anchor[1] <= a and c.to_zone != "lifted" and c.from_zone is None:
                changes[i] = replace(c, from_zone=c.to_zone, to_zone=to, kind="change")

    def _lifted_to(self, b: int, e: int) -> str:
        """Where places lifted by the predicate ending at ``b`` go: the zone said right after it
        (解除甲小区管控措施,转为低风险区), else out of every zone."""
        then = _THEN_ZONE_RX().match(self.text, b, e)
        return zone_code(then["z"]) if then else "lifted"

    def _subject(self, s: int, e: int) -> tuple[int, int] | None:
        return subject_span(self.text, s, e)

    def _names_place(self, s: int, e: int) -> bool:
        """True when the span ends with a place: a county or township, a whole unit (小店区全域),
        or a named community, village or compound — not a generic 部分区域 or a speaker (书记…说)."""
        s, e = trim_candidate(self.text, s, e)  # 某小区今日起(解除封控): the time said after it is no part of it
        seg = self.text[s:e].rstrip(" ,,")
        if GENERIC_AREA_RX.search(seg):
            return False
        if re.search(r"(?:全域|全境|[镇乡村]|街道|社区|小区|号院|号楼|栋|幢|单元|号|[苑园庭府湾城寓厦]|\))$", seg) or looks_like_places(seg):
            return True
        counties, towns = find_scope(self.text, [(s, e)])
        return any(b == s + len(seg) for _, b in counties + towns)

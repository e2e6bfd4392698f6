"""A sentence's predicates, found as anchors: each match of a predicate pattern (``由Z1调整为Z2``,
``为Z``, ``Z:``, ``解除…``) with the zones it names and the side it takes its places from. A
match inside another is dropped, none is read inside a reason (符合解封条件), and a negation just
before one (不再列为) either turns it into the places leaving that zone or drops it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..grammar import (
    ANCHOR_PREDICATES,
    DESIGNATION_RX,
    change_words,
    may_hold,
    zone_code,
    zone_pattern,
)
from ..vocab import alternation, designating_measures, load_data
from .subjects import reason_rx

__all__ = ["LIST_COLON_RX", "Anchor", "AnchorFinder"]

Anchor = tuple[int, int, str, dict]  # start, end, the side its places are on (or the kind of lifting), its zones

_LIFTED_ZONE = {"解除管控": "controlled", "解除防范": "precaution"}  # the zone a lifting phrase lifts
# 解除管控措施: the control measures in general, not the controlled zone's.
_GENERIC_MEASURE_RX = re.compile(r"措施")
# 解除高风险区: / 解除高风险区名单: — a colon (after a noun for the list) that the places follow.
LIST_COLON_RX = re.compile(r"(?:的)?(?:区域|地区|名单)?\s*[::]\s*")
_SINCE_RX = re.compile(r"[,,]?\s*(?:至今|以来|已连续|已满)")


@lru_cache(maxsize=1)
def _negated_rx() -> re.Pattern[str]:
    """A negation just before a predicate (``zones.json``'s ``negations``), with 单独 when the
    places are no longer a zone of their own."""
    neg = load_data("zones")["negations"]
    return re.compile(rf"(?:{alternation(neg['not'])})\s*(?:(?P<alone>{alternation(neg['alone'])})|再)?\s*(?:列为|作为)?\s*$")


class AnchorFinder:
    """The predicates of :class:`~.reader.Reader`'s sentences (state lives on the reader)."""

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

    def _anchors(self, s: int, e: int, sentence: str, status_sentence: bool) -> list[Anchor]:
        """The anchors of the sentence ``text[s:e]`` (``sentence``), in the order they stand."""
        text = self.text
        chars = set(sentence)
        designation = bool(DESIGNATION_RX.search(sentence))
        anchors: list[Anchor] = []

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
            elif (colon := LIST_COLON_RX.match(text, m.end(), e)) and text[colon.end() : e].strip():
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
        return anchors

"""Liftings: what the places a predicate ``解除…`` takes are lifted from and go to, and liftings
that name several places, each with its own zone.

``解除以下封控区、管控区、防范区的相关管控措施``, ``解除全县2个高风险区:`` and ``解除某镇以下封控区封控管理``
lift the lists below them; ``解除某街道封控区和管控区的临时封闭管理措施`` lifts the zones written
after the place; ``解除甲小区管控措施,转为低风险区`` moves the places to the zone said after it.
``解除甲小区封控区、乙小区管控区`` lifts two zones in one sentence: after the first place and
zone, each further ``、place zone`` is lifted from its own zone. ``甲小区封控区、乙小区管控区自
12月1日起解除`` writes the places and their zones first and the lifting last.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..vocab import FORWARD_WORDS
from ..grammar import FORWARD_RX, GENERIC_AREA_RX, numeral_value, zone_alternation, zone_code, zone_pattern
from ..spans import split_top, strip_span
from .anchors import LIST_COLON_RX

__all__ = ["LiftReader"]


@lru_cache(maxsize=1)
def _more_rx() -> re.Pattern[str]:
    """``、乙小区管控区`` after a lifted place and zone."""
    return zone_pattern(r"\s*[、,,和及]\s*(?P<x>[^,。;,;、::]{2,60}?)\s*(?:的)?(?P<z>{z})(?=\s*(?:[、,,。;;和及]|$))")


# 全县2个 / 浠水县共3个 (高风险区:): a count of the zone's places, which are listed below.
_COUNTED_WHOLE_RX = re.compile(r"(?:全市|全县|全区|全旗|我市|我县|我区|本市|本县|本区|[\u4e00-\u9fff]{2,8}?(?:市|县|区|旗))?\s*(?:共|共计)?\s*(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*个")


def _FORWARD_ZONES_RX() -> re.Pattern[str]:
    """以下封控区、管控区、防范区的相关 (管控措施): a lifting lead-in naming the zones listed below."""
    return zone_pattern(
        r"(?:对)?(?:" + FORWARD_WORDS + r")(?:区域|地区)?(?:的)?(?:(?:{z})[、,,和及与]?)+(?:的)?(?:相关|相应|全部|有关)?(?:的)?"
    )


def _TRAILING_ZONES_RX() -> re.Pattern[str]:
    """封控区和管控区的 at the end of a lifted place: the zones it held."""
    return zone_pattern(r"(?P<z>{z})(?:\s*[和、及与]\s*(?:{z}))*\s*(?:的)?$")


def _THEN_ZONE_RX() -> re.Pattern[str]:
    """解除以下高风险区管控措施,转为低风险区管控: the zone the lifted places go to, said right after."""
    return zone_pattern(r"(?:措施)?\s*[,,]?\s*(?:并|同时|随即)?\s*(?:转为|调整为|降为|恢复为|转入|纳入|按照|按)\s*(?P<z>{z})")


# ,现将有关事项通告如下: / ,具体名单如下: — what the sentence is about is listed below it.
_NOTICE_FOLLOWS_RX = re.compile(r"\s*[,,]?\s*(?:现将?[^,,。::]{0,8}?)?(?:通告|公告|通知|具体(?:情况|区域|名单)?|名单)?\s*如下\s*[::]")


_LIFT_WORD_RX = re.compile(r"解除|解封|撤除")


@lru_cache(maxsize=1)
def _lifted_last_rx() -> re.Pattern[str]:
    """``…自12月1日起解除`` ending a sentence whose places carry their zones."""
    return re.compile(
        r"(?:[,,]?\s*(?:自|从|于)[^,。;,;]{0,25}?(?:起|开始)?)?\s*(?:予以|正式|全部|均|有序|依法)?\s*"
        r"(?:解除|解封|撤除)(?:封控|管控|管理|措施|封控措施|管控措施)?\s*$"
    )


class LiftReader:
    """Liftings of :class:`~.reader.Reader` (state lives on the reader)."""

    def _read_lifting(self, kind: str, a: int, b: int, kw: dict, e: int, nxt: int) -> int | None:
        """The places the lifting anchored at ``(a, b)`` of kind ``lift_inside`` (解除甲小区封控区管理),
        ``lift_zone`` (解除甲小区高风险区) or ``lift_measure`` (解除甲小区封控措施) takes, in a sentence
        ending at ``e`` whose next predicate starts at ``nxt``; returns where the lifting ends, or
        None when the rest of the sentence is the list below it."""
        text = self.text
        if kind == "lift_inside":
            m = self.rx_lift_inside.match(text, a, b)
            if _FORWARD_ZONES_RX().fullmatch(text[m.start("x") : m.end("z")]):
                self.context = self.context.child(lifting=True)
                zones = {zone_code(z) for z in re.findall(zone_alternation(), text[m.start("x") : m.end("z")])}
                if len(zones) == 1:
                    # 解除以下封控区管理: a list below with no zone labels of its own is of that zone.
                    self._open_forward_section(a, a, (a, b), {"to": self._lifted_to(b, e), "frm": zones.pop(), "kind": "change"})
                    self._forward_list(b, e)
                return None
            xs, xe = strip_span(text, m.start("x"), m.end("x"), " \t的")
            if FORWARD_RX.search(text[xs:xe]):
                # 解除东兴镇以下管控区管控管理: the list below, in the place written before 以下.
                self.context = self.context.child(lifting=True)
                self._open_forward_section(xs, xe, (a, b), {"to": self._lifted_to(b, e), "frm": zone_code(kw["z"]), "kind": "change"})
                self._forward_list(b, e)
                return None
            # 解除甲镇、乙镇部分管控区管理,现通告如下: some of the zones there, listed below.
            if not text[xs:xe].endswith("部分"):
                self._emit(m.start("x"), m.end("x"), self._lifted_to(b, e), zone_code(kw["z"]), "change", (a, b))
            return b
        if kind == "lift_zone":
            m = self.rx_lift_zone.match(text, a, b)
            xs, xe = strip_span(text, m.start("x"), m.end("x"), " \t的")
            counted = _COUNTED_WHOLE_RX.fullmatch(text, xs, xe)
            if FORWARD_RX.search(text[xs:xe]) or counted and LIST_COLON_RX.fullmatch(text, b, e):
                # 解除以下区域高风险区: / 解除全县2个高风险区: the list follows.
                count = numeral_value(counted["n"]) if counted else None
                self._open_forward_section(xs, xs, (a, b), {"to": self._lifted_to(b, e), "frm": kw["frm"], "kind": "change", "count": count})
                self._forward_list(b, e)
                return None
            if self._names_place(xs, xe):
                self._emit(xs, xe, self._lifted_to(b, e), kw["frm"], "change", (a, b))
                b = self._more_zoned_places(b, nxt, (a, b))  # 解除甲封控区、乙管控区
            return b
        m = self.rx_lift_measure.match(text, a, b)
        if _FORWARD_ZONES_RX().fullmatch(m.group("x")):
            # 解除以下封控区、管控区、防范区的相关管控措施: the zones listed below are lifted;
            # 解除以下封控区封控管理: a list below with no zone labels of its own is of that zone.
            self.context = self.context.child(lifting=True)
            zones = {zone_code(z) for z in re.findall(zone_alternation(), m.group("x"))}
            if len(zones) == 1:
                self._open_forward_section(a, a, (a, b), {"to": self._lifted_to(b, e), "frm": zones.pop(), "kind": "change"})
                self._forward_list(b, e)
            return None
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
            return None
        self._emit(xs, xe, self._lifted_to(b, e), frm, "change", (a, b))
        return b

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

    def _more_zoned_places(self, b: int, e: int, anchor: tuple[int, int]) -> int:
        """Lift each ``、place zone`` that follows a lifted place and zone at ``b``; returns
        where they end."""
        text = self.text
        while (m := _more_rx().match(text, b, e)) and self._names_place(m.start("x"), m.end("x")):
            self._emit(m.start("x"), m.end("x"), "lifted", zone_code(m["z"]), "change", anchor)
            b = m.end()
        return b

    def _zoned_places_lifted(self, s: int, e: int) -> bool:
        """``甲小区封控区、乙小区管控区自12月1日起解除``: each place lifted from its zone."""
        text = self.text
        if not _LIFT_WORD_RX.search(text, s, e):
            return False  # the sentence must end in one of these words
        tail = _lifted_last_rx().search(text, s, e)
        if tail is None or tail.start() <= s:
            return False
        subject = self._subject(s, tail.start())  # lead-in clauses (经评估,) dropped
        if subject is None:
            return False
        zoned = zone_pattern(r"(?P<x>.+?)\s*(?:的)?(?P<z>{z})")
        parts = []
        for a, b in split_top(text, subject[0], tail.start(), "、,,"):
            a, b = strip_span(text, a, b, " \t")
            m = zoned.fullmatch(text, a, b)
            if m is None or not self._names_place(m.start("x"), m.end("x")):
                return False
            parts.append(m)
        if not parts:
            return False
        for m in parts:
            self._emit(m.start("x"), m.end("x"), "lifted", zone_code(m["z"]), "change", (tail.start(), tail.end()))
        return True

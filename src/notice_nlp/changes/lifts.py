"""Liftings that name several places, each with its own zone.

``解除甲小区封控区、乙小区管控区`` lifts two zones in one sentence: after the first place and
zone, each further ``、place zone`` is lifted from its own zone. ``甲小区封控区、乙小区管控区自
12月1日起解除`` writes the places and their zones first and the lifting last.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import zone_code, zone_pattern
from ..spans import split_top, strip_span

__all__ = ["LiftReader"]


@lru_cache(maxsize=1)
def _more_rx() -> re.Pattern[str]:
    """``、乙小区管控区`` after a lifted place and zone."""
    return zone_pattern(r"\s*[、,,和及]\s*(?P<x>[^,。;,;、::]{2,60}?)\s*(?:的)?(?P<z>{z})(?=\s*(?:[、,,。;;和及]|$))")


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

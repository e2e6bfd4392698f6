"""Sentences that point back at what was listed before them.

Notices often list the places first and give their zone afterwards, in a sentence that refers
to the list: ``以上区域自11月28日0时起由高风险区调整为低风险区``, ``上述小区自即日起解除封控``,
``解除以上区域的管控措施``. Such a sentence names no place of its own; it gives the zones of the
items it points to — the places listed since the last section opened or the last such
sentence. Items already read under a heading (``一、高风险区``) are moved from that zone to the
new one; a list read under no zone at all waits (as *pending* items) for the sentence that gives
it one. A count written with the reference (``以上5个区域``) is checked against the items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..grammar import looks_like_places, numeral_value, predicate_patterns, zone_alternation, zone_code, zone_pattern
from ..items import split_items
from ..places import looks_like_place
from ..vocab import load_data
from .context import SentenceScope
from .extraction import RawChange

__all__ = ["BackPredicate", "BackReferences", "back_predicate", "back_rx", "condition_rx", "mentions_back_reference"]


@lru_cache(maxsize=1)
def back_rx() -> re.Pattern[str]:
    """A back reference: ``以上区域``, ``上述3个小区``, ``以上所列区域`` (the count in ``n``), ``该区域``.

    The pattern opens with one class, the first characters of the words, which the regex engine
    scans for; each word's first character is then checked behind it (``[以上前该此](?:(?<=以)上所列|…)``),
    the words tried in the same order as :func:`_plain_back_rx` tries them, so that both find the
    same references (tests/test_patterns.py)."""
    data = load_data("references")
    back = sorted(data["back"], key=len, reverse=True)
    noun_words = sorted(data["back_before_noun"], key=len, reverse=True)
    if any(len(w) != 1 for w in noun_words):
        return _plain_back_rx()
    firsts = "".join(sorted({w[0] for w in back} | set(noun_words)))
    words = "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in back)
    nouns = "|".join(map(re.escape, sorted(set(data["nouns"]), key=len, reverse=True)))
    return re.compile(
        rf"[{re.escape(firsts)}](?:(?:{words}){_after_back_word(nouns)}"
        rf"|(?<=[{re.escape(''.join(noun_words))}])(?<![\u4e00-\u9fff].)(?:{nouns}))"
    )


def _after_back_word(nouns: str) -> str:
    return rf"\s*(?:(?P<n>\d+|[一二两三四五六七八九十]{{1,3}})\s*(?:个|处))?\s*(?:的)?\s*(?:(?:{nouns})(?:\s*[((][^()()]{{0,8}}[))])?(?:\s*[、和及与]\s*(?=(?:{nouns})))?)*"


@lru_cache(maxsize=1)
def _plain_back_rx() -> re.Pattern[str]:
    """:func:`back_rx` in its plain form: the words, then what follows them."""
    data = load_data("references")
    words = "|".join(map(re.escape, sorted(data["back"], key=len, reverse=True)))
    nouns = "|".join(map(re.escape, sorted(set(data["nouns"]), key=len, reverse=True)))
    noun_words = "|".join(map(re.escape, sorted(data["back_before_noun"], key=len, reverse=True)))
    return re.compile(rf"(?:{words}){_after_back_word(nouns)}|(?<![\u4e00-\u9fff])(?:{noun_words})(?:{nouns})")


@lru_cache(maxsize=1)
def condition_rx() -> re.Pattern[str]:
    """The reason given after the places a back reference points at: ``已连续14天无新增``."""
    words = "|".join(map(re.escape, sorted(load_data("references")["conditions"], key=len, reverse=True)))
    return re.compile(rf"(?:{words})\s*(?:\d+|[一二两三四五六七八九十]{{1,3}})\s*(?:天|日|个?潜伏期)")


@lru_cache(maxsize=1)
def _excluding_rx() -> re.Pattern[str]:
    # 除 as in 除上述区域外, never the 除 of 解除/撤除.
    words = "|".join(map(re.escape, load_data("references")["excluding"]))
    return re.compile(rf"(?<![解撤消免删])(?:{words})")


_SENTENCE_END_RX = re.compile(r"[。\n]")
_AFTER_LIFT_RX = re.compile(r"(?:解除|解封)[^,,。;;]{0,20}?(?:后|之后)\s*[,,]")
_THEN_RX = re.compile(r"\s*(?:(?:封控|管控|封闭)?(?:管理|管控|措施)){0,2}\s*(?:后|之后)\s*[,,]")
_DIRECT_LIFTS = ("lift_measure", "lift_inside", "lift_zone")
_AFTER = ("from_to", "to", "still", "zone_lifted", "lift_zone", "lift", "plain")
# The predicate ends its clause (…转为低风险区。, …解除封控后,…); 上述解除封控社区居民 is a
# description of people, not a predicate.
_PREDICATE_END_RX = re.compile(r"\s*(?:(?:封控|管控|封闭)?(?:管理|管控|措施)){0,2}\s*(?:后|了)?\s*(?:[,,。;;::!]|$)")


@dataclass(frozen=True)
class BackPredicate:
    """What a sentence pointing back gives the items it points to."""

    to_zone: str
    from_zone: str | None
    kind: str
    anchor: tuple[int, int]
    count: int | None  # 以上5个区域
    zones: tuple[str, ...] = ()  # 上述封控区、管控区: the zones whose lists are meant


def back_predicate(text: str, s: int, e: int) -> BackPredicate | None:
    """The zones the sentence ``[s, e)`` gives to what was listed before it, or None when it
    does not point back (or points at everything but the list: 以上区域以外的其他区域…)."""
    rx = predicate_patterns()
    ref = back_rx().search(text, s, e)
    if ref is None or _excluding_rx().search(text, s, ref.start()):
        return None
    count = numeral_value(ref["n"]) if ref["n"] else None
    named = tuple(zone_code(z) for z in re.findall(zone_alternation(), ref.group(0)))
    # 解除上述区域的封控措施 / 解除以上区域高风险区: the reference is the lifted object.
    for name in _DIRECT_LIFTS:
        m = rx[name].search(text, s, e)
        if m and m.start("x") <= ref.start() < m.end("x"):
            if text[ref.end() : m.end("x")].strip(" 的") or not _PREDICATE_END_RX.match(text, m.end(), e):
                return None
            frm = (None if m["tmp"] else "controlled" if m["m"] == "管控" else "sealed") if name == "lift_measure" else zone_code(m["z"])
            return BackPredicate("lifted", frm, "change", (m.start(), m.end()), count, named)
    # 以上区域自…起由高风险区调整为低风险区: the predicate follows the reference.
    best = None
    for name in _AFTER:
        m = rx[name].search(text, ref.end(), e)
        if m is None or (name == "lift_zone" and m["x"].strip()):
            continue
        if best is None or m.start() < best[1].start():
            best = (name, m)
    if best is None:
        return None
    name, m = best
    between = text[ref.end() : m.start()]
    if _excluding_rx().search(between) or re.search(r"[。;;]", between) or not _PREDICATE_END_RX.match(text, m.end(), e):
        return None
    anchor = (m.start(), m.end())
    if name == "from_to":
        return BackPredicate(zone_code(m["z2"]), zone_code(m["z1"]), "change", anchor, count, named)
    if name == "still":
        return BackPredicate(zone_code(m["z"]), None, "status", anchor, count, named)
    if name in ("zone_lifted", "lift_zone"):
        return BackPredicate("lifted", zone_code(m["z"]), "change", anchor, count, named)
    if name == "lift" and not m["z"]:
        return BackPredicate("lifted", "sealed" if "封" in m["l"] else None, "change", anchor, count, named)
    return BackPredicate(zone_code(m["z"] if name != "to" else m["z"] or m["zi"]), None, "change", anchor, count, named)


def mentions_back_reference(text: str, s: int, e: int) -> bool:
    """Whether ``[s, e)`` holds a sentence pointing back — the only bodies where lists under no
    zone are kept waiting for one."""
    for m in back_rx().finditer(text, s, e):
        a = text.rfind("。", s, m.start()) + 1 or s
        a = max(a, text.rfind("\n", s, m.start()) + 1, s)
        b = _SENTENCE_END_RX.search(text, m.end(), e)
        if back_predicate(text, a, b.start() if b else e) is not None:
            return True
    return False


# 内容提要:甲社区、乙村… — a page's field label before a list's places.
_FIELD_LABEL_RX = re.compile(r"(?P<l>[\u4e00-\u9fff]{2,6})\s*[::]\s*(?=\S)")


@lru_cache(maxsize=1)
def _ZONE_BEFORE_PLACES_RX() -> re.Pattern[str]:
    """A city (or nothing) and a zone written before the places of a list: ``营口市中风险地区``."""
    return zone_pattern(r"[^,,、;;。]{0,12}?(?P<z>{z})(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def _COUNTED_ZONE_AFTER_PLACES_RX() -> re.Pattern[str]:
    """A count and a zone written after the places of a list: ``甲小区、乙小区等2个中风险地区``."""
    return zone_pattern(r"等?\s*(?:\d+|[一二两三四五六七八九十]{1,3})\s*个\s*(?P<z>{z})\s*$")


class BackReferences:
    """Back-reference sentences of :class:`~.reader.Reader` (state lives on the reader)."""

    def _pending_list(self, s: int, e: int, *, numbered: bool) -> None:
        """A list under no zone, kept until a sentence pointing back gives its zone; the reason
        written after the places (已连续14天无新增…) is not part of them."""
        end = self._cut_measure(s, e)
        cond = condition_rx().search(self.text, s, end)
        if cond is not None and cond.start() > s:
            end = cond.start()
        # 内容提要:甲社区、乙村… — a page's field label before the places is none of them.
        label = _FIELD_LABEL_RX.match(self.text, s, end)
        if label is not None and not looks_like_place(label["l"]):
            s = label.end()
        # 营口市中风险地区甲社区、乙村…: the zone written before the places is the one they are in.
        lead = _ZONE_BEFORE_PLACES_RX().match(self.text, s, end)
        if lead is not None and lead.end() < end:
            s = lead.end()
            if not self.pending or self.pending_at != len(self.sections):
                self.pending_zone = zone_code(lead["z"])
        after = _COUNTED_ZONE_AFTER_PLACES_RX().search(self.text, s, end) if lead is None else None
        if not numbered and not looks_like_places(self.text[s:end]):
            return
        if not self.pending or self.pending_at != len(self.sections):
            self.pending, self.pending_at = [], len(self.sections)
            # 甲、乙等2个中风险地区已连续14天无新增: the zone counted after the places is theirs.
            if not self.open_subject:  # an open subject's zone (将某县原21处高风险区:) stays
                self.pending_zone = zone_code(after["z"]) if after is not None else None if lead is None else self.pending_zone
        self.pending.extend(split_items(self.text, s, end, self._item_ctx(), whole=numbered))
        self.pending_end = self.last_other = e

    def _list_waiting(self) -> bool:
        """Whether a list read under no zone waits for this sentence: one written since the last
        section opened, with nothing but headers after it."""
        return bool(self.pending) and self.pending_at == len(self.sections) and self.pending_end >= self.last_other

    def _referable_from(self) -> int:
        """The first change a sentence pointing back can reach: none before the last reference
        or before the open section."""
        return max(self.refer_from, self.sections[-1].first if self.sections else 0)

    def _refer_back(self, s: int, e: int) -> bool:
        """Read ``[s, e)`` as a sentence giving the zones of the items before it; False when it
        is not one."""
        found = back_predicate(self.text, s, e)
        if found is None:
            return False
        ref = back_rx().search(self.text, s, e)
        after_lift = _AFTER_LIFT_RX.search(self.text, s, ref.start()) if found.to_zone != "lifted" and ref is not None else None
        if after_lift is not None:
            # 解除封控后,以上区域转为防范区管理: where the lifted areas go once lifted (as
            # 解除封控,纳入防范区管理 says it in one clause).
            if after_lift.start() > s and self._has_anchor(s, after_lift.start()):
                # 解除甲站高风险区管控措施,解除后,该区域降为中风险区: the lifting told in this
                # sentence moves its places from their zone to the one named after it.
                first = len(self.out.changes)
                self._parse_predicates(s, after_lift.start())
                for i in range(first, len(self.out.changes)):
                    if self.out.changes[i].to_zone == "lifted":
                        self.out.changes[i] = replace(self.out.changes[i], to_zone=found.to_zone)
                self.refer_from = len(self.out.changes)
                # …;解除乙商铺中风险区管控措施,解除后,该区域降为低风险区: the next clause in turn.
                semi = re.search(r"[;;]", self.text[found.anchor[1] : e])
                if semi is not None:
                    rest = found.anchor[1] + semi.end()
                    if not self._refer_back(rest, e):
                        self._parse_predicates(rest, e)
                return True
            # 解除封(管)控后,以上区域转为防范区管理: the places lifted above, under every
            # lifting heading since the last reference, go to that zone.
            changes = self.out.changes
            for i in range(self.refer_from, len(changes)):
                if changes[i].to_zone == "lifted":
                    changes[i] = replace(changes[i], to_zone=found.to_zone)
            self.refer_from = len(changes)
            return True
        to, frm, kind, anchor, count = found.to_zone, found.from_zone, found.kind, found.anchor, found.count
        if to == "lifted" and not self._list_waiting() and _THEN_RX.match(self.text, anchor[1], e):
            # 上述区域解封后,实行…管理措施: what follows once the items above have left their
            # zones (each told with the zone it left), told as a time (…后), not a change of its own.
            above = self.out.changes[self._referable_from() :]
            if above and all(c.from_zone is not None for c in above):
                return True
        named = set(found.zones)
        # 甲社区、乙村已连续14天无新增病例,…以上地区调整为低风险地区: the places named before
        # the reason, in the same sentence, are the ones pointed at.
        cond = condition_rx().search(self.text, s, ref.start()) if ref is not None else None
        if cond is not None and cond.start() > s:
            self.pending, self.pending_at = [], len(self.sections)
            self._pending_list(s, cond.start(), numbered=False)
        changes = self.out.changes
        # A list waits only for the sentence right after it (headers may come between).
        if self._list_waiting():
            items, self.pending = self.pending, []
            if frm is None and kind == "change" and self.pending_zone not in (None, to):
                frm = self.pending_zone  # 中风险地区甲社区、乙村…以上地区调整为低风险地区
            for it in items:
                changes.append(RawChange(it, to, frm, kind, anchor))
            n = len(items)
        else:
            first = self._referable_from()
            if named:
                # 上述封控区、管控区…: every section of the zones named since the last reference.
                first = min([sec.first for sec in self.sections if sec.first >= self.refer_from and sec.to_zone in named] or [first])
            n = 0
            for i in range(first, len(changes)):
                c = changes[i]
                if named and c.to_zone not in named:
                    continue
                n += 1
                before = c.to_zone if c.to_zone not in (to, "lifted") and kind == "change" else c.from_zone
                # A lifting lifts the zone each item was in (解除封控 only guesses it); a
                # transition written out (由高风险区调整为…) says where the items come from.
                new_from = (before or frm) if to == "lifted" else (frm or before)
                changes[i] = replace(c, to_zone=to, from_zone=new_from if kind == "change" else None, kind=kind)
        self.refer_from = len(changes)
        # 以上区域降为中风险区,其他区域为低风险区: a clause after the reference's predicate
        # that has a predicate of its own is read in turn.
        cut = re.search(r"[,,;;]", self.text[anchor[1] : e])
        if cut and self._has_anchor(anchor[1] + cut.end(), e):
            self.sentence = SentenceScope()
            self._parse_predicates(anchor[1] + cut.end(), e)
        if count is not None and n and count != n:
            self.out.warnings.append(
                ("count_mismatch", f"'{self.text[s:e]}' refers to {count} area(s) but {n} are listed before it", (s, e))
            )
        return True

"""A report's places when it relays zone changes: the areas of the changes it relays, resolved
with their district, and the other places of its story, each once."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from .normalize import to_simplified
from .records import Notice, Place, Report, ZoneChange

__all__ = ["changes_by_start", "with_change_places"]


def changes_by_start(notices: list[Notice]) -> tuple[list[int], list[ZoneChange]]:
    """The changes a report may relay (those with a span), ordered by where they start, with
    their starts: each report takes its own stretch by bisection, so the cost grows with the
    text, not with reports × changes. Equal starts keep the notices' order."""
    found = [(c.span[0], k, c) for k, c in enumerate(c for n in notices for c in n.changes) if c.span and c.area not in ("其他区域",)]
    found.sort(key=lambda x: (x[0], x[1]))
    return [x[0] for x in found], [x[2] for x in found]


def with_change_places(report: Report, relayable: tuple[list[int], list[ZoneChange]]) -> Report:
    """A report's places: the areas of zone changes it relays (resolved with their district),
    and the other places of its story."""
    if report.span is None:
        return report
    rs, re_ = report.span
    # A headline (or a masthead's 原标题) restates the story; the places are those of the
    # story's own sentences, from its lead on.
    bs = report.spans.get("body", report.span)[0]
    starts, changes = relayable
    relayed = changes[bisect_left(starts, bs) : bisect_left(starts, re_)]
    if not relayed:
        return report
    own = [p for p in report.places if not any(p.span and p.span[0] < c.span[1] and c.span[0] < p.span[1] or _names_again(p, c) for c in relayed)]
    from_changes = [Place(area=c.area, province=c.province, city=c.city, district=c.district, adcode=c.adcode, span=c.span) for c in relayed]
    seen: list[tuple[str, str]] = []
    places = []
    for p in sorted(own + from_changes, key=lambda p: p.span or (0, 0)):
        district, area = to_simplified(p.district or ""), to_simplified(p.area)  # 天河區 and 天河区 are one
        # 大连金普新区 and 金普新区: one district, written with and without its city.
        if not any(a == area and (d.endswith(district) or district.endswith(d)) for d, a in seen):
            seen.append((district, area))
            places.append(p)
    return replace(report, places=tuple(places))


def _names_again(place: Place, change: ZoneChange) -> bool:
    """The story names a relayed place again, more briefly (永安村 for 永安村8组)."""
    same_district = place.district is None or to_simplified(place.district) == to_simplified(change.district or "")
    return same_district and to_simplified(change.area).startswith(to_simplified(place.area))

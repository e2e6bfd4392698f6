"""Area items: split a list of places into items, read each item's administrative prefix, and
let items inherit the parents their list writes only once (枫亭镇学士社区、上浒村 → 枫亭镇上浒村).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .frozen import fast_init
from .districts import FUNCTIONAL_AREA_HINT, FUNCTIONAL_AREA_RX, county_at
from .item_names import (
    TOWN, VILLAGE, clauses_open_with_towns, components, parts_listed, town_at, town_name_end, whole_names_only, village_name_end,
)
from .grammar import is_catch_all as _is_catch_all, outside_brackets as _outside_brackets
from .prefix import AdminPrefix, read_prefix
from .places import is_place_item
from .regions import is_boundary, join_boundaries, join_centres, join_exceptions, join_sides, places_then_region
from .separators import split_building_pair, split_repeated_county, is_bare_unit, join_numerals, repeats_prefix, split_before_parent, split_ji, split_loose, street_numbers
from .spans import split_top, strip_span
from .units import BRACKETED_UNITS_RX, UnitRun, bracketed_units, distribute, one_run, shared_parent_units, unit_runs
from .area_item import PUNCT as _PUNCT, WHOLE_COUNTY_RX, AreaItem, make_item

__all__ = ["AdminPrefix", "AreaItem", "ItemContext", "WHOLE_COUNTY_RX", "read_prefix", "split_items", "county_at", "town_name_end", "village_name_end", "FUNCTIONAL_AREA_RX", "FUNCTIONAL_AREA_HINT"]

_CJK = "\u4e00-\u9fff"
_BARE_COUNTY_RX = re.compile(r"[\u4e00-\u9fff]{1,5}(?:区|县|市|旗)")
# A region bounded by roads: 北至…、南至…合围区域 — one area, its 、 are not item separators.
_BOUNDARY_RX = re.compile(r"(?:[东西南北]至|以[东西南北]|沿).{0,60}(?:合围|围合|以内|范围内)(?:区域|区|范围)?$")


@fast_init
@dataclass(frozen=True)
class ItemContext:
    """What a list's items inherit: district and town written elsewhere (as working spans)."""

    district: tuple[int, int] | None = None
    town: tuple[int, int] | None = None
    city: tuple[int, int] | None = None
    province: tuple[int, int] | None = None
    village: tuple[int, int] | None = None  # a community or village header the items sit under


_WITHIN_LIST_RX = re.compile(r"(?P<head>.+?)(?:范围内|区域内|范围|以内)的(?P<list>[^,,;;]+、[^,,;;]+)")
_BOUNDARY_WORD_RX = re.compile(r"以[东西南北]|[东西南北]至")
_UNCHANGED_RX = re.compile(r"(?:风险等级|风险级别|等级)(?:保持|维持)?不变$")


def _said_unchanged(text: str, s: int, e: int) -> bool:
    """``甲区、乙区其他区域风险等级不变``: the places said to stay as they are — not a remark in brackets
    on the last of them (丙公寓(其他区域风险等级不变))."""
    m = _UNCHANGED_RX.search(text, s, e)
    if m is None:
        return False
    before = text[s : m.start()]
    return before.count("(") + before.count("(") <= before.count(")") + before.count(")")
_EXCEPT_CLAUSE_RX = re.compile(r"除[^,,;;]{0,40}?(?:外|以外)(?:的)?")


_QUOTED_LIST_RX = re.compile(r"[“\"][^“”\"]*[,,、;;][^“”\"]*[”\"]")


# 某小区内除19号、19-1号的其他楼宇: the 、 stand inside the exclusion, which closes the chunk.
_REST_OF_COMPOUND_RX = re.compile(r"^[^除、]{2,}?除(?:(?!以外|之外|外|其他|其余|其它)[^,,;;])*?、(?:(?!以外|之外|外|其他|其余|其它)[^,,;;])*?(?:以外|之外|外)?的?(?:其他|其余|其它)[^、,,;;]*$")
_HAS_NAME_CHAR_RX = re.compile(rf"[{_CJK}*#]")  # 2# is a building (2号楼), not a bare number


# 将中房那里2栋、4栋调整为中房那里2栋: an area's extent redrawn — the old extent, then the new
# one, both places (no zone after 为).
_EXTENT_RX = re.compile(r"将(?P<old>[^,,;;]{2,}?)(?:调整|缩小|扩大|变更)为(?P<new>[^,,;;]{2,})")
_ZONE_WORD_RX = re.compile(r"风险|封控|管控|防范")


def _new_extents(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a list with each redrawn extent replaced by its new one; [] when no clause
    redraws one."""
    out: list[tuple[int, int]] = []
    redrawn = False
    for a, b in split_top(text, start, end, ",,;;"):
        a, b = strip_span(text, a, b, _PUNCT)
        m = _EXTENT_RX.fullmatch(text, a, b)
        if m and not _ZONE_WORD_RX.search(m["new"]):
            out.append(m.span("new"))
            redrawn = True
        elif a < b:
            out.append((a, b))
    return out if redrawn else []


def split_items(
    text: str, start: int, end: int, ctx: ItemContext, *, whole: bool = False, count: int | None = None, declared_one: bool = False,
    joined: bool = False,
) -> list[AreaItem]:
    """Split a place list into area items with inherited parents.

    ``whole=True`` keeps the list as a single item (a numbered entry), unless it is one run of
    numbers under a unit written once (1.南箕路8、12号); ``declared_one=True`` keeps it whole
    in any case (a header's count says so). ``count`` is the number of
    areas a header declares for the list: when the list splits into more, but its clauses
    (between commas and semicolons) come to that number, each clause is one area
    (``甲苑2栋、4栋、8栋,乙苑9栋`` counted as 2); ``joined=True`` keeps what 和/及 joins whole."""
    start, end = strip_span(text, start, end, _PUNCT)
    if _QUOTED_LIST_RX.fullmatch(text, start, end):
        start, end = start + 1, end - 1  # 将“甲楼,乙村”划定为…: the whole list quoted, not a name
    if start >= end or _said_unchanged(text, start, end) and not re.search("[,,;;]", text[start:end]):
        return []  # 甲区、乙区其他区域风险等级不变: places said to stay as they are
    if "为" in text[start:end] and (extents := _new_extents(text, start, end)):
        # 将甲苑2栋、5栋调整为甲苑2栋: an area's extent redrawn; the area is what it now covers.
        one = count is not None and len(extents) == count
        return [it for a, b in extents for it in split_items(text, a, b, ctx, whole=whole, declared_one=one or declared_one)]
    if (
        not whole and (within := _WITHIN_LIST_RX.fullmatch(text, start, end)) and "、" not in within["head"]
        and all(_BOUNDARY_WORD_RX.search(part) for part in re.split("[,,]", within["head"]))
    ):
        # 笏石镇清塘大道以南,…以西范围内的顶社、居民村…: the places named within the bounds,
        # each in the township written before them.
        t_end = town_name_end(text, start, within.end("head"))
        inner_ctx = ItemContext(ctx.district, (start, t_end) if t_end else ctx.town, ctx.city, ctx.province)
        return split_items(text, within.start("list"), within.end("list"), inner_ctx, count=count)
    if count is not None and not whole:
        items = split_items(text, start, end, ctx)
        if len(items) <= count:
            return items
        # 甲小区6号楼和7号楼、乙冷库 counted as 2: what 和/及 joins is one area.
        kept = split_items(text, start, end, ctx, joined=True)
        if len(kept) == count:
            return kept
        clauses = [c for c in (strip_span(text, a, b, _PUNCT) for a, b in split_top(text, start, end, ",,;;")) if c[0] < c[1]]
        if len(clauses) != count:
            return items
        out: list[AreaItem] = []
        for a, b in clauses:
            for it in split_items(text, a, b, ctx, declared_one=True):
                out.append(_with_unit_parent(text, it, out[-1] if out else None))
                # The district and township a clause writes hold for the clauses after it.
                ctx = ItemContext(it.district or ctx.district, it.own_town or ctx.town, it.city or ctx.city, it.province or ctx.province, ctx.village)
        return out
    runs: dict[tuple[int, int], UnitRun] = {}  # first element → the run it opens (19、21号)
    if declared_one:
        whole = True
    elif whole and (one_run(text, start, end) or street_numbers(text, start, end) or shared_parent_units(text, start, end)):
        whole = False  # 1.南箕路8、12号 / 1.怀德大街19号,二巷2号: one numbered entry, several house numbers
    elif whole and (
        whole_names_only(text, county_at(text, start, end) or start, end) or parts_listed(text, start, end)
        or clauses_open_with_towns(text, county_at(text, start, end) or start, end)
    ):
        whole = False  # 1.西城区月坛街道、金融街街道 / 1.城关镇(东关村、西关村) / 1.甲街道…合围区域,乙街道: several places
    elif whole and re.search("[;;]", _outside_brackets(text[start:end])):
        whole = False  # 1.长安区甲俱乐部;阜康街道乙小区;丙市场: semicolons set places apart, in an entry too
    if whole or (_is_catch_all(text[start:end]) or _BOUNDARY_RX.search(text[start:end])) and not re.search("[,,;;]", _outside_brackets(text[start:end])):
        groups = [[(start, end)]]
    else:
        groups: list[list] = []  # each: spans to read, or items already read
        for s1, e1 in _stray_stops(text, split_top(text, start, end, ";;")):
            commas = [strip_span(text, a, b, _PUNCT) for a, b in split_top(text, s1, e1, ",,")]
            commas = join_exceptions(text, join_centres(text, join_boundaries(text, [c for c in commas if c[0] < c[1]])))
            kept_whole: set[tuple[int, int]] = set()
            if len(commas) >= 2 and repeats_prefix(text, commas):
                # Each item marked by its district written again: 、 inside one joins the parts of
                # one item, unless what it sets apart are whole villages or communities
                # (某县甲镇A村、B村,某县乙镇C村).
                kept_whole = {c for c in commas if not whole_names_only(text, county_at(text, *c) or c[0], c[1])}
                if len(kept_whole) == len(commas):
                    groups.extend([[c] for c in commas])
                    continue
            commas = [part for a, b in commas for part in places_then_region(text, a, b)]
            for a, b in commas:
                if (a, b) in kept_whole:
                    groups.append([(a, b)])
                    continue
                if _said_unchanged(text, a, b):
                    continue  # …其他区域风险等级不变;丙县…: that clause changes nothing
                if (a, b) != commas[-1] and _EXCEPT_CLAUSE_RX.fullmatch(text, a, b):
                    continue  # 除上述高风险区外,全市其他区域: the clause qualifies the next part
                if is_boundary(text[a:b]):
                    groups.append([(a, b)])  # 甲路、乙路、丙路合围区域: one region
                    continue
                if _REST_OF_COMPOUND_RX.search(text[a:b]):
                    groups.append([(a, b)])  # 某小区内除19号、19-1号的其他楼宇: the rest of one compound
                    continue
                counted = _COUNTED_LIST_RX.match(text, a, b) or parts_listed(text, a, b)
                if counted and counted.end() == b:
                    # 枫亭镇5个村居(学士社区、上浒村…): the bracketed list, each under the parent.
                    pd = read_prefix(text, counted.start("parent"), counted.end("parent")).district
                    town = _town_span(text, counted.start("parent"), counted.end("parent")) or ctx.town
                    inner = split_items(text, counted.start("list"), counted.end("list"), ItemContext(pd or ctx.district, town, ctx.city, ctx.province))
                    groups.append([it if pd is None else replace(it, district=pd) for it in inner])
                    continue
                pieces = join_numerals(text, [q for p in (strip_span(text, x, y, _PUNCT) for x, y in split_top(text, a, b, "、")) if p[0] < p[1] for r in split_loose(text, *p) for c in split_repeated_county(text, *r) for q in split_building_pair(text, *c)])
                found = unit_runs(text, pieces)
                runs.update((r.head, r) for r in found)
                in_runs = {p for r in found for p in (*r.middle, r.tail)}
                elems: list[tuple[int, int]] = []
                for k, (x, y) in enumerate(pieces):
                    if (x, y) in in_runs:
                        continue
                    units = BRACKETED_UNITS_RX.fullmatch(text, x, y)
                    if units and (parent := split_items(text, units.start("parent"), units.end("parent"), ctx, whole=True)):
                        elems.extend(bracketed_units(text, parent[0], units, (x, y)))  # 某小区(3号楼、4号楼)
                        continue
                    if elems and not _HAS_NAME_CHAR_RX.search(text, x, y) and elems[-1] not in runs:
                        elems[-1] = (elems[-1][0], y)  # 公寓1、3: a bare number belongs to the item before
                        continue
                    if (x, y) in runs or (k + 1 < len(pieces) and is_bare_unit(text, *pieces[k + 1])):
                        *others, own = split_before_parent(text, x, y)
                        if others:
                            for o in others:
                                elems.extend([o] if joined else split_ji(text, *o))
                            elems.append(own)
                            if (x, y) in runs:
                                runs[own] = replace(runs.pop((x, y)), head=own)
                            continue
                    elems.extend([(x, y)] if joined else split_ji(text, x, y))
                groups.append([el if isinstance(el, AreaItem) else strip_span(text, *el, _PUNCT) for el in join_sides(text, join_centres(text, elems))])
    items: list[AreaItem] = []
    district = ctx.district
    city, province = ctx.city, ctx.province
    carried_town: tuple[int, int] | None = None  # last town written in this list
    last_parts: tuple[tuple[int, int], ...] | None = None  # the item before, across commas
    for group in groups:
        chain: list[tuple[tuple[int, int], int]] = []  # parents the previous item was written under
        prev_parts: tuple[tuple[int, int], ...] | None = None
        led = False  # does the group open with a township or village (a hierarchical list)?
        village_leads = False  # does its first item name its community (凤凰社区横岭路18号)?
        for idx, elem in enumerate(group):
            if isinstance(elem, AreaItem):
                items.append(elem)  # already read (a counted bracket list)
                continue
            s, e = elem
            if s >= e:
                continue
            town = ctx.town
            if idx == 0 and carried_town is not None and carried_town != town:
                first = components(text, *_body(text, s, e))
                if first and first[0][1] == VILLAGE:
                    town = carried_town  # 石柱镇甲村,乙村: a village after a comma keeps the town
            inherited = chain if (idx > 0 and led) else []
            if idx > 0 and items and items[-1].whole and not items[-1].parts and _BARE_COUNTY_RX.fullmatch(text, s, e) and county_at(text, s, e) is None:
                # 鸠江区、弋江区、三山区: a name with a county's ending in a list of whole counties
                # is a county too, though the current table no longer lists it (merged, renamed).
                items.append(AreaItem((), (s, e), (s, e), city, province, whole=True))
                continue
            item, comps = make_item(text, s, e, district, city, province, town, inherited, prev_parts, last_parts, ctx.village, village_leads)
            if item is None:
                continue
            if item.district is not None and item.district != district:
                if district is not None and text[item.district[0] : item.district[1]] != text[district[0] : district[1]]:
                    carried_town = None
                district = item.district
            city = item.city or city
            province = item.province or province
            if idx == 0:
                led = bool(comps) and comps[0][1] == TOWN or ctx.town is not None
                village_leads = any(r == VILLAGE for _, r in comps)
            for span, rank in comps:
                if rank == TOWN:
                    carried_town = span
            chain = comps[:-1]
            run = runs.get(elem)
            made = distribute(item, run) if run else [item]
            # 甲小区1、2号楼和5号楼: a unit after a run is under the run's parent, as its last item is.
            prev_parts = last_parts = made[-1].parts
            items.extend(made)
    # 甲区、乙县、丙区除高中风险区外,其他区域: the exclusion written after the last of a list of
    # bare county names holds for each of them.
    for k in range(len(items) - 2, -1, -1):
        it, nxt = items[k], items[k + 1]
        if it.whole and not it.parts and it.district is not None and nxt.catch_all and nxt.district is not None and nxt.district != it.district:
            items[k] = replace(it, whole=False, catch_all=True)
    return [it for it in items if is_place_item(text, it)]


def _stray_stops(text: str, segs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A stop left inside a list (甲、乙。丙、丁为…) parts it like a semicolon; one after a list
    number (9。 甲) does not."""
    out: list[tuple[int, int]] = []
    for s, e in segs:
        for a, b in split_top(text, s, e, "。"):
            if out and out[-1][1] == a - 1 and text[a - 1] == "。" and a >= 2 and text[a - 2].isdecimal():
                out[-1] = (out[-1][0], b)  # 9。 甲: the number's stop
            else:
                out.append((a, b))
    return out


# 木栏街13巷22号、26号,51号-61号: a clause that is only a unit number belongs to the street or
# compound the clause before it was written under.
_BARE_UNIT_RX = re.compile(r"[\dA-Za-z][\dA-Za-z\-—~至]*(?:号|栋|幢|座|单元)")
_UNIT_PARENT_RX = re.compile(r".*(?:巷|弄|路|街|小区|花园|公寓|大厦|苑|园|院|村)(?=[\dA-Za-z]+[\dA-Za-z\-]*(?:号|栋|幢|座|单元))")


def _with_unit_parent(text: str, item: AreaItem, before: AreaItem | None) -> AreaItem:
    if before is None or not item.parts or not before.parts:
        return item
    own = item.parts[-1]
    if not _BARE_UNIT_RX.match(text, *own):
        return item
    prev = before.parts[-1]
    m = _UNIT_PARENT_RX.match(text, *prev)
    if m is None:
        return item
    a = prev[0]
    for ps, pe in item.parts[:-1]:  # a parent the item has already (东兴镇) is not repeated
        if text.startswith(text[ps:pe], a) and pe > ps:
            a += pe - ps
    return replace(item, parts=(*item.parts[:-1], (a, m.end()), own)) if a < m.end() else item


_COUNTED_LIST_RX = re.compile(
    rf"(?P<parent>[^()]{{2,30}}?)\s*[\d一二三四五六七八九十两]+\s*个[{_CJK}]{{0,4}}\s*\((?P<list>[^()]+)\)"
)


def _town_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The township that ends the parent of a counted list (仙游县枫亭镇 → 枫亭镇)."""
    body = read_prefix(text, s, e).end
    t = town_at(text, body, e)
    if t == e or t is not None:
        return (body, t)
    return None


def _body(text: str, s: int, e: int) -> tuple[int, int]:
    """The part of an item after its province/city/district prefix."""
    return read_prefix(text, s, e).end, e




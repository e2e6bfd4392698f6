"""Regions described by their boundaries: ``甲路、乙路、丙路合围区域``, ``东至甲路、西至乙路…区域``,
``甲路以东,乙路以西,丙路以南,丁路以北``. Such a description is one area, however many roads
and separators it holds."""

from __future__ import annotations

import re

from .spans import outside_brackets, split_top

__all__ = ["join_centres", "DIRECTION_RX", "is_boundary", "join_boundaries", "join_exceptions", "join_sides", "places_then_region"]

# A side of a region opening a list element: 北至欧亚商业区, 东侧至建设路.
_SIDE_START_RX = re.compile(r"[东西南北](?:侧|面)?(?:至|到|为)")
_BOUNDARY_END_RX = re.compile(r"(?:合围|围合|所包围|包围|围成)(?:的)?(?:区域|范围|片区)?$|连片区域$")
DIRECTION_RX = re.compile(r"以[东西南北]|[东西南北](?:侧|面)?(?:至|到|为)")
_AREA_END_RX = re.compile(r"(?:区域|范围)$")
_MEMBERS_REGION_RX = re.compile(r"所在(?:的)?(?:连片)?(?:区域|范围|片区)$")


def is_boundary(seg: str) -> bool:
    """A list segment that describes one region by the roads around it."""
    bare = outside_brackets(seg)
    if _BOUNDARY_END_RX.search(bare):
        return True
    # 东至甲路,南至乙路69弄14-1、79弄3号,西至丙路: three sides or more make one region, the
    # 、 inside a side listing its landmarks.
    sides = list(DIRECTION_RX.finditer(bare))
    if len({m.group(0).strip("以侧面至到为") for m in sides}) >= 3 and "、" not in bare[: sides[0].start()]:
        return True
    pieces = [p for p in bare.split("、") if p]
    return len(pieces) >= 2 and all(DIRECTION_RX.search(p) or _AREA_END_RX.search(p) for p in pieces)


# 学府星城小区、果戈里大街58号院、邮政街…半合围区域: a place of its own before the region, not a road
# around it.
_WHOLE_PLACE_END_RX = re.compile(r"(?:小区|号院|大院|苑|花园|家园|公寓|大厦|自然村|村|社区)$")


def places_then_region(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``甲小区、乙号院、丙路与丁路半合围区域``: the places first, then the region, as two spans; the
    span whole when it is one region's description throughout."""
    cut = _places_before_region(text, s, e)
    if cut is None:
        return [(s, e)]
    end = cut
    while end > s and text[end - 1] in "、 \t":
        end -= 1
    return [(s, end), (cut, e)]


def _places_before_region(text: str, s: int, e: int) -> int | None:
    """Where the region starts in ``text[s:e]``, a list whose last element is a region described by
    its bounds (…围合区域) and whose first elements are places of their own; None when the list
    is the region's own description throughout (甲路、乙路、丙路合围区域)."""
    bare = outside_brackets(text[s:e])
    if not _BOUNDARY_END_RX.search(bare) or _MEMBERS_REGION_RX.search(bare):
        return None  # 甲社区、乙社区和丙社区所在的连片区域: the places listed make the region up
    pieces = split_top(text, s, e, "、")
    if len(pieces) < 2:
        return None
    k = 0
    while k < len(pieces) - 1 and _WHOLE_PLACE_END_RX.search(outside_brackets(text[pieces[k][0] : pieces[k][1]]).strip()):
        k += 1
    return pieces[k][0] if k > 0 else None


# 除高风险区以外区域: the rest of the region before it, once some zone inside is taken out.
_REGION_EXCEPT_RX = re.compile(r"除[^,,;;]{1,40}?(?:以外|之外|外)(?:的)?(?:区域|地区|范围)")


def join_exceptions(text: str, commas: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``北至甲路,…,西至丁路区域,除高风险区以外区域``: an exclusion written after a region, set apart
    by a comma, is part of that region (the region less the zone taken out of it)."""
    out: list[tuple[int, int]] = []
    for a, b in commas:
        if out and _REGION_EXCEPT_RX.fullmatch(text, a, b) and is_boundary(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def join_boundaries(text: str, commas: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Comma segments that each give one side of a region (甲路以东,乙路以西,丙路以南) joined."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for seg in [*commas, None]:
        if seg is not None and DIRECTION_RX.search(outside_brackets(text[seg[0] : seg[1]])) and not _is_catch_all(text[seg[0] : seg[1]]):
            run.append(seg)
            continue
        if len(run) >= 2:
            out.append((run[0][0], run[-1][1]))
        else:
            out.extend(run)
        run = []
        if seg is not None:
            out.append(seg)
    return out


def _is_catch_all(seg: str) -> bool:
    from .grammar import is_catch_all  # (grammar reads this module)

    return is_catch_all(seg)


_CENTRE_END_RX = re.compile(r"为中心(?:点)?$")


def join_centres(text: str, spans: list) -> list:
    """A point named as a region's centre joined with the extent written after it (潘宅67号为中心、
    四周邻近33座房屋区域 / 某店为中心,周边100米范围): one region. Items already read pass through."""
    out: list = []
    for sp in spans:
        if out and isinstance(sp, tuple) and isinstance(out[-1], tuple) and _CENTRE_END_RX.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], sp[1])
            continue
        out.append(sp)
    return out


def join_sides(text: str, elems: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """List elements that each open with one side of a region (北至甲路、南至乙路、西至丙路、东至丁路区域)
    joined into one element, wherever the run stands in the list."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for el in [*elems, None]:
        if isinstance(el, tuple) and _SIDE_START_RX.match(text, el[0], el[1]):
            run.append(el)
            continue
        out.extend([(run[0][0], run[-1][1])] if len(run) >= 2 else run)
        run = []
        if el is not None:
            out.append(el)
    return _join_side_ends(text, out)


# 甲路以北、乙路以南、丙河以东、丁河以西的平房区: elements that each end with a side.
_SIDE_END_RX = re.compile(r"以(?P<d>[东西南北])(?:侧)?(?:的[\u4e00-\u9fff]{1,8})?$")


def _join_side_ends(text: str, elems: list) -> list:
    """A run of three or more list elements each ending with a different side of a region
    (甲路以北、乙路以南、丙河以东、丁河以西的平房区) joined into one element."""
    out: list = []
    run: list[tuple[tuple[int, int], str]] = []

    def flush() -> None:
        if len(run) >= 3 and len({d for _, d in run}) >= 3:
            out.append((run[0][0][0], run[-1][0][1]))
        else:
            out.extend(el for el, _ in run)
        run.clear()

    for el in elems:
        m = _SIDE_END_RX.search(text, el[0], el[1]) if isinstance(el, tuple) else None
        if m is not None and m.end() == el[1] and (not run or "的" not in text[run[-1][0][0] : run[-1][0][1]]):
            run.append((el, m["d"]))
            continue
        flush()
        out.append(el)
    flush()
    return out

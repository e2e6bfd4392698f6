"""Tables flattened to text: an HTML table becomes one tab-separated line per row, and a table
copied from a page often keeps its cells apart with runs of spaces. Under a header row that names
its columns (序号, 区县, 街道, 小区, 风险等级 …), each data row becomes one working sentence that the
change reader reads like any other:

``1⇥天山区⇥团结路片区⇥幸福路小区⇥由高风险区调整为低风险区`` →
``天山区团结路片区幸福路小区由高风险区调整为低风险区。``

Row numbers and columns that are neither places nor zones (备注, 时间) are dropped from the
working text; the original text is untouched, so every span still points into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import gazetteer
from .grammar import status_rx
from .textmap import MappedText

__all__ = ["flatten_tables", "pipe_rows"]

_GATE = re.compile(r"\t|序号|编号|风险等级|风险级别|区域名称|所属|类别")
_TAB_GAP = re.compile(r"[ \u3000]*\t[ \u3000]*")  # one tab per cell: empty cells count
_WIDE_GAP = re.compile(r"[ \u3000]{2,}")
_ONE_GAP = re.compile(r"[ \u3000]+")
_NUMBER_HEAD = re.compile(r"^(?:序号|编号|序)$")
_ZONE_HEAD = re.compile(r"等级|级别|类别|类型|调整情况|调整后|风险区$|^风险$|管控措施|区域类型")
_FROM_HEAD = re.compile(r"^原|调整前|此前")
_PLACE_HEAD = re.compile(r"区|县|市|街|镇|乡|社区|村|小区|名称|地址|地点|点位|楼|范围|位置|单位")
_PREDICATE = re.compile(r"调整|降|升|解除|解封|撤|由|为|划|列|纳入")
_NUMBER_CELL = re.compile(r"^\d{1,4}[.、]?$")


@dataclass(frozen=True)
class _Header:
    roles: tuple[str, ...]  # "number", "place", "zone", "from", "other" per column
    gap: re.Pattern[str]


def _cells(line: str, start: int, gap: re.Pattern[str]) -> list[tuple[int, int]]:
    """Cell spans of a row; with tabs an empty cell is an empty span."""
    out, pos = [], 0
    for m in gap.finditer(line):
        out.append((start + pos, start + m.start()))
        pos = m.end()
    out.append((start + pos, start + len(line)))
    return out


def _gaps_for(line: str) -> tuple[re.Pattern[str], ...]:
    return (_TAB_GAP,) if "\t" in line else (_WIDE_GAP, _ONE_GAP)


def _header(text: str, s: int, e: int) -> tuple[_Header, list[tuple[int, int]]] | None:
    line = text[s:e].strip(" \t\u3000")
    lead = len(text[s:e]) - len(text[s:e].lstrip(" \t\u3000"))
    for gap in _gaps_for(line):
        cells = _cells(line, s + lead, gap)
        if len(cells) < 3 or any(b - a > 10 or b == a for a, b in cells):
            continue
        roles = []
        for a, b in cells:
            head = text[a:b]
            if _NUMBER_HEAD.match(head):
                roles.append("number")
            elif _ZONE_HEAD.search(head):
                roles.append("from" if _FROM_HEAD.search(head) else "zone")
            elif _PLACE_HEAD.search(head):
                roles.append("place")
            else:
                roles.append("other")
        places, zones = roles.count("place"), roles.count("zone") + roles.count("from")
        if not places or places + zones < 2 or roles.count("other") > 1 or not (zones or "number" in roles):
            continue
        if any(gazetteer().lookup(text[a:b]) for a, b in cells):
            continue  # a line of places (天山区 沙依巴克区 …), not column names
        return _Header(tuple(roles), gap), cells
    return None


def _row_edits(text: str, cells: list[tuple[int, int]], roles: tuple[str, ...], bare_zone: str) -> list[tuple[int, int, str]]:
    """Edits that turn one data row into a sentence: places joined, then the zone."""
    edits: list[tuple[int, int, str]] = []
    kept: list[tuple[int, int, str]] = []  # (start, end, role) of the cells that stay
    for (a, b), role in zip(cells, roles):
        if role in ("number", "other"):
            edits.append((a, b, ""))
        elif b > a:
            kept.append((a, b, role))
    if not any(r == "place" for _, _, r in kept):
        return []
    for (a, b, role), (na, nb, nrole) in zip(kept, kept[1:]):
        joint = ""
        if nrole == "from":
            joint = "由"
        elif nrole == "zone" and role == "from":
            joint = "调整为"
        elif nrole == "zone" and not _PREDICATE.search(text[na:nb]):
            joint = bare_zone
        edits.append((b, na, joint))
    # Every other gap between cells goes too.
    for (_, b), (na, _) in zip(cells, cells[1:]):
        edits.append((b, na, ""))
    # The row ends its sentence: what follows the table (a signature's name) is not read on.
    end = kept[-1][1]
    if not text[kept[-1][0] : end].endswith(("。", ";", "；")):
        edits.append((end, end, "。"))
    return _disjoint(edits)


def _disjoint(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One edit per span: a joining word wins over a plain deletion of the same gap; spans
    that overlap one kept before are dropped."""
    out: list[tuple[int, int, str]] = []
    for s, e, piece in sorted(edits, key=lambda x: (x[0], -x[1], not x[2])):
        if out and (s < out[-1][1] or (s, e) == out[-1][:2]):
            continue
        out.append((s, e, piece))
    return out


# 黑龙江省 | 黑河市 | 爱辉区 | 长海社区盛泰小区 |: a table a page rendered with bars between its
# cells. A line of two or more bars, or ending in one, whose cells hold no label (来源:, 编辑:) is such a row.
_PIPE_LINE_RX = re.compile(r"^(?:[^\n:]*\|[^\n:]*\|[^\n:]*|[^\n:|]+\|[ \u3000]*)$", re.M)
_PIPE_RX = re.compile(r"[ \u3000]*\|[ \u3000]*")


def pipe_rows(mt: MappedText) -> MappedText:
    """The working text with the bars of a table rendered with bars made tabs."""
    if "|" not in mt.text:
        return mt
    edits = [
        (ls + m.start(), ls + m.end(), "\t")
        for line in _PIPE_LINE_RX.finditer(mt.text)
        for ls in (line.start(),)
        for m in _PIPE_RX.finditer(line.group(0))
    ]
    return mt.replace(edits) if edits else mt


def flatten_tables(mt: MappedText) -> MappedText:
    """The working text with every data row under a recognised header made one sentence."""
    text = mt.text
    if not _GATE.search(text):
        return mt
    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    edits: list[tuple[int, int, str]] = []
    k = 0
    while k < len(lines):
        ls, le = lines[k]
        found = _header(text, ls, le) if ("\t" in text[ls:le] or " " in text[ls:le].strip() or "\u3000" in text[ls:le]) else None
        if found is None:
            k += 1
            continue
        head, _ = found
        header_line = lines[k]
        rows = 0
        # A bare zone in a row is a designation, unless the lines above say the table lists
        # what areas currently are (截至…, 目前…).
        before = text[lines[max(0, k - 3)][0] : lines[k][0]]
        bare_zone = "为" if status_rx().search(before) else "划为"
        k += 1
        while k < len(lines):
            s, e = lines[k]
            line = text[s:e].strip(" \u3000")  # a tab row keeps its empty edge cells
            if not line.strip("\t"):
                k += 1
                continue
            lead = len(text[s:e]) - len(text[s:e].lstrip(" \u3000"))
            cells = _cells(line, s + lead, head.gap) if (head.gap is _TAB_GAP) == ("\t" in line) else []
            if len(cells) == len(head.roles) + 1 and cells[-1][0] == cells[-1][1]:
                cells.pop()  # the tab an HTML cell leaves after the last one
            if len(cells) != len(head.roles):
                break
            roles = head.roles
            if roles[0] == "number" and not _NUMBER_CELL.match(text[cells[0][0] : cells[0][1]]):
                break
            edits.extend(_row_edits(text, cells, roles, bare_zone))
            rows += 1
            k += 1
        if rows:
            edits.append((*header_line, ""))  # the header itself is no sentence
    return mt.replace(edits) if edits else mt

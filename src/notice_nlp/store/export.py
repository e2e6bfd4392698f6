"""Exports for other systems: one row per change (or per area state on a date) with the
notice's fields and sources, as CSV, Excel (Chinese headers and zone labels, for office
staff) or Parquet (for data teams; needs the ``parquet`` extra)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from .errors import StoreError
from .output import ZONE_LABELS

__all__ = ["CHANGE_COLUMNS", "STATE_COLUMNS", "change_rows", "state_rows", "write_export", "HEADERS_ZH"]

CHANGE_COLUMNS = ("province", "city", "district", "area", "area_key", "from_zone", "to_zone", "kind", "effective", "assumed",
                  "issuer", "doc_number", "title", "issue_date", "conflict", "sources")
STATE_COLUMNS = ("province", "city", "district", "area", "key", "zone", "since", "since_assumed", "via", "doc_number", "issuer", "issue_date", "conflict", "sources")
HEADERS_ZH = {
    "province": "省份", "city": "城市", "district": "区县", "area": "区域", "area_key": "区域标识", "key": "区域标识", "from_zone": "原风险等级",
    "to_zone": "调整后风险等级", "zone": "风险等级", "kind": "类型", "effective": "生效时间", "assumed": "生效时间按发布日期", "since": "起始时间",
    "since_assumed": "起始时间按发布日期", "via": "依据", "issuer": "发布机关", "doc_number": "文号", "title": "标题", "issue_date": "发布日期",
    "conflict": "转载内容不一致", "sources": "来源",
}
_ZONE_FIELDS = ("from_zone", "to_zone", "zone")


def change_rows(con: sqlite3.Connection, city: str | None = None) -> Iterator[dict[str, Any]]:
    """Every change that counts (each notice's chosen reading), in time order."""
    from .events import sources_of

    where, params = ("WHERE c.city = ?", (city,)) if city else ("", ())
    cur = con.execute(
        "SELECT c.province, c.city, c.district, c.area, f.key, c.from_zone, c.to_zone, c.kind, c.effective, c.assumed,"
        " n.issuer, n.doc_number, n.title, n.issue_date, n.conflict, n.id FROM changes c JOIN notices n ON n.reading_id = c.reading_id"
        f" JOIN area_forms f ON f.id = c.form_id {where} ORDER BY c.effective, n.id, c.id",
        params,
    )
    cache: dict[int, tuple[str, ...]] = {}
    for row in cur:
        nid = row[-1]
        if nid not in cache:
            cache.update(sources_of(con, [nid]))
        rec = dict(zip(CHANGE_COLUMNS, row[:-1]))
        rec["assumed"], rec["conflict"] = bool(rec["assumed"]), bool(rec["conflict"])
        rec["sources"] = list(cache[nid])
        yield rec


def state_rows(con: sqlite3.Connection, on: str, city: str | None = None) -> Iterator[dict[str, Any]]:
    from .timeline import state_on

    for r in state_on(con, on, city=city):
        d = r.to_dict()
        yield {k: d[k] for k in STATE_COLUMNS}


def _flat(v: Any) -> Any:
    return " ".join(v) if isinstance(v, list) else v


def write_export(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], fmt: str, target: Path) -> int:
    """Write ``rows`` to ``target`` (written only once every row is ready); the number of rows."""
    rows = list(rows)
    tmp = target.with_name(target.name + ".part")
    try:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(columns)
                for r in rows:
                    w.writerow([_flat(r[c]) for c in columns])
        elif fmt == "xlsx":
            _xlsx(rows, columns, tmp)
        elif fmt == "parquet":
            _parquet(rows, columns, tmp)
        else:
            raise StoreError(f"unknown export format '{fmt}' (csv, xlsx, parquet)")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return len(rows)


def _xlsx(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "风险区域"
    ws.append([HEADERS_ZH.get(c, c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([
            ZONE_LABELS.get(r[c], r[c]) if c in _ZONE_FIELDS else ("是" if r[c] is True else "" if r[c] is False else _flat(r[c]))
            for c in columns
        ])
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 28 if c in ("area", "issuer", "title", "sources") else 14
    wb.save(path)


def _parquet(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("parquet export needs pyarrow: pip install 'notice-nlp[parquet]'") from None
    table = pa.table({c: [r[c] for r in rows] for c in columns})
    pq.write_table(table, path)

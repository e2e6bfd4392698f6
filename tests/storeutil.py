"""Hand-made parser records for store tests (places of 太原市 and invented compounds)."""

from __future__ import annotations

import hashlib
import itertools

_n = itertools.count()


def change(area, to_zone, *, district="小店区", from_zone=None, kind="change", effective=None, city="太原市", adcode=None):
    return {"province": "山西省", "city": city, "district": district, "area": area, "from_zone": from_zone, "to_zone": to_zone,
            "kind": kind, "effective": effective, "adcode": adcode, "span": None, "spans": {}}


def notice(changes, *, issuer="太原市新冠肺炎疫情防控工作领导小组办公室", number=None, issued=None, effective=None, measures=(), warnings=()):
    return {"issuer": issuer, "doc_number": number, "title": None, "issue_date": issued, "effective": effective, "province": "山西省",
            "city": "太原市", "changes": list(changes), "measures": list(measures), "warnings": list(warnings), "span": None, "spans": {}}


def doc(*notices, source=None, url=None):
    sid = source or f"doc-{next(_n)}"
    sha = hashlib.sha256(repr((sid, notices)).encode()).hexdigest()
    return {"schema_version": "1.0", "source": {"id": sid, "format": "text", "sha256": sha, "encoding": None, "url": url}, "notices": list(notices), "reports": [], "warnings": []}


#: A change row as schema versions 3 and 4 stored it (the view ``changes`` gives these columns).
_OLD_CHANGES = ("id, reading_id, notice_id, form_id, province, city, district, district_code, area, from_zone, to_zone, kind, effective, assumed,"
                " catch_all, span_start, span_end, area_key, ord, counts")


def older_store(current, dest, version: int) -> None:
    """``dest``: the store ``current`` (the current schema) as schema ``version`` (3 or 4) holds
    it — its tables made by that version's migrations, its rows copied as that version wrote them."""
    import sqlite3

    from notice_nlp.store.schema import APPLICATION_ID, MIGRATIONS

    con = sqlite3.connect(dest, isolation_level=None)
    for v in range(1, version + 1):
        MIGRATIONS[v](con)
    con.execute("ATTACH ? AS cur", (str(current),))
    for table in ("sources", "notices", "notice_keys", "readings", "area_forms", "rules") + (("intervals",) if version >= 4 else ()):
        con.execute(f"INSERT INTO {table} SELECT * FROM cur.{table}")
    con.execute(f"INSERT INTO changes({_OLD_CHANGES}) SELECT {_OLD_CHANGES} FROM cur.changes")
    if version >= 4:
        con.execute("DELETE FROM interval_dirty")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(version),))
    con.execute("DETACH cur")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    con.close()

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

"""Zone store benchmarks, run by hand: ``python benchmarks/store_bench.py [--rows N] [--dir D]``.

(s1) index N change rows from parser JSONL vs ``json.loads`` alone on the same lines;
(s2) state of one city on a date, p95 of 30 runs, vs a plain full scan of the same rows;
(s3) one area's history, p95 of 100 runs, vs the same full scan;
(s4) peak RSS while indexing N rows vs N/4 rows (flat memory);
(floor) what any loader of this schema pays, as ratios to the same ``json.loads``: the loads
plus building each change's row tuple, and plus inserting those rows into a bare table of the
``change_rows`` columns (no index, no form, place or notice looked up).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ZONES = ("high_risk", "medium_risk", "low_risk", "sealed", "controlled", "lifted")
PER_NOTICE = 20


def make_jsonl(path: Path, rows: int, seed: int = 7) -> None:
    """Parser-shaped records: N change rows in notices of 20, over the counties of 40 cities,
    5,000 areas per city, dates over a year."""
    from notice_nlp.gazetteer import gazetteer

    g = gazetteer()
    rnd = random.Random(seed)
    cities = [d for d in g.divisions if d.level == 2][:40]
    counties = {c.name: [d for d in g.divisions if d.level == 3 and d.parent_code == c.code] for c in cities}
    cities = [c for c in cities if counties[c.name]]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(rows // PER_NOTICE):
            city = rnd.choice(cities)
            prov = g.path(city).province
            day = 1 + (i * 365) // (rows // PER_NOTICE)
            month, dom = 1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28
            issued = f"2022-{month:02d}-{dom:02d}"
            changes = []
            for _ in range(PER_NOTICE):
                county = rnd.choice(counties[city.name])
                n = rnd.randrange(5000 // len(counties[city.name]) + 1)
                changes.append({"province": prov, "city": city.name, "district": county.name, "area": f"幸福{n}号小区{n % 30 + 1}号楼",
                                "from_zone": None, "to_zone": rnd.choice(ZONES), "kind": "change", "effective": f"{issued}T{rnd.randrange(24):02d}:00",
                                "adcode": county.code, "span": [10, 20], "spans": {"area": [10, 20]}})
            doc = {"schema_version": "1.0", "source": {"id": f"doc-{i}", "format": "text", "sha256": f"{i:064x}", "encoding": "utf-8"},
                   "notices": [{"issuer": f"{city.name}疫情防控指挥部", "doc_number": f"2022年第{i}号", "title": None, "issue_date": issued,
                                "effective": None, "province": prov, "city": city.name, "changes": changes, "measures": [], "warnings": [],
                                "span": [0, 100], "spans": {}}], "reports": [], "warnings": []}
            fh.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


def loads_only(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of json.loads over the lines."""
    t, c = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            json.loads(line)
    return time.perf_counter() - t, time.process_time() - c


_COLS = "reading_id, notice_id, form_id, place_id, from_zone, to_zone, kind, effective, assumed, catch_all, span_start, span_end, counts"


def floor(path: Path, db: Path) -> tuple[float, float]:
    """Seconds for json.loads + the row tuples, and for that + executemany into a bare table of
    the columns of a change row (``change_rows``: its own fields and the ids of its reading,
    notice, form and place)."""
    out = []
    for insert in (False, True):
        db.unlink(missing_ok=True)
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA synchronous = OFF")
        con.execute(f"CREATE TABLE change_rows (id INTEGER PRIMARY KEY, {_COLS})")
        sql = f"INSERT INTO change_rows({_COLS}) VALUES ({','.join('?' * 13)})"
        t = time.perf_counter()
        con.execute("BEGIN")
        rows: list[tuple] = []
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                for n in json.loads(line)["notices"]:
                    for c in n["changes"]:
                        span = c["span"]
                        rows.append((i, i, 1, 1, c["from_zone"], c["to_zone"], c["kind"], c["effective"], 0, 0, span[0], span[1], 1))
                if len(rows) >= 20_000:
                    if insert:
                        con.executemany(sql, rows)
                    rows.clear()
        if insert:
            con.executemany(sql, rows)
        con.execute("COMMIT")
        out.append(time.perf_counter() - t)
        con.close()
    db.unlink(missing_ok=True)
    return out[0], out[1]


def index_child(path: str, db: str) -> None:
    from notice_nlp import store

    t, c = time.perf_counter(), time.process_time()
    with store.open(db) as s:
        s.index([path])
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def index_in_child(path: Path, db: Path) -> dict:
    db.unlink(missing_ok=True)
    out = subprocess.run([sys.executable, __file__, "--child", str(path), str(db)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def full_scan_state(db: Path, city: str, on: str) -> int:
    """The baseline: read every change row and keep each area's last one by the moment."""
    con = sqlite3.connect(db)
    last: dict[tuple, tuple] = {}
    for row in con.execute("SELECT city, district, area, to_zone, effective FROM changes"):
        if row[0] == city and row[4] <= on:
            k = (row[1], row[2])
            if k not in last or last[k][4] <= row[4]:
                last[k] = row
    con.close()
    return len(last)


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18] if len(xs) >= 20 else max(xs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/notice-store-bench")
    args = ap.parse_args()
    d = Path(args.dir)
    d.mkdir(parents=True, exist_ok=True)
    big, small = d / f"changes-{args.rows}.jsonl", d / f"changes-{args.rows // 4}.jsonl"
    for path, n in ((big, args.rows), (small, args.rows // 4)):
        if not path.exists():
            make_jsonl(path, n)
    base, base_cpu = min(loads_only(big) for _ in range(2))
    res_small = index_in_child(small, d / "small.sqlite")
    res = index_in_child(big, d / "big.sqlite")
    print(f"(s1) index {args.rows:,} change rows: {res['seconds']:.1f} s ({res['cpu']:.1f} s CPU); json.loads alone {base:.1f} s ({base_cpu:.1f} s CPU);"
          f" ratio {res['seconds'] / base:.2f}, of CPU {res['cpu'] / base_cpu:.2f} (target ≤ 2)")
    tuples, inserted = floor(big, d / "floor.sqlite")
    print(f"(floor) json.loads + row tuples {tuples / base:.2f}×; + insert into a bare table {inserted / base:.2f}×")
    print(f"(s4) peak RSS indexing {args.rows:,} rows {res['maxrss_mb']:.0f} MB, {args.rows // 4:,} rows {res_small['maxrss_mb']:.0f} MB; ratio {res['maxrss_mb'] / res_small['maxrss_mb']:.2f}")

    from notice_nlp import store

    db = d / "big.sqlite"
    con = sqlite3.connect(db)
    city = con.execute("SELECT city FROM changes GROUP BY city ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    keys = [r[0] for r in con.execute("SELECT key FROM area_forms WHERE core != '*' ORDER BY random() LIMIT 100")]
    per_city = con.execute("SELECT count(*) FROM changes WHERE city = ?", (city,)).fetchone()[0]
    con.close()
    on = "2022-06-30T12:00"
    with store.open(db, readonly=True) as s:
        s.state_on(on, city=city)
        times, cpu = [], []
        for _ in range(30):
            t, c = time.perf_counter(), time.process_time()
            n_rows = len(s.state_on(on, city=city))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        htimes = []
        for k in keys:
            t = time.perf_counter()
            s.history(k)
            htimes.append(time.perf_counter() - t)
    scans = []
    for _ in range(3):
        t = time.perf_counter()
        full_scan_state(db, city, on)
        scans.append(time.perf_counter() - t)
    scan = min(scans)
    print(f"(s2) state of {city} ({per_city:,} change rows, {n_rows:,} areas in a zone): p95 {p95(times) * 1000:.1f} ms (target ≤ 50; median {statistics.median(times) * 1000:.1f}, best {min(times) * 1000:.1f}; CPU median {statistics.median(cpu) * 1000:.1f}); full scan {scan * 1000:.0f} ms; {scan / p95(times):.0f}× (target ≥ 20×)")
    print(f"(s3) one area's history: p95 {p95(htimes) * 1000:.2f} ms (target ≤ 5); full scan {scan * 1000:.0f} ms; {scan / p95(htimes):.0f}×")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        index_child(sys.argv[2], sys.argv[3])
    else:
        main()

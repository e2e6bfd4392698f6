"""What the zone store's load would cost if SQLite's own C code did the per-row work, run by
hand: ``python benchmarks/store_sqlite_side.py [--rows 250000] [--dir D] [--runs 3]``.

The JSONL and the store are those of ``store_bench.py`` (made here if missing). Every figure is
CPU seconds, the median of ``--runs``, and its ratio to ``json.loads`` of the same lines in the
same run (also a median):

(j1) the lines staged in a table (one ``executemany``);
(j2) ``json_each`` over each line's notices and their changes (the rows, no field read);
(j3) the same with the ten fields a change row takes read by ``->>``;
(j4) the ten fields by a pivot of ``json_each`` over each change (``GROUP BY``);
(j5) the ten fields by a pivot of ``json_tree`` over each line;
(w0) every area's intervals computed by the store (``intervals.rebuild``, Python over the
     changes sorted by SQLite);
(w1) the same rows by window functions (``lag``/``lead``/running ``max`` over each area's
     changes), for areas without catch-alls whose changes come in time order (every area of
     the bench); whether its rows equal (w0)'s is printed;
(f1) a batch of 40,000 form look-ups through ``json_each``, µs a look-up.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_bench import make_jsonl  # noqa: E402

FIELDS = ("province", "city", "district", "area", "from_zone", "to_zone", "kind", "effective", "adcode")
EACH = "FROM stage s, json_each(s.line, '$.notices') n, json_each(n.value, '$.changes') c"
ARROWS = " + ".join(f"length(coalesce(c.value ->> '{f}', ''))" for f in FIELDS) + " + length(c.value ->> '$.span[0]')"
PIVOT = ", ".join(f"max(CASE WHEN t.key = '{f}' THEN t.atom END)" for f in FIELDS)
QUERIES = {
    "j2": f"SELECT count(*) {EACH}",
    "j3": f"SELECT count(*), sum({ARROWS}) {EACH}",
    "j4": f"SELECT count(*) FROM (SELECT {PIVOT} {EACH}, json_each(c.value) t GROUP BY s.id, n.id, c.id)",
    "j5": f"SELECT count(*) FROM (SELECT {PIVOT} FROM stage s, json_tree(s.line, '$.notices') t"
          " WHERE t.atom IS NOT NULL AND t.path LIKE '$.notices[%].changes[%' GROUP BY s.id, t.parent)",
}

_W = "WINDOW w AS (PARTITION BY city, area_key ORDER BY {})"
#: The spans of :func:`notice_nlp.store.intervals._spans_in_order` in SQL: a zone's run starts
#: where the zone changes (running max of the start, packed as row number, notice, assumed,
#: time); the state at a time follows its last change; a span opens where the shown row changes.
WINDOWED = f"""
INSERT INTO intervals(city, district_code, catch_all, area, area_key, valid_from, valid_to, zone, since, notice_id, shown)
SELECT city, district_code, substr(area_key, -2) = '|*', a, area_key, t, vt, z, since, nid,
  CASE WHEN instr(coalesce(province, '') || coalesce(district, '') || a || area_key || z || since || assumed, char(31))
            OR province = char(0) OR district = char(0) OR substr(province, 1, 1) = char(30)
    THEN nz_shown(province, district, a, area_key, z, since, assumed, 'notice')
    ELSE coalesce(province, char(0)) || char(31) || coalesce(district, char(0)) || char(31) || a || char(31) || area_key || char(31)
         || z || char(31) || since || char(31) || assumed || char(31) || 'notice' END
FROM (
 SELECT *, nz_display(area) AS a, substr(st, 32) AS since, CAST(substr(st, 11, 20) AS INTEGER) AS nid, substr(st, 31, 1) AS assumed,
   coalesce(lead(t) OVER w, '9999-12-31T23:59') AS vt
 FROM (
  SELECT *, lag(z) OVER w AS pz2, lag(st) OVER w AS pst, lag(province) OVER w AS pprov, lag(district) OVER w AS pdist, lag(area) OVER w AS parea
  FROM (
   SELECT *, max(CASE WHEN z IS NOT NULL AND z IS NOT pz THEN printf('%010d%020d%d', rn, notice_id, assumed) || t END) OVER w AS st
   FROM (
    SELECT city, district_code, area_key, effective AS t, nullif(to_zone, 'lifted') AS z, notice_id, assumed, province, district, area,
      row_number() OVER w AS rn, lag(nullif(to_zone, 'lifted')) OVER w AS pz, lead(effective) OVER w AS nt
    FROM changes NOT INDEXED WHERE counts = 1 AND city IS NOT NULL {_W.format('ord, id')}
   ) {_W.format('rn')}
  ) WHERE nt IS NULL OR nt <> t {_W.format('rn')}
 ) WHERE NOT (z IS NULL AND pz2 IS NULL OR z IS NOT NULL AND z IS pz2 AND st IS pst AND province IS pprov AND district IS pdist AND area IS parea)
 {_W.format('rn')}
) WHERE z IS NOT NULL
"""


def cpu(fn) -> float:
    c = time.process_time()
    fn()
    return time.process_time() - c


def loads_cpu(lines: list[str]) -> float:
    def run() -> None:  # the records are dropped as they come, as store_bench.loads_only does
        for x in lines:
            json.loads(x)
    return cpu(run)


def staged(lines: list[str]) -> tuple[sqlite3.Connection, float]:
    con = sqlite3.connect(":memory:", isolation_level=None)
    con.execute("PRAGMA temp_store = FILE")
    con.execute("CREATE TEMP TABLE stage (id INTEGER PRIMARY KEY, line TEXT NOT NULL)")
    return con, cpu(lambda: con.executemany("INSERT INTO stage(line) VALUES (?)", ((x,) for x in lines)))


def intervals_python(db: Path, work: Path) -> float:
    from notice_nlp.store.intervals import mark_all, rebuild

    shutil.copy(db, work)
    con = sqlite3.connect(work, isolation_level=None)
    con.execute("BEGIN")
    mark_all(con)
    t = cpu(lambda: rebuild(con))
    con.execute("COMMIT")
    con.close()
    return t


def intervals_windowed(db: Path, work: Path) -> tuple[float, bool]:
    from notice_nlp.store.events import display_name
    from notice_nlp.store.intervals import shown

    shutil.copy(db, work)
    con = sqlite3.connect(work, isolation_level=None)
    con.execute("PRAGMA cache_size = -16384")  # as the store's rebuild has it
    con.create_function("nz_display", 1, display_name, deterministic=True)
    con.create_function("nz_shown", 8, shown, deterministic=True)
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE before AS SELECT * FROM intervals")
    con.execute("DELETE FROM intervals")
    t = cpu(lambda: con.execute(WINDOWED))
    same = con.execute("SELECT (SELECT count(*) FROM (SELECT * FROM intervals EXCEPT SELECT * FROM temp.before))"
                       " + (SELECT count(*) FROM (SELECT * FROM temp.before EXCEPT SELECT * FROM intervals))").fetchone()[0] == 0
    con.execute("ROLLBACK")
    con.close()
    return t, same


def look_ups(db: Path) -> float:
    con = sqlite3.connect(db)
    con.execute("PRAGMA cache_size = -65536")
    pairs = [tuple(r) for r in con.execute("SELECT district_code, written FROM area_forms")]
    random.Random(1).shuffle(pairs)
    want = json.dumps(pairs[:40_000], ensure_ascii=False)
    sql = ("SELECT f.district_code, f.written, f.id, f.key, f.core FROM json_each(?) j"
           " JOIN area_forms f ON f.district_code = j.value ->> 0 AND f.written = j.value ->> 1")
    con.execute(sql, (want,)).fetchall()  # pages in the cache, as during a load
    t = cpu(lambda: con.execute(sql, (want,)).fetchall())
    con.close()
    return t / min(40_000, len(pairs)) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=250_000)
    ap.add_argument("--dir", default="/tmp/notice-store-bench")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    d = Path(args.dir)
    d.mkdir(parents=True, exist_ok=True)
    path, db = d / f"changes-{args.rows}.jsonl", d / f"sqlite-side-{args.rows}.sqlite"
    if not path.exists():
        make_jsonl(path, args.rows)
    if not db.exists():
        from notice_nlp import store

        with store.open(db) as s:
            s.index([str(path)])
    lines = path.read_text(encoding="utf-8").splitlines()
    figures: dict[str, list[float]] = {}
    same = True
    for _ in range(args.runs):
        figures.setdefault("json.loads", []).append(loads_cpu(lines))
        con, t = staged(lines)
        figures.setdefault("j1", []).append(t)
        for name, sql in QUERIES.items():
            figures.setdefault(name, []).append(cpu(lambda: con.execute(sql).fetchone()))
        con.close()
        figures.setdefault("w0", []).append(intervals_python(db, d / "sqlite-side-work.sqlite"))
        t, ok = intervals_windowed(db, d / "sqlite-side-work.sqlite")
        figures.setdefault("w1", []).append(t)
        same = same and ok
        figures.setdefault("f1", []).append(look_ups(db))
    (d / "sqlite-side-work.sqlite").unlink(missing_ok=True)
    base = statistics.median(figures.pop("json.loads"))
    look = statistics.median(figures.pop("f1"))
    print(f"{args.rows:,} change rows; json.loads {base:.2f} s CPU (median of {args.runs})")
    for name, xs in figures.items():
        m = statistics.median(xs)
        print(f"({name}) {m:.2f} s CPU, {m / base:.2f}× json.loads" + (f"; same rows as (w0): {'yes' if same else 'NO'}" if name == "w1" else ""))
    print(f"(f1) form look-ups through json_each: {look:.2f} µs each")


if __name__ == "__main__":
    main()

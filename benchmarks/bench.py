"""Benchmarks, run by hand (``make bench``). Each prints its figures and the ratio against a
baseline measured in the same run, on the same machine.

  a  parse_text chars/s            vs bare jieba.lcut on the same texts          (target ≥ 0.5)
  b  address resolutions/s         vs cpca.transform one address at a time       (target ≥ 8×, county accuracy ≥ cpca's)
  c  date expressions/s            vs jionlp.parse_time                          (target ≥ 5×)
  d  batch speed-up, 2 jobs vs 1                                                  (target ≥ 1.8×)
  e  peak RSS at 100k documents    vs at 10k documents                           (target within 10 %)
  f  PDF pages/s                   vs pdfplumber extract_text alone              (target cost ≤ 1.3×)
  g  CLI cold start, one small file                                               (target ≤ 1.5 s)

Usage: python benchmarks/bench.py [a b c …] [--quick]
Baselines (cpca, jionlp) are installed only in the benchmark environment (.venv-bench).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
QUICK = "--quick" in sys.argv


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def corpus_texts() -> list[str]:
    from notice_nlp.ingest import load_path

    return [load_path(p).text for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".html", ".pdf")]


def bench_a() -> None:
    import jieba

    from notice_nlp import parse_text

    texts = corpus_texts() * (2 if QUICK else 6)
    chars = sum(map(len, texts))
    parse_text(texts[0])  # warm caches: gazetteer, vocabulary, pipeline
    for t in texts[:30]:
        parse_text(t)
    jieba.lcut(texts[0])
    ours = best_of(lambda: [parse_text(t) for t in texts])
    base = best_of(lambda: [jieba.lcut(t) for t in texts])
    print(f"(a) parse_text {chars / ours:,.0f} chars/s; jieba.lcut {chars / base:,.0f} chars/s; ratio {base / ours:.2f} (target ≥ 0.5)")


def _addresses(n: int) -> list[tuple[str, str]]:
    """Addresses written the way notices write them, with the true county: full, without the
    province, or without province and city; a street and number after the township."""
    from notice_nlp.gazetteer import gazetteer

    g = gazetteer()
    rng = random.Random(7)
    towns = [d for d in g.divisions if d.level == 4]
    out = []
    for d in rng.sample(towns, n):
        path = g.path(d)
        if not path.district:
            continue
        head = [path.province, path.city, path.district, path.town]
        drop = rng.choice([0, 1, 2])
        parts = [p for p in head[drop:] if p and not (p == path.province and p == path.city and drop == 0 and head.count(p) > 1)]
        street = rng.choice(["人民路", "建设街", "解放大道", "新华路", "朝阳街"]) + f"{rng.randint(1, 300)}号"
        out.append(("".join(dict.fromkeys(parts)) + street, path.district))
    return out


def bench_b() -> None:
    import cpca

    from notice_nlp.address import resolve_address

    addrs = _addresses(300 if QUICK else 1500)
    resolve_address(addrs[0][0])
    cpca.transform([addrs[0][0]])
    ours_ok = sum(resolve_address(a).district == truth for a, truth in addrs)
    base_ok = 0
    for a, truth in addrs:
        row = cpca.transform([a]).to_dict("records")[0]
        base_ok += row.get("区") == truth
    ours = best_of(lambda: [resolve_address(a) for a, _ in addrs], 2)
    base = best_of(lambda: [cpca.transform([a]) for a, _ in addrs], 1)
    n = len(addrs)
    print(
        f"(b) resolve_address {n / ours:,.0f}/s; cpca.transform one at a time {n / base:,.0f}/s; ratio {base / ours:.1f}× (target ≥ 8×); "
        f"county accuracy ours {ours_ok / n:.3f} vs cpca {base_ok / n:.3f}"
    )


DATE_CASES = [
    ("2022年11月17日", "2022-11-17"),
    ("自2022年1月4日0时起", "2022-01-04T00:00"),
    ("即日起", "2022-11-17"),
    ("自9月26日24时起", "2022-09-27T00:00"),
    ("从即日(1月20日)起", "2022-01-20"),
    ("自发布之日起", "2022-11-17"),
    ("义井街20号", None),
    ("2022年3月22日下午3时30分", "2022-03-22T15:30"),
    ("二〇二二年十一月十七日", "2022-11-17"),
]


def _ours_date(text: str, issue: str = "2022-11-17") -> str | None:
    from notice_nlp.dates import find_dates, find_effective, iso, shift

    effs = find_effective(text)
    if effs:
        e = effs[0]
        if e.date is None:
            return shift(issue, e.relative_days or 0)
        d = e.date
        return iso(d.resolve(2022))
    ds = find_dates(text)
    return iso(ds[0].resolve(2022)) if ds else None


def _jio_date(jio, text: str) -> str | None:
    try:
        r = jio.parse_time(text, time_base={"year": 2022, "month": 11, "day": 17})
    except Exception:
        return None
    start = r["time"][0]
    day, clock = start.split(" ")
    if r.get("type") == "time_point" and clock == "00:00:00" and r["time"][1].endswith("23:59:59"):
        return day
    hh, mm, _ = clock.split(":")
    return day if (hh, mm) == ("00", "00") and "时" not in text and "点" not in text else f"{day}T{hh}:{mm}"


def bench_c() -> None:
    import jionlp as jio

    texts = [t for t, _ in DATE_CASES] * (50 if QUICK else 300)
    ours_ok = sum(_ours_date(t) == want for t, want in DATE_CASES)
    jio_ok = sum(_jio_date(jio, t) == want for t, want in DATE_CASES)
    ours = best_of(lambda: [_ours_date(t) for t in texts])
    base = best_of(lambda: [_jio_date(jio, t) for t in texts], 1)
    n = len(texts)
    print(f"(c) dates {n / ours:,.0f}/s; jionlp.parse_time {n / base:,.0f}/s; ratio {base / ours:.1f}× (target ≥ 5×); correct ours {ours_ok}/{len(DATE_CASES)} vs jionlp {jio_ok}/{len(DATE_CASES)}")


def _jsonl(n: int, path: Path) -> None:
    texts = [t for t in corpus_texts() if len(t) < 3000]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")


def bench_d() -> None:
    from notice_nlp.batch import iter_tasks, parse_tasks

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        _jsonl(300 if QUICK else 1500, src)
        warm = Path(tmp) / "warm.jsonl"
        _jsonl(40, warm)
        sum(1 for _ in parse_tasks(iter_tasks([str(warm)]), jobs=1))  # load gazetteer and pipeline first: both runs start warm
        one = best_of(lambda: sum(1 for _ in parse_tasks(iter_tasks([str(src)]), jobs=1)), 3)
        two = best_of(lambda: sum(1 for _ in parse_tasks(iter_tasks([str(src)]), jobs=2)), 3)
    print(f"(d) batch 1 job {one:.2f} s, 2 jobs {two:.2f} s; speed-up {one / two:.2f}× (target ≥ 1.8×; {os.cpu_count()} cores)")


def _peak_rss_kb(jsonl: Path) -> int:
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run([sys.executable, '-m', 'notice_nlp', 'parse', {str(jsonl)!r}, '--jobs', '1', '--no-progress', '-o', '/dev/null'], check=False, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip())


def bench_e() -> None:
    small, big = (2_000, 20_000) if QUICK else (10_000, 100_000)
    short = "自2022年11月20日0时起,将城关区雁南街道鸿运润园小区{}号楼由高风险区调整为低风险区。"
    with tempfile.TemporaryDirectory() as tmp:
        rss = {}
        for n in (small, big):
            p = Path(tmp) / f"{n}.jsonl"
            with open(p, "w", encoding="utf-8") as fh:
                for i in range(n):
                    fh.write(json.dumps({"id": f"d{i}", "text": short.format(i % 40 + 1)}, ensure_ascii=False) + "\n")
            t = time.perf_counter()
            rss[n] = _peak_rss_kb(p)
            print(f"    {n:,} documents: peak RSS {rss[n] / 1024:.1f} MB ({time.perf_counter() - t:.0f} s)")
    print(f"(e) peak RSS {big:,} docs / {small:,} docs = {rss[big] / rss[small]:.3f} (target ≤ 1.10)")


def bench_f() -> None:
    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from notice_nlp.ingest.pdf import pdf_text

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    texts = "".join(corpus_texts()).replace("\n", "")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    pages = 8 if QUICK else 30
    pos = 0
    for _ in range(pages):
        c.setFont("STSong-Light", 10)
        for col, x in enumerate((50, 312)):
            y = 790
            while y > 60:
                c.drawString(x, y, texts[pos : pos + 22])
                pos = (pos + 22) % (len(texts) - 30)
                y -= 15
        c.showPage()
    c.save()
    data = buf.getvalue()

    def base() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for p in pdf.pages:
                p.extract_text()

    base()
    ours = best_of(lambda: pdf_text(data, "bench"), 2)
    plain = best_of(base, 2)
    print(f"(f) PDF {pages / ours:.1f} pages/s; pdfplumber extract_text {pages / plain:.1f} pages/s; cost ratio {ours / plain:.2f}× (target ≤ 1.3×)")


def bench_g() -> None:
    exe = [sys.executable, "-m", "notice_nlp", "parse", str(CORPUS / "xian-yanta-2022-11-25.txt"), "-o", os.devnull]
    subprocess.run(exe, check=True)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(exe, check=True)
        times.append(time.perf_counter() - t)
    print(f"(g) CLI cold start, one small notice: best {min(times):.2f} s, median {sorted(times)[2]:.2f} s (target ≤ 1.5 s)")


BENCHES = {"a": bench_a, "b": bench_b, "c": bench_c, "d": bench_d, "e": bench_e, "f": bench_f, "g": bench_g}

if __name__ == "__main__":
    chosen = [a for a in sys.argv[1:] if a in BENCHES] or list(BENCHES)
    if len(chosen) > 1:
        # Each benchmark in a process of its own: the baselines one loads (jionlp, cpca) would
        # otherwise weigh on the next, e.g. on forking workers in (d).
        for key in chosen:
            subprocess.run([sys.executable, __file__, key] + (["--quick"] if QUICK else []), check=False)
    else:
        key = chosen[0]
        try:
            BENCHES[key]()
        except ImportError as exc:
            print(f"({key}) skipped: baseline not installed ({exc.name}); run it with make bench")

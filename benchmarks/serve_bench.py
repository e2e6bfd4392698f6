"""Benchmarks of the HTTP service, run by hand (never part of the test suite):

  load        N requests at concurrency C on loopback: errors, p50/p95/p99 latency, throughput,
              RSS of the server and its workers before, during and after
  throughput  /v1/parse documents/s vs parse_text in a process pool with the same number of
              workers, on the same documents (target ≥ 0.7×), the sides taking turns; medians of
              several runs

Usage: python benchmarks/serve_bench.py [load] [throughput] [--requests 2000] [--concurrency 16] [--workers 2]
       [--segment 108] [--repeat 10] [--runs 3] [--sides httpx,httpx2,async2,stdlib,stdlib2,raw2,batch] [--baseline-src OLD/src]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.service_server import start_server, stop_server  # noqa: E402

TOKEN = "bench"


def corpus_texts() -> list[str]:
    from notice_nlp.ingest import load_path

    return [load_path(p).text for p in sorted((ROOT / "corpus").iterdir()) if p.suffix in (".txt", ".html", ".pdf")]


def tree_rss_mb(pid: int) -> float:
    import psutil

    p = psutil.Process(pid)
    procs = [p, *p.children(recursive=True)]
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _limits(concurrency: int):
    """Keep-alive connections that the client lets go after 4 s idle, before the server's 5 s:
    with both at 5 s (httpx's default), a request sent on a connection just as the server
    closes it fails, and a side stays idle that long while the others take their turn on a
    busy machine (one request of about 45,000 failed so, with ``httpx.AsyncClient``)."""
    import httpx

    return httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=4.0)


def _async_client(url: str, concurrency: int):
    import httpx

    limits = _limits(concurrency)
    return httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120, limits=limits)


def _sync_client(url: str, concurrency: int):
    import httpx

    limits = _limits(concurrency)
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120, limits=limits)


async def _drive(url: str, texts: list[str], n: int, concurrency: int, on_progress=None, client=None) -> tuple[list[float], dict[int | str, int], float]:
    """``n`` requests from ``concurrency`` tasks sharing one ``httpx.AsyncClient`` (``client``,
    kept by the caller across runs, or one made for this run)."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int | str, int] = {}
    next_i = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal next_i
        while next_i < n:
            i = next_i
            next_i += 1
            t = time.perf_counter()
            try:
                r = await client.post("/v1/parse", json={"text": texts[i % len(texts)], "source": f"doc-{i}"})
                code = r.status_code
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            latencies.append(time.perf_counter() - t)
            statuses[code] = statuses.get(code, 0) + 1
            if on_progress and len(latencies) % 250 == 0:
                on_progress(len(latencies))

    if client is None:
        async with _async_client(url, concurrency) as own:
            t0 = time.perf_counter()
            await asyncio.gather(*(worker(own) for _ in range(concurrency)))
            wall = time.perf_counter() - t0
    else:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, statuses, wall


def _threaded(n: int, concurrency: int, open_sender) -> tuple[list[float], dict[int | str, int], float]:
    """``n`` requests from ``concurrency`` threads, each taking the next index in turn and timing
    its request. ``open_sender()``, called in each thread, gives that thread's ``(send, close)``:
    ``send(i)`` makes request ``i`` and returns its status code or the name of its error."""
    import threading

    latencies: list[float] = []
    statuses: dict[int | str, int] = {}
    next_i = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal next_i
        send, close = open_sender()
        try:
            while True:
                with lock:
                    if next_i >= n:
                        return
                    i = next_i
                    next_i += 1
                t = time.perf_counter()
                code = send(i)
                with lock:
                    latencies.append(time.perf_counter() - t)
                    statuses[code] = statuses.get(code, 0) + 1
        finally:
            close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, statuses, time.perf_counter() - t0


def _drive_threads(url: str, texts: list[str], n: int, concurrency: int, client=None) -> tuple[list[float], dict[int | str, int], float]:
    """The same requests from one ``httpx.Client`` (keep-alive, a pool of ``concurrency``
    connections) shared by ``concurrency`` threads: the plain synchronous httpx a script uses.
    ``client`` is kept by the caller across runs, or one is made for this run."""
    from contextlib import nullcontext

    import httpx

    with (nullcontext(client) if client is not None else _sync_client(url, concurrency)) as client:

        def send(i: int) -> int | str:
            try:
                return client.post("/v1/parse", json={"text": texts[i % len(texts)], "source": f"doc-{i}"}).status_code
            except httpx.HTTPError as exc:
                return type(exc).__name__

        return _threaded(n, concurrency, lambda: (send, lambda: None))


def _drive_stdlib(host: str, port: int, texts: list[str], n: int, concurrency: int) -> tuple[list[float], dict[int | str, int], float]:
    """The same requests from the standard library's ``http.client``: ``concurrency`` threads,
    each with its own keep-alive connection, encoding each body as it sends it (what a script
    with no dependency would do). A lighter client than httpx (about a quarter of its CPU per
    request), real HTTP/1.1 over loopback all the same."""
    import http.client
    import json

    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}

    def open_sender():
        conn = http.client.HTTPConnection(host, port, timeout=120)

        def send(i: int) -> int | str:
            try:
                body = json.dumps({"text": texts[i % len(texts)], "source": f"doc-{i}"}, ensure_ascii=False).encode("utf-8")
                conn.request("POST", "/v1/parse", body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                return r.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                return type(exc).__name__

        return send, conn.close

    return _threaded(n, concurrency, open_sender)


async def _drive_raw(host: str, port: int, texts: list[str], n: int, concurrency: int) -> tuple[list[float], dict[int | str, int], float]:
    """The same requests from a minimal HTTP/1.1 keep-alive client (a few lines of asyncio), so
    that the client's own CPU time, on the same cores, weighs as little as possible."""
    import json

    latencies: list[float] = []
    statuses: dict[int | str, int] = {}
    next_i = 0
    bodies = [json.dumps({"text": t}, ensure_ascii=False).encode("utf-8") for t in texts]

    async def worker() -> None:
        nonlocal next_i
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while next_i < n:
                i = next_i
                next_i += 1
                body = bodies[i % len(bodies)]
                t = time.perf_counter()
                writer.write(
                    b"POST /v1/parse HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                head = await reader.readuntil(b"\r\n\r\n")
                code = int(head[9:12])
                length = next(int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:"))
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - t)
                statuses[code] = statuses.get(code, 0) + 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, statuses, time.perf_counter() - t0


def bench_load(args: argparse.Namespace) -> None:
    texts = corpus_texts()
    srv = start_server(TOKEN, "--workers", str(args.workers), "--log-level", "warning")
    try:
        asyncio.run(_drive(srv.url, texts, 2 * len(texts), 4))  # warm-up
        rss = [tree_rss_mb(srv.proc.pid)]
        lat, statuses, wall = asyncio.run(
            _drive(srv.url, texts, args.requests, args.concurrency, on_progress=lambda k: rss.append(tree_rss_mb(srv.proc.pid)))
        )
        rss.append(tree_rss_mb(srv.proc.pid))
    finally:
        stop_server(srv)
    q = statistics.quantiles(lat, n=100)
    errors = sum(v for k, v in statuses.items() if k != 200)
    print(f"load: {args.requests} requests, concurrency {args.concurrency}, {args.workers} workers, {len(texts)} corpus documents in turn")
    print(f"  statuses {dict(sorted(statuses.items(), key=str))}  errors {errors}")
    print(f"  latency p50 {q[49] * 1000:.0f} ms  p95 {q[94] * 1000:.0f} ms  p99 {q[98] * 1000:.0f} ms  max {max(lat) * 1000:.0f} ms")
    print(f"  throughput {args.requests / wall:.1f} requests/s ({wall:.1f} s)")
    print(f"  RSS server+workers MB: start {rss[0]:.0f}, during {' '.join(f'{r:.0f}' for r in rss[1:-1])}, end {rss[-1]:.0f}")


def _in_process(text: str) -> dict:
    from notice_nlp import parse_text

    return parse_text(text).to_dict()


def _warm() -> None:
    _in_process("北京市朝阳区关于调整风险区域的通告\n将朝阳区甲小区调整为高风险区。")


def _batch_wall(client, docs: list[str]) -> float:
    """One ``/v1/parse/batch`` request of ``docs`` from an ``httpx.Client``, read line by line."""
    import json

    body = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in docs).encode("utf-8")
    t = time.perf_counter()
    with client.stream("POST", "/v1/parse/batch", content=body, timeout=600, headers={"Content-Type": "application/x-ndjson"}) as r:
        lines = sum(1 for line in r.iter_lines() if line)
    wall = time.perf_counter() - t
    assert r.status_code == 200 and lines == len(docs), (r.status_code, lines)
    return wall


# The sides of the throughput benchmark: (label, client, concurrency per worker)
SIDES = {
    "httpx": ("/v1/parse, httpx.Client, a thread per worker", "threads", 1),
    "httpx2": ("/v1/parse, httpx.Client, 2 threads per worker", "threads", 2),
    "async2": ("/v1/parse, httpx.AsyncClient, 2 tasks per worker", "async", 2),
    "stdlib": ("/v1/parse, http.client, a thread per worker", "stdlib", 1),
    "stdlib2": ("/v1/parse, http.client, 2 threads per worker", "stdlib", 2),
    "raw2": ("/v1/parse, minimal client, 2 conns per worker", "raw", 2),
    "batch": ("/v1/parse/batch, one request per round", "batch", 0),
}


def _cpu(procs: list) -> float:
    import psutil

    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _name(side: str) -> str:
    return side.split("@")[0]


def _tag(side: str) -> str:
    """``"@base"`` for a side run against the baseline server, else ``""``."""
    return side[len(_name(side)):]


def bench_throughput(args: argparse.Namespace) -> None:
    """``--runs`` runs of ``--repeat`` rounds; in a round each side parses the same
    ``--segment`` documents once, the sides taking turns (on a shared machine the load from
    elsewhere changes from one second to the next, and taking turns spreads it over every side
    alike). A run's ratio is the in-process side's summed time over the side's; the figure is
    the median of the runs' ratios. Workers, servers and clients are started and warmed up
    (every side runs one untimed round) before anything is timed. With ``--baseline-src`` a
    second server runs the code of another source tree (e.g. a worktree of an earlier
    commit), and every served side is run against both servers, taking turns with the rest:
    a before/after comparison under the same load."""
    import psutil

    texts = corpus_texts()
    seg = (texts * (args.segment // len(texts) + 1))[: args.segment]
    chosen = args.sides.split(",")
    unknown = [k for k in chosen if k not in SIDES]
    if unknown:
        raise SystemExit(f"unknown side(s) {', '.join(unknown)}; known: {', '.join(SIDES)}")
    servers = {"": start_server(TOKEN, "--workers", str(args.workers), "--log-level", "warning")}
    if args.baseline_src:
        saved = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = str(Path(args.baseline_src).resolve())
        try:
            servers["@base"] = start_server(TOKEN, "--workers", str(args.workers), "--log-level", "warning")
        finally:
            if saved is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = saved
    sides = ["local", *(k + tag for k in chosen for tag in servers)]
    procs = {tag: psutil.Process(s.proc.pid) for tag, s in servers.items()}
    runs: list[tuple[dict[str, float], dict[str, list[float]]]] = []  # per run: wall and CPU seconds per side

    def check(statuses: dict[int | str, int]) -> None:
        assert statuses == {200: len(seg)}, statuses

    try:
        with ProcessPoolExecutor(args.workers, initializer=_warm) as pool:
            list(pool.map(_in_process, texts[: args.workers * 2]))
            local_workers = [psutil.Process(p) for p in pool._processes]  # noqa: SLF001
            served_workers = {tag: p.children(recursive=True) for tag, p in procs.items()}  # the workers, under the forkserver
            # Each client is made once, as a program using the service would: making an httpx
            # client costs about 25 ms of CPU (its TLS context), a tenth of a segment's time.
            loop = asyncio.new_event_loop()
            clients = {k: (_sync_client if SIDES[_name(k)][1] == "threads" else _async_client)(servers[_tag(k)].url, max(1, SIDES[_name(k)][2]) * args.workers)
                       for k in sides[1:] if SIDES[_name(k)][1] in ("threads", "async")}
            batch_clients = {tag: _sync_client(s.url, 1) for tag, s in servers.items()}

            def side_fn(side: str):
                if side == "local":
                    return lambda: list(pool.map(_in_process, seg, chunksize=1))
                _, kind, per_worker = SIDES[_name(side)]
                conc = per_worker * args.workers
                srv, batch_client = servers[_tag(side)], batch_clients[_tag(side)]
                if kind == "threads":
                    return lambda: check(_drive_threads(srv.url, seg, len(seg), conc, client=clients[side])[1])
                if kind == "async":
                    return lambda: check(loop.run_until_complete(_drive(srv.url, seg, len(seg), conc, client=clients[side]))[1])
                if kind == "stdlib":
                    return lambda: check(_drive_stdlib(srv.host, srv.port, seg, len(seg), conc)[1])
                if kind == "raw":
                    return lambda: check(loop.run_until_complete(_drive_raw(srv.host, srv.port, seg, len(seg), conc))[1])
                return lambda: _batch_wall(batch_client, seg)

            fns = {k: side_fn(k) for k in sides}
            try:
                for k in sides:  # warm-up, untimed: connections, first requests, caches
                    fns[k]()
                for _ in range(args.runs):
                    wall = {k: 0.0 for k in sides}
                    cpu = {k: [0.0, 0.0, 0.0] for k in sides}  # this process / server / workers
                    for _ in range(args.repeat):
                        for k in sides:
                            workers = local_workers if k == "local" else served_workers[_tag(k)]
                            srv_procs = [] if k == "local" else [procs[_tag(k)]]
                            before = (time.process_time(), _cpu(srv_procs), _cpu(workers))
                            t = time.perf_counter()
                            fns[k]()
                            wall[k] += time.perf_counter() - t
                            after = (time.process_time(), _cpu(srv_procs), _cpu(workers))
                            for i in range(3):
                                cpu[k][i] += after[i] - before[i]
                    runs.append((wall, cpu))
                    n = len(seg) * args.repeat
                    print(f"  run {len(runs)}: in-process {n / wall['local']:.0f} docs/s; ratios "
                          + ", ".join(f"{k} {wall['local'] / wall[k]:.2f}" for k in sides[1:])
                          + f"  (load average {os.getloadavg()[0]:.1f})", flush=True)
            finally:
                for k, c in clients.items():
                    if SIDES[_name(k)][1] == "threads":
                        c.close()
                    else:
                        loop.run_until_complete(c.aclose())
                for c in batch_clients.values():
                    c.close()
                loop.close()
    finally:
        for s in servers.values():
            stop_server(s)
    n = len(seg) * args.repeat
    print(f"throughput: {args.runs} runs of {args.repeat} rounds of {len(seg)} documents per side ({len(texts)} corpus documents "
          f"in turn), {args.workers} workers, sides taking turns, client on the same machine, every request answered 200")
    med = statistics.median
    print(f"  {'in-process parse_text (process pool)':62s} {med(n / w['local'] for w, _ in runs):6.1f} docs/s (median of runs)")
    for k in sides[1:]:
        ratios = sorted(w["local"] / w[k] for w, _ in runs)
        label = SIDES[_name(k)][0] + (" [baseline]" if _tag(k) else "")
        print(f"  {label:62s} {med(n / w[k] for w, _ in runs):6.1f} docs/s  ratio median {med(ratios):.2f} "
              f"(runs {', '.join(f'{r:.2f}' for r in ratios)})")
    print("  (target ratio ≥ 0.7)")
    print("CPU per document, ms, medians of runs (client or pool feeder / server process / workers = total; "
          "in-process total ÷ this total):")
    for k in sides:
        parts = [med(c[k][i] / n for _, c in runs) * 1000 for i in range(3)]
        total = med(sum(c[k]) / n for _, c in runs) * 1000
        tail = "" if k == "local" else f"  ÷ {med(sum(c['local']) / sum(c[k]) for _, c in runs):.2f}"
        print(f"  {k:13s} {parts[0]:5.2f} / {parts[1]:5.2f} / {parts[2]:5.2f} = {total:5.2f}{tail}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="*", default=["load", "throughput"])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--segment", type=int, default=108, help="documents per side per round (throughput)")
    ap.add_argument("--repeat", type=int, default=10, help="rounds per run (throughput)")
    ap.add_argument("--runs", type=int, default=3, help="runs; the ratios reported are their medians (throughput)")
    ap.add_argument("--baseline-src", help="throughput: also serve this source tree's code (a src/ folder) and compare both, taking turns")
    ap.add_argument("--sides", default="httpx,httpx2,async2,stdlib,stdlib2,raw2,batch", help=f"what to compare with in-process parse_text (throughput; {', '.join(SIDES)})")
    args = ap.parse_args()
    for name in args.which:
        {"load": bench_load, "throughput": bench_throughput}[name](args)


if __name__ == "__main__":
    main()

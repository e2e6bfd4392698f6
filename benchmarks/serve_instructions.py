"""What a document costs each process on either side of the throughput benchmark
(``serve_bench.py throughput``), in instructions counted by callgrind: a figure the load of a
shared machine does not move, where wall-clock and CPU-time ratios swing with it. Run by hand
(valgrind needed; about 15 minutes):

  python benchmarks/serve_instructions.py [--docs 108]

Roles, each counted in its own process around the loop over the documents only (start-up,
imports and warm-up excluded):

  pool worker     parse_text(text).to_dict(), the task and the result pickled (in-process side)
  pool feeder     ProcessPoolExecutor.map's work in the calling process, per document
  served worker   the service worker's job: parse, to_dict, JSON bytes, the result pickled
  serving process uvicorn + the application + the pool, per POST /v1/parse (minimal client)
  httpx.Client    the client, 2 threads per worker, per request
  http.client     the standard library's client, 2 threads per worker, per request

Kernel time (system calls, the wake-ups of a request's hops between processes) is not
counted; it is why the CPU-time ratio of the throughput benchmark is lower than this one."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import serve_bench as sb  # noqa: E402
from tests.service_server import free_port  # noqa: E402

_COLLECTED = re.compile(r"==(\d+)== Collected : (\d+)")


def _instrument(pid: int, on: bool) -> None:
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def _role(role: str, n: int, url: str | None) -> None:
    """In the process valgrind runs: warm up, then count the loop over ``n`` documents."""
    import pickle
    from multiprocessing.reduction import ForkingPickler

    texts = sb.corpus_texts()
    docs = [texts[i % len(texts)] for i in range(n)]
    me = os.getpid()
    if role == "pool-worker":
        sb._warm()
        for t in texts:
            sb._in_process(t)
        _instrument(me, True)
        for t in docs:
            ForkingPickler.dumps(sb._in_process(pickle.loads(ForkingPickler.dumps(t))))
        _instrument(me, False)
    elif role == "served-worker":
        from notice_nlp.service.jobs import run_job, warm

        warm()
        for t in texts:
            run_job("parse_text", (t, None, None, False))
        _instrument(me, True)
        for t in docs:
            ForkingPickler.dumps(run_job(*pickle.loads(ForkingPickler.dumps(("parse_text", (t, None, None, False))))))
        _instrument(me, False)
    elif role == "pool-feeder":
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(2, initializer=sb._warm) as pool:
            list(pool.map(sb._in_process, texts))
            _instrument(me, True)
            list(pool.map(sb._in_process, docs, chunksize=1))
            _instrument(me, False)
    elif role == "client":
        with sb._sync_client(url, 4) as client:
            sb._drive_threads(url, texts, len(texts), 4, client=client)
            _instrument(me, True)
            statuses = sb._drive_threads(url, docs, n, 4, client=client)[1]
            _instrument(me, False)
        assert statuses == {200: n}, statuses
    elif role == "stdlib-client":
        host, port = url.rsplit("/", 1)[-1].split(":")
        sb._drive_stdlib(host, int(port), texts, len(texts), 4)
        _instrument(me, True)
        statuses = sb._drive_stdlib(host, int(port), docs, n, 4)[1]
        _instrument(me, False)
        assert statuses == {200: n}, statuses


def _valgrind(out_dir: str, tag: str) -> list[str]:
    return ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_dir}/{tag}.%p"]


def _collected(log: str, pid: int | None = None) -> int:
    counts = {int(p): int(c) for p, c in _COLLECTED.findall(log)}
    return counts[pid] if pid is not None else max(counts.values())


def _count(role: str, n: int, out_dir: str, url: str | None = None) -> float:
    cmd = [*_valgrind(out_dir, role), sys.executable, __file__, "--role", role, "--docs", str(n)] + (["--url", url] if url else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{role}: valgrind run failed\n{r.stderr[-2000:]}")
    return _collected(r.stderr) / n


def _count_server(n: int, out_dir: str) -> tuple[float, float, float]:
    """The serving process (run under valgrind, its workers too, uncounted) per request from
    the minimal client, then an httpx.Client's and an http.client's own counts against the
    same server."""
    port = free_port()
    log = Path(out_dir) / "server.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [*_valgrind(out_dir, "server"), sys.executable, "-m", "notice_nlp", "serve", "--port", str(port), "--workers", "2", "--token", sb.TOKEN, "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=err,
        )
    try:
        import httpx

        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        texts = sb.corpus_texts()
        asyncio.run(sb._drive_raw("127.0.0.1", port, texts, 2 * len(texts), 2))
        _instrument(proc.pid, True)
        statuses = asyncio.run(sb._drive_raw("127.0.0.1", port, texts, n, 2))[1]
        _instrument(proc.pid, False)
        assert statuses == {200: n}, statuses
        url = f"http://127.0.0.1:{port}"
        client = _count("client", n, out_dir, url)
        stdlib = _count("stdlib-client", n, out_dir, url)
    finally:
        proc.terminate()
        proc.wait(120)
    return _collected(log.read_text(), proc.pid) / n, client, stdlib


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=108)
    ap.add_argument("--role")
    ap.add_argument("--url")
    args = ap.parse_args()
    if args.role:
        _role(args.role, args.docs, args.url)
        return
    with tempfile.TemporaryDirectory(prefix="notice-serve-cg-") as out:
        c = {role: _count(role, args.docs, out) for role in ("pool-worker", "pool-feeder", "served-worker")}
        c["server"], c["client"], c["stdlib-client"] = _count_server(args.docs, out)
    local = c["pool-worker"] + c["pool-feeder"]
    service = c["served-worker"] + c["server"]
    print(f"instructions per document, millions ({args.docs} documents, the {len(sb.corpus_texts())} corpus documents in turn):")
    for key, label in (("pool-worker", "in-process: pool worker"), ("pool-feeder", "in-process: pool feeder"), ("served-worker", "service: worker"),
                       ("server", "service: serving process"), ("client", "client: httpx.Client"), ("stdlib-client", "client: http.client")):
        print(f"  {label:28s} {c[key] / 1e6:6.2f}")
    print(f"  ratio in-process ÷ service {local / service:.2f}; ÷ service and httpx.Client {local / (service + c['client']):.2f}; "
          f"÷ service and http.client {local / (service + c['stdlib-client']):.2f}")


if __name__ == "__main__":
    main()

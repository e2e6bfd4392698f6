"""Starting the real HTTP service (uvicorn in a subprocess on a free loopback port) for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Server:
    url: str
    host: str
    port: int
    token: str
    proc: subprocess.Popen
    log: str

    def log_text(self) -> str:
        with open(self.log, encoding="utf-8", errors="replace") as fh:
            return fh.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(token: str, *extra: str, token_from_env: bool = False) -> Server:
    import httpx

    port = free_port()
    fd, log = tempfile.mkstemp(prefix="notice-nlp-serve-", suffix=".log")
    os.close(fd)
    env = {k: v for k, v in os.environ.items() if k != "NOTICE_NLP_TOKEN"}
    if token_from_env:
        env["NOTICE_NLP_TOKEN"] = token
    cmd = [sys.executable, "-m", "notice_nlp", "serve", "--port", str(port), "--log-level", "warning", *extra]
    if not token_from_env:
        cmd += ["--token", token]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}", "127.0.0.1", port, token, proc, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{server.log_text()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"server did not start:\n{server.log_text()}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)
    os.unlink(server.log)


def authorised_client(server: Server):
    """An httpx client for ``server`` that sends its bearer token (a context manager)."""
    import httpx

    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {server.token}"}, timeout=60)

"""The cheap path of ``POST /v1/parse`` gives what the routed endpoint gives, and a response
leaves the server in one write: uvicorn's own protocol and cycle, driven over a recording
transport, and the application with and without its fast path, request for request."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

import warnings  # noqa: E402

with warnings.catch_warnings():  # starlette's notice about which httpx its test client prefers
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from notice_nlp.service.app import create_app  # noqa: E402
from notice_nlp.service.jobs import run_job  # noqa: E402
from notice_nlp.service.settings import Settings  # noqa: E402

TOKEN = "fast-path-token"
NOTICE = "杭州市上城区疫情防控指挥部关于调整风险区域的通告\n自2022年10月8日起,将上城区紫阳街道馒头山社区12幢调整为高风险区。"


class InlinePool:
    """Runs each job in this process, as a worker would (same job code, same result tuples)."""

    size = 1

    def alive(self) -> int:
        return 1

    async def run(self, name, args, *, timeout):
        return run_job(name, args)


class FailingPool(InlinePool):
    """A pool that fails in a way no request causes (the server-error path)."""

    async def run(self, name, args, *, timeout):
        raise RuntimeError("the pool broke")


def _client(fast: bool, pool=None, **settings) -> TestClient:
    app = create_app(Settings(token=TOKEN, **settings), pool=pool or InlinePool())
    if not fast:  # the same application with every request routed to the endpoint
        app.fast_parse = None
    else:  # counting the requests the fast path takes
        inner = app.fast_parse

        async def counted(scope, receive, send):
            app.state.fast_requests = getattr(app.state, "fast_requests", 0) + 1
            await inner(scope, receive, send)

        app.fast_parse = counted
    return TestClient(app, raise_server_exceptions=False)


AUTH = {"Authorization": f"Bearer {TOKEN}"}
REQUESTS = [
    ("ok", {"json": {"text": NOTICE, "source": "a.txt", "published": "2022-10-08"}, "headers": AUTH}),
    ("with text", {"params": {"with_text": "yes"}, "json": {"text": NOTICE}, "headers": AUTH}),
    ("charset and +json", {"content": json.dumps({"text": NOTICE}).encode(), "headers": {**AUTH, "Content-Type": "application/vnd.x+json; charset=utf-8"}}),
    ("no token", {"json": {"text": NOTICE}}),
    ("wrong token", {"json": {"text": NOTICE}, "headers": {"Authorization": "Bearer nope"}}),
    ("bad flag", {"params": {"with_text": "maybe"}, "json": {"text": NOTICE}, "headers": AUTH}),
    ("not JSON", {"content": b"{not json", "headers": {**AUTH, "Content-Type": "application/json"}}),
    ("invalid UTF-8", {"content": b'{"text": "\xff\xfe"}', "headers": {**AUTH, "Content-Type": "application/json"}}),
    ("wrong type", {"json": {"text": 5}, "headers": AUTH}),
    ("extra field", {"json": {"text": NOTICE, "path": "/etc/passwd"}, "headers": AUTH}),
    ("lone surrogate", {"content": b'{"text": "\\ud800"}', "headers": {**AUTH, "Content-Type": "application/json"}}),
    ("binary", {"json": {"text": "\x00\x01\x02" * 50}, "headers": AUTH}),
    ("empty text", {"json": {"text": ""}, "headers": AUTH}),
    ("bad date", {"json": {"text": NOTICE, "published": "2022-13-40"}, "headers": AUTH}),
    ("other type", {"content": b"text", "headers": {**AUTH, "Content-Type": "text/plain"}}),
    ("other query", {"params": {"x": "1"}, "json": {"text": NOTICE}, "headers": AUTH}),
    ("blank flag", {"params": {"x": "1", "with_text": ""}, "json": {"text": NOTICE}, "headers": AUTH}),
    ("two tokens, first wrong", {"json": {"text": NOTICE}, "headers": [("Authorization", "Bearer nope"), ("Authorization", f"Bearer {TOKEN}")]}),
    ("two tokens, first right", {"json": {"text": NOTICE}, "headers": [("Authorization", f"Bearer {TOKEN}"), ("Authorization", "Bearer nope")]}),
    ("scheme only", {"json": {"text": NOTICE}, "headers": {"Authorization": "Bearer"}}),
]


@pytest.mark.parametrize("case,kwargs", REQUESTS, ids=[c for c, _ in REQUESTS])
def test_fast_path_answers_as_the_endpoint(case, kwargs):
    with _client(fast=True) as fast, _client(fast=False) as routed:
        a = fast.post("/v1/parse", **kwargs)
        b = routed.post("/v1/parse", **kwargs)
    assert (a.status_code, a.headers["content-type"], a.content) == (b.status_code, b.headers["content-type"], b.content)
    assert a.headers.get("www-authenticate") == b.headers.get("www-authenticate")
    assert getattr(fast.app.state, "fast_requests", 0) == (case != "other type")  # JSON only
    if case.startswith(("ok", "with", "charset", "other query", "two tokens, first right")):
        assert a.status_code == 200 and json.loads(a.content)["notices"]
    else:
        assert a.status_code >= 400 and a.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("case", ["server error", "declared too large", "grew too large"])
def test_fast_path_answers_failures_and_limits_as_the_application(case):
    """An unexpected failure gets the server-error handler's 500 problem document, and the
    body limits apply before the body is read, with and without the fast path."""
    pool = FailingPool() if case == "server error" else None
    body = json.dumps({"text": NOTICE}).encode()
    answers = []
    for fast in (True, False):
        # without a Content-Length (parts of a stream) the limit is met while reading
        content = iter([body[:100], body[100:]]) if case == "grew too large" else body
        with _client(fast, pool, max_bytes=10**6 if pool else 120) as client:
            r = client.post("/v1/parse", content=content, headers={**AUTH, "Content-Type": "application/json"})
            answers.append((r.status_code, r.headers["content-type"], r.content))
    assert answers[0] == answers[1]
    assert answers[0][0] == {"server error": 500, "declared too large": 413, "grew too large": 413}[case]
    assert answers[0][1] == "application/problem+json"


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def _exchange(app, request: bytes) -> RecordingTransport:
    """``request`` through the service's HTTP protocol (uvicorn's, with its changes) to ``app``."""
    import uvicorn
    from uvicorn.server import ServerState

    from notice_nlp.service.protocol import head_timeout_protocol

    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    config.load()
    protocol = head_timeout_protocol(5.0)(config=config, server_state=ServerState(), app_state={})
    transport = RecordingTransport()
    protocol.connection_made(transport)
    protocol.data_received(request)
    for _ in range(100):
        await asyncio.sleep(0.005)
        if protocol.cycle is not None and protocol.cycle.response_complete:
            break
    protocol.connection_lost(None)
    return transport


def _app(*messages):
    async def app(scope, receive, send):
        while (await receive())["more_body"]:
            pass
        for m in messages:
            await send(m)

    return app


def _start(*headers):
    return {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain"), *headers]}


def test_a_response_of_known_length_is_one_write():
    body = "一份文书".encode() * 100
    sent = asyncio.run(_exchange(_app(_start((b"content-length", str(len(body)).encode())), {"type": "http.response.body", "body": body}),
                                 b"POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))
    assert len(sent.writes) == 1, [w[:40] for w in sent.writes]
    assert sent.writes[0].startswith(b"HTTP/1.1 200 OK\r\n") and sent.writes[0].endswith(b"\r\n\r\n" + body)


def test_streamed_head_and_empty_responses_are_written_as_before():
    chunks = [{"type": "http.response.body", "body": b"line\n", "more_body": True}, {"type": "http.response.body", "body": b""}]
    streamed = asyncio.run(_exchange(_app(_start(), *chunks), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert len(streamed.writes) == 3 and streamed.writes[0].endswith(b"transfer-encoding: chunked\r\n\r\n")  # the head at once
    head = asyncio.run(_exchange(_app(_start((b"content-length", b"5")), {"type": "http.response.body", "body": b""}), b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert len(head.writes) == 1 and head.writes[0].endswith(b"content-length: 5\r\n\r\n")
    empty = asyncio.run(_exchange(_app(_start((b"content-length", b"0")), {"type": "http.response.body", "body": b""}), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert b"".join(empty.writes).endswith(b"content-length: 0\r\n\r\n")


def test_a_response_cut_short_still_sends_its_head_then_closes():
    async def app(scope, receive, send):
        await send(_start((b"content-length", b"10")))
        raise RuntimeError("failed after the head")

    sent = asyncio.run(_exchange(app, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert sent.closed and len(sent.writes) == 1 and sent.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")

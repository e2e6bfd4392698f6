"""uvicorn's httptools protocol with two changes, for what never reaches the application:

- a time limit on the request head. uvicorn times out idle keep-alive connections but not a
  request whose head never completes: a client that opens connections and trickles header bytes
  (slowloris) would hold each one for ever. This protocol answers 408 and closes the connection
  when the head of a request is not complete within the limit (the body has its own limit,
  :mod:`.limits`);
- the head of a response whose body has a known length is written together with the body, in
  one write: uvicorn writes them separately, and a client reading the head in one segment and
  the body in the next wakes up twice for every response;
- a request that is not HTTP/1.1 (a malformed request line, header or chunked body, a path
  that is not ASCII) is answered with a 400 problem document, as every other error is, instead
  of uvicorn's plain-text ``Invalid HTTP request received.``."""

from __future__ import annotations

import sys

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .jobs import json_bytes

__all__ = ["head_timeout_protocol"]


class _OneWrite:
    """The transport as one response sees it: the head of a response with a body of a known
    length (not chunked, not to a HEAD request) is held until the body is written, and the two
    go out in one write. Everything else passes straight through."""

    __slots__ = ("_transport", "_cycle", "_head", "_head_done")

    def __init__(self, transport, cycle) -> None:
        self._transport, self._cycle = transport, cycle
        self._head: bytes | None = None
        self._head_done = False

    def write(self, data: bytes) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head + data)
            return
        cycle = self._cycle
        if not self._head_done and cycle.response_started:  # this is the response head
            self._head_done = True
            if cycle.chunked_encoding is False and cycle.expected_content_length > 0 and cycle.scope["method"] != "HEAD":
                self._head = data
                return
        self._transport.write(data)

    def close(self) -> None:
        if self._head is not None:  # a response cut short: its head goes out, as uvicorn would send it
            head, self._head = self._head, None
            self._transport.write(head)
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()


class _HeadTimeout(HttpToolsProtocol):
    head_timeout: float = 10.0
    _head_timer = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_timer is None:  # the next request on a kept-alive connection
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and not isinstance(cycle.transport, _OneWrite):
            cycle.transport = _OneWrite(cycle.transport, cycle)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        self._problem_and_close(408, "Request Timeout", "head-timeout", f"the request head was not received within {self.head_timeout:g} s")

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn inside its ``except httptools.HttpParserError`` (the parser's own
        message, e.g. ``Invalid method encountered``, is the exception in hand)."""
        self._disarm()
        exc = sys.exc_info()[1]
        reason = str(exc.args[0]) if exc is not None and exc.args else ""
        detail = "the request is not valid HTTP/1.1" + (f" ({reason[:200]})" if reason else "")
        self._problem_and_close(400, "Bad Request", "bad-http-request", detail)

    def _problem_and_close(self, status: int, reason: str, kind: str, detail: str) -> None:
        body = json_bytes({"type": f"https://notice-nlp.invalid/problems/{kind}", "title": reason[:1] + reason[1:].lower(), "status": status, "detail": detail})
        self.transport.write(
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/problem+json\r\n".encode()
            + b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body
        )
        self.transport.close()


def head_timeout_protocol(seconds: float) -> type:
    """uvicorn's httptools protocol with a ``seconds`` limit on each request head."""
    return type("HeadTimeoutProtocol", (_HeadTimeout,), {"head_timeout": seconds})

"""A time limit on the request head. uvicorn times out idle keep-alive connections but not a
request whose head never completes: a client that opens connections and trickles header bytes
(slowloris) would hold each one for ever. This protocol answers 408 and closes the connection
when the head of a request is not complete within the limit (the body has its own limit,
:mod:`.limits`)."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .jobs import json_bytes

__all__ = ["head_timeout_protocol"]


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
        body = json_bytes(
            {
                "type": "https://notice-nlp.invalid/problems/head-timeout",
                "title": "Request timeout",
                "status": 408,
                "detail": f"the request head was not received within {self.head_timeout:g} s",
            }
        )
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/problem+json\r\n"
            + b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body
        )
        self.transport.close()


def head_timeout_protocol(seconds: float) -> type:
    """uvicorn's httptools protocol with a ``seconds`` limit on each request head."""
    return type("HeadTimeoutProtocol", (_HeadTimeout,), {"head_timeout": seconds})

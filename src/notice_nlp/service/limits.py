"""Request body limits, applied before any endpoint reads a byte: a size limit (413) and a time
limit for receiving the whole body (408), against huge uploads and slow-sending clients."""

from __future__ import annotations

import asyncio

from .problems import ProblemError, problem_response

__all__ = ["BodyLimits"]


class BodyLimits:
    """Pure ASGI middleware: ``Content-Length`` over the limit is refused unread; a body that
    grows past it, or is not complete within ``read_timeout`` seconds, stops the request."""

    def __init__(self, app, *, max_bytes: int, read_timeout: float) -> None:
        self.app, self.max_bytes, self.read_timeout = app, max_bytes, read_timeout

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = [v for k, v in scope.get("headers", ()) if k == b"content-length"]
        if declared:
            try:
                size = int(declared[0])
            except ValueError:
                size = -1
            if size < 0:
                await problem_response(ProblemError(400, "Bad request", "Content-Length is not a number", kind="bad-length"))(scope, receive, send)
                return
            if size > self.max_bytes:
                await problem_response(self._too_large(f"the body declares {size} bytes"), scope.get("path"))(scope, receive, send)
                return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.read_timeout
        received = 0
        complete = False

        async def limited_receive():
            nonlocal received, complete
            if complete:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):  # no task per read, unlike wait_for
                    message = await receive()
            except TimeoutError:
                raise ProblemError(
                    408, "Request timeout", f"the body was not received within {self.read_timeout:g} s", kind="body-timeout", headers={"Connection": "close"}
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large(f"the body reached {received} bytes")
                complete = not message.get("more_body", False)
            return message

        await self.app(scope, limited_receive, send)

    def _too_large(self, what: str) -> ProblemError:
        return ProblemError(413, "Content too large", f"{what}; the limit is {self.max_bytes} bytes", kind="too-large", headers={"Connection": "close"})

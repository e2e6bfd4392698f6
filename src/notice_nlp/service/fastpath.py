"""``POST /v1/parse`` with a JSON body, answered before the framework sees the request.

For a small document FastAPI's own layers (its telemetry check, which looks for configured
OpenTelemetry providers on every request, the router, the dependency solving, the exception
middleware) and Starlette's request and response objects cost the serving process more than the
rest of the request's handling together. The busiest request skips them and goes through what
it needs, in the same order as the application's own stack: the server-error guard (the 500
problem document), the body limits (:class:`~.limits.BodyLimits`), then the endpoint's own code
(:func:`~.app.create_app`'s ``parse_json``), which reads the request as Starlette would (the
first ``Authorization`` header, the query string, the body until its last part). What it gets
back is unchanged: the same code answers it, a fault of the request gets the problem document
the exception handlers give it, anything unexpected the server-error handler's answer."""

from __future__ import annotations

from typing import Awaitable, Callable

from .problems import problem_response, request_problem

__all__ = ["ParseFastPath", "is_json", "header", "read_body", "wants_fast_path"]

_JSON_HEADERS = (b"content-type", b"application/json")


def is_json(content_type: str) -> bool:
    """Whether a ``Content-Type`` value (parameters and case aside) names JSON."""
    ctype = content_type.split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def header(scope, name: bytes) -> str | None:
    """The first header ``name`` (lower case, as the server gives names) of a request, as
    Starlette's ``request.headers.get`` reads it."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def wants_fast_path(scope, path: str) -> bool:
    """A ``POST`` to ``path`` whose body is JSON."""
    return scope["path"] == path and scope["method"] == "POST" and is_json(header(scope, b"content-type") or "")


async def read_body(receive) -> bytes:
    """The whole body, read as Starlette's ``request.body()`` reads it (a client gone before its
    end raises :class:`~starlette.requests.ClientDisconnect`)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        elif kind == "http.disconnect":
            from starlette.requests import ClientDisconnect

            raise ClientDisconnect()


class ParseFastPath:
    """Pure ASGI application: ``parse(scope, receive)`` gives the JSON bytes of a 200 answer
    (as a Starlette ``Response(body, media_type="application/json")`` sends them), or raises;
    a fault of the request is answered with its problem document, anything else goes on up."""

    def __init__(self, parse: Callable[..., Awaitable[bytes]]) -> None:
        self.parse = parse

    async def __call__(self, scope, receive, send) -> None:
        try:
            body = await self.parse(scope, receive)
        except Exception as exc:
            problem = request_problem(exc)
            if problem is None:
                raise
            await problem_response(problem, scope["path"])(scope, receive, send)  # request.url.path of this path
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body)), _JSON_HEADERS]})
        await send({"type": "http.response.body", "body": body})

"""``POST /v1/parse`` with a JSON body, handed to its endpoint's code before FastAPI's routing.

For a small document the router, the dependency solving and the exception middleware that wrap
every route cost the serving process more than the rest of the request's handling together
(reading the body, checking it, the worker's round trip, the response). The busiest request
skips them; what it gets back is unchanged: the same code answers it, a fault of the request
gets the problem document the exception handlers give it, and anything unexpected goes on to
the server-error handler, as it would from the endpoint."""

from __future__ import annotations

from typing import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from .problems import problem_response, request_problem

__all__ = ["ParseFastPath", "is_json"]


def is_json(content_type: str) -> bool:
    """Whether a ``Content-Type`` value (parameters and case aside) names JSON."""
    ctype = content_type.split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def _content_type(scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.decode("latin-1")
    return ""


class ParseFastPath:
    """Pure ASGI middleware: a ``POST`` to ``path`` whose body is JSON is answered by
    ``handle`` (the endpoint's JSON branch); every other request goes on to ``app``."""

    def __init__(self, app, *, path: str, handle: Callable[[Request], Awaitable[Response]]) -> None:
        self.app, self.path, self.handle = app, path, handle

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST" or not is_json(_content_type(scope)):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except Exception as exc:
            problem = request_problem(exc)
            if problem is None:
                raise
            response = problem_response(problem, request.url.path)
        await response(scope, receive, send)

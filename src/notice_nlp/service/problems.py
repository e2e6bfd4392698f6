"""Errors as ``application/problem+json`` (RFC 9457): one exception type and the handlers that
turn every failure, expected or not, into a problem document."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .jobs import json_bytes

__all__ = ["ProblemError", "problem_response", "request_problem", "install_handlers", "PROBLEM_MEDIA_TYPE"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "https://notice-nlp.invalid/problems/"
log = logging.getLogger("notice_nlp.service")


class ProblemError(Exception):
    """Raised anywhere in a request: answered as a problem document with ``status``."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str,
        error_class: str | None = None,
        errors: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.kind = status, title, detail, kind
        self.error_class, self.errors, self.headers = error_class, errors, headers


def _clip(text: str, limit: int = 1000) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem_response(exc: ProblemError, instance: str | None = None) -> Response:
    body: dict[str, Any] = {"type": _TYPE_BASE + exc.kind, "title": exc.title, "status": exc.status, "detail": _clip(exc.detail)}
    if instance:
        body["instance"] = instance
    if exc.error_class:
        body["error_class"] = exc.error_class
    if exc.errors:
        body["errors"] = [_clip(e) if isinstance(e, str) else e for e in exc.errors[:50]]
    return Response(json_bytes(body), status_code=exc.status, media_type=PROBLEM_MEDIA_TYPE, headers=exc.headers)


def _validation_errors(errors: Any) -> list[dict[str, Any]]:
    """Pydantic errors without the echoed input (it may be huge or binary)."""
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p != "body"]
        out.append({"location": "/".join(loc) or "body", "message": str(e.get("msg", ""))[:300], "code": e.get("type")})
    return out[:50]


def request_problem(exc: Exception) -> ProblemError | None:
    """The problem a request's own fault is answered with: a :class:`ProblemError` as it is,
    a query parameter or a body that does not validate as 422; None for anything else."""
    from fastapi.exceptions import RequestValidationError
    from pydantic import ValidationError

    if isinstance(exc, ProblemError):
        return exc
    if isinstance(exc, RequestValidationError):
        errors = _validation_errors(exc.errors())
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:3]) or "the request does not match the API"
        return ProblemError(422, "Invalid request", detail, kind="invalid-request", error_class="RequestValidationError", errors=errors)
    if isinstance(exc, ValidationError):
        errors = _validation_errors(exc.errors())
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:3]) or "the body does not match the request model"
        return ProblemError(422, "Invalid request body", detail, kind="invalid-body", error_class="ValidationError", errors=errors)
    return None


def install_handlers(app: Any) -> None:
    from fastapi.exceptions import RequestValidationError
    from pydantic import ValidationError
    from starlette.exceptions import HTTPException

    async def _request_fault(request: Request, exc: Exception) -> Response:
        problem = request_problem(exc)
        if problem is None:  # registered for the classes it maps only
            raise exc
        return problem_response(problem, request.url.path)

    for cls in (ProblemError, RequestValidationError, ValidationError):
        app.add_exception_handler(cls, _request_fault)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed", 400: "Bad request"}.get(exc.status_code, "HTTP error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem_response(ProblemError(exc.status_code, title, detail, kind=f"http-{exc.status_code}", headers=getattr(exc, "headers", None)), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
        return problem_response(
            ProblemError(500, "Internal error", "the server failed on this request; the failure is logged", kind="internal", error_class=type(exc).__name__),
            request.url.path,
        )

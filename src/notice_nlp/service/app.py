"""The HTTP API: a thin layer over :func:`notice_nlp.parse_text`, :func:`notice_nlp.parse_bytes`
and :func:`notice_nlp.generate.generate`. Requests are checked here; parsing and rendering run
in the worker pool (:mod:`.workers`), never on the event loop."""

from __future__ import annotations

import hmac
import json
import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import TypeAdapter, ValidationError
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.responses import Response

from .. import __version__
from .batch import batch_response
from .fastpath import ParseFastPath, header, is_json, read_body, wants_fast_path
from .limits import BodyLimits
from .models import Health, ParseRequest, Problem, TemplateInfo, parse_request_fields
from .jobs import json_bytes
from .problems import ProblemError, install_handlers
from .settings import Settings
from .workers import JobTimeout, PoolBusy, WorkerLost, WorkerPool

__all__ = ["create_app", "run_job_or_problem", "MEDIA_TYPES"]

log = logging.getLogger("notice_nlp.service")

MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_EXT = {"text": "txt", "md": "md", "html": "html", "docx": "docx", "pdf": "pdf"}
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}, "description": text}
    for code, text in {
        401: "missing or wrong bearer token",
        408: "the body was not received in time",
        413: "the body is over the size limit",
        415: "unsupported content type",
        422: "the input is invalid or cannot be read as a document",
        503: "no worker free in time",
        504: "processing exceeded the time limit",
    }.items()
}


async def run_job_or_problem(pool: WorkerPool, name: str, args: tuple, timeout: float) -> Any:
    """The job's value, or a :class:`ProblemError` saying why there is none."""
    try:
        result = await pool.run(name, args, timeout=timeout)
    except JobTimeout:
        raise ProblemError(504, "Time limit exceeded", f"processing took longer than {timeout:g} s", kind="timeout", error_class="TimeoutError") from None
    except PoolBusy:
        raise ProblemError(503, "Busy", "no worker became free within the time limit", kind="busy", headers={"Retry-After": "1"}) from None
    except WorkerLost:
        raise ProblemError(503, "Worker lost", "the worker processing this request stopped; it has been replaced", kind="worker-lost", headers={"Retry-After": "1"}) from None
    status, *rest = result
    if status == "ok":
        return rest[0]
    cls, message, problems = rest
    if status == "bug":
        log.warning("library failure on a request (%s: %s)", cls, message)
        raise ProblemError(422, "Input could not be processed", f"the parser failed on this input ({cls})", kind="processing-failed", error_class=cls)
    if cls == "MemoryError":
        raise ProblemError(413, "Content too large", message, kind="too-large-to-process", error_class=cls)
    raise ProblemError(422, "Unprocessable input", message, kind="input-error", error_class=cls, errors=problems)


def _json(obj: Any, status: int = 200, media_type: str = "application/json") -> Response:
    return Response(json_bytes(obj), status_code=status, media_type=media_type)


def _verify_token(settings: Settings, given: str | None) -> None:
    if settings.token is None:
        return
    if not hmac.compare_digest((given or "").encode("utf-8", "surrogateescape"), settings.token.encode("utf-8")):
        raise ProblemError(401, "Unauthorized", "a valid bearer token is required (Authorization: Bearer …)", kind="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def _auth(settings: Settings):
    bearer = HTTPBearer(auto_error=False, description="the token given with --token or NOTICE_NLP_TOKEN")

    async def check(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        _verify_token(settings, credentials.credentials if credentials else None)

    return check


def _bearer(scope) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, read as :class:`HTTPBearer` reads it."""
    scheme, token = get_authorization_scheme_param(header(scope, b"authorization"))
    return token if scheme.lower() == "bearer" and token else None


_BOOL = TypeAdapter(bool)


def _query_flag(scope, name: str) -> bool:
    """A boolean query parameter read as FastAPI reads one (true/false, 1/0, yes/no, on/off)."""
    query = scope.get("query_string", b"")
    if not query:
        return False
    from starlette.datastructures import QueryParams

    raw = QueryParams(query).get(name)  # as request.query_params
    if raw is None:
        return False
    try:
        return _BOOL.validate_python(raw)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("query", name)} for e in exc.errors()]) from None


class ServiceApp(FastAPI):
    """FastAPI, with a JSON ``POST /v1/parse`` handed to ``fast_parse`` (:class:`ParseFastPath`
    behind the server-error guard and the body limits) before FastAPI's own layers; ``None``
    routes it as every other request."""

    fast_parse: Any = None

    async def __call__(self, scope, receive, send) -> None:
        fast = self.fast_parse
        if fast is not None and scope["type"] == "http" and not self.root_path and wants_fast_path(scope, "/v1/parse"):
            scope["app"] = self
            await fast(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, pool: WorkerPool | None = None) -> FastAPI:
    """The ASGI application. The worker pool starts with the app (lifespan) unless one is given."""
    settings = settings or Settings()
    own_pool = pool is None
    pool = pool or WorkerPool(settings.workers, memory_mb=settings.worker_memory_mb)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if own_pool:
            import asyncio

            await asyncio.get_running_loop().run_in_executor(None, pool.start)
        try:
            yield
        finally:
            if own_pool:
                pool.close()

    app = ServiceApp(
        title="notice_nlp",
        version=__version__,
        description="Parse Chinese epidemic-zone notices into span-anchored records, and render draft notices.",
        lifespan=lifespan,
    )
    install_handlers(app)

    async def parse_json(scope, receive) -> bytes:
        """``POST /v1/parse`` with a JSON body: the Document's JSON (also reached from
        :class:`ParseFastPath`)."""
        _verify_token(settings, _bearer(scope))
        with_text = _query_flag(scope, "with_text")
        text, source, published = parse_request_fields(await read_body(receive))
        return await run_job_or_problem(pool, "parse_text", (text, source, published, with_text), settings.timeout)

    app.add_middleware(BodyLimits, max_bytes=settings.max_bytes, read_timeout=settings.read_timeout)
    auth = [Depends(_auth(settings))]
    app.state.pool, app.state.settings = pool, settings

    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz() -> Health:
        return Health(status="ok", version=__version__, workers=pool.size, workers_alive=pool.alive())

    @app.get("/v1/schema", dependencies=auth, tags=["schema"], responses=_PROBLEMS)
    async def schema(of: str = Query("document", pattern="^(document|input)$", description="document: parse output; input: generator input")) -> Response:
        if of == "input":
            from ..generate import input_schema

            return _json(input_schema(), media_type="application/schema+json")
        from ..schema import document_schema

        return _json(document_schema(), media_type="application/schema+json")

    @app.get("/v1/templates", dependencies=auth, tags=["generate"], response_model=list[TemplateInfo], responses=_PROBLEMS)
    async def templates() -> list[TemplateInfo]:
        from ..generate import catalog

        return [
            TemplateInfo(name=name, description=spec.get("description", ""), required=list(spec.get("required", [])), default_title=spec.get("default_title"))
            for name, spec in sorted(catalog().items())
        ]

    # The busiest endpoint reads its token and its one flag itself rather than through FastAPI's
    # dependency solving, and its JSON requests are answered by ParseFastPath before routing;
    # the OpenAPI document describes it as the other endpoints.
    @app.post(
        "/v1/parse",
        tags=["parse"],
        responses={200: {"description": "the Document (see GET /v1/schema)", "content": {"application/json": {}}}, **_PROBLEMS},
        openapi_extra={
            "security": [{"HTTPBearer": []}],
            "parameters": [
                {
                    "name": "with_text",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "boolean", "description": "include the document text", "default": False, "title": "With Text"},
                    "description": "include the document text",
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": ParseRequest.model_json_schema()},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary", "description": "a PDF, DOCX, HTML or text file"},
                                "source": {"type": "string"},
                                "published": {"type": "string"},
                            },
                            "required": ["file"],
                        }
                    },
                },
            }
        },
    )
    async def parse(request: Request) -> Response:
        """One document, as JSON ``{text, source?, published?}`` or as a file upload."""
        if is_json(request.headers.get("content-type", "")):
            return Response(await parse_json(request.scope, request.receive), media_type="application/json")
        _verify_token(settings, _bearer(request.scope))
        with_text = _query_flag(request.scope, "with_text")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "multipart/form-data":
            raise _unsupported(ctype, "application/json or multipart/form-data")
        data, source, published = await _upload(request, settings)
        doc = await run_job_or_problem(pool, "parse_bytes", (data, source, published, with_text), settings.timeout)
        return Response(doc, media_type="application/json")

    @app.post(
        "/v1/parse/batch",
        dependencies=auth,
        tags=["parse"],
        responses={200: {"description": "one record per input line, in order: a Document or an error record", "content": {"application/x-ndjson": {}}}, **_PROBLEMS},
        openapi_extra={"requestBody": {"required": True, "content": {"application/x-ndjson": {"schema": {"type": "string", "description": "one ParseRequest JSON object per line"}}}}},
    )
    async def parse_batch(request: Request, with_text: bool = Query(False)) -> Response:
        """NDJSON in (one ``{text, source?, published?}`` per line), NDJSON out, streamed in input order."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq", "text/plain"):
            raise _unsupported(ctype, "application/x-ndjson")
        return await batch_response(await request.body(), pool, settings, with_text)

    @app.post(
        "/v1/generate",
        dependencies=auth,
        tags=["generate"],
        responses={200: {"description": "the rendered notice", "content": {t: {} for t in MEDIA_TYPES.values()}}, **_PROBLEMS},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoticeInput"}}}}},
    )
    async def generate(
        request: Request,
        template: str = Query("risk_adjustment", max_length=100, description="a name from GET /v1/templates"),
        format: str = Query("text", max_length=10, description="text, md, html, docx or pdf"),  # noqa: A002
    ) -> Response:
        """A draft notice rendered from the generator input (GET /v1/schema?of=input)."""
        from ..generate import FORMATS, catalog

        if format not in FORMATS:
            raise ProblemError(422, "Unknown format", f"unknown format {format!r} (known: {', '.join(FORMATS)})", kind="unknown-format", error_class="TemplateError")
        if template not in catalog():
            raise ProblemError(422, "Unknown template", f"unknown template {template!r} (known: {', '.join(sorted(catalog()))})", kind="unknown-template", error_class="TemplateError")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and not ctype.endswith("+json"):
            raise _unsupported(ctype, "application/json")
        data = _load_json_object(await request.body())
        out = await run_job_or_problem(pool, "generate", (data, template, format), settings.timeout)
        body = out.encode("utf-8") if isinstance(out, str) else out
        headers = {"Content-Disposition": f'attachment; filename="notice.{_EXT[format]}"', "X-Content-Type-Options": "nosniff"}
        if format == "html":
            headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(body, media_type=MEDIA_TYPES[format], headers=headers)

    from .store_routes import store_router

    app.include_router(store_router(settings, auth, _PROBLEMS))

    def openapi() -> dict:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi
            from ..generate import input_schema

            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            notice_input = {k: v for k, v in input_schema().items() if not k.startswith("$")}
            spec.setdefault("components", {}).setdefault("schemas", {})["NoticeInput"] = notice_input
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.fast_parse = ServerErrorMiddleware(
        BodyLimits(ParseFastPath(parse_json), max_bytes=settings.max_bytes, read_timeout=settings.read_timeout),
        handler=app.exception_handlers.get(Exception),
        debug=app.debug,
    )
    return app


def _unsupported(ctype: str, wanted: str) -> ProblemError:
    return ProblemError(415, "Unsupported media type", f"Content-Type {ctype or '(none)'!r}; send {wanted}", kind="unsupported-media-type")


def _load_json_object(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProblemError(422, "Invalid request body", f"not UTF-8 (invalid byte at offset {exc.start})", kind="invalid-body", error_class="UnicodeDecodeError") from None
    except RecursionError:
        raise ProblemError(422, "Invalid request body", "JSON nested too deeply", kind="invalid-body", error_class="RecursionError") from None
    except ValueError as exc:
        raise ProblemError(422, "Invalid request body", f"not JSON ({str(exc)[:200]})", kind="invalid-body", error_class=type(exc).__name__) from None
    if not isinstance(data, dict):
        raise ProblemError(422, "Invalid request body", f"the body is a JSON {type(data).__name__}, not an object", kind="invalid-body", error_class="ValidationError")
    return data


async def _upload(request: Request, settings: Settings) -> tuple[bytes, str | None, str | None]:
    from starlette.datastructures import UploadFile

    form = await request.form(max_files=1, max_fields=8, max_part_size=64 * 1024)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ProblemError(422, "Invalid upload", "the form needs a file field named 'file'", kind="invalid-upload", error_class="ValidationError")
        data = await upload.read()
        fields = {}
        for key in ("source", "published"):
            v = form.get(key)
            if v is not None and not isinstance(v, str):
                raise ProblemError(422, "Invalid upload", f"form field {key!r} must be text", kind="invalid-upload", error_class="ValidationError")
            fields[key] = v
        try:
            ParseRequest(text="-", source=fields["source"] or upload.filename, published=fields["published"])
        except ValidationError as exc:
            raise ProblemError(422, "Invalid upload", "; ".join(e["msg"] for e in exc.errors())[:500], kind="invalid-upload", error_class="ValidationError") from None
        return data, fields["source"] or upload.filename, fields["published"]
    finally:
        await form.close()

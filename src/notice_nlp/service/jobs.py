"""The work a service worker process does: calls into the public API, results as plain data
(a parsed Document as its JSON bytes, serialised here rather than in the serving process).

Each job returns ``("ok", value)`` or ``("error", class name, message, problems)``; nothing raised
in a worker crosses the process boundary as an exception (library errors do not all pickle
back to what they were)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["run_job", "warm", "json_bytes", "document_bytes"]

try:
    from orjson import OPT_PASSTHROUGH_DATACLASS, OPT_PASSTHROUGH_DATETIME, OPT_PASSTHROUGH_SUBCLASS
    from orjson import dumps as _orjson_dumps

    _PLAIN = OPT_PASSTHROUGH_DATACLASS | OPT_PASSTHROUGH_DATETIME | OPT_PASSTHROUGH_SUBCLASS
except ImportError:  # pragma: no cover - orjson is a dependency; json gives the same bytes
    _orjson_dumps = None


def json_bytes(obj: Any) -> bytes:
    """Compact UTF-8 JSON; text that cannot be UTF-8 (a lone surrogate) is written as escapes."""
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def document_bytes(doc: dict) -> bytes:
    """A Document's dict as :func:`json_bytes` writes it (the CLI's JSONL line, UTF-8), written
    by orjson, about ten times faster. For what a Document holds (text, integers, booleans,
    nulls, lists and objects with text keys; no floats, see ``tests/test_service_encoding.py``)
    the two write the same bytes; orjson refuses the rest (a lone surrogate, an integer over
    64 bits, a key that is not text, a type json would not write the same way), which then goes
    through :func:`json_bytes`."""
    if _orjson_dumps is not None:
        try:
            return _orjson_dumps(doc, option=_PLAIN)
        except TypeError:
            pass
    return json_bytes(doc)


def warm() -> None:
    """Load the gazetteer and vocabulary once per worker, before the first request."""
    from ..gazetteer import gazetteer
    from ..vocab import zone_term_map

    gazetteer()
    zone_term_map()


def _parse_text(text: str, source: str | None, published: str | None, with_text: bool) -> bytes:
    from .. import parse_text

    return document_bytes(parse_text(text, source=source, published=published).to_dict(include_text=with_text))


def _parse_bytes(data: bytes, filename: str | None, published: str | None, with_text: bool) -> bytes:
    from .. import parse_bytes

    return document_bytes(parse_bytes(data, source=filename, published=published).to_dict(include_text=with_text))


def _generate(data: Any, template: str, fmt: str) -> str | bytes:
    from ..generate import generate

    return generate(data, template=template, format=fmt, source="request body")


_JOBS = {"parse_text": _parse_text, "parse_bytes": _parse_bytes, "generate": _generate}


def run_job(name: str, args: tuple) -> tuple:
    """Run one job; every failure comes back as an ``error`` tuple naming the exception class."""
    from ..errors import NoticeError

    try:
        return ("ok", _JOBS[name](*args))
    except MemoryError:
        return ("error", "MemoryError", "processing the input exceeded the memory limit of a worker", None)
    except RecursionError:
        return ("error", "RecursionError", "the input is nested too deeply to process", None)
    except NoticeError as exc:
        return ("error", type(exc).__name__, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, getattr(exc, "problems", None))
    except Exception as exc:  # a library bug on one input: reported, never fatal to the worker
        return ("bug", type(exc).__name__, (str(exc).splitlines() or [""])[0][:500], None)

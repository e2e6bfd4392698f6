"""Typed request and response bodies (pydantic): what the OpenAPI document at /docs shows."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; the model reads every body

    def _loads(body: bytes) -> Any:
        raise ValueError

__all__ = ["ParseRequest", "Problem", "Health", "TemplateInfo", "parse_request_fields"]

_SURROGATE_RX = re.compile("[\ud800-\udfff]")
_CONTROL_RX = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class ParseRequest(BaseModel):
    """One document given as text (a line of ``/v1/parse/batch`` has the same fields)."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(description="the notice, report or page text", examples=["北京市朝阳区人民政府关于调整风险区域的通告……"])
    source: StrictStr | None = Field(None, max_length=1000, description="a name for the document, echoed as source.id")
    published: StrictStr | None = Field(None, max_length=64, description="publication date YYYY-MM-DD, for dates the text leaves without a year")

    @field_validator("text", "source", "published")
    @classmethod
    def _no_lone_surrogates(cls, v: str | None) -> str | None:
        if v is not None and (m := _SURROGATE_RX.search(v)):
            raise ValueError(f"holds a lone surrogate (U+{ord(m.group()):04X}) at offset {m.start()}, not a character")
        return v

    @field_validator("text")
    @classmethod
    def _not_binary(cls, v: str) -> str:
        """Binary data sent as a string (NUL, or many control characters, as in the library's
        test for binary files): upload the file instead."""
        problem = _binary(v)
        if problem:
            raise ValueError(problem)
        return v


def _binary(v: str) -> str | None:
    head = v[:4096]
    controls = len(_CONTROL_RX.findall(head))
    if "\x00" in head or (head and controls / len(head) > 0.05):
        return f"looks like binary data ({controls} control characters in the first {len(head)}), not text; upload a file instead"
    return None


_FIELDS = {"text": None, "source": 1000, "published": 64}  # field: max_length


def parse_request_fields(body: bytes) -> tuple[str, str | None, str | None]:
    """``(text, source, published)`` of a :class:`ParseRequest` JSON body. A body that is plainly
    valid (an object of these fields, text values within their lengths, text that is not
    binary) is read by orjson, which refuses what the model's JSON reader refuses (invalid
    UTF-8, lone surrogates, control characters in strings, trailing content), in about a tenth
    of the model's time; anything else goes to the model, for its errors (422 problems)."""
    try:
        data = _loads(body)
    except ValueError:
        data = None
    if _plain(data):
        return data["text"], data.get("source"), data.get("published")
    req = ParseRequest.model_validate_json(body)
    return req.text, req.source, req.published


def _plain(data: Any) -> bool:
    if type(data) is not dict or type(data.get("text")) is not str:
        return False
    for key, value in data.items():
        if key not in _FIELDS:
            return False
        if value is None:  # source or published left out (text is a str)
            continue
        limit = _FIELDS[key]
        if type(value) is not str or (limit is not None and len(value) > limit):
            return False
    return _binary(data["text"]) is None


class Problem(BaseModel):
    """An error (RFC 9457 problem details), served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    error_class: str | None = Field(None, description="the notice_nlp error class (e.g. DecodingError, InputValidationError)")
    errors: list[Any] | None = Field(None, description="every problem found, where there are several")


class Health(BaseModel):
    status: str
    version: str
    workers: int
    workers_alive: int


class TemplateInfo(BaseModel):
    name: str
    description: str
    required: list[str]
    default_title: str | None = None

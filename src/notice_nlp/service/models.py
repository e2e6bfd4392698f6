"""Typed request and response bodies (pydantic): what the OpenAPI document at /docs shows."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

__all__ = ["ParseRequest", "Problem", "Health", "TemplateInfo"]

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
        head = v[:4096]
        controls = len(_CONTROL_RX.findall(head))
        if "\x00" in head or (head and controls / len(head) > 0.05):
            raise ValueError(f"looks like binary data ({controls} control characters in the first {len(head)}), not text; upload a file instead")
        return v


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

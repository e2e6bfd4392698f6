"""Typed, immutable record types and their JSON form.

Every extracted value is a plain JSON value; the character span it came from lives in the
record's ``spans`` mapping under the same field name, as ``[start, end)`` offsets into the
original input text (after decoding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .frozen import fast_init

__all__ = [
    "SCHEMA_VERSION",
    "ZONE_CODES",
    "Span",
    "Source",
    "Warning",
    "ZoneChange",
    "Notice",
    "Place",
    "Person",
    "Report",
    "Document",
]

SCHEMA_VERSION = "1.0"

#: The fixed zone vocabulary (codes used in ``from_zone``/``to_zone``).
ZONE_CODES = ("high_risk", "medium_risk", "low_risk", "sealed", "controlled", "precaution", "lifted")

Span = tuple[int, int]
_EMPTY: Mapping[str, Span] = MappingProxyType({})


def _spans(spans: Mapping[str, Span]) -> dict[str, list[int]]:
    return {k: [int(v[0]), int(v[1])] for k, v in spans.items()}


def _freeze(spans: Mapping[str, Span] | None) -> Mapping[str, Span]:
    return MappingProxyType(dict(spans or {}))


@fast_init
@dataclass(frozen=True)
class Source:
    """Where a document came from: ``id`` (path or caller's id), detected ``format``, ``sha256`` of the bytes."""

    id: str | None
    format: str
    sha256: str
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "format": self.format, "sha256": self.sha256, "encoding": self.encoding}


@fast_init
@dataclass(frozen=True)
class Warning:  # noqa: A001 - a record, not the builtin category
    """A problem found in the text: contradictory counts, a cut-off list, an unresolved place…"""

    code: str
    message: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "span": list(self.span) if self.span else None}


@fast_init
@dataclass(frozen=True)
class ZoneChange:
    """One area moving into a zone (``kind='change'``) or listed as being in it (``kind='status'``)."""

    area: str
    to_zone: str
    from_zone: str | None = None
    kind: str = "change"
    province: str | None = None
    city: str | None = None
    district: str | None = None
    effective: str | None = None
    adcode: str | None = None
    span: Span | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", _freeze(self.spans))

    def to_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "area": self.area,
            "from_zone": self.from_zone,
            "to_zone": self.to_zone,
            "kind": self.kind,
            "effective": self.effective,
            "adcode": self.adcode,
            "span": list(self.span) if self.span else None,
            "spans": _spans(self.spans),
        }


@fast_init
@dataclass(frozen=True)
class Notice:
    """An official announcement, or a decision relayed in a report."""

    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    issue_date: str | None = None
    effective: str | None = None
    province: str | None = None
    city: str | None = None
    changes: tuple[ZoneChange, ...] = ()
    measures: tuple[str, ...] = ()
    warnings: tuple[Warning, ...] = ()
    span: Span | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", _freeze(self.spans))

    def to_dict(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "title": self.title,
            "issue_date": self.issue_date,
            "effective": self.effective,
            "province": self.province,
            "city": self.city,
            "changes": [c.to_dict() for c in self.changes],
            "measures": list(self.measures),
            "warnings": [w.to_dict() for w in self.warnings],
            "span": list(self.span) if self.span else None,
            "spans": _spans(self.spans),
        }


@fast_init
@dataclass(frozen=True)
class Place:
    """A place a report is about, at any grain from district to compound."""

    area: str | None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    adcode: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "area": self.area,
            "adcode": self.adcode,
            "span": list(self.span) if self.span else None,
        }


@fast_init
@dataclass(frozen=True)
class Person:
    """A byline name: ``role`` is 记者 or 通讯员."""

    role: str
    name: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "name": self.name, "span": list(self.span) if self.span else None}


@fast_init
@dataclass(frozen=True)
class Report:
    """A news report: headline, dateline date, places and bylines."""

    title: str | None = None
    date: str | None = None
    places: tuple[Place, ...] = ()
    people: tuple[Person, ...] = ()
    span: Span | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", _freeze(self.spans))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "places": [p.to_dict() for p in self.places],
            "people": [p.to_dict() for p in self.people],
            "span": list(self.span) if self.span else None,
            "spans": _spans(self.spans),
        }


@fast_init
@dataclass(frozen=True)
class Document:
    """The result of parsing one input: its notices, reports and document-level warnings."""

    source: Source
    text: str
    notices: tuple[Notice, ...] = ()
    reports: tuple[Report, ...] = ()
    warnings: tuple[Warning, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "source": self.source.to_dict(),
            "notices": [n.to_dict() for n in self.notices],
            "reports": [r.to_dict() for r in self.reports],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if include_text:
            out["text"] = self.text
        return out


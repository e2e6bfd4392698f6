"""The published JSON Schema of :meth:`notice_nlp.Document.to_dict` output."""

from __future__ import annotations

from typing import Any

from .records import SCHEMA_VERSION, ZONE_CODES

__all__ = ["document_schema", "batch_record_schema"]

_SPAN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
_NULLABLE_SPAN = {"oneOf": [{"type": "null"}, _SPAN]}
_STR = {"type": ["string", "null"]}
_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_DATETIME = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"}
_SPANS = {"type": "object", "additionalProperties": _SPAN}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": required if required is not None else list(props),
        "additionalProperties": False,
    }


def document_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for one parsed document."""
    warning = _obj({"code": {"type": "string"}, "message": {"type": "string"}, "span": _NULLABLE_SPAN})
    change = _obj(
        {
            "province": _STR,
            "city": _STR,
            "district": _STR,
            "area": {"type": "string", "minLength": 1},
            "from_zone": {"enum": [None, *ZONE_CODES]},
            "to_zone": {"enum": list(ZONE_CODES)},
            "kind": {"enum": ["change", "status"]},
            "effective": _DATETIME,
            "adcode": {"type": ["string", "null"], "pattern": r"^\d{6}(\d{3})?$"},
            "span": _NULLABLE_SPAN,
            "spans": _SPANS,
        }
    )
    notice = _obj(
        {
            "issuer": _STR,
            "doc_number": _STR,
            "title": _STR,
            "issue_date": _DATE,
            "effective": _DATETIME,
            "province": _STR,
            "city": _STR,
            "changes": {"type": "array", "items": {"$ref": "#/$defs/ZoneChange"}},
            "measures": {"type": "array", "items": {"type": "string"}},
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/Warning"}},
            "span": _NULLABLE_SPAN,
            "spans": _SPANS,
        }
    )
    place = _obj(
        {
            "province": _STR,
            "city": _STR,
            "district": _STR,
            "area": _STR,
            "adcode": {"type": ["string", "null"]},
            "span": _NULLABLE_SPAN,
        }
    )
    person = _obj({"role": {"enum": ["记者", "通讯员"]}, "name": {"type": "string"}, "span": _NULLABLE_SPAN})
    report = _obj(
        {
            "title": _STR,
            "date": _DATE,
            "places": {"type": "array", "items": {"$ref": "#/$defs/Place"}},
            "people": {"type": "array", "items": {"$ref": "#/$defs/Person"}},
            "span": _NULLABLE_SPAN,
            "spans": _SPANS,
        }
    )
    source = _obj(
        {
            "id": _STR,
            "format": {"enum": ["text", "html", "pdf", "docx"]},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "encoding": _STR,
            # In batch output: the input (file, archive.zip!member, export.jsonl:LINE), and
            # what a crawler JSONL record gave.
            "input": {"type": "string"},
            "url": _STR,
            "published": _STR,
        },
        required=["id", "format", "sha256", "encoding"],
    )
    document = {
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "source": {"$ref": "#/$defs/Source"},
            "notices": {"type": "array", "items": {"$ref": "#/$defs/Notice"}},
            "reports": {"type": "array", "items": {"$ref": "#/$defs/Report"}},
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/Warning"}},
            "text": {"type": "string"},
        },
        "required": ["schema_version", "source", "notices", "reports", "warnings"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://notice-nlp.invalid/schema/document.schema.json",
        "title": "notice_nlp Document",
        "description": "One parsed input: its notices (with zone changes), news reports and warnings. "
        "Spans are [start, end) offsets into the document text.",
        **document,
        "$defs": {
            "Source": source,
            "Warning": warning,
            "ZoneChange": change,
            "Notice": notice,
            "Place": place,
            "Person": person,
            "Report": report,
        },
    }


def batch_record_schema() -> dict[str, Any]:
    """JSON Schema of one line of batch output (``notice-nlp parse`` on a folder, zip, glob or
    JSONL export): a parsed document, an error record (the input failed) or a skipped record (a
    file of a type the parser does not read)."""
    doc = document_schema()
    failure_source = _obj(
        {"id": _STR, "input": {"type": "string"}, "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"}},
        required=["id", "input", "sha256"],
    )
    problem = _obj({"class": {"type": "string"}, "message": {"type": "string"}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://notice-nlp.invalid/schema/batch-record.schema.json",
        "title": "notice_nlp batch record",
        "description": "One line of batch output: a Document, an ErrorRecord or a SkippedRecord. Every record's "
        "source.input names its input; there is one record per input, in input order.",
        "oneOf": [
            {"$ref": "#/$defs/Document"},
            {"$ref": "#/$defs/ErrorRecord"},
            {"$ref": "#/$defs/SkippedRecord"},
        ],
        "$defs": {
            **doc["$defs"],
            "Document": {k: v for k, v in doc.items() if k not in ("$schema", "$id", "$defs", "title", "description")},
            "ErrorRecord": _obj({"source": failure_source, "error": problem}),
            "SkippedRecord": _obj({"source": failure_source, "skipped": problem}),
        },
    }

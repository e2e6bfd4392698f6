"""A served Document is written by orjson (``document_bytes``) and must be the bytes json writes
(``json_bytes``, the CLI's JSONL line): for every Document, and for whatever orjson would write
differently, which it must refuse so that json writes it."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import pytest

from notice_nlp import parse_text
from notice_nlp.schema import document_schema
from notice_nlp.service.jobs import document_bytes, json_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _types(schema) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        t = schema.get("type")
        found.update([t] if isinstance(t, str) else t or [])
        for v in schema.values():
            found |= _types(v)
    elif isinstance(schema, list):
        for v in schema:
            found |= _types(v)
    return found


def test_a_document_holds_no_floats():
    """orjson and json write some floats differently (1.5e-05 / 0.000015): a Document has none."""
    types = _types(document_schema())
    assert "integer" in types and "string" in types
    assert "number" not in types


@pytest.mark.parametrize("with_text", [False, True])
def test_corpus_documents_are_written_as_json_writes_them(with_text):
    from notice_nlp.ingest import load_path

    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".pdf"))
    assert paths
    for path in paths:
        doc = parse_text(load_path(path).text, source=path.name).to_dict(include_text=with_text)
        assert document_bytes(doc) == json_bytes(doc), path.name


class _Kind(str, enum.Enum):
    A = "a"


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000),  # every escape json makes
        "\U0001f600\u2028\u2029\x7f",
        "lone \ud800 surrogate",  # orjson refuses: json's ASCII escapes
        2**64,  # over 64 bits: orjson refuses
        -(2**63),
        2**64 - 1,
        {1: "a key that is not text"},
        [_Kind.A, _Text("x"), True, False, None, [], {}],
        {"nested": [{"a": [1, "二", None]}]},
    ],
    ids=["bmp", "astral", "surrogate", "big-int", "min-int", "max-uint", "int-key", "subclasses", "nested"],
)
def test_values_orjson_would_write_otherwise_go_through_json(value):
    doc = {"value": value}
    assert document_bytes(doc) == json_bytes(doc)
    if value != "lone \ud800 surrogate":
        assert document_bytes(doc) == json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

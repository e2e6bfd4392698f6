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


# --- request bodies: read by orjson when plainly valid, by the model otherwise -----------------

_BODIES = [
    b'{"text": "\xe6\x9d\xad\xe5\xb7\x9e", "source": "a.txt", "published": "2022-10-08"}',
    b'{"text": "a", "source": null, "published": null}',
    b'{"text": 5, "text": "a"}',
    b'{"text": "a", "text": 5}',
    b'{"text": "a", "path": "/etc/passwd"}',
    b'{"text": null}',
    b'{"source": "a"}',
    b'{"text": "\\ud800"}',
    b'{"text": "\\udc00x"}',
    b'{"text": "\xed\xa0\x80"}',
    b'{"text": "\\u0000"}',
    b'{"text": "a\\u007fb"}',
    b'{"text": "a\x01b"}',
    b'{"text": "a"}{}',
    b'{"text": "a",}',
    b'\xef\xbb\xbf{"text": "a"}',
    b' {"text": "a"}\n',
    b'["text"]',
    b'"text"',
    b"",
    b'{"text": "x", "source": "' + b"a" * 1000 + b'"}',
    b'{"text": "x", "source": "' + "二".encode() * 1001 + b'"}',
    b'{"text": "x", "published": "' + b"1" * 64 + b'"}',
    b'{"text": "x", "published": "' + b"1" * 65 + b'"}',
    b'{"text": "x", "published": 20221008}',
    b'{"text": "' + b"\\u0001" * 10 + b"a" * 150 + b'"}',
    b'{"text": "' + b"\\u0001" * 10 + b"a" * 250 + b'"}',
]


def _model(body: bytes):
    from notice_nlp.service.models import ParseRequest

    try:
        r = ParseRequest.model_validate_json(body)
    except ValueError as exc:
        return type(exc).__name__, str(exc)
    return r.text, r.source, r.published


def _fields(body: bytes):
    from notice_nlp.service.models import parse_request_fields

    try:
        return parse_request_fields(body)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


def _mutations(seed: int, n: int) -> list[bytes]:
    import random

    rng = random.Random(seed)
    alphabet = b'{}[]",:\\ nu0123456789abcdeftx' + bytes([0, 1, 0x7F, 0xE4, 0xED, 0xFF])
    out = []
    for _ in range(n):
        body = bytearray(rng.choice(_BODIES[:3] + _BODIES[20:23]))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(body) + 1)
            op = rng.random()
            if op < 0.4 and body:
                body[min(i, len(body) - 1)] = rng.choice(alphabet)
            elif op < 0.7:
                body[i:i] = bytes([rng.choice(alphabet)])
            elif body:
                del body[min(i, len(body) - 1)]
        out.append(bytes(body))
    return out


def test_request_bodies_give_what_the_model_gives():
    """Every body gives the model's fields or the model's error, fast-read or not."""
    bodies = _BODIES + _mutations(13, 3000)
    valid = [b for b in bodies if _model(b)[0] != "ValidationError"]
    assert 100 < len(valid) < len(bodies) - 100  # valid and invalid bodies both checked
    for body in bodies:
        assert _fields(body) == _model(body), body

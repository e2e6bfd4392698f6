"""Shared fixtures. Every Document produced during the test run is validated against the
published JSON Schema as it is produced."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import notice_nlp.parser as parser_mod
from notice_nlp.schema import document_schema

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VALIDATED: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def _validate_every_output():
    validator = jsonschema.Draft202012Validator(document_schema())
    original = parser_mod._parse

    def checked(text, source, notes, reference=None):
        doc = original(text, source, notes, reference)
        data = json.loads(json.dumps(doc.to_dict(include_text=True), ensure_ascii=False))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"schema violation for {source.id}: {errors[0].message} at {list(errors[0].path)}"
        VALIDATED.append(source.id or "<text>")
        return doc

    parser_mod._parse = checked
    yield
    parser_mod._parse = original


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


def records(doc) -> list[tuple]:
    """(district, area, from_zone, to_zone, kind) of every change, in order."""
    return [(c.district, c.area, c.from_zone, c.to_zone, c.kind) for n in doc.notices for c in n.changes]

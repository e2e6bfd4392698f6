"""Notice input: loading (JSON or YAML), the published input schema, and validation that reports
every problem at once with its JSON path."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, NoticeError
from ..records import ZONE_CODES

__all__ = ["NoticeInput", "ChangeInput", "InputValidationError", "input_schema", "load_input", "validate_input"]


class InputValidationError(NoticeError):
    """The notice input is invalid; ``problems`` lists every ``path: message``."""

    def __init__(self, problems: list[str], *, source: str | None = None) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(problems), source=source)


_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_WHEN = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"}
_ZONE = {"enum": list(ZONE_CODES)}


def input_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a notice to generate."""
    change = {
        "type": "object",
        "properties": {
            "district": {"type": "string", "minLength": 1},
            "area": {"type": "string", "minLength": 1},
            "from_zone": {"oneOf": [{"type": "null"}, {"enum": [z for z in ZONE_CODES if z != "lifted"]}]},
            "to_zone": _ZONE,
        },
        "required": ["district", "area", "to_zone"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://notice-nlp.invalid/schema/notice-input.schema.json",
        "title": "notice_nlp notice input",
        "description": "A notice to render: header, dates, zone changes, measures and signature. Parser output (a Notice) is accepted too.",
        "type": "object",
        "properties": {
            "issuer": {"type": "string", "minLength": 2},
            "doc_number": {"type": ["string", "null"]},
            "doc_prefix": {"type": ["string", "null"], "description": "agency abbreviation for the short number form, e.g. 并防办"},
            "title": {"type": ["string", "null"]},
            "issue_date": _DATE,
            "effective": {"oneOf": [{"type": "null"}, _WHEN], "description": "null or equal to issue_date: 即日起"},
            "province": {"type": ["string", "null"]},
            "city": {"type": ["string", "null"]},
            "legal_basis": {"type": ["string", "null"]},
            "changes": {"type": "array", "items": change, "minItems": 1},
            "measures": {"type": "object", "propertyNames": _ZONE, "additionalProperties": {"type": "string"}},
            "signature": {"type": ["string", "null"], "description": "signing body when it differs from the issuer"},
            "attachments": {"type": "array", "items": {"type": "string"}},
            "contact": {"type": ["string", "null"]},
            "reporter": {"type": ["string", "null"], "description": "byline of a news brief"},
        },
        "required": ["issuer", "issue_date", "changes"],
    }


@dataclass(frozen=True)
class ChangeInput:
    district: str
    area: str
    to_zone: str
    from_zone: str | None = None


@dataclass(frozen=True)
class NoticeInput:
    issuer: str
    issue_date: str
    changes: tuple[ChangeInput, ...]
    doc_number: str | None = None
    doc_prefix: str | None = None
    title: str | None = None
    effective: str | None = None
    province: str | None = None
    city: str | None = None
    legal_basis: str | None = None
    measures: dict[str, str] = field(default_factory=dict)
    signature: str | None = None
    attachments: tuple[str, ...] = ()
    contact: str | None = None
    reporter: str | None = None


def load_input(path: str | Path) -> dict[str, Any]:
    """Read a JSON or YAML notice input (or parser output) into a dict."""
    from ..ingest.limits import Limits, read_file
    from .safety import MAX_DEPTH, MAX_INPUT_BYTES, YamlAliasError, safe_yaml_load, too_deep

    p = Path(path)
    data_bytes = read_file(p, Limits(max_bytes=MAX_INPUT_BYTES))
    try:
        raw = data_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("input is not UTF-8 text", source=str(p)) from None
    if not raw.strip():
        raise InputError("empty input", source=str(p))
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as jexc:
        if p.suffix.lower() not in (".yaml", ".yml"):
            raise InputError(f"invalid JSON ({jexc.msg} at line {jexc.lineno})", source=str(p)) from None
        import yaml

        try:
            data = safe_yaml_load(raw)
        except YamlAliasError as exc:
            raise InputError(str(exc), source=str(p)) from None
        except yaml.YAMLError as yexc:
            raise InputError(f"invalid YAML ({str(yexc).splitlines()[0]})", source=str(p)) from None
        except RecursionError:
            raise InputError(f"input nested deeper than {MAX_DEPTH} levels", source=str(p)) from None
        except ValueError as exc:  # a number too long to convert
            raise InputError(f"invalid YAML ({str(exc).split(';')[0]})", source=str(p)) from None
    except RecursionError:
        raise InputError(f"input nested deeper than {MAX_DEPTH} levels", source=str(p)) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"invalid JSON ({str(exc).split(';')[0]})", source=str(p)) from None
    if not isinstance(data, dict):
        raise InputError("input must be an object (a notice)", source=str(p))
    if too_deep(data):
        raise InputError(f"input nested deeper than {MAX_DEPTH} levels", source=str(p))
    return data


def _from_parser_output(data: dict[str, Any]) -> dict[str, Any]:
    """A parsed Document or Notice becomes a notice input (records' extra fields dropped)."""
    if "notices" in data and isinstance(data["notices"], list) and data["notices"] and isinstance(data["notices"][0], dict):
        data = data["notices"][0]
    keep = {k: v for k, v in data.items() if k in input_schema()["properties"] and v is not None}
    if isinstance(data.get("changes"), list):
        # Items that are not objects are left for the schema to report.
        keep["changes"] = [
            {k: c.get(k) for k in ("district", "area", "from_zone", "to_zone") if c.get(k) is not None} if isinstance(c, dict) else c
            for c in data["changes"]
            if not isinstance(c, dict) or c.get("kind", "change") == "change"
        ]
    if isinstance(data.get("measures"), list):
        keep.pop("measures", None)
    return keep


def validate_input(data: dict[str, Any], *, source: str | None = None) -> NoticeInput:
    """A :class:`NoticeInput`, or :class:`InputValidationError` listing every problem."""
    import jsonschema

    from .safety import MAX_DEPTH, huge_numbers, text_problems, too_deep

    if not isinstance(data, dict):
        raise InputValidationError([f"(root): must be an object (a notice), not {type(data).__name__}"], source=source)
    if too_deep(data):
        raise InputValidationError([f"(root): nested deeper than {MAX_DEPTH} levels"], source=source)
    if huge_numbers(data):
        raise InputValidationError(huge_numbers(data), source=source)
    if "spans" in data or "schema_version" in data or "notices" in data:
        data = _from_parser_output(data)
    problems: list[str] = text_problems(data)
    validator = jsonschema.Draft202012Validator(input_schema())
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(x) for x in e.absolute_path]):
        path = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(err.absolute_path)) or "(root)"
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            problems.append(f"{path + '.' if path != '(root)' else ''}{missing}: required field missing")
        elif err.validator == "minItems" and list(err.absolute_path) == ["changes"]:
            problems.append("changes: the change list is empty")
        else:
            problems.append(f"{path}: {err.message}")
    # Semantic checks run on whatever is well-formed, so one report holds every problem.
    problems.extend(p for p in _semantic_problems(data) if p not in problems)
    if problems:
        raise InputValidationError(problems, source=source)
    changes = tuple(ChangeInput(c["district"], c["area"], c["to_zone"], c.get("from_zone")) for c in data["changes"])
    return NoticeInput(
        issuer=data["issuer"],
        issue_date=data["issue_date"],
        changes=changes,
        doc_number=data.get("doc_number"),
        doc_prefix=data.get("doc_prefix"),
        title=data.get("title"),
        effective=data.get("effective"),
        province=data.get("province"),
        city=data.get("city"),
        legal_basis=data.get("legal_basis"),
        measures=dict(data.get("measures") or {}),
        signature=data.get("signature"),
        attachments=tuple(data.get("attachments") or ()),
        contact=data.get("contact"),
        reporter=data.get("reporter"),
    )


def _semantic_problems(data: dict[str, Any]) -> list[str]:
    """Problems of meaning (dates in order, districts of the city, a change that changes
    nothing); fields that are missing or of the wrong type are the schema's to report."""
    from ..gazetteer import gazetteer

    problems = []
    issued = None
    issue_date = data.get("issue_date")
    if isinstance(issue_date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", issue_date):
        try:
            issued = dt.date.fromisoformat(issue_date)
        except ValueError:
            problems.append(f"issue_date: '{issue_date}' is not a calendar date")
    eff = data.get("effective")
    if isinstance(eff, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", eff):
        try:
            when = dt.datetime.fromisoformat(eff) if "T" in eff else dt.datetime.fromisoformat(eff + "T00:00")
            if issued and when.date() < issued:
                problems.append(f"effective: {eff} is before the issue date {issue_date}")
        except ValueError:
            problems.append(f"effective: '{eff}' is not a calendar date/time")
    changes = data.get("changes")
    if not isinstance(changes, list):
        return problems
    g = gazetteer()
    issuer = data.get("issuer") if isinstance(data.get("issuer"), str) else ""
    city_name = data.get("city") if isinstance(data.get("city"), str) else None
    city_name = city_name or _city_of_issuer(issuer)
    city = g.resolve(city_name, (2, 1)) if city_name else None
    for i, c in enumerate(changes):
        if not isinstance(c, dict):
            continue
        if c.get("from_zone") and c.get("from_zone") == c.get("to_zone"):
            problems.append(f"changes[{i}].to_zone: same as from_zone ('{c['to_zone']}')")
        district = c.get("district")
        if city is not None and isinstance(district, str) and district:
            name = district.split("(")[0]
            units = [d for d in g.lookup(name, (3,)) if g.within(d, city)]
            if not units:
                problems.append(f"changes[{i}].district: unknown district '{district}' for {city.name}")
    return problems


def _city_of_issuer(issuer: str) -> str | None:
    from ..gazetteer import gazetteer

    hits = gazetteer().scan(issuer, levels=(1, 2), min_len=2)
    return hits[0][2] if hits else None

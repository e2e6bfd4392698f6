"""notice_nlp — parse Chinese official zone notices and news reports into span-anchored records.

Public API::

    from notice_nlp import parse_text, parse_file, parse_bytes
    doc = parse_file("notice.pdf")
    doc.to_dict()  # JSON-ready, see docs/schema.md
"""

from __future__ import annotations

from .errors import (
    DecodingError,
    EmptyInputError,
    InputError,
    NoInputsError,
    NoticeError,
    PdfError,
    UnsupportedFormatError,
)
from .records import (
    SCHEMA_VERSION,
    ZONE_CODES,
    Document,
    Notice,
    Person,
    Place,
    Report,
    Source,
    Warning,
    ZoneChange,
)
from .parser import parse_bytes, parse_file, parse_text

__version__ = "0.1.0"

__all__ = [
    "parse_text",
    "parse_file",
    "parse_bytes",
    "Document",
    "Notice",
    "ZoneChange",
    "Report",
    "Place",
    "Person",
    "Source",
    "Warning",
    "SCHEMA_VERSION",
    "ZONE_CODES",
    "NoticeError",
    "InputError",
    "EmptyInputError",
    "UnsupportedFormatError",
    "DecodingError",
    "PdfError",
    "NoInputsError",
    "__version__",
]

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and readers; at run time they load on first use (below)
    from .parser import parse_bytes, parse_file, parse_text

__version__ = "0.1.0"

# The parser (and the modules under it) load on first use, so ``import notice_nlp`` and the
# command line's start stay cheap and a Ctrl-C at start-up meets the command line's own handling.
_PARSER_NAMES = frozenset({"parse_text", "parse_file", "parse_bytes"})


def __getattr__(name: str):
    if name in _PARSER_NAMES:
        from . import parser

        return getattr(parser, name)
    raise AttributeError(f"module 'notice_nlp' has no attribute {name!r}")

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

"""The error hierarchy: every failure on bad input is a :class:`NoticeError`."""

from __future__ import annotations

__all__ = [
    "NoticeError",
    "InputError",
    "EmptyInputError",
    "UnsupportedFormatError",
    "DecodingError",
    "PdfError",
    "NoInputsError",
    "ReferenceDateError",
]


class NoticeError(Exception):
    """Root of all notice_nlp errors. ``str(err)`` is one line naming the source and problem."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.problem = message
        super().__init__(f"{source}: {message}" if source else message)


class InputError(NoticeError):
    """The input could not be read as a document."""


class EmptyInputError(InputError):
    """The input holds no text."""


class UnsupportedFormatError(InputError):
    """The input is not text, HTML, PDF or DOCX (e.g. binary junk)."""


class DecodingError(InputError):
    """The bytes are not valid in any supported text encoding."""


class PdfError(InputError):
    """The PDF is truncated, encrypted or otherwise unreadable."""


class NoInputsError(InputError):
    """A path or directory yielded no files to parse."""


class ReferenceDateError(InputError):
    """The ``published`` reference date given with an input is not a date."""

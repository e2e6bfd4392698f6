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
    "InputTypeError",
    "EncryptedPdfError",
    "LimitError",
    "UnsafeInputError",
    "OutputError",
    "UsageError",
    "InternalError",
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


class InputTypeError(InputError, TypeError):
    """The input is not of the type the function takes (``parse_text`` given bytes)."""


class EncryptedPdfError(PdfError):
    """The PDF needs a password to be read."""


class LimitError(InputError):
    """The input is over a configured limit (size, PDF pages, zip member inflation ratio)."""


class UnsafeInputError(InputError):
    """The input is not a regular file that can be read safely: a FIFO, a device, a symlink
    loop or a dangling link, a zip member whose path leaves the archive."""


class OutputError(NoticeError):
    """The output cannot be written where it was asked for, or ``--resume`` was pointed at a
    file that is not a JSONL output of this program."""


class UsageError(NoticeError):
    """Options that do not go together, or a service (a Dask scheduler) that cannot be reached."""


class InternalError(NoticeError):
    """A fault of the parser met on this input. The message names the input; the original
    exception is chained (``__cause__``). Worth reporting with the input."""

"""News reports on a page: headline, dateline date, places and bylines."""

from __future__ import annotations

from .records import Report
from .textmap import MappedText

__all__ = ["extract_reports"]


def extract_reports(mt: MappedText, doc_year: int | None, notice_spans) -> list[Report]:
    return []

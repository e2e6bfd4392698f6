"""Zone changes in a notice body.

The reader goes line by line through section headings and group headers
(:mod:`notice_nlp.headings`), numbered items, table rows, and sentences whose predicates move
areas between zones. It works on the working text (see :mod:`notice_nlp.normalize`) and returns
raw changes holding working spans, which :mod:`notice_nlp.assemble` turns into records.

- :mod:`.context` — the context a part of the body passes down (status, lifting, scope);
- :mod:`.reader` — the driver: lines, sentences, headings, plain lists;
- :mod:`.predicates` — sentences with predicates and their subjects;
- :mod:`.lists` — sections, groups, forward lists, summaries, and the changes a list makes;
- :mod:`.rows` — table rows and items annotated with their own zone;
- :mod:`.extraction` — the records handed on.
"""

from __future__ import annotations

from ..items import ItemContext
from ..totals import _check_totals
from .extraction import Extraction, RawChange
from .reader import Reader

__all__ = ["RawChange", "Extraction", "extract_changes"]


def extract_changes(text: str, start: int, end: int, ctx: ItemContext, lead: tuple[int, int] | None = None) -> Extraction:
    """Zone changes between ``start`` and ``end`` of the working text; ``lead`` is the opening
    passage whose totals (新增高风险区8个) are checked against what is listed."""
    ext = Reader(text, start, end, ctx).run()
    if lead is not None:
        _check_totals(text, lead, ext)
    return ext

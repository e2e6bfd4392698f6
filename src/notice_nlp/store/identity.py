"""Which notice a reading is: the keys under which reposts of one notice meet.

A notice read from several pages is one notice when the pages give the same issuer and number
(the issuer by the place that heads its name, so 太原市疫情防控领导小组办公室 and
太原市新冠肺炎疫情防控工作领导小组办公室 agree; the number by its year and serial, so 2022年第165号,
〔2022〕165號 and 并防办〔2022〕165号 agree), or the same changes with the same dates.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, Iterable

from .keys import normalise

__all__ = ["number_key", "content_fingerprint", "issuer_place"]

_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=4096)
def issuer_place(issuer: str) -> str:
    """The administrative name that opens an issuer's name (its deepest), else the whole name."""
    from ..gazetteer import gazetteer

    text, _ = normalise(issuer)
    hits = [h for h in gazetteer().scan(text, levels=(1, 2, 3), min_len=2) if h[0] <= 12]
    return hits[-1][2] if hits else text


def _number(doc_number: str) -> str:
    text, _ = normalise(doc_number)
    nums = _DIGITS.findall(text)
    if len(nums) >= 2 and len(nums[0]) == 4:
        return f"{nums[0]}-{int(nums[-1])}"
    return re.sub(r"[〔〕\[\]【】()()]", "", text)


def number_key(issuer: str | None, doc_number: str | None) -> str | None:
    """``num:PLACE|YEAR-SERIAL`` for a notice with both an issuer and a number, else None."""
    if not issuer or not doc_number:
        return None
    return f"num:{issuer_place(issuer)}|{_number(doc_number)}"


def content_fingerprint(rows: Iterable[tuple[str, str, str | None, str, str, str]], issue_date: str | None) -> str:
    """``chg:`` + a hash of the changes (district code, area core, from, to, kind, effective)
    and the issue date: the same decision read from any page gives the same fingerprint."""
    # Joined by U+001F, which sorts below any character a field holds, the lines sort as the
    # rows would field by field.
    lines = sorted([f"{a or ''}\x1f{b or ''}\x1f{c or ''}\x1f{d or ''}\x1f{e or ''}\x1f{f or ''}" for a, b, c, d, e, f in set(rows)])
    h = hashlib.sha256(("".join([line + "\x1e" for line in lines]) + (issue_date or "")).encode("utf-8"))
    return "chg:" + h.hexdigest()[:32]


def header(notice: dict[str, Any]) -> tuple[str | None, ...]:
    return tuple(notice.get(k) for k in ("issuer", "doc_number", "title", "issue_date", "effective"))

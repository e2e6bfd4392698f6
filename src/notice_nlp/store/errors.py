"""Errors of the zone store: every one is a :class:`~notice_nlp.NoticeError` (one line, exit 2)."""

from __future__ import annotations

from ..errors import NoticeError

__all__ = ["StoreError"]


class StoreError(NoticeError):
    """The store file or a query on it is not usable: a corrupt or foreign SQLite file, a store of
    a newer schema version, an unknown city or area, a date that does not parse."""

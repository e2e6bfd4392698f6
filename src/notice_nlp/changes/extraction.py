"""What the change reader hands on: raw changes (working-text spans) and the notice's measures,
warnings and declared counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..items import AreaItem

__all__ = ["RawChange", "Extraction"]


@dataclass
class RawChange:
    """One extracted change before records are built (working-text spans)."""

    item: AreaItem
    to_zone: str
    from_zone: str | None
    kind: str
    anchor: tuple[int, int]
    effective_span: tuple[int, int] | None = None
    section: int | None = None  # which section's list it was read from (index), None outside one


@dataclass
class Extraction:
    """Everything found in one notice body."""

    changes: list[RawChange] = field(default_factory=list)
    measures: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[tuple[str, str, tuple[int, int] | None]] = field(default_factory=list)
    declared: list[tuple[str | None, str, int, tuple[int, int]]] = field(default_factory=list)

"""What the reader carries from one part of a notice body to the parts read under it.

A :class:`Context` is immutable: a sentence that changes it (``截至…`` says the lists below are
statuses, ``对某镇“三区”全面解封`` says the zones listed below are the ones lifted, a lead names the
district or township) makes a new one with :meth:`Context.child`, which what follows inherits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..frozen import fast_init
from ..items import ItemContext

__all__ = ["Context", "SentenceScope"]

Span = tuple[int, int]


@fast_init
@dataclass(frozen=True)
class Context:
    """The context in force where the reader is.

    ``status``: an as-of phrase (截至…, 目前…) above says the lists that follow are what areas
    currently are, not changes. ``lifting``: a lifting lead-in above says the zones listed below
    are the ones lifted. ``scope``: the district, township, city and province the items lie in
    when they name none themselves.
    """

    scope: ItemContext = field(default_factory=ItemContext)
    status: bool = False
    lifting: bool = False

    def child(self, **changes) -> Context:
        """This context with ``changes`` overriding what it would pass down."""
        return replace(self, **changes)


@fast_init
@dataclass(frozen=True)
class SentenceScope:
    """The place a sentence writes before its first predicate (``广州市海珠区自…起解除…``):
    its ``district`` and the ``city`` written just before it; ``last_district`` is the district
    of the last item read in the sentence, which later items naming none share; a sentence of
    the same paragraph (``line``) that names no district goes on in the same one."""

    district: Span | None = None
    city: Span | None = None
    last_district: Span | None = None
    line: int = -1  # where the line (paragraph) of the sentence starts

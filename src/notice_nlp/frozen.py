"""A faster constructor for frozen dataclasses built by the thousand in a parse.

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` (its own
``__setattr__`` refuses), one call a field; :func:`fast_init` gives the class an ``__init__`` of
the same signature that fills the instance's dictionary in one update, at about half the cost.
The class stays a frozen dataclass: fields, defaults, ``replace``, equality, hashing, ``repr``
and the refusal to set an attribute afterwards are unchanged. Classes it cannot serve as they
are (a ``__post_init__``, default factories, keyword-only or non-init fields, slots) are left
as they are.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

__all__ = ["fast_init"]

T = TypeVar("T", bound=type)


def fast_init(cls: T) -> T:
    """Decorator, above ``@dataclass(frozen=True)``."""
    fields = dataclasses.fields(cls)
    if (
        not cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        or hasattr(cls, "__post_init__")
        or "__slots__" in cls.__dict__
        or any(f.default_factory is not dataclasses.MISSING or f.kw_only or not f.init for f in fields)
    ):
        return cls
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}" for f in fields)
    values = ", ".join(f"{f.name}={f.name}" for f in fields)
    namespace: dict = {}
    exec(f"def __init__(self, {params}):\n    self.__dict__.update({values})\n", defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls

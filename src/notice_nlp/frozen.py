"""A faster constructor for frozen dataclasses built by the thousand in a parse.

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` (its own
``__setattr__`` refuses), one call a field; :func:`fast_init` gives the class an ``__init__`` of
the same signature that fills the instance's dictionary in one update, at about half the cost.
The class stays a frozen dataclass: fields, defaults and default factories, ``__post_init__``,
``replace``, equality, hashing, ``repr`` and the refusal to set an attribute afterwards are
unchanged. Classes it cannot serve as they are (init-only variables, keyword-only or non-init
fields, slots) are left as they are.
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
        or _has_init_only(cls)
        or "__slots__" in cls.__dict__
        or any(f.kw_only or not f.init for f in fields)
    ):
        return cls  # init-only variables, keyword-only or non-init fields, slots
    scope: dict = {"_MISSING": dataclasses.MISSING}
    params, lines = [], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            lines.append(f"    if {f.name} is _MISSING:\n        {f.name} = _factory_{f.name}()\n")
        else:
            params.append(f.name)
    values = ", ".join(f"{f.name}={f.name}" for f in fields)
    lines.append(f"    self.__dict__.update({values})\n")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()\n")
    namespace: dict = {}
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(lines)}", scope, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


def _has_init_only(cls: type) -> bool:
    """Whether ``cls`` has init-only variables (``InitVar``), which ``__post_init__`` takes; when
    this cannot be told, it is taken to have some."""
    initvar = getattr(dataclasses, "_FIELD_INITVAR", None)
    if initvar is None:  # pragma: no cover - a Python without the marker
        return True
    return any(getattr(f, "_field_type", None) is initvar for f in cls.__dataclass_fields__.values())  # type: ignore[attr-defined]

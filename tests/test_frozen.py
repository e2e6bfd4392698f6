"""fast_init gives frozen dataclasses a cheaper constructor and leaves everything else as it was."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from notice_nlp.changes.context import SentenceScope
from notice_nlp.dates import DateMention
from notice_nlp.frozen import fast_init
from notice_nlp.items import AreaItem, ItemContext
from notice_nlp.prefix import AdminPrefix
from notice_nlp.records import Document, Notice, Place, ZoneChange
from notice_nlp.textmap import MappedText


@dataclasses.dataclass(frozen=True)
class _Plain:
    a: int
    b: tuple = ()
    c: str | None = None


@fast_init
@dataclasses.dataclass(frozen=True)
class _Fast:
    a: int
    b: tuple = ()
    c: str | None = None


def test_same_behaviour_as_the_generated_constructor():
    for args, kwargs in [((1,), {}), ((1, (2,)), {}), ((1,), {"c": "x"}), ((), {"a": 3, "b": (4,), "c": None})]:
        plain, fast = _Plain(*args, **kwargs), _Fast(*args, **kwargs)
        assert dataclasses.astuple(plain) == dataclasses.astuple(fast)
        assert repr(fast) == repr(plain).replace("_Plain", "_Fast")
    f = _Fast(1)
    assert f == _Fast(1) and hash(f) == hash(_Fast(1)) and f != _Fast(2)
    assert dataclasses.replace(f, c="y") == _Fast(1, (), "y")
    assert pickle.loads(pickle.dumps(f)) == f
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.a = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        _Fast()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Fast(1, d=2)  # type: ignore[call-arg]


def test_factories_and_post_init_run_as_before():
    seen = []

    @fast_init
    @dataclasses.dataclass(frozen=True)
    class WithBoth:
        a: int
        b: list = dataclasses.field(default_factory=list)

        def __post_init__(self) -> None:
            seen.append(self.a)
            object.__setattr__(self, "b", tuple(self.b))

    x, y = WithBoth(1), WithBoth(2, [3])
    assert (x.b, y.b, seen) == ((), (3,), [1, 2])
    assert WithBoth(4).b == () and WithBoth(4) == WithBoth(4, [])


def test_classes_it_cannot_serve_are_left_alone():
    @dataclasses.dataclass(frozen=True)
    class WithInitVar:
        a: int
        scale: dataclasses.InitVar[int] = 1

        def __post_init__(self, scale: int) -> None:
            object.__setattr__(self, "a", self.a * scale)

    @dataclasses.dataclass(frozen=True)
    class KeywordOnly:
        a: int = dataclasses.field(kw_only=True)

    @dataclasses.dataclass
    class NotFrozen:
        a: int

    for cls in (WithInitVar, KeywordOnly, NotFrozen):
        init = cls.__init__
        assert fast_init(cls).__init__ is init
    assert WithInitVar(2, 3).a == 6


@pytest.mark.parametrize("cls", [DateMention, MappedText, ItemContext, AreaItem, AdminPrefix, Place, SentenceScope, ZoneChange, Notice, Document])
def test_project_records_keep_their_signature(cls):
    import inspect

    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        if f.default is not dataclasses.MISSING:
            assert p.default is f.default
        elif f.default_factory is dataclasses.MISSING:
            assert p.default is inspect.Parameter.empty

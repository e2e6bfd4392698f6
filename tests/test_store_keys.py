"""Area keys: the same area written differently resolves to one key; property tests of the
normalisation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notice_nlp.store.keys import area_form, normalise, resolve_group

XIAODIAN = "140105"  # 太原市小店区
names = st.sampled_from(["南华苑小区", "星河湾小区", "金泰家园", "长治路东一巷", "丽华苑", "康宁苑"])
towns = st.sampled_from(["坞城街道", "营盘街道", "黄陵街道", "学府街道"])
numbers = st.integers(min_value=1, max_value=99)
units = st.sampled_from(["号楼", "栋", "幢", "#楼", "號樓", "棟"])


def _full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def _key(written: str, *others: str) -> str:
    forms = [area_form(XIAODIAN, w) for w in (written, *others)]
    return next(k.key for k in resolve_group(forms) if k.form.written == written)


@settings(deadline=None)  # the first example loads the gazetteer and OpenCC
@given(names, numbers, units, units)
def test_building_units_and_width_meet(name, n, u1, u2):
    a, b = f"{name}{n}{u1}", _full_width(f"{name} {n}{u2}")
    assert normalise(a)[0] == normalise(b)[0]


@settings(deadline=None)  # the first example loads the gazetteer and OpenCC
@given(names, numbers, units)
def test_normalising_is_idempotent(name, n, unit):
    once = normalise(f"{name}{n}{unit}")[0]
    assert normalise(once)[0] == once


@settings(deadline=None)  # the first example loads the gazetteer and OpenCC
@given(towns, names)
def test_with_or_without_the_township_one_key(town, name):
    with_town, without = f"{town}{name}", name
    assert _key(with_town, without) == _key(without, with_town)
    assert area_form(XIAODIAN, with_town).town == town


@settings(deadline=None)  # the first example loads the gazetteer and OpenCC
@given(names)
def test_traditional_and_simplified_one_key(name):
    from opencc import OpenCC

    trad = OpenCC("s2t").convert(name)
    assert normalise(trad)[0] == normalise(name)[0]


def test_two_townships_with_the_same_name_are_not_merged_silently():
    forms = [area_form(XIAODIAN, w) for w in ("坞城街道金泰家园", "黄陵街道金泰家园", "金泰家园")]
    keyed = {k.form.written: k for k in resolve_group(forms)}
    assert keyed["坞城街道金泰家园"].key != keyed["黄陵街道金泰家园"].key
    assert keyed["金泰家园"].ambiguous and "ambiguous" in keyed["金泰家园"].how
    assert keyed["金泰家园"].key not in (keyed["坞城街道金泰家园"].key, keyed["黄陵街道金泰家园"].key)


def test_how_the_key_was_reached_is_recorded():
    (k,) = resolve_group([area_form(XIAODIAN, "塢城街道南華苑小區3號樓")])
    assert k.key == "140105|南华苑小区3栋"
    assert "traditional" in k.how and "building unit" in k.how and "township prefix" in k.how

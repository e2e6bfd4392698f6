"""Perturbations of a gold document (text and gold together), for the perturbation suite.

Each function takes a gold record (``text`` plus ``notices``) and returns a new one whose text is
written differently but means the same; the gold is changed only where the scorer would not see
through the difference (place names). The scorer normalises NFKC, script and whitespace, so gold
strings stay as they are for punctuation width, traditional script and spaces."""

from __future__ import annotations

import copy
import random
import re
import unicodedata
import zlib
from functools import lru_cache
from typing import Any

from notice_nlp.gazetteer import Division, gazetteer

__all__ = ["swap_places", "hard_wrap", "column_wrap", "swap_punct_width", "to_traditional", "space_out"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _rng(gold: dict, salt: str) -> random.Random:
    return random.Random(zlib.crc32(f"{gold.get('id')}|{salt}".encode()))


def _map_strings(value: Any, fn) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


# -- place names -------------------------------------------------------------------------------

_SUFFIXES = ("街道", "镇", "乡", "区", "县", "市", "旗")


def _suffix(name: str) -> str:
    return next((s for s in _SUFFIXES if name.endswith(s)), "")


@lru_cache(maxsize=1)
def _children() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for d in gazetteer().divisions:
        if d.level in (3, 4):
            out.setdefault(d.parent_code, []).append(d)
    return out


def _unique(name: str, level: int) -> bool:
    """A name that only one unit in the country carries at any level (so a swap is unambiguous)."""
    return len(gazetteer().by_name.get(name, ())) == 1 and gazetteer().by_name[name][0].level == level


def _sibling(d: Division, parent_code: str, text: str, taken: set[str], rng: random.Random) -> str | None:
    """Another real unit under ``parent_code``, of the level and suffix of ``d`` (the same length
    where one exists), named nowhere in the text."""
    suffix = _suffix(d.name)
    cands = [
        s.name
        for s in _children().get(parent_code, ())
        if s.level == d.level
        and s.name != d.name
        and _suffix(s.name) == suffix
        and s.name not in text
        and s.name not in taken
        and _unique(s.name, s.level)
        and not any(s.name in t or t in s.name for t in taken)
    ]
    same_len = [c for c in cands if len(c) == len(d.name)]
    pool = sorted(same_len or cands)
    return rng.choice(pool) if pool else None


def place_mapping(gold: dict) -> dict[str, str]:
    """District and township names of the gold changes → other real names (same level and
    suffix; districts of the same city, townships of the district their own district is swapped
    for), chosen per document; names that are ambiguous in the country are left alone."""
    gz = gazetteer()
    text = gold["text"]
    rng = _rng(gold, "places")
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    districts: list[str] = []
    towns: list[str] = []
    level4 = gz.level_names(4)
    for n in gold.get("notices") or []:
        for c in n.get("changes") or []:
            d = c.get("district")
            if d and d not in districts:
                districts.append(d)
            area = c.get("area") or ""
            for ln in sorted(gz.level_starts(4).get(area[:1], ()), reverse=True):
                if area[:ln] in level4 and area[:ln] not in towns:
                    towns.append(area[:ln])
                    break
    moved: dict[str, str] = {}  # district code → code of the district it is swapped for
    for name, level in [(d, 3) for d in districts] + [(t, 4) for t in towns]:
        if name in mapping or len(name) < 3 or name not in text or not _unique(name, level):
            continue
        (unit,) = gz.by_name[name]
        # A township of a swapped district becomes a township of the district swapped in.
        parent = moved.get(unit.parent_code, unit.parent_code)
        other = _sibling(unit, parent, text, taken | set(mapping), rng)
        if other and level == 3:
            moved[unit.code] = gz.by_name[other][0].code
        if other:
            mapping[name] = other
            taken.add(other)
    return mapping


def swap_places(gold: dict) -> dict:
    """District and township names swapped, in the text and the gold alike."""
    mapping = place_mapping(gold)
    out = copy.deepcopy(gold)
    if not mapping:
        return out
    rx = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))
    swap = lambda s: rx.sub(lambda m: mapping[m.group(0)], s)  # noqa: E731
    out["text"] = swap(gold["text"])
    out["notices"] = _map_strings(gold["notices"], swap)
    return out


# -- layout and writing ------------------------------------------------------------------------


def hard_wrap(gold: dict, width: int) -> dict:
    """Every line cut every ``width`` characters, as a text wrapped to a count prints."""
    lines = []
    for line in gold["text"].split("\n"):
        lines.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return dict(gold, text="\n".join(lines))


def column_wrap(gold: dict, ems: int) -> dict:
    """Every line cut where a column ``ems`` Chinese characters wide ends, digits and Latin
    letters taking half a character's width, as a typeset column prints."""
    lines = []
    for line in gold["text"].split("\n"):
        cur, used = [], 0
        for ch in line:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" or ch in "‘’“”…—" else 1
            if used + w > 2 * ems:
                lines.append("".join(cur))
                cur, used = [], 0
            cur.append(ch)
            used += w
        lines.append("".join(cur))
    return dict(gold, text="\n".join(lines))


_FULL = "，；：（）！？．［］"
_HALF = ",;:()!?.[]"
_WIDTH_SWAP = str.maketrans(_FULL + _HALF, _HALF + _FULL)


def swap_punct_width(gold: dict) -> dict:
    """Full-width punctuation written half-width and half-width full-width."""
    return dict(gold, text=gold["text"].translate(_WIDTH_SWAP))


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(gold: dict) -> dict:
    """The text in traditional script."""
    return dict(gold, text=_s2t().convert(gold["text"]))


def space_out(gold: dict) -> dict:
    """A space between adjacent Chinese characters (letter-spaced print, some PDF extractions)."""
    return dict(gold, text=re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", gold["text"]))

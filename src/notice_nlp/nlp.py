"""The spaCy annotation layer: ``spacy.blank("zh")`` with our gazetteer-aware jieba tokenizer
and rule components, registered as spaCy factories, that put spans on ``doc.spans``:

=================  =================  ==========================================================
factory            ``doc.spans`` key  labels
=================  =================  ==========================================================
notice_zones       ``zones``          zone codes (``high_risk`` … ``precaution``)
notice_places      ``places``         ``PROVINCE``, ``CITY``, ``COUNTY``, ``TOWN``, ``PLACE``
notice_dates       ``dates``          ``DATE``
notice_orgs        ``orgs``           ``ORG``
notice_bylines     ``bylines``        ``记者``, ``通讯员``, ``实习生``, ``摄影``
=================  =================  ==========================================================

Each component takes keyword-only settings (with ``default_config``) and saves its patterns
with ``to_disk``/``from_disk``, so a pipeline written with ``nlp.to_disk(path)`` loads back with
``spacy.load(path)`` once ``notice_nlp.nlp`` is imported. The pipeline runs on the working text
(see :mod:`notice_nlp.normalize`); :func:`annotate` maps spans back to the original text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import spacy
from spacy.attrs import IDX, LENGTH, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from .annotators import BYLINE_ROLES, PLACE_STOP_WORDS, PLACE_SUFFIXES
from .dates import find_dates
from .vocab import ORG_WORDS, zone_term_map

__all__ = ["JiebaTokenizer", "build_pipeline", "pipeline", "annotate", "Annotation", "SPAN_KEYS"]

SPAN_KEYS = ("zones", "places", "dates", "orgs", "bylines")


class JiebaTokenizer:
    """spaCy tokenizer over :func:`notice_nlp.tokenizer.place_tokenizer` (own jieba instance):
    words with their part-of-speech tags (``token.tag_``) from :func:`notice_nlp.tokenizer.tag_words`;
    the tag is empty for a word outside the dictionary."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from .tokenizer import SPLIT_PLACE_WORDS, tag_words

        pairs = tag_words(text, SPLIT_PLACE_WORDS)
        # Whitespace stays as tokens of its own, so every token's text is the text's slice.
        words = [word for word, _ in pairs]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), tags=[tag or "" for _, tag in pairs])
        doc.user_data[_TEXT_KEY] = text  # the words join to exactly this text
        return doc

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "tokenizer.json").write_text(json.dumps({"segmenter": "jieba", "dictionary": "notice_nlp.gazetteer"}), "utf-8")

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "JiebaTokenizer":
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b"{}"

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "JiebaTokenizer":
        return self


@spacy.registry.tokenizers("notice_nlp.jieba_tokenizer.v1")
def create_jieba_tokenizer():
    def make(nlp):
        return JiebaTokenizer(nlp.vocab)

    return make


_TEXT_KEY = "notice_nlp.text"


def _text(doc: Doc) -> str:
    """The doc's text, built once (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def _token_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get("notice_nlp.starts")
    if starts is None:
        starts = doc.user_data["notice_nlp.starts"] = doc.to_array(IDX).tolist() if len(doc) else []
    return starts


def _char_spans(doc: Doc, key: str, found: Iterable[tuple[int, int, str]]) -> None:
    """Spans covering whole tokens (the 'expand' alignment), found by bisection over token starts.
    A name may end inside a jieba token, so the exact character offsets of the spans are kept,
    in order, as the span group's ``exact`` attribute (read with :func:`span_offsets`)."""
    starts = _token_starts(doc)
    spans, exact = [], []
    for s, e, label in found:
        if e <= s or not starts:
            continue
        i = max(0, bisect_right(starts, s) - 1)
        j = max(i + 1, bisect_left(starts, e))
        spans.append(Span(doc, i, j, label=label))
        exact.append([s, e])
    doc.spans[key] = SpanGroup(doc, name=key, spans=spans, attrs={"exact": exact})


class _TokenSlices:
    """``(start, end, word, tag)`` of a doc's tokens inside a character span; ``None`` for an
    empty tag. Read from the doc's arrays, without making Token objects."""

    def __init__(self, doc: Doc) -> None:
        self.text = _text(doc)
        self.starts = _token_starts(doc)
        lengths, self.tag_ids = doc.to_array([LENGTH, TAG]).T.tolist() if len(doc) else ([], [])
        self.ends = [s + n for s, n in zip(self.starts, lengths)]
        self.strings = doc.vocab.strings

    def __call__(self, start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        out = []
        for k in range(bisect_left(self.starts, start), bisect_left(self.starts, end)):
            s, e = self.starts[k], self.ends[k]
            if e <= end:
                tag_id = self.tag_ids[k]
                out.append((s, e, self.text[s:e], self.strings[tag_id] if tag_id else None))
        return out


class _PatternComponent:
    """A component whose patterns (a JSON-able dict) are saved and loaded with the pipeline."""

    patterns: dict

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "patterns.json").write_text(json.dumps(self.patterns, ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path, *, exclude: Iterable[str] = ()):
        f = Path(path) / "patterns.json"
        if f.exists():
            self.patterns = json.loads(f.read_text("utf-8"))
            self._compile()
        return self

    def _compile(self) -> None:
        pass


class ZoneAnnotator(_PatternComponent):
    """Zone terms (封控区, 高风险地区 …) labelled with their zone code."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, extra_terms: dict[str, str]) -> None:
        self.spans_key = spans_key
        self.patterns = {"terms": {**zone_term_map(), **extra_terms}}
        self._compile()

    def _compile(self) -> None:
        terms = sorted(self.patterns["terms"], key=len, reverse=True)
        self._rx = re.compile("|".join(map(re.escape, terms)))

    def __call__(self, doc: Doc) -> Doc:
        terms = self.patterns["terms"]
        _char_spans(doc, self.spans_key, ((m.start(), m.end(), terms[m.group(0)]) for m in self._rx.finditer(_text(doc))))
        return doc


class PlaceAnnotator(_PatternComponent):
    """Administrative names from the gazetteer (PROVINCE…TOWN) and named places ending in a
    place word (社区, 村, 小区, 号院, 医院 …: PLACE), found from jieba tokens and their tags."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, place_suffixes: list[str], stop_words: list[str]) -> None:
        self.spans_key = spans_key
        self.patterns = {"place_suffixes": place_suffixes, "stop_words": stop_words}

    def __call__(self, doc: Doc) -> Doc:
        from .annotators import place_names

        found = place_names(_text(doc), _TokenSlices(doc), self.patterns["place_suffixes"], self.patterns["stop_words"])
        _char_spans(doc, self.spans_key, found)
        return doc


class DateAnnotator(_PatternComponent):
    """Dates and times (never house numbers)."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.spans_key = spans_key
        self.patterns = {}

    def __call__(self, doc: Doc) -> Doc:
        _char_spans(doc, self.spans_key, ((d.start, d.end, "DATE") for d in find_dates(_text(doc))))
        return doc


class OrgAnnotator(_PatternComponent):
    """Issuing bodies: a place name followed by an organisation word (…指挥部, …办公室)."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, suffixes: list[str]) -> None:
        self.spans_key = spans_key
        self.patterns = {"suffixes": suffixes}

    def __call__(self, doc: Doc) -> Doc:
        from .annotators import org_names

        _char_spans(doc, self.spans_key, ((s, e, "ORG") for s, e in org_names(_text(doc), self.patterns["suffixes"])))
        return doc


class BylineAnnotator(_PatternComponent):
    """Names in bylines (``(记者 侯慧琴 通讯员 王浩青)``, ``记者 王丹``), labelled with the role."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, roles: dict[str, str]) -> None:
        self.spans_key = spans_key
        self.patterns = {"roles": roles}

    def __call__(self, doc: Doc) -> Doc:
        from .annotators import byline_names

        _char_spans(doc, self.spans_key, byline_names(_text(doc), self.patterns["roles"]))
        return doc


_PLACE_SUFFIXES = list(PLACE_SUFFIXES)
_STOP = list(PLACE_STOP_WORDS)
_ROLES = dict(BYLINE_ROLES)
_ORG_SUFFIXES = list(ORG_WORDS)


@Language.factory("notice_zones", default_config={"spans_key": "zones", "extra_terms": {}})
def make_zones(nlp: Language, name: str, spans_key: str, extra_terms: dict[str, str]) -> ZoneAnnotator:
    return ZoneAnnotator(nlp, name, spans_key=spans_key, extra_terms=extra_terms)


@Language.factory("notice_places", default_config={"spans_key": "places", "place_suffixes": _PLACE_SUFFIXES, "stop_words": _STOP})
def make_places(nlp: Language, name: str, spans_key: str, place_suffixes: list[str], stop_words: list[str]) -> PlaceAnnotator:
    return PlaceAnnotator(nlp, name, spans_key=spans_key, place_suffixes=place_suffixes, stop_words=stop_words)


@Language.factory("notice_dates", default_config={"spans_key": "dates"})
def make_dates(nlp: Language, name: str, spans_key: str) -> DateAnnotator:
    return DateAnnotator(nlp, name, spans_key=spans_key)


@Language.factory("notice_orgs", default_config={"spans_key": "orgs", "suffixes": _ORG_SUFFIXES})
def make_orgs(nlp: Language, name: str, spans_key: str, suffixes: list[str]) -> OrgAnnotator:
    return OrgAnnotator(nlp, name, spans_key=spans_key, suffixes=suffixes)


@Language.factory("notice_bylines", default_config={"spans_key": "bylines", "roles": _ROLES})
def make_bylines(nlp: Language, name: str, spans_key: str, roles: dict[str, str]) -> BylineAnnotator:
    return BylineAnnotator(nlp, name, spans_key=spans_key, roles=roles)


def build_pipeline() -> Language:
    """A fresh pipeline: blank Chinese with the jieba tokenizer and the five components."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "notice_nlp.jieba_tokenizer.v1"}}})
    for factory in ("notice_zones", "notice_places", "notice_dates", "notice_orgs", "notice_bylines"):
        nlp.add_pipe(factory)
    return nlp


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_pipeline()


@dataclass(frozen=True)
class Annotation:
    """A span in the original text: ``key`` (the ``doc.spans`` key), ``label``, offsets, text."""

    key: str
    label: str
    start: int
    end: int
    text: str


def annotate(text: str) -> tuple[Doc, list[Annotation]]:
    """Run the pipeline on the working text of ``text``; annotations point into ``text``."""
    from .normalize import normalize

    mt = normalize(text)
    doc = pipeline()(mt.text)
    out = []
    for key in SPAN_KEYS:
        for ws, we, label in span_offsets(doc, key):
            s, e = mt.original_span(ws, we)
            out.append(Annotation(key, label, s, e, text[s:e]))
    return doc, out


def span_offsets(doc: Doc, key: str) -> list[tuple[int, int, str]]:
    """Exact ``(start, end, label)`` character offsets of the spans under ``key``: the offsets
    the component found, where it kept them, else the spans' own."""
    group = doc.spans.get(key)
    if group is None:
        return []
    exact = group.attrs.get("exact")
    if exact is None or len(exact) != len(group):
        return [(sp.start_char, sp.end_char, sp.label_) for sp in group]
    return [(s, e, sp.label_) for (s, e), sp in zip(exact, group)]

"""Scoring the parser against gold annotations (the format of the shared eval SCHEMA.md).

Figures: zone-change precision/recall/F1 (area match after removing province/city/district
prefixes; ``change_exact_F1`` needs the exact area string), district, effective-date, from-zone
and notice-metadata accuracy, report place and people F1, and expected warnings found.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import InputError, NoInputsError
from .normalize import strip_pinyin, to_simplified

__all__ = ["load_gold", "score", "format_scores", "Tally"]

_PUNCT = "。;;,,、::“”\"'‘’(())【】[]《》<>!!??  \t\r\n\u3000·"


def norm(s: Any) -> str | None:
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", str(s))
    s = strip_pinyin(s)
    s = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", "", s)
    s = to_simplified(s)
    s = re.sub(r"\s+", "", s)
    return s.strip(_PUNCT)


def _strip_prefixes(area: str, names: Iterable[str | None]) -> str:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    changed = True
    while changed and area:
        changed = False
        for n in ordered:
            if area.startswith(n) and len(area) > len(n):
                area = area[len(n) :]
                changed = True
    return area


def area_match(g: dict, p: dict) -> str | None:
    """``exact``, ``lenient`` (one area string is a prefix or suffix of the other) or None."""
    names = [norm(x) for x in (g.get("province"), g.get("city"), g.get("district"), p.get("province"), p.get("city"), p.get("district"))]
    ga = _strip_prefixes(norm(g.get("area")) or "", names)
    pa = _strip_prefixes(norm(p.get("area")) or "", names)
    if not ga or not pa:
        return None
    if ga == pa:
        return "exact"
    short, long_ = sorted((ga, pa), key=len)
    if len(short) >= 2 and (long_.endswith(short) or long_.startswith(short)):
        return "lenient"
    return None


def meta_eq(key: str, gold: Any, pred: Any) -> bool:
    """Notice fields match after normalising; issuers also with or without a leading place
    name (辽宁大连庄河市… = 庄河市…)."""
    g, p = norm(gold), norm(pred)
    if not p:
        return False
    if key == "issuer" and g != p:
        short, long_ = sorted((g, p), key=len)
        place_only = short[-1:] in tuple("市县区旗州盟") and len(long_) - len(short) <= 6
        return long_.endswith(short) and (len(short) >= 6 or place_only)
    return g == p


def district_eq(gold: Any, pred: Any) -> bool:
    """Districts match as written or with a city prefix (南昌高新区 = 高新区)."""
    g, p = norm(gold), norm(pred)
    if not p or g == p:
        return bool(p)
    short, long_ = sorted((g, p), key=len)
    return long_.endswith(short) and short[-1:] in tuple("区县市旗") and len(long_) - len(short) <= 6


def flat_changes(doc: dict) -> list[dict]:
    out = []
    for n in doc.get("notices") or []:
        for c in n.get("changes") or []:
            c = dict(c)
            for k in ("province", "city"):
                if c.get(k) is None:
                    c[k] = n.get(k)
            if not c.get("effective"):
                c["effective"] = n.get("effective")
            out.append(c)
    return out


def _eff_eq(g: Any, p: Any) -> bool | None:
    if g is None:
        return None
    if p is None:
        return False
    g, p = str(g), str(p)
    if "T" not in g:
        return p[:10] == g[:10]
    return p[:16].replace(" ", "T") == g[:16]


def match_changes(gold: list[dict], pred: list[dict]) -> list[tuple[int, int, str]]:
    used: set[int] = set()
    pairs: list[tuple[int, int, str]] = []
    for mode in ("exact", "lenient"):
        for gi, g in enumerate(gold):
            if any(gi == a for a, _, _ in pairs):
                continue
            for pi, p in enumerate(pred):
                if pi in used or p.get("to_zone") != g.get("to_zone"):
                    continue
                if area_match(g, p) == mode:
                    pairs.append((gi, pi, mode))
                    used.add(pi)
                    break
    return pairs


@dataclass
class Tally:
    """Running counts across documents."""

    docs: int = 0
    crashes: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ("district", "effective", "from_zone", "meta")})
    place: list[int] = field(default_factory=lambda: [0, 0, 0])
    people: list[int] = field(default_factory=lambda: [0, 0, 0])
    warn: list[int] = field(default_factory=lambda: [0, 0])
    details: list[str] = field(default_factory=list)

    def _hit(self, key: str, ok: bool) -> None:
        self.counts[key][0] += int(ok)
        self.counts[key][1] += 1

    def add(self, gold: dict, doc: dict | None, error: str | None = None) -> None:
        self.docs += 1
        gc = flat_changes(gold)
        if doc is None:
            self.crashes += 1
            self.fn += len(gc)
            self.details.append(f"{gold.get('id')}: ERROR {error}")
            return
        pc = flat_changes(doc)
        pairs = match_changes(gc, pc)
        tp = len(pairs)
        self.tp += tp
        self.fp += len(pc) - tp
        self.fn += len(gc) - tp
        self.exact += sum(1 for *_, m in pairs if m == "exact")
        for gi, pi, _ in pairs:
            g, p = gc[gi], pc[pi]
            if g.get("district"):
                self._hit("district", district_eq(g["district"], p.get("district")))
            e = _eff_eq(g.get("effective"), p.get("effective"))
            if e is not None:
                self._hit("effective", e)
            if g.get("from_zone"):
                self._hit("from_zone", g["from_zone"] == p.get("from_zone"))
        for gn in gold.get("notices") or []:
            for k in ("issuer", "doc_number", "issue_date"):
                if gn.get(k):
                    self._hit("meta", any(meta_eq(k, gn[k], pn.get(k)) for pn in doc.get("notices") or []))
        if gold.get("reports"):
            gp = [dict(p, province=None, city=None) for rp in gold["reports"] for p in rp.get("places", [])]
            pp = [dict(p) for rp in doc.get("reports") or [] for p in rp.get("places", [])]
            used: set[int] = set()
            hit = 0
            for x in gp:
                for j, y in enumerate(pp):
                    if j not in used and area_match(x, y):
                        used.add(j)
                        hit += 1
                        break
            self.place[0] += hit
            self.place[1] += len(pp) - hit
            self.place[2] += len(gp) - hit
            gpe = {(x["role"], x["name"]) for rp in gold["reports"] for x in rp.get("people", [])}
            ppe = {(x.get("role"), x.get("name")) for rp in doc.get("reports") or [] for x in rp.get("people", [])}
            self.people[0] += len(gpe & ppe)
            self.people[1] += len(ppe - gpe)
            self.people[2] += len(gpe - ppe)
        for w in gold.get("expected_warnings", []):
            self.warn[1] += 1
            allw = json.dumps([n.get("warnings") for n in doc.get("notices") or []] + [doc.get("warnings")], ensure_ascii=False)
            named = re.findall(r"[\u4e00-\u9fff]{2,8}(?:区|县|市)", w)
            ok = any(n in allw for n in named) if named else bool(allw.strip("[]null, "))
            self.warn[0] += int(ok)
        matched_g = {gi for gi, _, _ in pairs}
        matched_p = {pi for _, pi, _ in pairs}
        for i, c in enumerate(gc):
            if i not in matched_g:
                self.details.append(f"{gold.get('id')}: MISS {c.get('district')} {c.get('area')} {c.get('to_zone')}")
        for i, c in enumerate(pc):
            if i not in matched_p:
                self.details.append(f"{gold.get('id')}: EXTRA {c.get('district')} {c.get('area')} {c.get('to_zone')}")

    def figures(self) -> dict[str, Any]:
        f1 = lambda tp, fp, fn: (2 * tp / (2 * tp + fp + fn)) if tp else 0.0  # noqa: E731
        ratio = lambda ok_n: (ok_n[0] / ok_n[1]) if ok_n[1] else "n/a"  # noqa: E731
        return {
            "docs": self.docs,
            "crashes": self.crashes,
            "change_P": self.tp / max(1, self.tp + self.fp),
            "change_R": self.tp / max(1, self.tp + self.fn),
            "change_F1": f1(self.tp, self.fp, self.fn),
            "change_exact_F1": f1(self.exact, self.fp + self.tp - self.exact, self.fn + self.tp - self.exact),
            "district_acc": ratio(self.counts["district"]),
            "effective_acc": ratio(self.counts["effective"]),
            "from_zone_acc": ratio(self.counts["from_zone"]),
            "notice_meta_acc": ratio(self.counts["meta"]),
            "report_place_F1": f1(*self.place),
            "report_people_F1": f1(*self.people),
            "warnings_found": f"{self.warn[0]}/{self.warn[1]}",
            "gold_changes": self.tp + self.fn,
        }


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """Gold JSON files named directly or found in directories (``*.json``, ``*.gold.json``)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*.json") if not x.name.startswith(".")))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or directory", source=str(p))
    if not files:
        raise NoInputsError("no gold files found", source=", ".join(map(str, paths)))
    return files


def load_gold(path: Path) -> dict | None:
    """A gold record with its text: inline ``text``, or a ``source`` file beside the gold file."""
    try:
        gold = json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a gold JSON file ({exc})", source=str(path)) from None
    if not isinstance(gold, dict) or "notices" not in gold:
        return None
    if "text" not in gold and gold.get("source"):
        gold["_source_path"] = str((path.parent / gold["source"]).resolve())
    elif "text" not in gold:
        return None
    gold.setdefault("id", path.stem)
    return gold


def score(paths: Iterable[str | Path], parse: Callable[[dict], dict]) -> Tally:
    """Score ``parse(gold) -> document dict`` on every gold file under ``paths``."""
    tally = Tally()
    for f in gold_files(paths):
        gold = load_gold(f)
        if gold is None:
            continue
        try:
            doc = parse(gold)
        except Exception as exc:  # a crash is a figure, not an abort
            tally.add(gold, None, f"{type(exc).__name__}: {exc}")
            continue
        tally.add(gold, doc)
    return tally


def format_scores(figs: dict[str, Any]) -> str:
    return " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figs.items())

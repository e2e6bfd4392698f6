"""Turning raw extractions (working-text spans) into records (original-text values and spans),
resolving each place through the gazetteer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Sequence

from .changes import Extraction
from .districts import counties_listed
from .gazetteer import Division, gazetteer
from .item_names import town_at, town_name_end
from .items import WHOLE_COUNTY_RX
from .normalize import clean_value
from .records import Warning, ZoneChange
from .textmap import MappedText

__all__ = ["Resolver", "build_changes", "notice_place"]


_UNSEEN = object()  # a name not resolved yet (None is a result: not found)


@dataclass
class Resolver:
    """Resolves names read from one notice against its place context."""

    mt: MappedText
    city: Division | None = None
    province: Division | None = None
    # Districts and townships resolved so far (a notice names the same few many times), by
    # name and context.
    _districts: dict[tuple, Division | None] = field(default_factory=dict, repr=False, compare=False)
    _towns: dict[tuple, Division | None] = field(default_factory=dict, repr=False, compare=False)
    _values: dict[tuple[int, int], str] = field(default_factory=dict, repr=False, compare=False)  # orig(), by span

    def scope(self) -> list[Division]:
        return [d for d in (self.city, self.province) if d is not None]

    def work(self, span: tuple[int, int] | None) -> str | None:
        return self.mt.text[span[0] : span[1]] if span else None

    def orig(self, span: tuple[int, int] | None) -> str | None:
        """The original text of a working span, made presentable (a district written once over a
        list is read once)."""
        if not span:
            return None
        value = self._values.get(span)
        if value is None:
            value = self._values[span] = clean_value(self.mt.original_slice(*span))
        return value

    def ospan(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        return self.mt.original_span(*span) if span else None

    def _context_codes(self) -> tuple[str | None, str | None]:
        # Units are keyed by their codes (equal units have one code): a tuple of strings hashes
        # without calling a unit's own hash.
        return (self.city.code if self.city else None, self.province.code if self.province else None)

    def district(self, name: str, city_name: str | None = None) -> Division | None:
        key = (name, city_name, *self._context_codes())
        found = self._districts.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._districts[key] = self._find_district(name, city_name)
        return found

    def town(self, name: str, within: Division | None = None) -> Division | None:
        """The township called ``name`` in the district ``within`` (else in the notice's city)."""
        key = (name, within.code if within else None, *self._context_codes())
        found = self._towns.get(key, _UNSEEN)
        if found is _UNSEEN:
            g = gazetteer()
            d = g.resolve(name, (4,), [within] if within else self.scope())
            bound = within or self.city
            found = self._towns[key] = d if d is not None and (bound is None or g.within(d, bound)) else None
        return found

    def _find_district(self, name: str, city_name: str | None) -> Division | None:
        g = gazetteer()
        base = name.split("(")[0]
        scope = list(self.scope())
        if city_name:
            c = g.resolve(city_name, (2, 1), self.scope())
            if c is not None:
                scope.insert(0, c)
        d = g.resolve(base, (3,), scope)
        if d is None:
            # 高新区(新市区): the bracketed official county.
            if "(" in name:
                inner = name.split("(", 1)[1].rstrip(")")
                d = g.resolve(inner, (3,), scope)
        if d is None and len(base) in (2, 3):
            # 大兴 (in 大兴西红门镇): a county written without its 区/县 before one of its townships.
            d = next((u for suffix in "区县市旗" if (u := g.resolve(base + suffix, (3,), scope)) is not None), None)
        if d is None:
            city = next((s for s in scope if s.level in (1, 2)), None)
            alias = g.alias(base, city.name if city else None)
            if alias and alias.get("maps_to"):
                d = g.resolve(alias["maps_to"], (3,), [g.resolve(alias["city"], (2, 1)) or self.city])
        return d


_NAME_QUOTES = str.maketrans("", "", "“”")
_HAN_GAP_RX = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")

def notice_place(
    resolver: Resolver, texts: list[str], district_names: list[str], town_names: list[str] = (), district_towns: list[str] = ()
) -> tuple[Division | None, Division | None]:
    """Province and city of a notice: named in issuer/title, else voted by its districts (and by
    townships written without a district: 杨地镇 → 山阳县 → 商洛市). When the districts are in
    two cities alike (城关区: 兰州市, 拉萨市), the townships written under them
    (``district_towns``) decide, if they can."""
    g = gazetteer()
    for t in texts:
        for _, _, name in g.scan(t, levels=(1, 2), min_len=2):
            divs = g.lookup(name, (1, 2))
            cities = [d for d in divs if d.level == 2]
            if len(cities) == 1:
                return g.parent(cities[0]), cities[0]
            provs = [d for d in divs if d.level == 1]
            if provs and provs[0].code in ("110000", "120000", "310000", "500000"):
                return provs[0], provs[0]
    province = None
    for t in texts:
        for _, _, name in g.scan(t, levels=(1,), min_len=2):
            province = g.lookup(name, (1,))[0]
            break
        if province:
            break
    votes: Counter[str] = Counter()

    def vote(cands: list[Division]) -> None:
        if province is not None:
            cands = [c for c in cands if g.within(c, province)] or cands
        for c in cands:
            city = g.city_of(c)
            if city is not None:
                votes[city.code] += 1.0 / len(cands)

    for name in district_names:
        vote(g.lookup(name.split("(")[0], (3,)))
    if not votes:
        for name in town_names:
            end = town_name_end(name, 0, len(name))
            vote(g.lookup(name[:end], (4,)) if end else [])
    top = votes.most_common(2)
    if len(top) == 2 and top[0][1] == top[1][1]:
        tied = {code for code, n in votes.items() if n == top[0][1]}
        votes = Counter()  # 城关区 alone: 兰州市 or 拉萨市 — not guessed
        for name in district_towns:
            end = town_name_end(name, 0, len(name))
            for d in g.lookup(name[:end], (4,)) if end else []:
                city = g.city_of(d)
                if city is not None and city.code in tied:
                    votes[city.code] += 1
        top = votes.most_common(2)
        if len(top) == 2 and top[0][1] == top[1][1]:
            votes = Counter()
    if votes:
        code, _ = votes.most_common(1)[0]
        city = g.by_code[code]
        top = g.ancestors(city)[0]
        return top, city
    return province, None


def build_changes(
    resolver: Resolver, ext: Extraction, effective: str | None, per_change: Sequence[str | None] | None = None
) -> tuple[list[ZoneChange], list[Warning]]:
    """Records for the raw changes of one notice (duplicates dropped); ``per_change`` gives each
    raw change (in ``ext.changes`` order) its own effective time, else the notice's ``effective``."""
    own = {id(rc): value for rc, value in zip(ext.changes, per_change)} if per_change is not None else {}
    g = gazetteer()
    out: list[ZoneChange] = []
    warnings: list[Warning] = []
    seen: set[tuple] = set()
    listed: set[tuple] = set()  # keys read from a section's list
    for rc, item in _each_district(resolver, ext.changes):
        if item.catch_all:
            # The rest of a district, or of a township a town-rests list names (张庙街道其他区域).
            area = "".join(resolver.orig(p) or "" for p in item.parts) + "其他区域"
        elif item.whole and not item.parts:
            area = "全域"
        else:
            area = "".join(resolver.orig(p) or "" for p in item.parts)
            if " " in area or "\u3000" in area:
                area = _HAN_GAP_RX.sub("", area)  # 吴起街道 南沟村: no place name holds a space between its characters
            if area.count("“") != area.count("”"):
                area = area.translate(_NAME_QUOTES)  # 菜子镇“菜子村、浅河村”: one mark of a quoted list
            if item.whole and (area.startswith(("全域", "全境")) or WHOLE_COUNTY_RX.fullmatch(area)):  # 全县, 整个县域
                area = "全域"
        if not area:
            continue
        district_text = resolver.work(item.district)
        city_text = resolver.work(item.city)
        div = resolver.district(district_text, city_text) if district_text else None
        district_out = resolver.orig(item.district) if item.district else None
        if div is not None and district_out and len(div.name) > len(district_out) and div.name.startswith(district_out):
            district_out = div.name  # 大兴 → 大兴区: a county written short is given its full name
        adcode = div.code if div else None
        path = g.path(div) if div else None
        # No district written: a township name may tell it (祖庙街道 → 禅城区).
        if div is None and district_text is None and item.parts:
            town_div = _town_division(resolver, item)
            if town_div is not None:
                path = g.path(town_div)
                district_out = g.county_name(town_div)
                if district_out == path.town and area.startswith(district_out) and len(area) > len(district_out):
                    area = area[len(district_out) :]  # 石排镇安逸居 in 东莞市: the township is the district
                adcode = town_div.code
        elif div is not None and item.parts:
            town_div = _town_division(resolver, item, within=div)
            if town_div is not None:
                adcode = town_div.code
        if path is None and district_text is not None:
            alias = g.alias(district_text.split("(")[0], resolver.city.name if resolver.city else None)
            if alias:
                adcode = alias.get("adcode")
        province = path.province if path else (resolver.province.name if resolver.province else None)
        city = path.city if path else (resolver.city.name if resolver.city else None)
        if city_text and not path:
            c = g.resolve(city_text, (2, 1), resolver.scope())
            if c is not None:
                cp = g.path(c)
                province, city = cp.province, cp.city or c.name
        # The same area listed again in another section is another entry; one named in a
        # sentence and again in a list (甲小区等11个社区…解除; 名单如下:甲小区…) is one.
        key = (district_out, area, rc.from_zone, rc.to_zone, rc.kind)
        if key in seen or (key, rc.section) in seen or (rc.section is None and key in listed):
            continue
        seen.add(key if rc.section is None else (key, rc.section))
        if rc.section is not None:
            listed.add(key)
        spans = {"area": resolver.ospan(item.parts[-1] if item.parts else item.span), "to_zone": resolver.ospan(rc.anchor)}
        if item.district:
            spans["district"] = resolver.ospan(item.district)
        out.append(
            ZoneChange(
                area=area,
                to_zone=rc.to_zone,
                from_zone=rc.from_zone,
                kind=rc.kind,
                province=province,
                city=city,
                district=district_out,
                effective=own.get(id(rc), effective),
                adcode=adcode,
                span=resolver.ospan(item.span),
                spans={k: v for k, v in spans.items() if v},
            )
        )
        if district_out is None and not item.catch_all:
            warnings.append(Warning("district_unresolved", f"no district found for '{area}'", resolver.ospan(item.span)))
    # 将舒兰市由低风险调整为中风险…此次舒兰市上调为中风险: one change told twice, once with the
    # zone it left; the telling that says so is the one kept.
    said_from = {(c.district, c.area, c.to_zone, c.kind) for c in out if c.from_zone}
    if said_from:
        out = [c for c in out if c.from_zone or (c.district, c.area, c.to_zone, c.kind) not in said_from]
    # 对角美镇万益学府花园小区实行封控式管理…对万益学府花园小区划为封控区: one area told twice,
    # once under its township; the fuller telling is the one kept.
    areas = {c.area for c in out}
    longer: dict[str, list[ZoneChange]] = {}  # an area of the notice → the changes whose area ends with it
    for d in out:
        for k in range(2, len(d.area) - 1):
            if d.area[k:] in areas:
                longer.setdefault(d.area[k:], []).append(d)
    told_again = [c for c in out if any(_told_fuller(d, c) for d in longer.get(c.area, ()))]
    if told_again:
        out = [c for c in out if c not in told_again]
        dropped = {c.span for c in told_again}
        warnings = [w for w in warnings if not (w.code == "district_unresolved" and w.span in dropped)]
    return out, warnings


def _told_fuller(d: ZoneChange, c: ZoneChange) -> bool:
    """Whether ``d`` is ``c`` written with its township (or county) before it."""
    if d is c or (d.to_zone, d.from_zone, d.kind) != (c.to_zone, c.from_zone, c.kind) or len(d.area) <= len(c.area):
        return False
    if not d.area.endswith(c.area) or (c.district is not None and c.district != d.district):
        return False
    head = d.area[: -len(c.area)]
    return town_name_end(head, 0, len(head)) == len(head)


def _each_district(resolver: Resolver, changes):
    """Each raw change with its item; a catch-all written over several districts
    (``西山区和安宁市除高、中风险区外的其他区域``) is one change in each of them."""
    for rc in changes:
        item = rc.item
        listed = counties_listed(resolver.mt.text, *item.span) if item.catch_all else []
        if len(listed) < 2:
            yield rc, item
            continue
        for span in listed:
            yield rc, replace(item, district=span)


def _town_division(resolver: Resolver, item, within: Division | None = None) -> Division | None:
    text = resolver.mt.text
    for s, e in item.parts:
        t_end = town_at(text, s, e)
        if t_end:
            d = resolver.town(text[s:t_end], within)
            if d is not None:
                return d
    return None

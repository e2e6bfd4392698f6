"""The view model templates render from, and the filters that carry Chinese notice logic:
grouping changes by transition and district with counts, ordinals, totals, dates, numbers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..vocab import load_data, zone_label
from .inputs import NoticeInput

__all__ = ["NoticeView", "build_view", "FILTERS", "cn_ordinal", "cn_date", "effective_phrase", "docno_short", "transition_heading"]

_CN_NUM = "零一二三四五六七八九十"
_RISK = ("high_risk", "medium_risk", "low_risk")


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n]
    if n < 20:
        return "十" + (_CN_NUM[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return _CN_NUM[tens] + "十" + (_CN_NUM[ones] if ones else "")


def cn_ordinal(n: int, level: int = 1) -> str:
    """Heading numbers by level, GB/T 9704 style: 一、 (一) 1. (1)."""
    if level == 1:
        return f"{_cn_number(n)}、"
    if level == 2:
        return f"({_cn_number(n)})"
    if level == 3:
        return f"{n}."
    return f"({n})"


def cn_date(value: str) -> str:
    """``2022-11-17`` → ``2022年11月17日``."""
    d = dt.date.fromisoformat(value[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def effective_phrase(effective: str | None, issue_date: str) -> str:
    """``即日起`` when the changes take effect on issue, else ``自2022年11月18日0时起``."""
    if not effective or effective == issue_date:
        return "即日起"
    if "T" in effective:
        day, clock = effective.split("T")
        hh, mm = (int(x) for x in clock.split(":"))
        return f"自{cn_date(day)}{hh}时{f'{mm}分' if mm else ''}起"
    return f"自{cn_date(effective)}起"


def docno_short(doc_number: str | None, prefix: str | None = None) -> str | None:
    """``2022年第165号`` → ``并防办〔2022〕165号`` (with the agency prefix); the long form stays
    as given."""
    if not doc_number:
        return None
    m = re.search(r"(\d{4})\s*年\s*第?\s*(\d+)\s*号", doc_number) or re.search(r"〔(\d{4})〕\s*第?\s*(\d+)\s*号", doc_number)
    if not m:
        return doc_number
    return f"{prefix or ''}〔{m.group(1)}〕{m.group(2)}号"


def docno_long(doc_number: str | None) -> str | None:
    """``并防办〔2022〕165号`` → ``2022年第165号``."""
    if not doc_number:
        return None
    m = re.search(r"〔(\d{4})〕\s*第?\s*(\d+)\s*号", doc_number)
    return f"{m.group(1)}年第{m.group(2)}号" if m else doc_number


def transition_heading(from_zone: str | None, to_zone: str) -> str:
    """The section heading for one transition (新增高风险区, 高风险区调整为低风险区 …)."""
    if to_zone == "lifted":
        return f"解除{zone_label(from_zone)}管控措施" if from_zone else "解除管控区域"
    if from_zone:
        return f"{zone_label(from_zone)}调整为{zone_label(to_zone)}"
    if to_zone in ("high_risk", "medium_risk"):
        return f"新增{zone_label(to_zone)}"
    if to_zone == "low_risk":
        return f"调整为{zone_label(to_zone)}"
    return zone_label(to_zone)


def transition_total(from_zone: str | None, to_zone: str, n: int) -> str:
    """The lead's total for one transition: 新增高风险区8个, 7个高风险区调整为中风险区."""
    if to_zone == "lifted":
        return f"解除{n}个区域管控措施"
    if from_zone:
        return f"{n}个{zone_label(from_zone)}调整为{zone_label(to_zone)}"
    if to_zone in _RISK:
        return f"新增{zone_label(to_zone)}{n}个" if to_zone != "low_risk" else f"调整为{zone_label(to_zone)}{n}个"
    return f"划定{zone_label(to_zone)}{n}个"


def transition_predicate(from_zone: str | None, to_zone: str) -> tuple[str, str]:
    """Words around a place list in running text: (before, after)."""
    if to_zone == "lifted":
        if from_zone:
            return "解除", f"{zone_label(from_zone)}管理"
        return "对", "解除管控"
    if from_zone:
        return "将", f"由{zone_label(from_zone)}调整为{zone_label(to_zone)}"
    return "将", f"划定为{zone_label(to_zone)}"


@dataclass(frozen=True)
class Group:
    district: str
    areas: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.areas)


@dataclass(frozen=True)
class Section:
    from_zone: str | None
    to_zone: str
    heading: str
    groups: tuple[Group, ...]
    measure: str
    total: str
    before: str
    after: str

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def places(self) -> tuple[str, ...]:
        """Every area with its district, for running text (晋源区姚村镇盛世田园小区)."""
        return tuple(g.district + a for g in self.groups for a in g.areas)


@dataclass(frozen=True)
class NoticeView:
    issuer: str
    doc_number: str | None
    doc_number_short: str | None
    number: str | None  # the number as the notice prints it: the 发文字号 form with doc_prefix
    number_line: str | None  # the line under the mark: (2022年第165号), or 并防办〔2022〕165号
    title: str
    issue_date: str
    issue_date_cn: str
    effective_phrase: str
    legal_basis: str
    totals: str
    sections: tuple[Section, ...]
    signature: str
    attachments: tuple[str, ...]
    contact: str | None
    reporter: str | None
    place: str
    count: int
    month: int
    day: int


_ORDER = ["high_risk", "medium_risk", "sealed", "controlled", "precaution", "low_risk", "lifted"]


def build_view(n: NoticeInput, *, default_title: str, mixed_title: str | None = None) -> NoticeView:
    """Group changes by transition (in a fixed order), then by district in input order. The title
    names the zone when every change goes to one zone, else it is ``mixed_title`` (neutral words:
    关于调整我市部分区域风险等级的通告). A zone's measure sentence follows the last section of that
    zone only, so it is said once."""
    measures = {**load_data("measures")["measures"], **n.measures}
    keys: list[tuple[str | None, str]] = []
    by_key: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for c in n.changes:
        key = (c.from_zone, c.to_zone)
        if key not in by_key:
            by_key[key] = {}
            keys.append(key)
        by_key[key].setdefault(c.district, []).append(c.area)
    keys.sort(key=lambda k: (_ORDER.index(k[1]), _ORDER.index(k[0]) if k[0] else -1))
    sections = []
    for frm, to in keys:
        groups = tuple(Group(d, tuple(a)) for d, a in by_key[(frm, to)].items())
        total = sum(len(a) for a in by_key[(frm, to)].values())
        before, after = transition_predicate(frm, to)
        last_of_zone = not any(k[1] == to for k in keys[keys.index((frm, to)) + 1 :])
        measure = measures.get(to, "") if last_of_zone else ""
        sections.append(Section(frm, to, transition_heading(frm, to), groups, measure, transition_total(frm, to, total), before, after))
    place = _place_word(n)
    issue = dt.date.fromisoformat(n.issue_date)
    return NoticeView(
        issuer=n.issuer,
        doc_number=n.doc_number,
        doc_number_short=docno_short(n.doc_number, n.doc_prefix),
        number=docno_short(n.doc_number, n.doc_prefix) if n.doc_prefix else n.doc_number,
        number_line=(docno_short(n.doc_number, n.doc_prefix) if n.doc_prefix else f"({n.doc_number})") if n.doc_number else None,
        title=n.title or _title(sections, place, default_title, mixed_title),
        issue_date=n.issue_date,
        issue_date_cn=cn_date(n.issue_date),
        effective_phrase=effective_phrase(n.effective, n.issue_date),
        legal_basis=n.legal_basis or load_data("measures")["legal_basis"],
        totals=",".join(s.total for s in sections),
        sections=tuple(sections),
        signature=n.signature or n.issuer,
        attachments=n.attachments,
        contact=n.contact,
        reporter=n.reporter,
        place=place,
        count=sum(s.count for s in sections),
        month=issue.month,
        day=issue.day,
    )


def _title(sections: list, place: str, default_title: str, mixed_title: str | None) -> str:
    zones = {s.to_zone for s in sections}
    if len(zones) > 1 and mixed_title:
        return mixed_title.format(place=place)
    return default_title.format(place=place, zone=zone_label(sections[0].to_zone) if sections else "风险区")


def _place_word(n: NoticeInput) -> str:
    """How the notice names its own area: 我市 for a city body, else the unit's name."""
    if n.city:
        return "我市"
    m = re.match(r"[\u4e00-\u9fff]{2,}?[市区县]", n.issuer)
    return "我" + m.group(0)[-1] if m else "本地"


FILTERS = {
    "cn_ordinal": cn_ordinal,
    "cn_date": cn_date,
    "zone_name": zone_label,
    "docno_short": docno_short,
    "docno_long": docno_long,
}

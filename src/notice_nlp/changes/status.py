"""Lists of what areas currently are, as of a time (kind ``status``).

Such lists are announced by an as-of phrase: on a line of its own (``(截至11月20日24时)``,
``截至11月20日24时:``), starting a label (``【截至11月20日24时】高风险区(2个):``), or in a
sentence that gives the total and ends (``截至11月20日24时,全市共有高风险区2个。``) with the
list on the lines below. Totals may be written count first (``共有2个高风险地区——甲、乙;3个中风险
地区,分别是:``), each a label over the list after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import AS_OF_LINE_RX, status_rx, designating_alternation, list_opener, looks_like_places, numeral_value, zone_alternation, zone_code, zone_pattern

__all__ = ["StatusLists", "as_of_only"]

_AS_OF = (
    r"(?:截至|截止)(?:到)?\s*(?:(?:(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?\s*"
    r"(?:\d{1,2}\s*[时点]\s*(?:\d{1,2}\s*分)?|\d{1,2}:\d{2})?|目前|当前|今日|今天|发稿时)\s*(?:止|前)?"
)
_AS_OF_ONLY_RX = re.compile(rf"[((【\[]?\s*{_AS_OF}\s*[))】\]]?\s*[::,,]?\s*")
_AS_OF_LEAD_RX = re.compile(rf"[((【\[]\s*{_AS_OF}\s*[))】\]]\s*")


def as_of_only(text: str, s: int, e: int) -> bool:
    """``(截至11月20日24时)``, ``截至目前:``: the span is nothing but an as-of phrase."""
    return _AS_OF_ONLY_RX.fullmatch(text, s, e) is not None


_LABEL_WORD_RX = re.compile(r"个|位列|属于|均为|均是")


# 12个中风险市县为: / 8个中风险街乡: — the kind of unit the zone's places are, after the zone.
_ZONE_UNIT = r"(?:市县|县市|县区|区县|县\(市、区\)|街乡镇|街乡|乡镇|街镇|街道|社区|村居|小区)?"


# A count in digits or Chinese numerals (\d+|[一…十]{1,3}), opening with the one class the regex
# engine scans for; what follows its first character is chosen by a lookbehind on it.
_COUNT = r"[\d一二两三四五六七八九十](?:(?<=\d)\d*|(?<=[一二两三四五六七八九十])[一二两三四五六七八九十]{0,2})"


@lru_cache(maxsize=1)
def _count_first_rx() -> re.Pattern[str]:
    """``2个高风险地区——``, ``37个中风险地区(涉及10个区),分别是:`` — a count, a zone, and the list after;
    ``共划定6个中风险地区(甲、乙…)`` — the list in brackets after them."""
    return zone_pattern(
        r"(?P<n>" + _COUNT + r")\s*个\s*(?P<z>{z})" + _ZONE_UNIT + r"(?:(?:\s*[((][^()()]{0,12}[))])?\s*"
        r"(?:——|—|[::]|[,,]?\s*" + list_opener() + r"\s*[::]?|为\s*[::])|\s*[((](?P<paren>[^()()]{2,}?)[))])"
    )


@lru_cache(maxsize=1)
def _zone_first_rx() -> re.Pattern[str]:
    """``高风险区2个,分别为`` / ``中风险区共9个,分别为`` / ``中风险区1个,为`` / ``高风险区2个(甲、乙)`` — a zone, its count, the list."""
    return zone_pattern(
        r"(?P<z>{z})" + _ZONE_UNIT + r"\s*(?:共有|共|为|有)?\s*(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*个\s*"
        r"(?:[,,]\s*(?:" + list_opener() + r"|为)\s*[::]?|[((](?P<paren>[^()()]{2,}?)[))])"
    )


@lru_cache(maxsize=1)
def _zone_is_list_rx() -> re.Pattern[str]:
    """``低风险县(市、区)为甲县、乙县…等11个`` — a zone, then 为 and its places, closed by their count."""
    return zone_pattern(
        r"(?P<z>{z})" + _ZONE_UNIT + r"\s*(?:为|是|包括)\s*(?=[^,,;;。::]{1,60}?、[^,,;;。::]{1,400}?等\s*(?:\d+|[一二两三四五六七八九十]{1,3})\s*个)"
    )


@lru_cache(maxsize=1)
def _copula_rx() -> re.Pattern[str]:
    """``8个街乡位列中风险地区,分别是:`` — what the places are, then the places."""
    return zone_pattern(r"(?:位列|属于|均为|均是)\s*(?:疫情)?(?P<z>{z})\s*[,,]?\s*" + list_opener() + r"\s*[::]?")


@lru_cache(maxsize=1)
def _total_rx() -> re.Pattern[str]:
    """``共有高风险区2个`` / ``现有2个高风险区``: a total of one zone."""
    return zone_pattern(r"(?:(?P<z1>{z})\s*(?P<n1>\d+|[一二两三四五六七八九十]{1,3})\s*个|(?P<n2>\d+|[一二两三四五六七八九十]{1,3})\s*个\s*(?P<z2>{z}))")


@lru_cache(maxsize=1)
def _zone_count_rx() -> re.Pattern[str]:
    """``中风险:48个`` / ``➋ 中风险 7个``: a zone and its count, alone, over the list below."""
    return zone_pattern(r"[^\u4e00-\u9fff]{0,3}(?P<z>{z})\s*[::]?\s*(?:共\s*)?(?P<n>\d+|[一二两三四五六七八九十]{1,3})\s*[个处]\s*[::]?")


# …新增高风险区11个,其中昌邑区2个、舒兰市1个。: a breakdown of the total by district adds no place.
_BREAKDOWN_RX = re.compile(r"(?:[,,]\s*其中\s*(?:[\u4e00-\u9fff]{2,12}?\s*(?:\d+|[一二两三四五六七八九十]{1,3})\s*个\s*[、,,和及]?\s*)+)?[\s。;;]*")
_LIST_BELOW_RX = re.compile(r"[。;;\s]*(?:$|\n|(?:具体|详细)?(?:名单|清单|区域|地区|情况)?(?:如下|见下)\s*[::])")


_WHERE_REMARK_RX = re.compile(r"\s*(?:涉及|分布[在于]|位于|均[在位]于?|集中[在于])")


def _lists_in_brackets(m: re.Match[str]) -> bool:
    """A zone's count with brackets after it (``高风险区2个(甲、乙)``) lists its places there: several
    set apart by separators, or one place for a count of one (``中风险地区1个(通化市东昌区)``), not
    a remark (``(涉及3个区)``, ``(截至9时)``)."""
    paren = m.groupdict().get("paren")
    if paren and _WHERE_REMARK_RX.match(paren):
        return False  # 4个高风险地区(涉及甲省乙市、丙市): where they lie, not the areas
    if not paren or re.search(r"[、,,]", paren):
        return True
    return numeral_value(m["n"]) == 1 and looks_like_places(paren) and not status_rx().search(paren)


_LIST_TOTAL_RX = re.compile(r"等\s*(?:\d+|[一二两三四五六七八九十]{1,3})\s*个")
_LIFTING_BEFORE_RX = re.compile(r"(?:解除|撤除|撤销)[^,。;,;]{0,8}$")

class StatusLists:
    """Status lists of :class:`~.reader.Reader` (state lives on the reader)."""

    def _as_of(self, s: int, e: int) -> int | None:
        """A sentence that is only an as-of phrase makes what follows statuses (None is
        returned); one that opens with a bracketed as-of phrase (【截至…】高风险区:) does the same
        and the rest of it is read on (its start is returned)."""
        text = self.text
        if as_of_only(text, s, e) or AS_OF_LINE_RX.match(text, s, e) and text.find("\n", s, e) < 0 and (e >= len(text) or text[e] == "\n"):
            self.context = self.context.child(status=True)
            return None
        m = _AS_OF_LEAD_RX.match(text, s, e)
        if m:
            self.context = self.context.child(status=True)
            return m.end()
        return s

    def _count_first_labels(self, s: int, e: int) -> bool:
        """``截至…,共有2个高风险地区——甲、乙;37个中风险地区,分别是:`` and ``共有高风险区2个,分别为
        甲、乙;中风险区1个,为丙`` / ``高风险区2个(甲、乙)`` — each total over the places after it
        (up to the next total, or a clause with a predicate of its own, which is read in turn), or
        over the lines below when none follow."""
        text = self.text
        if not _LABEL_WORD_RX.search(text, s, e):
            return False  # a count (个) or a copula (位列…) is what each of these labels holds
        found = [
            *_count_first_rx().finditer(text, s, e), *_zone_first_rx().finditer(text, s, e), *_copula_rx().finditer(text, s, e),
            *_zone_is_list_rx().finditer(text, s, e),
        ]
        labels = sorted(found, key=lambda m: m.start())
        labels = [m for k, m in enumerate(labels) if k == 0 or m.start() >= labels[k - 1].end()]
        # 由高风险区调整为低风险区2个,分别为…: the zone ends a predicate, which reads the sentence.
        labels = [m for m in labels if not re.search(r"(?:为|至|成|入)\s*$", text[s : m.start()])]
        labels = [m for m in labels if _lists_in_brackets(m)]
        if not labels or self._has_anchor(s, labels[0].start()):
            return False
        if _LIFTING_BEFORE_RX.search(text, s, labels[0].start()):
            return False  # 解除全县2个高风险区: — the counted zone is lifted, not listed as it stands
        if status_rx().search(text, s, labels[0].start()):
            self.context = self.context.child(status=True)
        # 伊宁县划定高风险区3个,即…: the county the sentence is about scopes its lists.
        self._set_scope(s, labels[0].start())
        rest = None
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else e
            count = numeral_value(m["n"]) if m.groupdict().get("n") else None
            self._open_zone_section(zone_code(m["z"]), count, (m.start(), m.end()))
            if m.groupdict().get("paren"):
                self._list_in_section(m.start("paren"), m.end("paren"))
                a = m.end()
            else:
                a = m.end()
                total = _LIST_TOTAL_RX.search(text, a, end)
                if total is not None and not m.groupdict().get("n"):
                    end = total.end()  # 为甲县、乙县等11个,占…: the list ends with its count
                for cut in re.finditer(r"[,,;;]", text[a:end]):
                    if self._has_anchor(a + cut.end(), end):
                        end, rest = a + cut.start(), (a + cut.end(), e)
                        break
                if text[a:end].strip(" ;;,,。、"):
                    self._list_in_section(a, end)
                a = end
            if i + 1 == len(labels) and rest is None and self._has_anchor(a, e):
                rest = (a, e)
            if rest is not None:
                break
        if rest is not None:
            # 高风险区2个(甲、乙),其他区域为低风险区: the clause after the list.
            self._close_group()
            self._close_section()
            self._parse_predicates(*rest)
        return True

    def _zone_count_line(self, s: int, e: int) -> bool:
        """A line that is a zone and a count only opens that zone's section, checked against it."""
        m = _zone_count_rx().fullmatch(self.text, s, e)
        if m is None:
            return False
        self._open_zone_section(zone_code(m["z"]), numeral_value(m["n"]), (m.start("z"), m.end()))
        return True

    def _status_totals(self, s: int, e: int) -> bool:
        """``调整后,全市目前共有高风险地区1个,中风险地区8个。``: totals of the zones as they stand
        now, naming no place: the labelled lists after it (高风险地区:甲;中风险地区:乙) are what
        those areas currently are."""
        text = self.text
        if not status_rx().search(text, s, e) or "共有" not in text[s:e]:
            return False
        totals = list(_total_rx().finditer(text, s, e))
        zones = re.findall(zone_alternation(), text[s:e])
        if len(totals) < 2 or len(zones) != len(totals):
            return False
        self._close_group()
        self._close_section()
        self.context = self.context.child(status=True)
        return True

    def _total_ends_section(self, s: int, e: int) -> bool:
        """``新增后,某县有高风险区8个`` under the list of the new ones: a standing total ends the
        section open above it and heads the status list below."""
        text = self.text
        if self.section is None or not status_rx().search(text, s, e) or _total_rx().search(text, s, e) is None:
            return False
        self._close_group()
        self._close_section()
        return self._status_total(s, e)

    def _status_total(self, s: int, e: int) -> bool:
        """``截至11月20日24时,全市共有高风险区2个。`` with no other zone: the list below, if any,
        is that zone's status list (its count is left to the totals check). A total of new
        areas (``…新增高风险区3个。``) is the same for a list of changes."""
        text = self.text
        status = bool(status_rx().search(text, s, e))
        # 新增高风险区3个 / 新划定中风险区2个: a total of areas designated now, not a standing state;
        # such a total is over a list when the list, or the words announcing it, come next.
        new = re.search(designating_alternation(new_only=True) + "|新划为", text[s:e])
        if not status and not (new and _LIST_BELOW_RX.match(text, e)):
            return False
        zones = re.findall(zone_alternation(), text[s:e])
        m = _total_rx().search(text, s, e)
        if len(zones) != 1 or m is None or not _BREAKDOWN_RX.fullmatch(text, m.end(), e):
            return False
        if numeral_value(m["n1"] or m["n2"]) == 0:
            return False  # 全国共有高风险地区0个: a total of none heads no list
        if status:
            self.context = self.context.child(status=True)
        self._open_zone_section(zone_code(m["z1"] or m["z2"]), None, (m.start(), m.end()))
        return True

"""News reports on a page: article segmentation, headline, dateline date, places and bylines.

An article starts at its lead paragraph (``本报讯…``, ``11月17日小店区消息``, ``…1月25日电``),
together with the headings and page labels just above it, and runs to the next article or to
an official notice. Page labels (``## 向阳镇``, ``青年路三社区``) are place names set above an
article, not headlines.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .annotators import byline_names, is_byline_line, place_names
from .dates import find_dates, iso
from .gazetteer import gazetteer
from .districts import county_at
from .normalize import clean_value
from .records import Person, Place, Report
from .report_page import headline_span, is_furniture, is_headline, is_masthead, is_original_title, is_section_label, is_summary, page_article
from .textmap import MappedText
from .vocab import zone_terms

__all__ = ["extract_reports"]

_LEAD_RX = re.compile(
    r"^\s*(?:[((]\s*(?:总台记者|特约记者|见习记者|实习记者|本报记者|记者|通讯员)[^()()\n]{1,40}[))]\s*(?=\S)|本报讯|本(?:报|网|台|刊)[^\s,,]{0,12}讯|[\u4e00-\u9fff]{1,8}(?:网|报|台|社)讯|\d{1,2}月\d{1,2}日[\u4e00-\u9fff]{2,10}消息|[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日\s*(?:电|消息)|新华社|中新网|人民网|央视网)"
)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_PLACE_SUFFIX_RX = re.compile(r"(?:社区|村|小区|号院|医院|家园|花园|公寓|大厦|学校|中学|小学|市场|酒店|宾馆)$")
_TOWN_PREFIX_RX = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:街道|镇|乡)")
_COMPOUND_SUFFIX_RX = re.compile(r"(?:社区|村|小区|号院|家园|花园|公寓)$")
_UP_TO_TOWN_RX = re.compile(r"^.*?(?:街道|镇|乡)")
_VILLAGE_END_RX = re.compile(r"(?:社区|村)$")


_UPPER_UNIT_RX = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:省|市|自治区|自治州|地区|盟)")


def _after_upper_units(text: str, s: int, e: int) -> int:
    """Where a place written with its province or city (四川省成都市…) goes on below them."""
    g = gazetteer()
    i = s
    while (m := _UPPER_UNIT_RX.match(text, i, e)) and m.end() < e and g.lookup(m.group(0), (1, 2)):
        i = m.end()
    return i


def _town_prefix(body: str) -> str | None:
    """The township name that opens a place (a known one may run past the first 乡: 西乡街道)."""
    m = _TOWN_PREFIX_RX.match(body)
    if m is None:
        return None
    return body[: max(m.end(), gazetteer().town_end(body, 0) or 0)]


@dataclass
class _Article:
    start: int  # first heading/label line
    lead: int  # lead paragraph start
    end: int
    headings: list[tuple[int, int]]
    labels: list[tuple[int, int]]
    page: bool = False  # the whole page is the report (no lead formula)
    dateline: tuple[int, int] | None = None  # a page's masthead line, which dates it


from .spans import text_lines


def _is_label(line: str) -> bool:
    """A page label: a short place name alone on a line (## 向阳镇, 光华街社区)."""
    core = line.strip("# \t")
    if not core or len(core) > 10 or re.search(r"[,。,;:!?“”\s]", core):
        return False
    if gazetteer().lookup(core, (3, 4)):
        return True
    if any(t in core for t in zone_terms()):
        return False
    return bool(re.search(r"(?:社区|村|镇|乡|街道|小区)$", core))




def _is_heading(text: str, s: int, e: int) -> bool:
    line = text[s:e]
    if is_furniture(line, 0, len(line)) or is_section_label(line):
        return False  # the page's masthead line (报名 日期 版次)
    if line.lstrip().startswith("#"):
        return True
    core = line.strip()
    return bool(core) and len(core) <= 32 and not re.search(r"[,。;:!?]$|[,。;]", core)


def extract_reports(mt: MappedText, doc_year: int | None, exclude: list[tuple[int, int]]) -> list[Report]:
    """Reports in the working text outside the ``exclude`` spans (official notices)."""
    text = mt.text
    lines = text_lines(text)
    inside = _inside_any(exclude)
    leads = [i for i, (s, e) in enumerate(lines) if not inside(s) and (_LEAD_RX.match(text[s:e]) or _byline_lead(text, lines, i))]
    articles = _lead_articles(text, lines, leads, exclude)
    # The story above the first lead (or the whole page, with none) when it has no lead formula.
    head_end = articles[0].start if articles else len(text)
    page = page_article(text, [(s, e) for s, e in lines if e <= head_end], exclude)
    if page is not None:
        start = page.title[0] if page.title else page.lead[0]
        articles.insert(0, _Article(start, page.lead[0], head_end, [page.title] if page.title else [], [], True, page.masthead))
    return [_report(mt, a, doc_year, lines, notes) for a, notes in zip(articles, _annotations(text, articles))]


def _lead_articles(text: str, lines: list[tuple[int, int]], leads: list[int], exclude: list[tuple[int, int]]) -> list[_Article]:
    """One article per lead, with the headings and labels above it, up to the next article."""
    articles: list[_Article] = []
    for k, li in enumerate(leads):
        j = li - 1
        headings: list[tuple[int, int]] = []
        labels: list[tuple[int, int]] = []
        masthead = original = None
        over_masthead = False
        while j >= 0:
            s, e = lines[j]
            if not text[s:e].strip():
                j -= 1
                continue
            if is_summary(text[s:e]):
                j -= 1
                continue  # 【摘要】 between headline and lead
            if is_masthead(text[s:e]) or len(text[s:e].strip()) <= 40 and is_furniture(text, s, e):
                if masthead is None and is_masthead(text[s:e]) and find_dates(text[s:e]):
                    masthead = (s, e)  # 来源:某报 2021年6月24日: the article's own masthead dates it
                if is_original_title(text[s:e]) and not (k > 0 and j <= leads[k - 1]):
                    original = (s, e)
                over_masthead = True
                j -= 1
                continue  # masthead or time-stamp line between headline and lead
            heading = _is_heading(text, s, e) or over_masthead and not headings and is_headline(text[s:e], True)
            over_masthead = False
            if (k > 0 and j <= leads[k - 1]) or not (heading or is_byline_line(text[s:e])):
                break
            if is_byline_line(text[s:e]):
                j -= 1
                continue  # a byline between headline and lead (it is the article's when a headline is above it)
            (labels if _is_label(text[s:e]) else headings).insert(0, (s, e))
            j -= 1
        if not headings and original:
            headings = [original]  # no headline above the lead but the relayed one (原标题:X)
        start = (labels + headings)[0][0] if labels or headings else lines[li][0]
        start = min([start] + [h[0] for h in headings])
        articles.append(_Article(start, lines[li][0], len(text), headings, labels, dateline=masthead if headings else None))
    for a, b in zip(articles, articles[1:]):
        a.end = b.start
    # An official notice inside an article ends it, unless the article introduces it. The
    # notices are placed by bisection: the cost grows with the text, not articles × notices.
    starts = sorted(s for s, _ in exclude)
    for a in articles:
        for s in starts[bisect_right(starts, a.start) : bisect_left(starts, a.end)]:
            if not _INTRODUCES_RX.search(text, max(a.start, s - 40), s):
                a.end = s
                break
    return articles


def _annotations(text: str, articles: list[_Article]) -> list[dict[str, list[tuple[int, int, str]]]]:
    """Places and bylines of each article, from the annotators behind the spaCy components
    ``notice_places`` and ``notice_bylines`` with their default settings. The annotators are
    called on the text itself: named places need the words of the clauses that hold a place word
    only (:func:`notice_nlp.annotators.clause_tokens`), where a Doc would segment every clause."""
    out = []
    for a in articles:
        article = text[a.start : a.end]
        out.append(
            {
                "places": [(s + a.start, e + a.start, label) for s, e, label in place_names(article)],
                "bylines": [(s + a.start, e + a.start, label) for s, e, label in byline_names(article)],
            }
        )
    return out


def _byline_lead(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A byline alone on a line (本报记者 陈晨) over a paragraph that opens with its date."""
    s, e = lines[i]
    if not is_byline_line(text[s:e]):
        return False
    following = _next_line(text, lines, i)
    return following is not None and _DATED_OPENING_RX.match(text, *following) is not None


def _next_line(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
    for j in range(i + 1, len(lines)):
        s, e = lines[j]
        if text[s:e].strip():
            return s, e
    return None


_OPENING_DATE_REACH = 16  # 今天(1月19日), 2021年1月16日晚: how far into the story its own date may stand
_DATED_OPENING_RX = re.compile(r"\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日")


# An article that introduces a notice (…发布通告,全文如下:) relays it: the notice is part of it.
_INTRODUCES_RX = re.compile(r"(?:[::]|如下)\s*$")


_GROUP_HEADER_RX = re.compile(r"\s*[((]?\s*(?:共|计)?\s*[\d一二三四五六七八九十两]+\s*个\s*[))]?\s*[::]?\s*$|\s*[::]\s*$")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _inside_any(spans: list[tuple[int, int]]):
    """``_inside(pos, spans)`` for many positions: the spans merged and sorted once, each
    position placed by bisection."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        elif s < e:
            merged.append([s, e])
    starts = [m[0] for m in merged]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < merged[k][1]

    return inside


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _report(mt: MappedText, a: _Article, doc_year: int | None, lines, annotations) -> Report:
    text = mt.text
    own = lines[bisect_left(lines, (a.lead, -1)) : bisect_left(lines, (a.end, -1))]  # lines from the lead on
    # Headings after the lead (sub-heads, or a main title set below a kicker by the layout).
    later = [(s, e) for s, e in own if a.lead < s and text[s:e].lstrip().startswith("#") and not _is_label(text[s:e])]
    title_span = _choose_title(text, a.headings, later)
    if title_span:
        title_span = headline_span(text, *title_span)
    lead_end = text.find("\n", a.lead)
    lead_end = a.end if lead_end < 0 or lead_end > a.end else lead_end
    if is_byline_line(text[a.lead : lead_end]):
        # 本报记者 陈晨 on its own line: the dateline opens the next paragraph.
        following = _next_line(text, lines, bisect_left(lines, (a.lead, -1)))
        lead_end = min(a.end, following[1]) if following else lead_end
    date = None
    date_span = None
    date_from = a.lead
    if a.dateline:
        date_from, lead_end = a.dateline
    elif a.page:
        # A page without a masthead date: the story dates itself in its opening words only.
        lead_end = min(lead_end, a.lead + _OPENING_DATE_REACH)
    for d in find_dates(text[date_from:lead_end]):
        if re.match(r"\s*(?:\d{1,2}\s*[时点])?\s*(?:起|开始)", text[a.lead + d.end : a.lead + d.end + 6]):
            continue  # an effective time (自…起), not the dateline
        if d.month and d.day:
            date = iso(d.resolve(doc_year), with_time=False)
            date_span = mt.original_span(date_from + d.start, date_from + d.end)
            break
    body_spans = [(s, e) for s, e in own if not text[s:e].lstrip().startswith("#") and not _is_label(text[s:e])]
    # Bylines stand anywhere in the article, between headline and lead too.
    byline_spans = [(s, e) for s, e in lines[bisect_left(lines, (a.start, -1)) : bisect_left(lines, (a.end, -1))] if (s, e) not in a.headings]
    people = _people(mt, annotations["bylines"], byline_spans)
    places = _places(mt, annotations["places"], body_spans)
    spans = {"body": mt.original_span(a.lead, a.end)}
    if title_span:
        spans["title"] = mt.original_span(*title_span)
    if date_span:
        spans["date"] = date_span
    title = clean_value(mt.original_slice(*title_span)).lstrip("# ") if title_span else None
    return Report(title=title, date=date, places=tuple(places), people=tuple(people), span=mt.original_span(a.start, a.end), spans=spans)


def _choose_title(text: str, before: list[tuple[int, int]], after: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The headline: the heading above the lead; when the article has just a kicker above and one
    heading below it, the single-phrase one is the headline (引题 + 主题 out of order)."""
    if len(before) >= 2 and re.match(r"\s*#*\s*—", text[before[-1][0] : before[-1][1]]):
        before = before[:-1]  # ——记… under the headline is its subtitle
    cands = before + after
    if not cands:
        return None
    if len(cands) == 2 and len(before) == 1:
        phrases = [len(text[s:e].strip("# ").split()) for s, e in cands]
        if phrases[0] > 1 and phrases[1] == 1:
            return cands[1]
    return before[-1] if before else cands[0]


def _people(mt: MappedText, bylines: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[Person]:
    """Byline names (from the ``bylines`` spans) inside the article body."""
    out: list[Person] = []
    seen: set[tuple[str, str]] = set()
    for s, e, role in bylines:
        if not any(a <= s < b for a, b in spans):
            continue
        name = clean_value(mt.original_slice(s, e))
        if (role, name) not in seen:
            seen.add((role, name))
            out.append(Person(role, name, mt.original_span(s, e)))
    return out


def _places(mt: MappedText, doc_places: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[Place]:
    """The article's places: named places (``PLACE`` spans) inside its body, completed with the
    township and district the article writes elsewhere, and resolved through the gazetteer."""
    text = mt.text
    g = gazetteer()
    inside = lambda s: any(a <= s < b for a, b in spans)  # noqa: E731
    # A place heading a list (某社区(2个):) is the parent of the places under it, not one itself.
    header = lambda e: bool(_GROUP_HEADER_RX.match(text, e, _line_end(text, e)))  # noqa: E731
    cands = [(s, e) for s, e, label in doc_places if label == "PLACE" and inside(s) and not header(e)]
    counties = [text[s:e] for s, e, label in doc_places if label == "COUNTY" and inside(s)]
    town_spans = [(s, e) for s, e, label in doc_places if label == "TOWN" and inside(s)]
    towns = [text[s:e] for s, e in town_spans]
    town_text = {}
    for s, e in town_spans:
        town_text.setdefault(text[s:e], clean_value(mt.original_slice(s, e)))
    # A name found once extends a later, shorter mention of it (谈固东街社区新世隆小区).
    known: list[str] = []
    for k, (s, e) in enumerate(cands):
        for name in known:
            for m in range(1, len(name)):
                if s - m >= 0 and text[s - m : s - m + len(name)] == name and s - m + len(name) <= e:
                    s = s - m
                    break
        cands[k] = (s, e)
        word = text[s:e]
        tail = _UP_TO_TOWN_RX.sub("", word)
        if _VILLAGE_END_RX.search(tail) and len(tail) >= 3:
            known.append(tail)
    # Drop candidates that are the tail of a longer one (妇产医院 in 山西尔湾妇产医院).
    texts = [text[s:e] for s, e in cands]
    keep = []
    for k, (s, e) in enumerate(cands):
        t = texts[k]
        if any(o != t and o.endswith(t) for o in texts) or t in [text[x:y] for x, y in keep]:
            continue
        if any(x <= s and e <= y and (x, y) != (s, e) for x, y in cands):
            continue  # part of a longer mention (社区 in 社区58号院)
        keep.append((s, e))
    article_towns = sorted(set(towns))
    article_counties = sorted(set(counties))
    places = []
    for s, e in keep:
        district = None
        i = _after_upper_units(text, s, e)  # 成都市郫都区…: the city is no part of the area
        while True:
            d_end = county_at(text, i, e)
            if d_end is None or d_end >= e:
                break
            district, i = text[i:d_end], d_end
        prefix_end = i
        area = clean_value(mt.original_slice(prefix_end, e))
        body = text[prefix_end:e]
        town = _town_prefix(body)
        town_div = None
        if town is None and len(article_towns) == 1 and re.search(r"(?:村|社区)$", body):
            # 横渠村 in a story about 向阳镇: the article's one township is the parent of its
            # villages and communities (a housing estate named alone may lie in any street).
            area = town_text.get(article_towns[0], article_towns[0]) + area
            body = article_towns[0] + body
            town = _town_prefix(body)
        if town:
            town_div = g.resolve(town, (4,), [])
            if town_div is None and district is None and article_counties:
                for c in article_counties:
                    cd = g.resolve(c, (3,))
                    td = g.resolve(town, (4,), [cd] if cd else [])
                    if td is not None:
                        town_div = td
                        break
        if district is None and town_div is not None:
            district = g.path(town_div).district
        if district is None and len(article_counties) == 1 and _COMPOUND_SUFFIX_RX.search(body):
            district = article_counties[0]
        path = g.path(town_div) if town_div else None
        if path is None and district:
            dd = g.resolve(district, (3,))
            path = g.path(dd) if dd else None
        if district and prefix_end > s:
            district = clean_value(mt.original_slice(s, prefix_end))[-len(district) :]  # as written (天河區)
        places.append(
            Place(
                area=area,
                province=path.province if path else None,
                city=path.city if path else None,
                district=district,
                adcode=path.adcode if path else None,
                span=mt.original_span(s, e),
            )
        )
    return places

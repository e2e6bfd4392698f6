"""A PDF draft set after GB/T 9704-2012 on reportlab's canvas.

The page is A4 with a 版心 of 156 × 225 mm (top margin 37 mm, left 28 mm) holding 22 lines of
28 characters: body text is 3号 (16 pt) on a grid of 225/22 mm rows and 156/28 mm cells. The
issuer mark (版头) is red 小标宋 on one line, its top 20 mm below the 版心's top edge (as the
standalone mark of §10.2), condensed and then made smaller until it fits; the document number
two lines below it, a red rule 4 mm under the number, the 2号 title two lines below the rule,
one empty line, then the body. First-level headings are 黑体, second-level ones 楷体. The
signature sits one line below the last paragraph, centred over the date, whose right edge is
four characters from the right; the last paragraph and the signature block stay on one page.
Page numbers `— N —` (4号) sit 7 mm below the 版心, right on odd pages and left on even ones,
one character in. Lines break with the usual rules of Chinese typesetting (a closing mark never
starts a line, it is squeezed into the line before; an opening mark never ends one; a number or
Latin word is not split) and full lines are justified to the 版心's width.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from .fonts import FontSet
from .render import Block

__all__ = ["layout_pdf", "MM", "PAGE", "BODY_BOX", "PITCH", "CELL", "RED"]

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
BODY_BOX = (28 * MM, 37 * MM, 156 * MM, 225 * MM)  # left, top, width, height (points, from the top)
LINES, CHARS = 22, 28
PITCH = BODY_BOX[3] / LINES
CELL = BODY_BOX[2] / CHARS
RED = (0xD0 / 255, 0, 0)
BODY_SIZE, TITLE_SIZE, MARK_SIZE, PAGENO_SIZE = 16.0, 22.0, 30.0, 14.0
MARK_TOP = 20 * MM
RULE_GAP = 4 * MM
RULE_WIDTH = 1.0
PAGENO_GAP = 7 * MM
MIN_MARK_SCALE = 75.0  # horizontal condensing (percent) tried before a smaller size

NO_START = set("。,、;:?!)]}」』》〉】”’…—%·.,;:?!)]}")
NO_END = set("([{「『《〈【“‘〔([{")
_ROLE_FACE = {"banner": "xiaobiaosong", "title": "xiaobiaosong", "docno": "fangsong", "heading": "heiti", "heading2": "kaiti", "para": "fangsong", "signature": "fangsong"}


@dataclass
class Row:
    """One line of the body grid: text placed at ``x`` (points from the left edge)."""

    text: str = ""
    face: str = "fangsong"
    size: float = BODY_SIZE
    x: float = 0.0
    char_space: float = 0.0
    keep: bool = False  # keep with the next row
    color: tuple = (0, 0, 0)
    scale: float = 100.0
    role: str = "para"


def _units(text: str) -> list[str]:
    """Unbreakable units: a character, or a run of digits and Latin letters (with - . / :)."""
    out: list[str] = []
    for ch in text:
        if out and ch.isascii() and ch.isalnum() and out[-1][-1:].isascii() and (out[-1][-1:].isalnum() or out[-1][-1:] in "-./:"):
            out[-1] += ch
        elif out and ch in "-./:" and out[-1][-1:].isascii() and out[-1][-1:].isalnum():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def break_lines(text: str, width_of, first_avail: float, avail: float) -> list[tuple[str, bool]]:
    """Lines of a paragraph, each with whether it is full (to be justified)."""
    units = _units(text)
    lines: list[list[str]] = [[]]
    used, limit = 0.0, first_avail

    def new_line(start: list[str]) -> None:
        nonlocal used, limit
        lines.append(start)
        used, limit = sum(width_of(u) for u in start), avail

    for u in units:
        w = width_of(u)
        line = lines[-1]
        if used + w <= limit + 0.01 or not line:
            line.append(u)
            used += w
        elif u in NO_START and used + w <= limit + width_of("。") + 0.01:
            line.append(u)  # squeezed into the full line
            new_line([])
        elif len(line) > 1 and line[-1] in NO_END:
            new_line([line.pop(), u])  # an opening mark moves down with what follows it
        elif u in NO_START and len(line) > 1:
            new_line([line.pop(), u])  # too wide to squeeze: the character before it moves down
        else:
            new_line([u])
    lines = [ln for ln in lines if ln]
    return [("".join(ln), k < len(lines) - 1) for k, ln in enumerate(lines)]


class PdfDraft:
    """Lays out blocks into pages and draws them."""

    def __init__(self, fonts: FontSet) -> None:
        from reportlab.pdfbase import pdfmetrics

        self.fonts = fonts
        self._width = pdfmetrics.stringWidth

    def width(self, text: str, face: str, size: float, char_space: float = 0.0) -> float:
        return self._width(text, self.fonts[face].name, size) + char_space * len(text)

    # -- rows -------------------------------------------------------------------------------
    def paragraph_rows(self, text: str, role: str, indent: bool = True) -> list[Row]:
        face = _ROLE_FACE[role]
        left, _, width, _ = BODY_BOX
        base_cs = CELL - BODY_SIZE  # 28 full-width characters fill the 版心 exactly
        first = width - (2 * CELL if indent else 0)
        rows = []
        lines = break_lines(text, lambda u: self.width(u, face, BODY_SIZE, base_cs), first, width)
        for k, (line, full) in enumerate(lines):
            x = left + (2 * CELL if indent and k == 0 else 0)
            avail = first if k == 0 else width
            cs = base_cs
            if full and len(line) > 1:
                natural = self.width(line, face, BODY_SIZE, base_cs) - base_cs
                cs = base_cs + (avail - natural) / (len(line) - 1)
            rows.append(Row(line, face, BODY_SIZE, x, cs, keep=role in ("heading", "heading2"), role=role))
        return rows

    def signature_rows(self, names: list[str], date: str | None) -> list[Row]:
        left, _, width, _ = BODY_BOX
        right = left + width
        cs = CELL - BODY_SIZE
        rows = [Row("", keep=True, role="blank")]
        date_w = self.width(date, "fangsong", BODY_SIZE, cs) - cs if date else 0.0
        date_x = right - 4 * CELL - date_w
        centre = date_x + date_w / 2 if date else right - 4 * CELL - 4 * CELL
        for name in names:
            w = self.width(name, "fangsong", BODY_SIZE, cs) - cs
            x = min(centre - w / 2, right - 2 * CELL - w)
            rows.append(Row(name, "fangsong", BODY_SIZE, max(left, x), cs, keep=True, role="signature"))
        if date:
            rows.append(Row(date, "fangsong", BODY_SIZE, date_x, cs, keep=False, role="date"))
        else:
            rows[-1].keep = False
        return rows


def layout_pdf(blocks: list[Block], fonts: FontSet, *, title: str | None = None, author: str | None = None) -> bytes:
    """The PDF bytes of a notice."""
    from reportlab.pdfgen import canvas

    draft = PdfDraft(fonts)
    left, top, width, height = BODY_BOX
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=PAGE, invariant=1, pageCompression=1)
    c.setTitle(title or next((b.text for b in blocks if b.role == "title"), "通告"))
    if author:
        c.setAuthor(author)
    c.setSubject("通告")
    c.setCreator("notice_nlp")

    def draw(row: Row, baseline_from_top: float) -> None:
        if not row.text:
            return
        t = c.beginText(row.x, PAGE[1] - baseline_from_top)
        t.setFont(fonts[row.face].name, row.size)
        t.setCharSpace(row.char_space)
        if row.scale != 100.0:
            t.setHorizScale(row.scale)
        t.setFillColorRGB(*row.color)
        t.textOut(row.text)
        c.saveState()  # character spacing and scale are graphics state: they must not leak
        c.drawText(t)
        c.restoreState()

    def centred(text: str, face: str, size: float, max_scale: bool = False) -> Row:
        w = draft.width(text, face, size)
        scale = 100.0
        if w > width and max_scale:
            scale = max(MIN_MARK_SCALE, 100.0 * width / w)
            size = size * min(1.0, width / (w * scale / 100.0))
            w = draft.width(text, face, size) * scale / 100.0
        return Row(text, face, size, left + (width - w) / 2, 0.0, scale=scale)

    def baseline(row_top: float, pitch: float, size: float) -> float:
        return row_top + pitch / 2 + 0.38 * size

    # -- the head of the first page ---------------------------------------------------------
    head = [b for b in blocks if b.role in ("banner", "docno", "title")]
    body = [b for b in blocks if b.role not in ("banner", "docno", "title")]
    cursor = top
    mark = next((b for b in head if b.role == "banner"), None)
    docno = next((b for b in head if b.role == "docno"), None)
    titles = [b for b in head if b.role == "title"]
    rule_after = None
    if mark is not None:
        cursor += MARK_TOP
        row = centred(mark.text, "xiaobiaosong", MARK_SIZE, max_scale=True)
        row.color = RED
        draw(row, cursor + 0.88 * row.size)
        cursor += row.size * 1.1
        rule_after = cursor
    if docno is not None:
        cursor += 2 * PITCH if mark is not None else 0
        draw(centred(docno.text, "fangsong", BODY_SIZE), baseline(cursor, PITCH, BODY_SIZE))
        cursor += PITCH
        rule_after = cursor - (PITCH - BODY_SIZE) / 2 + 0.12 * BODY_SIZE
    if rule_after is not None:
        y = rule_after + RULE_GAP
        c.setStrokeColorRGB(*RED)
        c.setLineWidth(RULE_WIDTH)
        c.line(left, PAGE[1] - y, left + width, PAGE[1] - y)
        cursor = y
    for k, b in enumerate(titles):
        cursor += 2 * PITCH if (k == 0 and rule_after is not None) else 0
        for line in _title_lines(b.text, lambda s: draft.width(s, "xiaobiaosong", TITLE_SIZE), width):
            draw(centred(line, "xiaobiaosong", TITLE_SIZE), baseline(cursor, PITCH, TITLE_SIZE))
            cursor += PITCH
    if titles:
        cursor += PITCH

    # -- body rows, then pages --------------------------------------------------------------
    rows: list[Row] = []
    names: list[str] = []
    tail = 0
    for b in body:
        if b.role == "signature":
            names.append(b.text)
            continue
        para = draft.paragraph_rows(b.text, b.role if b.role in _ROLE_FACE else "para")
        rows.extend(para)
        tail = len(para)
    if names:
        date = names.pop() if len(names) > 1 or _is_date(names[-1]) else None
        # The last paragraph goes with the signature: all of a short one, the last two lines of a long one.
        for r in rows[len(rows) - (tail if tail <= 3 else 2) :]:
            r.keep = True
        rows.extend(draft.signature_rows(names, date))
    row_no = min(LINES, max(0, math.ceil((cursor - top) / PITCH - 0.01)))
    page = 1
    i = 0
    while i < len(rows):
        j = i
        while rows[j].keep and j + 1 < len(rows):
            j += 1
        chain = j - i + 1
        if row_no + chain > LINES and chain <= LINES and row_no > 0:
            _page_number(c, fonts, page)
            c.showPage()
            page += 1
            row_no = 0
        for r in rows[i : j + 1]:
            if row_no >= LINES:
                _page_number(c, fonts, page)
                c.showPage()
                page += 1
                row_no = 0
            if r.role == "blank" and row_no == 0:
                continue
            draw(r, baseline(top + row_no * PITCH, PITCH, r.size))
            row_no += 1
        i = j + 1
    _page_number(c, fonts, page)
    c.showPage()
    c.save()
    return buf.getvalue()


def _is_date(text: str) -> bool:
    return text.endswith("日") and "年" in text and len(text) <= 16


def _title_lines(text: str, width_of, width: float) -> list[str]:
    """A title in as few lines as fit, the lines of about equal length (GB/T 9704: symmetrical)."""
    if width_of(text) <= width:
        return [text]
    n = math.ceil(width_of(text) / width)
    per = math.ceil(len(text) / n)
    lines = [text[k : k + per] for k in range(0, len(text), per)]
    # a closing mark never starts a line
    for k in range(1, len(lines)):
        while lines[k] and lines[k][0] in NO_START:
            lines[k - 1] += lines[k][0]
            lines[k] = lines[k][1:]
    return [ln for ln in lines if ln]


def _page_number(c, fonts: FontSet, page: int) -> None:
    left, top, width, height = BODY_BOX
    text = f"— {page} —"
    name = fonts["xiaobiaosong"].name
    from reportlab.pdfbase import pdfmetrics

    w = pdfmetrics.stringWidth(text, name, PAGENO_SIZE)
    x = left + width - PAGENO_SIZE - w if page % 2 else left + PAGENO_SIZE
    y_top = top + height + PAGENO_GAP
    c.setFillColorRGB(0, 0, 0)
    c.setFont(name, PAGENO_SIZE)
    c.drawString(x, PAGE[1] - (y_top + 0.88 * PAGENO_SIZE), text)

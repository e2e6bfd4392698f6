"""PDF text in reading order (pdfplumber), including two-column newspaper pages.

Lines are rebuilt from characters. On each page a column gutter is looked for in the middle
third: a vertical strip that few lines cross. Lines that cross it (headlines, banners) are read
in place; between them, the left column is read before the right one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..errors import EmptyInputError, EncryptedPdfError, LimitError, PdfError
from ..layout import continues
from .pdf_check import content_over, is_encryption_error, page_trouble, pdfium_pages, text_trouble

__all__ = ["pdf_text", "read_pdf", "PdfLayout"]


@dataclass(frozen=True)
class PdfLayout:
    """Settings for line and column reconstruction."""

    line_tolerance: float = 3.0
    min_gutter_width: float = 8.0
    max_crossing_share: float = 0.2
    paragraph_gap: float = 1.6
    full_line_slack: float = 2.0

    def __post_init__(self) -> None:
        if self.line_tolerance <= 0 or self.min_gutter_width <= 0 or not 0 <= self.max_crossing_share < 1 or self.full_line_slack <= 0:
            raise ValueError("invalid PdfLayout settings")


_MAX_PAGE_CONTENT = 4 * 1024 * 1024  # inflated content-stream bytes of one page


def pdf_text(data: bytes, name: str, layout: PdfLayout = PdfLayout(), *, max_pages: int | None = None) -> str:
    """All pages' text, pages separated by a blank line."""
    return read_pdf(data, name, layout, max_pages=max_pages)[0]


def read_pdf(
    data: bytes, name: str, layout: PdfLayout = PdfLayout(), *, max_pages: int | None = None, max_page_content: int = _MAX_PAGE_CONTENT
) -> tuple[str, list[tuple[str, str]]]:
    """All pages' text, pages separated by a blank line, and warnings ``(code, message)``
    about pages read through pdfium or whose characters could not be read reliably.
    :class:`EncryptedPdfError` for a PDF that needs a password, :class:`LimitError` over
    ``max_pages`` pages, :class:`EmptyInputError` for a scanned PDF (no text layer). A page
    whose content inflates past ``max_page_content`` bytes is not read (a warning names it);
    when no page is left, :class:`LimitError`."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _open_error(exc, name) from None
    notes: list[tuple[str, str]] = []
    try:
        with pdf:
            if not pdf.pages:
                raise PdfError("PDF has no pages (truncated or corrupt)", source=name)
            if max_pages is not None and len(pdf.pages) > max_pages:
                raise LimitError(f"PDF of {len(pdf.pages)} pages is over the page limit of {max_pages}", source=name)
            page_lines = []
            troubles: dict[int, str] = {}
            images = 0
            bombs: list[str] = []
            for k, page in enumerate(pdf.pages):
                over = content_over(page.page_obj, max_page_content)
                if over is not None:
                    bombs.append(f"page {k + 1}: its content inflates past {max_page_content // (1024 * 1024)} MiB; not read")
                    page_lines.append(([], float(page.width)))
                    continue
                chars = page.chars
                lines = _lines(chars, layout.line_tolerance)
                trouble = page_trouble("".join(c["text"] for c in chars), chars)
                if trouble:
                    troubles[k] = trouble
                images += len(page.images)
                page_lines.append((lines, float(page.width)))
                page.close() if hasattr(page, "close") else None
            # Text-block edges over the whole document: a page holding two short lines (a
            # signature on the last page) must not look like a page of full-width lines.
            every = [ln for k, (lines, _) in enumerate(page_lines) if k not in troubles for ln in lines]
            bounds = (min(ln.x0 for ln in every), max(ln.x1 for ln in every)) if every else None
            again = pdfium_pages(data, sorted(troubles)) if troubles else {}
            pages: list[str] = []
            for k, (lines, width) in enumerate(page_lines):
                if k in troubles:
                    pages.append(_reread(k, troubles[k], again.get(k), lines, width, layout, notes))
                else:
                    pages.append(_page_text(lines, width, layout, bounds))
    except (PdfError, LimitError):
        raise
    except Exception as exc:
        raise _open_error(exc, name) from None
    text = "\n\n".join(p for p in pages if p.strip())
    notes.extend(("pdf_limit", b) for b in bombs)
    if bombs and not text.strip():
        raise LimitError(f"{bombs[0]}{f' (and {len(bombs) - 1} more pages)' if len(bombs) > 1 else ''}: a PDF bomb", source=name)
    if not text.strip():
        if images:
            raise EmptyInputError(f"scanned PDF: its {len(page_lines)} page(s) hold images and no text layer (run OCR on it first)", source=name)
        raise EmptyInputError("PDF has no text layer (no characters on any page)", source=name)
    return text, notes


def _reread(k: int, trouble: str, pdfium_text: str | None, lines: list, width: float, layout: PdfLayout, notes: list[tuple[str, str]]) -> str:
    """A page pdfminer read badly: pdfium's text when it looks right, else pdfminer's, flagged."""
    what = {"cid": "character codes without a Unicode map ((cid:N))", "mojibake": "wrong characters (a CJK font read as Latin-1)", "vertical": "vertical writing"}[trouble]
    if pdfium_text is not None and pdfium_text.strip() and text_trouble(pdfium_text) is None:
        if trouble == "vertical":
            notes.append(("pdf_text", f"page {k + 1}: vertical writing, read column by column"))
        else:
            notes.append(("pdf_text", f"page {k + 1}: the first reader gave {what}; read again through pdfium"))
        return "\n".join(ln.strip() for ln in pdfium_text.split("\n"))
    if trouble == "vertical":
        notes.append(("pdf_text", f"page {k + 1}: vertical writing; reading order may be wrong"))
        return _page_text(lines, width, layout)
    notes.append(("pdf_text", f"page {k + 1}: {what}; its text is not reliable"))
    return _page_text(lines, width, layout)


def _open_error(exc: BaseException, name: str) -> PdfError:
    if is_encryption_error(exc) or "password" in str(exc).lower():
        return EncryptedPdfError("encrypted PDF (a password is needed to read it)", source=name)
    return PdfError(f"unreadable PDF ({type(exc).__name__}: {str(exc)[:80] or 'truncated or corrupt'})", source=name)


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    chars: list

    def text(self) -> str:
        chars = sorted(self.chars, key=lambda c: c["x0"])
        out, prev = [], None
        for c in chars:
            if prev is not None:
                gap = c["x0"] - prev["x1"]
                if gap > 0.15 * max(c["size"], 1.0):
                    out.append(" ")
            out.append(c["text"])
            prev = c
        return "".join(out)


def _lines(chars: list, tol: float) -> list[_Line]:
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not c["text"].strip():
            continue
        for ln in lines[-3:]:
            if abs(ln.top - c["top"]) <= tol:
                ln.chars.append(c)
                ln.x0, ln.x1 = min(ln.x0, c["x0"]), max(ln.x1, c["x1"])
                ln.bottom = max(ln.bottom, c["bottom"])
                break
        else:
            lines.append(_Line(c["top"], c["bottom"], c["x0"], c["x1"], [c]))
    return lines


def _split_line(ln: _Line, gutter: float) -> tuple[_Line | None, _Line | None]:
    left = [c for c in ln.chars if c["x1"] <= gutter]
    right = [c for c in ln.chars if c["x0"] >= gutter]
    mk = lambda cs: _Line(ln.top, ln.bottom, min(c["x0"] for c in cs), max(c["x1"] for c in cs), cs) if cs else None
    return mk(left), mk(right)


def _find_gutter(lines: list[_Line], width: float, layout: PdfLayout) -> float | None:
    """x of a column gutter in the middle third of the page, or None for one column.

    Candidate positions are 2 pt apart; for each, count the lines with a character within half
    the minimum gutter width. One pass over the characters fills the counts."""
    if len(lines) < 4:
        return None
    half = layout.min_gutter_width / 2
    step = 2.0
    lo, hi = width / 3, 2 * width / 3
    nbins = int((hi - lo) / step) + 1
    crossing = [0] * nbins
    for ln in lines:
        hit: set[int] = set()
        for c in ln.chars:
            a = max(0, int((c["x0"] - half - lo) // step) + 1)
            b = min(nbins - 1, int((c["x1"] + half - lo) // step))
            if a <= b:
                hit.update(range(a, b + 1))
        for k in hit:
            crossing[k] += 1
    low = min(crossing)
    if low > layout.max_crossing_share * len(lines):
        return None
    xs = [lo + k * step for k, c in enumerate(crossing) if c == low]
    gx = xs[len(xs) // 2]
    clear = [ln for ln in lines if not any(c["x0"] < gx + half and c["x1"] > gx - half for c in ln.chars)]
    left = sum(1 for ln in clear if any(c["x1"] <= gx for c in ln.chars))
    right = sum(1 for ln in clear if any(c["x0"] >= gx for c in ln.chars))
    return gx if left >= 2 and right >= 2 else None


def _page_text(lines: list[_Line], width: float, layout: PdfLayout, bounds: tuple[float, float] | None = None) -> str:
    if not lines:
        return ""
    gutter = _find_gutter(lines, width, layout)
    if gutter is None:
        return _join(lines, layout, bounds)
    out: list[str] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        if left:
            out.append(_join(left, layout))
        if right:
            out.append(_join(right, layout))
        left.clear()
        right.clear()

    for ln in sorted(lines, key=lambda l: l.top):
        crosses = any(c["x0"] < gutter < c["x1"] for c in ln.chars) or (
            ln.x0 < gutter < ln.x1 and min(abs(c["x0"] - gutter) for c in ln.chars) < layout.min_gutter_width
        )
        if crosses:
            flush()
            out.append(ln.text())
        else:
            l, r = _split_line(ln, gutter)
            if l:
                left.append(l)
            if r:
                right.append(r)
    flush()
    return "\n\n".join(o for o in out if o.strip())


def _join(lines: list[_Line], layout: PdfLayout, bounds: tuple[float, float] | None = None) -> str:
    """Lines of one column. A line that fills the column width (ends less than
    ``full_line_slack`` characters short of its right edge: a typesetter leaves less than a
    character, two where a mark may not start the next line) continues on the next line, joined
    without a break, unless the text says the break is meant (:func:`notice_nlp.layout.continues`:
    a sentence, title or list clause ends; a list item or heading starts). A larger vertical gap
    starts a new paragraph (blank line)."""
    lines = sorted(lines, key=lambda l: l.top)
    left, right = bounds if bounds else (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
    out: list[str] = []
    prev = None
    for ln in lines:
        text = ln.text()
        if prev is not None:
            height = max(prev.bottom - prev.top, 1.0)
            size = max(c["size"] for c in prev.chars)
            if ln.top - prev.bottom > layout.paragraph_gap * height * 0.6 + height * 0.5:
                out.append("\n\n")
            elif (
                prev.x1 >= right - layout.full_line_slack * size
                and prev.x0 <= left + 3 * size
                and ln.x0 < left + 1.5 * size  # an indented line opens a paragraph
                and abs(max(c["size"] for c in ln.chars) - size) < 0.5  # a headline does not run on into body text
                and continues(out[-1], text)
            ):
                out.append(" " if out and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and text[:1].isascii() else "")
            else:
                out.append("\n")
        out.append(text)
        prev = ln
    return "".join(out)

"""Build real PDFs for tests with reportlab's built-in CID font (reads back exactly)."""

from __future__ import annotations

import io


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _wrap(paragraphs: list[str], width_pt: float, font: str, size: float, gap: bool = True) -> list[str]:
    """Greedy wrap by measured width, as a typesetter fills a column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for p in paragraphs:
        cur = ""
        for ch in p:
            if stringWidth(cur + ch, font, size) > width_pt:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur:
            lines.append(cur)
        if gap:
            lines.append("")
    return lines


def two_column_pdf(
    headline: str, left: list[str], right: list[str], *, column_width: float = 230, encrypt: str | None = None, gap: bool = True
) -> bytes:
    """One A4 page: a full-width headline, then two columns of paragraphs (a blank line between
    paragraphs unless ``gap`` is false)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    c.setFont(font, 18)
    c.drawString(60, height - 70, headline)
    size = 10
    c.setFont(font, size)
    col_x = (50, width / 2 + 15)
    for x, paras in zip(col_x, (left, right)):
        y = height - 110
        for line in _wrap(paras, column_width, font, size, gap):
            if line:
                c.drawString(x, y, line)
            y -= size * 1.5
    c.showPage()
    c.save()
    return buf.getvalue()


def single_column_pdf(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    c.setFont(font, 12)
    y = height - 60
    for line in lines:
        if line:
            c.drawString(60, y, line)
        y -= 20
        if y < 60:
            c.showPage()
            c.setFont(font, 12)
            y = height - 60
    c.showPage()
    c.save()
    return buf.getvalue()

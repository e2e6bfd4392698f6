"""Build the corpus PDFs from their layout specs in corpus/pdf-src/*.json.

Each spec: {"pdf": "NAME.pdf", "pages": [{"headline": str | null, "blocks": [...]}]} where a
block is {"columns": [[paragraph, ...], [paragraph, ...]]} (two columns side by side) or
{"full": [paragraph, ...]} (one full-width column). Text is set in reportlab's built-in CID
font STSong-Light, which needs no font file and reads back exactly.

Run: .venv/bin/python scripts/build_corpus_pdfs.py
"""

from __future__ import annotations

import json
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
ROOT = Path(__file__).resolve().parents[1] / "corpus"


def wrap(paragraphs: list[str], width: float, size: float) -> list[str]:
    lines: list[str] = []
    for p in paragraphs:
        cur = ""
        for ch in p:
            if stringWidth(cur + ch, FONT, size) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
        lines.append("")
    return lines


def build(spec: dict) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = ROOT / spec["pdf"]
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    width, height = A4
    margin, gutter, size, lead = 50.0, 24.0, 10.5, 16.0
    for page in spec["pages"]:
        y = height - 60
        if page.get("headline"):
            c.setFont(FONT, 18)
            c.drawString(margin, y, page["headline"])
            y -= 36
        for block in page["blocks"]:
            c.setFont(FONT, size)
            if "full" in block:
                for line in wrap(block["full"], width - 2 * margin, size):
                    if line:
                        c.drawString(margin, y, line)
                    y -= lead
            else:
                colw = (width - 2 * margin - gutter) / 2
                tops = []
                for k, paras in enumerate(block["columns"]):
                    yy = y
                    x = margin + k * (colw + gutter)
                    for line in wrap(paras, colw, size):
                        if line:
                            c.drawString(x, yy, line)
                        yy -= lead
                    tops.append(yy)
                y = min(tops) - 10
        c.showPage()
    c.save()


if __name__ == "__main__":
    for spec_file in sorted((ROOT / "pdf-src").glob("*.json")):
        build(json.loads(spec_file.read_text("utf-8")))
        print("built", spec_file.stem)

"""The faces a PDF draft is set in, found on this machine and embedded.

GB/T 9704-2012 names four faces: 小标宋 (title and issuer mark), 仿宋 (body), 黑体 (first-level
headings) and 楷体 (second-level headings). An office's own files (仿宋_GB2312, 方正小标宋 …) are
looked for first in ``font_dir`` (``--font-dir``, or the ``NOTICE_NLP_FONT_DIR`` variable), then
free TrueType faces installed by the system packages named in docs/dependencies.md. Only
TrueType outlines (``glyf``) are used: reportlab embeds them as subsets with a ToUnicode map, so
the PDF shows the same face everywhere and reads back to the same text; CFF-outline fonts (Noto
CJK, Source Han) cannot be embedded by reportlab. A role whose face is missing borrows another
role's face, and with none at all the PDF falls back to the built-in ``STSong-Light`` (not
embedded): each fallback is a note the caller turns into a warning.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Face", "FontSet", "resolve_fonts", "ROLES", "FALLBACK_CID", "FontFallbackWarning"]

ROLES = ("xiaobiaosong", "fangsong", "heiti", "kaiti")
FALLBACK_CID = "STSong-Light"

# (file names an office installs, in order of preference), per role.
_OFFICE_FILES = {
    "xiaobiaosong": ("方正小标宋简体.ttf", "方正小标宋_GBK.ttf", "FZXBSJW.TTF", "FZXBSK.TTF", "fzxbsjw.ttf", "方正小标宋.ttf"),
    "fangsong": ("仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "仿宋_GB2312.TTF", "simfang.ttf", "SIMFANG.TTF", "仿宋.ttf", "方正仿宋_GBK.ttf", "FZFSK.TTF"),
    "heiti": ("黑体.ttf", "simhei.ttf", "SIMHEI.TTF", "方正黑体_GBK.ttf", "FZHTK.TTF"),
    "kaiti": ("楷体_GB2312.ttf", "KaiTi_GB2312.ttf", "simkai.ttf", "SIMKAI.TTF", "楷体.ttf", "方正楷体_GBK.ttf", "FZKTK.TTF"),
}
# Free TrueType faces from Debian packages (package in the comment), in order of preference.
_FREE_FILES = {
    "xiaobiaosong": ("arphic/uming.ttc", "arphic-gbsn00lp/gbsn00lp.ttf"),  # fonts-arphic-uming, fonts-arphic-gbsn00lp
    "fangsong": ("lxgw-wenkai/LXGWWenKai-Regular.ttf", "arphic/uming.ttc"),  # fonts-lxgw-wenkai
    "heiti": ("wqy/wqy-zenhei.ttc", "wqy/wqy-microhei.ttc"),  # fonts-wqy-zenhei, fonts-wqy-microhei
    "kaiti": ("arphic/ukai.ttc", "arphic-gkai00mp/gkai00mp.ttf"),  # fonts-arphic-ukai, fonts-arphic-gkai00mp
}
_SYSTEM_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_DESCRIPTION = {"xiaobiaosong": "小标宋 (title)", "fangsong": "仿宋 (body)", "heiti": "黑体 (headings)", "kaiti": "楷体 (second-level headings)"}
_BORROW = {"fangsong": ("xiaobiaosong", "kaiti", "heiti"), "xiaobiaosong": ("fangsong", "heiti", "kaiti"), "heiti": ("xiaobiaosong", "fangsong", "kaiti"), "kaiti": ("fangsong", "xiaobiaosong", "heiti")}


class FontFallbackWarning(UserWarning):
    """A face of the layout was not found and another one stands in."""


@dataclass(frozen=True)
class Face:
    """A registered reportlab font: ``name`` to set text in; ``path`` None for the CID fallback."""

    role: str
    name: str
    path: str | None
    embedded: bool


@dataclass(frozen=True)
class FontSet:
    faces: dict[str, Face]
    notes: tuple[str, ...]

    def __getitem__(self, role: str) -> Face:
        return self.faces[role]


def _candidates(role: str, font_dir: str | None, env_dir: str | None, system_dirs: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    dirs = [d for d in (font_dir, env_dir) if d]
    for d in dirs:
        base = Path(d).expanduser()
        for name in _OFFICE_FILES[role]:
            hits = [base / name] + (list(base.rglob(name)) if base.is_dir() else [])
            out.extend(h for h in hits if h.is_file())
    for rel in _FREE_FILES[role]:
        for d in dirs + list(system_dirs):
            p = Path(d).expanduser() / rel
            if p.is_file():
                out.append(p)
    return out


def _register(role: str, path: Path) -> Face | None:
    """Register a TrueType face with reportlab; None when it is not usable (CFF outlines, broken)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"nn-{role}-{zlib.crc32(str(path).encode()):08x}"
    try:
        pdfmetrics.getFont(name)
        return Face(role, name, str(path), True)
    except KeyError:
        pass
    try:
        font = TTFont(name, str(path), subfontIndex=0)
        if not all(ord(ch) in font.face.charToGlyph for ch in "通告区号年月日,。、"):
            return None
        pdfmetrics.registerFont(font)
    except (TTFError, OSError, ValueError, KeyError, AssertionError):
        return None
    return Face(role, name, str(path), True)


def resolve_fonts(font_dir: str | None = None) -> FontSet:
    """The face of each role, and a note for each role that falls back."""
    return _resolve(font_dir, os.environ.get("NOTICE_NLP_FONT_DIR"), _SYSTEM_DIRS)


@lru_cache(maxsize=8)
def _resolve(font_dir: str | None, env_dir: str | None, system_dirs: tuple[str, ...]) -> FontSet:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    notes: list[str] = []
    if font_dir and not Path(font_dir).expanduser().is_dir():
        notes.append(f"font directory not found: {font_dir}")
    found: dict[str, Face] = {}
    for role in ROLES:
        for path in _candidates(role, font_dir, env_dir, system_dirs):
            face = _register(role, path)
            if face is not None:
                found[role] = face
                break
    faces: dict[str, Face] = {}
    for role in ROLES:
        if role in found:
            faces[role] = found[role]
            continue
        other = next((found[r] for r in _BORROW[role] if r in found), None)
        if other is not None:
            faces[role] = Face(role, other.name, other.path, True)
            notes.append(f"no {_DESCRIPTION[role]} face found; set in {Path(other.path or '').name} instead (install the fonts in docs/dependencies.md or give --font-dir)")
            continue
        try:
            pdfmetrics.getFont(FALLBACK_CID)
        except KeyError:
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
        faces[role] = Face(role, FALLBACK_CID, None, False)
        notes.append(f"no TrueType CJK face found for {_DESCRIPTION[role]}; using the built-in {FALLBACK_CID}, which is NOT embedded (viewers substitute a face)")
    return FontSet(faces, tuple(notes))

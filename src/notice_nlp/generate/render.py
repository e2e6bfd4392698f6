"""Rendering: a jinja2 Environment (StrictUndefined; autoescape for HTML) over the packaged
templates, overridable by a user directory; markdown output split into typed blocks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import NoticeError

__all__ = ["TemplateError", "environment", "catalog", "render_markdown", "Block", "blocks_from_markdown", "markdown_to_text"]


class TemplateError(NoticeError):
    """A template is unknown, broken, or uses a field the input does not provide."""


def environment(user_dir: str | Path | None = None):
    """Packaged templates behind an optional user directory that overrides them by file name."""
    import jinja2

    from .view import FILTERS

    loaders = []
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError("template directory not found", source=str(user_dir))
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.PackageLoader("notice_nlp", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "html.j2"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1)
def _packaged_catalog() -> dict:
    return json.loads(resources.files("notice_nlp").joinpath("templates").joinpath("catalog.json").read_text("utf-8"))


def catalog(user_dir: str | Path | None = None) -> dict:
    """Template name → {file, description, default_title, required}; a user ``catalog.json`` adds or replaces entries."""
    cat = dict(_packaged_catalog())
    if user_dir is not None and (Path(user_dir) / "catalog.json").exists():
        cat.update(json.loads((Path(user_dir) / "catalog.json").read_text("utf-8")))
    return cat


def render_markdown(name: str, view, user_dir: str | Path | None = None) -> str:
    import jinja2

    cat = catalog(user_dir)
    if name not in cat:
        raise TemplateError(f"unknown template '{name}' (known: {', '.join(sorted(cat))})")
    env = environment(user_dir)
    try:
        text = env.get_template(cat[name]["file"]).render(v=view)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template '{name}' uses a missing field: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template '{name}' is broken: {exc}") from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@dataclass(frozen=True)
class Block:
    """One paragraph of a rendered notice: ``role`` is banner, docno, title, heading (first level), heading2, para or signature."""

    role: str
    text: str
    first: bool = False


def blocks_from_markdown(md: str) -> list[Block]:
    out: list[Block] = []
    signature = False
    for raw in md.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line == "<!-- signature -->":
            signature = True
            continue
        if signature:
            out.append(Block("signature", line, first=not out or out[-1].role != "signature"))
        elif line.startswith("##### "):
            out.append(Block("heading2", line[6:]))
        elif line.startswith("#### "):
            out.append(Block("heading", line[5:]))
        elif line.startswith("## "):
            out.append(Block("title", line[3:]))
        elif line.startswith("# "):
            out.append(Block("banner", line[2:]))
        elif re.fullmatch(r"[((].*号[))]", line) or re.fullmatch(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号", line):
            out.append(Block("docno", line))
        else:
            out.append(Block("para", line))
    return out


def markdown_to_text(md: str) -> str:
    """Plain text: heading markers and the signature marker removed."""
    lines = []
    for raw in md.split("\n"):
        if raw.strip() == "<!-- signature -->":
            continue
        lines.append(re.sub(r"^#{1,6}\s+", "", raw))
    return "\n".join(lines)


def render_html(md: str, user_dir: str | Path | None = None) -> str:
    """One page after GB/T 9704 (``page.html.j2``): the mark's size keeps it on one line, the
    signature is centred over the date (four characters in from the right), and the last
    paragraph and the signature block are one unit that a printed page does not split."""
    from .docx_layout import text_width

    blocks = blocks_from_markdown(md)
    title = next((b.text for b in blocks if b.role == "title"), "notice")
    mark = next((b.text for b in blocks if b.role == "banner"), "")
    mark_pt = round(min(30.0, 442.0 / max(text_width(mark), 1) - 0.5), 1)
    names = [b.text for b in blocks if b.role == "signature"]
    date = names[-1] if names else ""
    pads = {}
    for b in names:
        pads[b] = 4.0 if b == date else max(2.0, 4 + (text_width(date) - text_width(b)) / 2)
    closing = max((k for k, b in enumerate(blocks) if b.role != "signature"), default=-1) if names else -1
    return environment(user_dir).get_template("page.html.j2").render(blocks=blocks, title=title, mark_pt=mark_pt, pads=pads, closing=closing)

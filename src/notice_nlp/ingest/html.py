"""Main text of an HTML page: scripts, navigation, footers and boilerplate removed."""

from __future__ import annotations

import re

from ..errors import UnsupportedFormatError

__all__ = ["html_text"]

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template", "svg", "button", "select")
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumb|footer|header|sidebar|side|share|related|recommend|comment|copyright|advert|ads?|banner|toolbar|login|search)(?:$|[\s_-])", re.I)
_MAIN = re.compile(r"(?:^|[\s_-])(?:article|content|main|text|detail|TRS_Editor|zoom|body-text|news_content)(?:$|[\s_-])", re.I)
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "title", "main"}


def html_text(markup: str, name: str) -> str:
    """Render the page's main content as plain text with one block per line."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as exc:  # lxml raises several types for broken markup
        raise UnsupportedFormatError(f"unreadable HTML ({exc})", source=name) from None
    for el in root.iter(*_DROP_TAGS):
        el.drop_tree() if el.getparent() is not None else None
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        attrs = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("role")]))
        if attrs and _BOILERPLATE.search(attrs) and not _MAIN.search(attrs):
            el.drop_tree()
    main = _main_element(root)
    title = ""
    t = root.find(".//title")
    lines: list[str] = []
    _render(main, lines)
    text = "\n".join(ln.strip(" \t") for ln in "".join(lines).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if t is not None and t.text and t.text.strip() and t.text.strip() not in text:
        title = t.text.strip()
        text = title + "\n\n" + text
    return text


def _main_element(root):
    for xp in (".//article", ".//main"):
        el = root.find(xp)
        if el is not None and len(el.text_content().strip()) > 50:
            return el
    best, best_len = None, 0
    for el in root.iter("div", "section", "td"):
        attrs = " ".join(filter(None, [el.get("class"), el.get("id")]))
        if attrs and _MAIN.search(attrs):
            n = len(el.text_content().strip())
            if n > best_len:
                best, best_len = el, n
    if best is not None and best_len > 50:
        return best
    body = root.find(".//body")
    return body if body is not None else root


def _render(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _BLOCK:
        out.append("\n")
    if tag == "br":
        out.append("\n")
    if el.text and tag not in ("script", "style"):
        out.append(re.sub(r"[ \t\r\n]+", " ", el.text) if tag != "pre" else el.text)
    for child in el:
        _render(child, out)
        if child.tail:
            out.append(re.sub(r"[ \t\r\n]+", " ", child.tail))
    if tag in _BLOCK:
        out.append("\n")
    elif tag in ("td", "th"):
        out.append("\t")

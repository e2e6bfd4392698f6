"""What a notice input may hold before it is rendered: bounded size and nesting, YAML without
aliases (a "billion laughs" expands a few lines into billions of nodes), and text fields that
are one line of real characters — a line break in a field would add lines to the draft (a
second title, a signature block), a control character cannot go into a Word file, a lone
surrogate cannot be written as UTF-8."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["MAX_INPUT_BYTES", "MAX_DEPTH", "too_deep", "safe_yaml_load", "text_problems", "huge_numbers", "YamlAliasError"]

MAX_INPUT_BYTES = 1024 * 1024
MAX_DEPTH = 16

_BAD_CHAR_RX = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class YamlAliasError(ValueError):
    """The YAML uses an alias (``*name``)."""


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and objects nest deeper than ``limit`` (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children)
    return False


def safe_yaml_load(raw: str) -> Any:
    """``yaml.safe_load`` that refuses aliases."""
    import yaml

    class _NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise YamlAliasError(f"YAML aliases (*{event.anchor}) are not accepted in a notice input")
            return super().compose_node(parent, index)

    return yaml.load(raw, Loader=_NoAliases)  # noqa: S506 - a SafeLoader subclass


def text_problems(data: Any, path: str = "") -> list[str]:
    """``path: problem`` for every string that holds a line break, a control character or a
    lone surrogate."""
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, str):
            m = _BAD_CHAR_RX.search(node)
            if m:
                ch = m.group()
                if ch in "\n\r\u2028\u2029":
                    what = "a line break: each field is one line of the draft"
                elif 0xD800 <= ord(ch) <= 0xDFFF:
                    what = f"a lone surrogate U+{ord(ch):04X}, not a character"
                else:
                    name = unicodedata.name(ch, "")
                    what = f"the control character U+{ord(ch):04X}{' ' + name if name else ''}"
                problems.append(f"{where or '(root)'}: holds {what}")
    return problems


def huge_numbers(data: Any) -> list[str]:
    """``path: problem`` for every integer too long to be a value of a notice (its decimal form
    alone could be thousands of digits)."""
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(node))
        elif isinstance(node, int) and not isinstance(node, bool) and node.bit_length() > 64:
            problems.append(f"{where or '(root)'}: a number of about {int(node.bit_length() * 0.30103) + 1} digits is no value of a notice")
    return sorted(problems)

"""Values and new records as YAML text, in the plainest form that reads back the same.

A value is written plain where every YAML reader takes it as the same text (``ThinkPad T14``),
else double-quoted (``"0500"``, ``"11 23H2"`` stays plain, ``"14"`` is quoted so as not to be
a number). Characters that would send a file to the loader's slow exact route (``&``, ``*``,
``!``, ``|``, ``#`` …) are never written plain, so a big file stays on the fast route.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from itready.loader.yaml import resolve_plain

_SAFE = re.compile(r"[^\W_][\w .()/+=;-]*", re.UNICODE)
_NUMBERISH = re.compile(r"[-+.\d][\d._:eE+-]*")


def scalar(value: Any, quote: str = "") -> str:
    """One value as YAML; ``quote`` (``'`` or ``"``) keeps the style a value had."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if quote == "'" and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    if quote != '"' and _plain_ok(text):
        return text
    return _double(text)


def _plain_ok(text: str) -> bool:
    return (bool(_SAFE.fullmatch(text)) and text == text.strip() and "  " not in text
            and not _NUMBERISH.fullmatch(text) and resolve_plain(text) == text)


def _double(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def item(values: dict[str, Any], dash: int, step: int = 2) -> str:
    """A new list item in block style: ``- id: …`` at column ``dash``, its keys below it;
    nested mappings (``os``) as blocks, lists in flow style."""
    pad = " " * (dash + step)
    lines = []
    for number, (key, value) in enumerate(values.items()):
        lead = " " * dash + "- " if number == 0 else pad
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{pad}{' ' * step}{k}: {scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"

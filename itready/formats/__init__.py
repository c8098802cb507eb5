"""Report formats: small modules that turn a ``Report`` into text, with no I/O.

Each format module has ``render(report, options) -> str``. The CLI picks one from ``FORMATS`` by
name and writes the text where the user asked; formats never print, open files or read the
environment, so they are easy to test with golden files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from itready.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a format may vary on: never the findings themselves."""

    root: str = ""  # prefix for paths shown to a person (the inventory path as given)
    show_all: bool = False  # rich: every finding, not only the worst
    color: bool = True
    width: int = 100


#: Format name -> module under itready.formats (imported only when chosen).
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "rich": "rich_format",
    "table": "table",
}


def renderer(name: str) -> Callable[[Report, RenderOptions], str]:
    """The ``render`` function of a format."""
    module = importlib.import_module(f"itready.formats.{FORMATS[name]}")
    return module.render  # type: ignore[no-any-return]


def display_path(options: RenderOptions, path: str) -> str:
    root = options.root.rstrip("/")
    if not path:
        return root or "."
    return f"{root}/{path}" if root and root != "." else path

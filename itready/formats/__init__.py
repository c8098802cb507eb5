"""Report formats: small modules that turn a ``Report`` into text, with no I/O.

Each format module has ``render(report, options) -> str``. The CLI picks one from ``FORMATS`` by
name and writes the text where the user asked; formats never print, open files or read the
environment, so they are easy to test with golden files.

Paths in a report are relative to the inventory root. A format for a person at a shell shows them
relative to where the command ran (``display_path``); a format read by a CI service or code host
(SARIF, GitLab Code Quality, GitHub annotations, JUnit, markdown) needs them relative to the
repository root (``repo_path``), and the CLI tells it the inventory's place in the repository in
``RenderOptions.repo_prefix``.
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
    show_all: bool = False  # rich: every finding, not only the worst; markdown: no row limit
    color: bool = True
    width: int = 100
    #: The inventory directory relative to the root of its git repository, POSIX, with a
    #: trailing slash ("inventories/musterstadt/"), or "" (at the root, or not in a repository).
    repo_prefix: str = ""


#: Format name -> module under itready.formats (imported only when chosen).
FORMATS: tuple[str, ...] = ("text", "json", "rich", "table", "csv", "sarif", "junit", "gitlab",
                            "github", "markdown")

#: Formats whose paths are relative to the repository root (they need ``repo_prefix``).
REPO_FORMATS = frozenset({"sarif", "junit", "gitlab", "github", "markdown"})


def renderer(name: str) -> Callable[[Report, RenderOptions], str]:
    """The ``render`` function of a format."""
    module = importlib.import_module(f"itready.formats.check.{name}")
    return module.render  # type: ignore[no-any-return]


def display_path(options: RenderOptions, path: str) -> str:
    root = options.root.rstrip("/")
    if not path:
        return root or "."
    return f"{root}/{path}" if root and root != "." else path


def repo_path(options: RenderOptions, path: str) -> str:
    """A report path (relative to the inventory root) relative to the repository root; the
    inventory directory itself for "" (an error about the whole inventory)."""
    prefix = options.repo_prefix.strip("/")
    if not path:
        return prefix or "."
    return f"{prefix}/{path}" if prefix else path

"""Formats: small modules that turn what a command produced into text, with no I/O.

One contract for every list a command prints. ``FORMATS`` is the one registry: for each subject
(``check``, ``diff``, ``gaps``, ``procure``, ``lifecycle``, ``rules``, ``history``, ``report``) the
formats it can be written in, each a ``Format`` that names its render function as
``"module:function"`` (imported only when chosen, so that start-up stays instant). A render function
takes the subject and one ``Options`` and returns the text. The CLI chooses a format and writes the
text where the user asked (``itready.cli.output``); formats never print, open files or read the
environment, so golden files test them.

Paths in a report are relative to the inventory root. A format for a person at a shell shows them
relative to where the command ran (``display_path``); a format read by a CI service or code host
(SARIF, GitLab Code Quality, GitHub annotations, JUnit, markdown) needs them relative to the
repository root (``repo_path``), and ``Options.repo_prefix`` tells it the inventory's place in
the repository.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any, "Options"], str]


@dataclass(frozen=True, slots=True)
class Options:
    """What a format may vary on: never the content itself."""

    root: str = ""  # prefix for paths shown to a person (the inventory path as given)
    show_all: bool = False  # rich: every finding, not only the worst; markdown: no row limit
    color: bool = True
    width: int = 100
    #: The inventory directory relative to the root of its git repository, POSIX, with a
    #: trailing slash ("inventories/musterstadt/"), or "" (at the root, or not in a repository).
    repo_prefix: str = ""
    #: CSV dialect: "rfc4180" or "excel-de" (itready.formats.spreadsheet).
    dialect: str = "rfc4180"


@dataclass(frozen=True, slots=True)
class Format:
    """One way to write a subject: where its renderer lives and how its text is written."""

    render: str  # "module:function" taking (subject, Options) -> str
    #: "module:function" turning the subject into what ``render`` takes (a diff shown by a
    #: format of check reports renders the report of the added findings).
    view: str | None = None
    #: Data for programs (UTF-8 whatever the terminal, written byte for byte: CSV keeps its
    #: BOM and CRLF); otherwise text for people, in the output's own encoding.
    data: bool = False
    #: Paths relative to the repository root: the CLI asks git for ``Options.repo_prefix``.
    repo_paths: bool = False

    def renderer(self) -> Renderer:
        """The render function, with the view applied first where there is one."""
        render = _function(self.render)
        if self.view is None:
            return render
        view = _function(self.view)
        return lambda subject, options: render(view(subject), options)


def _function(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


_CHECK = "itready.formats.check"
_CHECK_FORMATS: dict[str, Format] = {
    "text": Format(f"{_CHECK}.text:render"),
    "json": Format(f"{_CHECK}.json:render", data=True),
    "rich": Format(f"{_CHECK}.rich:render"),
    "table": Format(f"{_CHECK}.table:render"),
    "csv": Format(f"{_CHECK}.csv:render", data=True),
    "sarif": Format(f"{_CHECK}.sarif:render", data=True, repo_paths=True),
    "junit": Format(f"{_CHECK}.junit:render", data=True, repo_paths=True),
    "gitlab": Format(f"{_CHECK}.gitlab:render", data=True, repo_paths=True),
    "github": Format(f"{_CHECK}.github:render", repo_paths=True),
    "markdown": Format(f"{_CHECK}.markdown:render", repo_paths=True),
}
_DIFF = "itready.formats.diff"
_ADDED = "itready.compare:added_report"

#: Subject -> format name -> Format. The first format of each subject is its default in files.
FORMATS: dict[str, dict[str, Format]] = {
    "check": _CHECK_FORMATS,
    "diff": {
        name: (Format(f"{_DIFF}:render_{name}", data=fmt.data, repo_paths=fmt.repo_paths)
               if name in ("text", "json", "markdown")
               else Format(fmt.render, view=_ADDED, data=fmt.data, repo_paths=fmt.repo_paths))
        for name, fmt in _CHECK_FORMATS.items()
    },
    "gaps": {name: Format(f"itready.formats.gaps:render_{name}", data=name in ("csv", "json"))
             for name in ("text", "rich", "table", "csv", "json")},
    "procure": {name: Format(f"itready.formats.procure:render_{name}",
                             data=name in ("csv", "json"))
                for name in ("table", "rich", "csv", "json")},
    "lifecycle": {name: Format(f"itready.formats.lifecycle:render_{name}", data=name == "json")
                  for name in ("text", "json")},
    "rules": {name: Format(f"itready.formats.rules:render_{name}", data=name == "json")
              for name in ("text", "json")},
    "history": {name: Format(f"itready.formats.history:render_{name}",
                             data=name in ("csv", "json"))
                for name in ("text", "rich", "json", "csv")},
    # One self-contained HTML file, UTF-8 whatever the terminal (its <meta charset> says so).
    "report": {"html": Format("itready.formats.report:render", data=True)},
}


def names(subject: str) -> tuple[str, ...]:
    """The formats a subject can be written in."""
    return tuple(FORMATS[subject])


def render(subject: str, name: str, value: Any, options: Options) -> str:
    """``value`` (what the command produced) written in format ``name``."""
    return FORMATS[subject][name].renderer()(value, options)


def renderer(name: str) -> Renderer:
    """The render function of a check-report format (for library users and tests)."""
    return FORMATS["check"][name].renderer()


def display_path(options: Options, path: str) -> str:
    root = options.root.rstrip("/")
    if not path:
        return root or "."
    return f"{root}/{path}" if root and root != "." else path


def repo_path(options: Options, path: str) -> str:
    """A report path (relative to the inventory root) relative to the repository root; the
    inventory directory itself for "" (an error about the whole inventory)."""
    prefix = options.repo_prefix.strip("/")
    if not path:
        return prefix or "."
    return f"{prefix}/{path}" if prefix else path

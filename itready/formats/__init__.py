"""Formats: small modules that turn what a command produced into text or a file, with no I/O.

One contract for every list a command prints. ``FORMATS`` is the one registry: for each subject
(``check``, ``diff``, ``gaps``, ``procure``, ``lifecycle``, ``rules``, ``import``, ``history``,
``report``) the formats it can be written in, each a ``Format`` that names its render function as
``"module:function"`` (imported only when chosen, so that start-up stays instant). A render
function takes the subject and one ``Options`` and returns the text. A workbook format
(``workbook``) returns the sheets instead, typed cells in a ``itready.formats.workbook.Book``,
and its renderer returns them as the bytes of an xlsx file (``writes_bytes``). The CLI chooses a
format and writes the text or bytes where the user asked (``itready.cli.output``); formats never
print, open files or read the environment, so golden files test them.

Paths in a report are relative to the inventory root. A format for a person at a shell shows them
relative to where the command ran (``display_path``); a format read by a CI service or code host
(SARIF, GitLab Code Quality, GitHub annotations, JUnit, markdown) needs them relative to the
repository root (``repo_path``), and ``Options.repo_prefix`` tells it the inventory's place in
the repository.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any, "Options"], Any]  # str; bytes where ``Format.writes_bytes``


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
    #: Where the rule and error docs are hosted (``docs_url`` in itready.yaml); "" for the
    #: project's public docs (``itready.model.DOCS_URL``).
    docs_url: str = ""


@dataclass(frozen=True, slots=True)
class Format:
    """One way to write a subject: where its renderer lives and how its text is written."""

    render: str  # "module:function" taking (subject, Options) -> str (a Book: ``workbook``)
    #: "module:function" turning the subject into what ``render`` takes (a diff shown by a
    #: format of check reports renders the report of the added findings).
    view: str | None = None
    #: Data for programs (UTF-8 whatever the terminal, written byte for byte: CSV keeps its
    #: BOM and CRLF); otherwise text for people, in the output's own encoding.
    data: bool = False
    #: Paths relative to the repository root: the CLI asks git for ``Options.repo_prefix``.
    repo_paths: bool = False
    #: Read by people (terminals, logs, comments, spreadsheets): the render function sees the
    #: subject with every string escaped (``itready.formats.people``), never raw inventory text.
    people: bool = False
    #: An Excel workbook: ``render`` returns a ``itready.formats.workbook.Book`` (or RFC 4180
    #: CSV text, which becomes one sheet typed by its column names), written as xlsx bytes.
    workbook: bool = False

    @property
    def writes_bytes(self) -> bool:
        """Whether the renderer returns bytes, a file and not text: written exactly, to a file
        or a pipe, never to a terminal. (Another file format, a PDF say, is a render function
        that returns bytes and a flag beside ``workbook`` that this property names.)"""
        return self.workbook

    def renderer(self) -> Renderer:
        """The render function, with the view applied first where there is one, the subject
        escaped for people where the format is theirs, and a workbook written as xlsx."""
        render = _function(self.render)
        if self.workbook:
            sheets = render
            render = lambda subject, options: _xlsx(sheets(subject, options))  # noqa: E731
        if self.view is not None:
            view = _function(self.view)
            inner = render
            render = lambda subject, options: inner(view(subject), options)  # noqa: E731
        if self.people:
            from itready.formats.people import escaped

            shown = render
            render = lambda subject, options: shown(escaped(subject), options)  # noqa: E731
        return render


def _xlsx(sheets: Any) -> bytes:
    from itready.formats.workbook import as_book
    from itready.formats.xlsx import write

    return write(as_book(sheets))


def _function(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


_CHECK = "itready.formats.check"
# Machine formats (json, sarif, gitlab, junit) keep exact values: their serialisers encode them.
_CHECK_FORMATS: dict[str, Format] = {
    "text": Format(f"{_CHECK}.text:render", people=True),
    "json": Format(f"{_CHECK}.json:render", data=True),
    "rich": Format(f"{_CHECK}.rich:render", people=True),
    "table": Format(f"{_CHECK}.table:render", people=True),
    "csv": Format(f"{_CHECK}.csv:render", data=True, people=True),
    "sarif": Format(f"{_CHECK}.sarif:render", data=True, repo_paths=True),
    "junit": Format(f"{_CHECK}.junit:render", data=True, repo_paths=True),
    "gitlab": Format(f"{_CHECK}.gitlab:render", data=True, repo_paths=True),
    "github": Format(f"{_CHECK}.github:render", repo_paths=True, people=True),
    "markdown": Format(f"{_CHECK}.markdown:render", repo_paths=True, people=True),
    "xlsx": Format("itready.formats.books.check:book", workbook=True, people=True),
}
_DIFF = "itready.formats.diff"
_ADDED = "itready.compare:added_report"

#: Subject -> format name -> Format. The first format of each subject is its default in files.
FORMATS: dict[str, dict[str, Format]] = {
    "check": _CHECK_FORMATS,
    "diff": {
        name: dataclasses.replace(fmt, render=f"{_DIFF}:render_{name}")
        if name in ("text", "json", "markdown") else dataclasses.replace(fmt, view=_ADDED)
        for name, fmt in _CHECK_FORMATS.items()
    },
    "gaps": {**{name: Format(f"itready.formats.gaps:render_{name}",
                             data=name in ("csv", "json"), people=name != "json")
                for name in ("text", "rich", "table", "csv", "json")},
             "xlsx": Format("itready.formats.books.gaps:book", workbook=True, people=True)},
    "procure": {**{name: Format(f"itready.formats.procure:render_{name}",
                                data=name in ("csv", "json"), people=name != "json")
                   for name in ("table", "rich", "csv", "json")},
                "xlsx": Format("itready.formats.books.procure:book", workbook=True, people=True)},
    "lifecycle": {name: Format(f"itready.formats.lifecycle:render_{name}", data=name == "json",
                               people=name != "json")
                  for name in ("text", "json")},
    "rules": {name: Format(f"itready.formats.rules:render_{name}", data=name == "json",
                           people=name != "json")
              for name in ("text", "json")},
    "import": {name: Format(f"itready.formats.importer:render_{name}", data=name == "json",
                            people=name != "json")
               for name in ("text", "json")},
    "history": {
        **{name: Format(f"itready.formats.history:render_{name}", data=name in ("csv", "json"),
                        people=name != "json")
           for name in ("text", "rich", "json", "csv")},
        "xlsx": Format("itready.formats.history:render_csv", workbook=True, people=True),
    },
    # One self-contained HTML file, UTF-8 whatever the terminal (its <meta charset> says so).
    "report": {"html": Format("itready.formats.report:render", data=True, people=True)},
}


def names(subject: str) -> tuple[str, ...]:
    """The formats a subject can be written in."""
    return tuple(FORMATS[subject])


def render(subject: str, name: str, value: Any, options: Options) -> Any:
    """``value`` (what the command produced) written in format ``name``: text, or bytes where
    the format ``writes_bytes``."""
    return FORMATS[subject][name].renderer()(value, options)


def renderer(name: str) -> Renderer:
    """The render function of a check-report format (for library users and tests)."""
    return FORMATS["check"][name].renderer()


def display_path(options: Options, path: str) -> str:
    root = options.root.rstrip("/")
    if not path:
        return root or "."
    return f"{root}/{path}" if root and root != "." else path


def docs_link(options: Options, page: str, anchor: str = "") -> str:
    """The help link to ``page`` of the docs (``rules.md``, ``errors.md``) at ``anchor``."""
    from itready.model import DOCS_URL

    base = (options.docs_url or DOCS_URL).rstrip("/")
    return f"{base}/{page}" + (f"#{anchor}" if anchor else "")


def repo_path(options: Options, path: str) -> str:
    """A report path (relative to the inventory root) relative to the repository root; the
    inventory directory itself for "" (an error about the whole inventory)."""
    prefix = options.repo_prefix.strip("/")
    if not path:
        return prefix or "."
    return f"{prefix}/{path}" if prefix else path

"""A small reader of the report's HTML for tests: tables by id, headings, elements."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    foot: list[list[str]] = field(default_factory=list)
    #: (tag, scope) of every header cell
    header_cells: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class Page:
    lang: str | None = None
    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    tables_without_id: int = 0
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.table: Table | None = None
        self.part = "body"
        self.row: list[str] | None = None
        self.text: list[str] | None = None
        self.where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.page.tags.append((tag, found))
        if found.get("id"):
            self.page.ids.add(found["id"] or "")
        if tag == "html":
            self.page.lang = found.get("lang")
        elif tag == "table":
            self.table = Table()
            if found.get("id"):
                self.page.tables[found["id"] or ""] = self.table
            else:
                self.page.tables_without_id += 1
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.text = []
            if tag == "th" and self.table is not None:
                self.table.header_cells.append((tag, found.get("scope")))
        elif tag in ("caption", "title", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.text, self.where = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.row is not None and self.text is not None:
            self.row.append(" ".join("".join(self.text).split()))
            self.text = None
        elif tag == "tr" and self.table is not None and self.row is not None:
            getattr(self.table, self.part).append(self.row)
            self.row = None
        elif tag == "table":
            self.table, self.part = None, "body"
        elif tag == self.where and self.text is not None:
            content = " ".join("".join(self.text).split())
            if tag == "caption" and self.table is not None:
                self.table.caption = content
            elif tag == "title" and not self.page.title:
                self.page.title = content
            elif tag.startswith("h"):
                self.page.headings.append((int(tag[1]), content))
            self.text, self.where = None, ""

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page

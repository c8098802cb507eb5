"""Edit a YAML inventory file as text, at exact positions: untouched bytes stay untouched.

A ruamel.yaml round trip of a state-sized inventory takes minutes and reflows what it does not
understand; an import changes a few fields of a few records. So this module finds, in the text,
the record a change is for (the n-th item of its kind's block sequence), the key it changes and
the span of its value, and replaces exactly that span, or inserts one line, or appends one item.
Comments, key order, quoting and ``x-`` keys of everything else stay byte for byte.

It reads the block style that people and itready write: block sequences of records, each a block
mapping (``- id: …`` with its keys below) or a one-line flow mapping (``- {id: …, …}``), nested
mappings either way, values plain, quoted or in flow style on one line, or blocks below their
key. Anything else (a flow sequence of records, anchors, a flow mapping over several lines) is
``Unsupported``: that record is left alone and reported, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from itready.i18n import _
from itready.importer.emit import item, scalar


class Unsupported(Exception):
    """The text is written in a form this module does not edit."""


@dataclass(slots=True)
class Entry:
    """One key of a mapping in the text."""

    key: str
    key_start: int
    value_start: int  # where the value's text starts (after ``key:`` and blanks)
    value_end: int  # end of the value's text (an inline value: before a comment)
    end: int  # end of the entry's last line holding content (its block, if any)
    inline: bool  # the value stands on the key's line
    column: int  # the key's column (0-based)


# --- reading the text ----------------------------------------------------------------------------

_KEY = re.compile(r"""(?P<key>[A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t\r\n]|\Z)""")


def _line_end(text: str, offset: int) -> int:
    """Where the line at ``offset`` ends: its "\\n", or the "\\r" of a "\\r\\n"."""
    end = text.find("\n", offset)
    if end < 0:
        return len(text)
    return end - 1 if end > offset and text[end - 1] == "\r" else end


def _next_line(text: str, offset: int) -> int:
    """Where the line after the one at ``offset`` starts."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _indent(text: str, start: int) -> int:
    end = _line_end(text, start)
    line = text[start:end]
    return len(line) - len(line.lstrip(" "))


def _blank(text: str, start: int) -> bool:
    stripped = text[start:_line_end(text, start)].strip()
    return not stripped or stripped.startswith("#")


def _lines(text: str, start: int, end: int) -> Iterator[int]:
    """Start offsets of the lines in [start, end), one by one."""
    yield start
    position = text.find("\n", start, end)
    while position >= 0 and position + 1 < end:
        yield position + 1
        position = text.find("\n", position + 1, end)


def _inline_end(text: str, start: int, line_end: int) -> int:
    """End of an inline value starting at ``start``: a quoted scalar, a flow collection on
    the line, or a plain scalar up to a comment."""
    head = text[start:start + 1]
    if head == '"':
        position = start + 1
        while position < line_end:
            if text[position] == "\\":
                position += 2
                continue
            if text[position] == '"':
                return position + 1
            position += 1
        return line_end  # continues on the next line: the caller extends the span
    if head == "'":
        position = text.find("'", start + 1, line_end)
        while position >= 0 and text[position + 1:position + 2] == "'":
            position = text.find("'", position + 2, line_end)
        return position + 1 if position >= 0 else line_end
    if head in "[{":
        return _flow_end(text, start, line_end)
    comment = text.find(" #", start, line_end)
    stop = comment if comment >= 0 else line_end
    return start + len(text[start:stop].rstrip())


def _flow_end(text: str, start: int, line_end: int) -> int:
    depth, position = 0, start
    while position < line_end:
        char = text[position]
        if char in "\"'":
            position = _inline_end(text, position, line_end)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise Unsupported(_("a flow collection over several lines"))


def block_entries(text: str, start: int, end: int, column: int) -> list[Entry]:
    """The keys of a block mapping whose keys stand at ``column``, within [start, end);
    ``start`` may point into a line (after ``- ``)."""
    entries: list[Entry] = []
    line_start = text.rfind("\n", 0, start) + 1
    for offset in _lines(text, line_start, end):
        first = offset == line_start
        key_at = start if first else offset + column
        if not first:
            if _blank(text, offset):
                continue
            indent = _indent(text, offset)
            if indent < column:
                break
            if indent > column or text.startswith("- ", key_at) or text[key_at] == "-":
                if entries:  # part of the previous entry's value (a block below its key)
                    entries[-1].end = _line_end(text, offset)
                    continue
                raise Unsupported(_("a mapping without keys"))
        match = _KEY.match(text, key_at)
        if match is None:
            raise Unsupported(_("a line that is no key"))
        line_end = _line_end(text, key_at)
        value_start = match.end()
        while value_start < line_end and text[value_start] in " \t":
            value_start += 1
        inline = value_start < line_end and text[value_start] != "#"
        value_end = _inline_end(text, value_start, line_end) if inline else value_start
        entries.append(Entry(match.group("key").strip("'\""), key_at, value_start, value_end,
                             line_end, inline, column))
    for entry in entries:
        if entry.inline and entry.end > _line_end(text, entry.key_start):
            entry.value_end = len(text[:entry.end].rstrip())  # a scalar over several lines
    return entries


def flow_entries(text: str, start: int) -> tuple[list[Entry], int]:
    """The keys of the one-line flow mapping whose ``{`` is at ``start``, and the offset of
    its ``}``."""
    line_end = _line_end(text, start)
    close = _flow_end(text, start, line_end) - 1
    entries = []
    position = start + 1
    while position < close:
        while position < close and text[position] in " ,":
            position += 1
        if position >= close:
            break
        match = _KEY.match(text, position)
        if match is None:
            raise Unsupported(_("a flow mapping entry without key"))
        value_start = match.end()
        while text[value_start] == " ":
            value_start += 1
        value_end = value_start
        depth = 0
        while value_end < close:
            char = text[value_end]
            if char in "\"'" or (char in "[{"):
                value_end = _inline_end(text, value_end, close + 1)
                continue
            if char == "," and depth == 0:
                break
            value_end += 1
        value_end = value_start + len(text[value_start:value_end].rstrip())
        entries.append(Entry(match.group("key").strip("'\""), position, value_start,
                             value_end, value_end, True, -1))
        position = value_end
    return entries, close


# --- nodes ------------------------------------------------------------------------------------

class Node:
    """A mapping in the text (block or one-line flow) that keys can be set in or added to."""

    def __init__(self, doc: Document, start: int, end: int, column: int):
        self.doc, self.start, self.end, self.column = doc, start, end, column
        self.flow = doc.text.startswith("{", start)
        if self.flow:
            self.entries, self.close = flow_entries(doc.text, start)
        else:
            self.entries, self.close = block_entries(doc.text, start, end, column), -1

    def entry(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)

    def child(self, key: str) -> Node | None:
        """The mapping that is the value of ``key``."""
        entry = self.entry(key)
        if entry is None:
            return None
        text = self.doc.text
        if entry.inline:
            if not text.startswith("{", entry.value_start):
                raise Unsupported(_("{key} is no mapping").format(key=key))
            return Node(self.doc, entry.value_start, entry.value_end, -1)
        first = _next_content(text, _next_line(text, entry.key_start), entry.end)
        if first is None:
            raise Unsupported(_("{key} has no value").format(key=key))
        column = _indent(text, first)
        return Node(self.doc, first + column, entry.end, column)

    def set(self, key: str, value: Any) -> None:
        """Set ``key`` to ``value``: its value replaced where it is, else a key added."""
        entry = self.entry(key)
        text = self.doc.text
        if entry is not None and isinstance(value, dict):
            child = self.child(key)
            assert child is not None
            for name, part in value.items():
                child.set(name, part)
            return
        if entry is not None:
            old = text[entry.value_start:entry.value_end] if entry.inline else ""
            quote = old[:1] if old[:1] in "'\"" else ""
            new = scalar(value, quote)
            if entry.inline:
                self.doc.replace(entry.value_start, *self._keep_comment(entry, old, new))
            else:
                key_line_end = _line_end(text, entry.key_start)
                self.doc.replace(entry.value_start, entry.end, " " + new
                                 if entry.value_start == key_line_end else new)
            return
        self.add(key, value)

    def _keep_comment(self, entry: Entry, old: str, new: str) -> tuple[int, str]:
        """(end, text) replacing a value so that a comment after it keeps its column."""
        text = self.doc.text
        line_end = _line_end(text, entry.value_end)
        after = text[entry.value_end:line_end]
        gap = len(after) - len(after.lstrip(" "))
        if not after.lstrip(" ").startswith("#") or len(old) == len(new):
            return entry.value_end, new
        return entry.value_end + gap, new + " " * max(1, gap - (len(new) - len(old)))

    def add(self, key: str, value: Any) -> None:
        if self.flow:
            before = self.doc.order.get(key, ())
            placed = [e for e in self.entries if e.key in before] or self.entries
            last = placed[-1].value_end if placed else self.start + 1
            sep = ", " if self.entries else ""
            self.doc.insert(last, f"{sep}{key}: {scalar(value)}")
            return
        before = self.doc.order.get(key, ())
        placed = [e for e in self.entries if e.key in before]
        last = (placed[-1] if placed else self.entries[-1]).end
        pad = " " * self.column
        if isinstance(value, dict):
            lines = f"\n{pad}{key}:" + "".join(f"\n{pad}  {k}: {scalar(v)}"
                                                for k, v in value.items())
        else:
            lines = f"\n{pad}{key}: {scalar(value)}"
        self.doc.insert(last, lines)


def _next_content(text: str, start: int, end: int) -> int | None:
    for offset in _lines(text, start, end):
        if offset < end and not _blank(text, offset):
            return offset
    return None


# --- the document ------------------------------------------------------------------------------

class Document:
    """A file's text, its record sections, and the edits made to it (applied at the end)."""

    def __init__(self, text: str, order: dict[str, tuple[str, ...]] | None = None):
        self.text = text
        self.edits: list[tuple[int, int, str]] = []
        first = text.find("\n")
        #: new lines end as the file's first line does (a file saved on Windows: CRLF)
        self.newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
        #: key -> the keys that come before it, for keys added to a mapping
        self.order = order or {}
        #: (offset, header) -> the edit that inserts a header and the items under it
        self._groups: dict[tuple[int, str], int] = {}
        self._items: dict[tuple[int, int], Items] = {}  # the text does not change until result
        self._sections: dict[str, tuple[int, int] | None] = {}
        self._appends: list[tuple[str, int]] = []  # new records: kind, their edit

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, self._newlines(new)))

    def insert(self, offset: int, new: str) -> None:
        self.edits.append((offset, offset, self._newlines(new)))

    def _newlines(self, new: str) -> str:
        return new.replace("\n", self.newline) if self.newline != "\n" else new

    def insert_under(self, offset: int, header: str, piece: str) -> None:
        """Insert ``header`` once at ``offset`` and ``piece`` after it and after every piece
        inserted under the same header before (new items of a list the text lacks)."""
        group = self._groups.get((offset, header))
        piece = self._newlines(piece)
        if group is None:
            self._groups[(offset, header)] = len(self.edits)
            self.edits.append((offset, offset, self._newlines(header) + piece))
        else:
            start, end, text = self.edits[group]
            self.edits[group] = (start, end, text + piece)

    def checkpoint(self) -> tuple[int, dict[int, tuple[int, int, str]]]:
        """What ``rollback`` needs to undo the edits made after this call."""
        return len(self.edits), {i: self.edits[i] for i in self._groups.values()}

    def rollback(self, point: tuple[int, dict[int, tuple[int, int, str]]]) -> None:
        count, groups = point
        del self.edits[count:]
        self._appends = [(kind, index) for kind, index in self._appends if index < count]
        for index, edit in groups.items():
            self.edits[index] = edit
        self._groups = {k: i for k, i in self._groups.items() if i < count}

    def ordered(self) -> list[tuple[int, int, str]]:
        """The edits in the order they apply: by place, insertions at one place as made."""
        return sorted(self.edits, key=lambda e: (e[0], e[1]))

    def result(self) -> str:
        """The text with every edit applied (edits never overlap)."""
        parts, position = [], 0
        for start, end, new in self.ordered():
            if start < position:
                raise Unsupported(_("two changes at one place"))
            parts += [self.text[position:start], new]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)

    def section(self, kind: str) -> tuple[int, int] | None:
        """(offset after ``kind:``, end) of a top-level key's value."""
        if kind not in self._sections:
            match = re.search(rf"(?m)^{re.escape(kind)}[ \t]*:", self.text)
            following = re.compile(r"(?m)^[^\s#-]").search(self.text, match.end()) \
                if match else None
            self._sections[kind] = None if match is None else (
                match.end(), following.start() if following else len(self.text))
        return self._sections[kind]

    def appended(self) -> list[tuple[int, int, str]]:
        """The edits that add new records (not those inside records)."""
        return [self.edits[index] for _kind, index in self._appends]

    def appended_texts(self) -> list[tuple[str, int, str]]:
        """(kind, old offset, text) of each insertion of new records."""
        return [(kind, self.edits[index][0], self.edits[index][2])
                for kind, index in self._appends]

    def items(self, start: int, end: int) -> Items:
        """The items of the block sequence that is the value in [start, end)."""
        found = self._items.get((start, end))
        if found is None:
            found = self._items[(start, end)] = self._scan_items(start, end)
        return found

    def _scan_items(self, start: int, end: int) -> Items:
        text = self.text
        rest = text[start:_line_end(text, start)].strip()
        if rest and not rest.startswith("#"):
            if rest.startswith("[]"):
                return Items(self.text, [], -1, end)
            raise Unsupported(_("records in flow style"))
        first = _next_content(text, _next_line(text, start), end)
        if first is None:
            return Items(self.text, [], -1, end)
        dash = _indent(text, first)
        if not text.startswith("-", first + dash):
            raise Unsupported(_("a kind that is no list"))
        marks = [m.start() for m in re.compile(rf"(?m)^ {{{dash}}}-(?=[ \n])").finditer(
            text, first, end)]
        return Items(text, marks, dash, end)

    def record(self, items: Items, number: int) -> Node:
        """The mapping of item ``number``."""
        start, end = items.span(number)
        dash = items.dash
        after = start + dash + 1
        while self.text[after] == " ":
            after += 1
        if self.text[after] in "\r\n":
            first = _next_content(self.text, _next_line(self.text, after), end)
            if first is None:
                raise Unsupported(_("an empty item"))
            column = _indent(self.text, first)
            return Node(self, first + column, end, column)
        return Node(self, after, end, after - (self.text.rfind("\n", 0, after) + 1))

    def append(self, kind: str, values: dict[str, Any]) -> None:
        """A new record (or item) at the end of the top-level list ``kind``."""
        section = self.section(kind)
        if section is None:
            lead = "" if not self.text or self.text.endswith("\n") else "\n"
            header = f"{lead}{kind}:\n"
            if (len(self.text), header) not in self._groups:
                self._appends.append((kind, len(self.edits)))
            self.insert_under(len(self.text), header, item(values, 2))
            return
        items = self.items(*section)
        self._appends.append((kind, len(self.edits)))
        if not len(items):
            start = section[0]
            self.replace(start, _line_end(self.text, start), "\n" + item(values, 2).rstrip("\n"))
            return
        self.insert(items.span(len(items) - 1)[1], "\n" + item(values, items.dash).rstrip("\n"))


@dataclass(slots=True)
class Items:
    """The items of a block sequence: where each starts (its dash), found once per file."""

    text: str
    marks: list[int]
    dash: int
    end: int
    _spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.marks)

    def span(self, number: int) -> tuple[int, int]:
        """(start, end of its last own line) of item ``number``."""
        found = self._spans.get(number)
        if found is None:
            start = self.marks[number]
            stop = self.marks[number + 1] if number + 1 < len(self.marks) else self.end
            found = self._spans[number] = (start, _content_end(self.text, start, stop,
                                                               self.dash))
        return found


def _content_end(text: str, start: int, stop: int, dash: int) -> int:
    """End of the last line in [start, stop) that belongs to the item at ``dash``: comments
    and blank lines before the next item or key are not its own."""
    end = _line_end(text, start)
    for offset in _lines(text, _next_line(text, start), stop):
        if offset >= stop:
            break
        if _blank(text, offset) and (_indent(text, offset) <= dash or not text[
                offset:_line_end(text, offset)].strip()):
            continue
        end = _line_end(text, offset)
    return end

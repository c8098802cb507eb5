"""Where a record or field stands in its file: 1-based line and column, found cheaply.

A path names a node: ``("devices", 17, "os", "version")`` is the ``version`` key of the ``os``
mapping of the 18th record under ``devices``. Mapping entries are located at their key,
sequence items at the item.

``PositionTree`` holds the exact position of every node; the exact parser builds it.
``TextLocator`` finds records and their fields by scanning the text of a file, which costs
milliseconds where a positioned parse costs seconds: records by their id lines (``- id: X``,
``- "id": X``, or a record in flow on one line, ``- {id: X, …}``), fields of block mappings by
their indentation, and what stands in a flow collection on one line (``os: {…}``) by a small
scanner of brackets, commas and keys. It answers only when the text lines up with the parsed
data (every record's id line, in order) and otherwise asks the exact parser, once per file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from itready.errors import NodePath as Path


class Locator(Protocol):
    def locate(self, path: Path) -> tuple[int, int]:
        """The (line, column) of the node at ``path``, or of its deepest existing ancestor."""
        ...


class PositionTree:
    """The exact position of a node and of everything below it."""

    __slots__ = ("children", "column", "line", "plain")

    def __init__(self, line: int, column: int, children: Any = None, plain: bool = False):
        self.line = line
        self.column = column
        self.children = children  # dict key -> PositionTree, list of PositionTree, or None
        self.plain = plain

    def locate(self, path: Path) -> tuple[int, int]:
        node = self
        for step in path:
            children = node.children
            if isinstance(children, dict) and step in children:
                node = children[step]
            elif isinstance(children, list) and isinstance(step, int) and step < len(children):
                node = children[step]
            else:
                break
        return node.line, node.column


# Line patterns start at a newline, not at ``^`` in MULTILINE mode: the regex engine jumps from
# one newline to the next instead of trying every offset. A file's first line has no newline
# before it: the _FIRST_ patterns match it apart.
# A record's id line: ``- id: X`` or ``- "id": X`` (group 4 the value as written), or a record
# in flow on one line, ``- {id: X, …}`` (group 2 its brace).
_ID = r"([ \t]*-[ \t]+)()([\"']?)id\3[ \t]*:[ \t]*((?:[^\n]*[^ \t\n])?)[ \t]*(?=\n|\Z)"
_FLOW_ID = r"([ \t]*-[ \t]+)(\{)[ \t]*([\"']?)id\3[ \t]*:[ \t]*([^,}\n]*?)[ \t]*(?=[,}])"
_KEY = r"([\"']?)([A-Za-z_][\w-]*)\1[ \t]*:"
_ID_LINES = (re.compile("\n" + _ID), re.compile("\n" + _FLOW_ID))
_FIRST_ID_LINES = (re.compile(_ID), re.compile(_FLOW_ID))


def _id_lines(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """The id lines of records between ``start`` and ``end``, block and flow, in text order."""
    end = len(text) if end is None else end
    found = list(_ID_LINES[0].finditer(text, start, end))
    if "{" not in text:  # no record in flow: spare the second scan of the text
        return found
    found += _ID_LINES[1].finditer(text, start, end)
    return sorted(found, key=re.Match.start)


# The structure of a flow collection on one line: brackets and commas, and quoted scalars
# without escapes (skipped: what they hold is no structure).
_STRUCTURE = re.compile(r"""[{}\[\],]|"[^"\\\n]*"|'[^'\n]*'""")
# The key of a flow mapping's entry and its colon (a plain key ends at its first colon, which
# a space or an indicator must follow).
_ENTRY_KEY = re.compile(r"""[ ]*(?:"([^"\\\n]*)"[ ]*|'([^'\n]*)'[ ]*
                         |([^\s,\[\]{}:\#"'][^,\[\]{}:\n]*)):(?=[ ,\[\]{}]|$)""", re.VERBOSE)
#: (offset, children) of a node in a flow collection: children a dict key -> node for a
#: mapping (located at its key), a list of nodes for a sequence, None for a scalar.
_Node = tuple[int, Any]


class _NoFlow(Exception):
    """A flow collection the scanner does not read for sure: the exact parser decides."""


class _Open:
    """A collection of ``_flow`` not closed yet, and where its current entry starts."""

    __slots__ = ("at", "children", "entry", "filled", "mapping")

    def __init__(self, at: int, mapping: bool):
        self.at, self.mapping, self.entry, self.filled = at, mapping, at + 1, False
        self.children: Any = {} if mapping else []


def _flow(text: str, start: int) -> _Node | None:
    """The nodes of the flow collection at ``start``, written on one line; None for anything
    the scanner is not sure of (escapes, comments, empty entries, an unclosed line)."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if "#" in text[start:end] or "\\" in text[start:end]:
        return None
    stack: list[_Open] = []
    try:
        for match in _STRUCTURE.finditer(text, start, end):
            char, at = match.group()[0], match.start()
            if char in "\"'":
                continue
            if char in "{[":
                nested = _Open(at, char == "{")
                if stack:
                    _entry(text, stack[-1], at, nested.children)
                stack.append(nested)
                continue
            top = stack[-1]
            if top.filled:
                if text[top.entry:at].strip():
                    raise _NoFlow  # more than spaces after a nested collection
            elif char == "," or top.children or text[top.entry:at].strip():
                _entry(text, top, at, None)  # a scalar (not the end of an empty collection)
            if char == ",":
                top.entry, top.filled = at + 1, False
                continue
            if char != ("}" if top.mapping else "]"):
                raise _NoFlow
            stack.pop()
            if not stack:
                return top.at, top.children
            stack[-1].entry = at + 1  # after the nested collection: spaces, then , ] or }
    except (_NoFlow, IndexError):
        return None
    return None


def _entry(text: str, top: _Open, stop: int, nested: Any) -> None:
    """Add the entry of ``top`` that ends at ``stop``: a scalar, or the children of the
    ``nested`` collection that starts there."""
    top.filled = True
    if top.mapping:
        key = _ENTRY_KEY.match(text, top.entry, stop)
        if key is None:
            raise _NoFlow
        quoted, single, plain = key.groups()
        name = quoted if quoted is not None else single if single is not None \
            else plain.rstrip(" ")
        value = text[key.end():stop].strip()
        if name in top.children or (value if nested is not None else not value):
            raise _NoFlow
        top.children[name] = (key.end() - len(key.group().lstrip(" ")), nested)
        return
    item = text[top.entry:stop]
    if (item.strip() if nested is not None else not item.strip()) \
            or _ENTRY_KEY.match(text, top.entry, stop):
        raise _NoFlow  # not one node (or a mapping of one pair, which YAML allows here)
    top.children.append((top.entry + len(item) - len(item.lstrip(" ")), nested))


def _walk(children: Any, steps: Path, result: int, absent_is_parent: bool) -> int | None:
    """The offset of the node at ``steps`` below a flow node's ``children``."""
    for step in steps:
        if isinstance(children, dict) and isinstance(step, str) and step in children:
            result, children = children[step]
        elif isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
            result, children = children[step]
        else:
            return result if absent_is_parent else None
    return result


_TOP_KEY, _FIRST_KEY = re.compile("\n" + _KEY), re.compile(_KEY)


def _top_keys(text: str) -> list[tuple[str, int]]:
    """Each top-level key of a block mapping and the offset of its line."""
    first = _FIRST_KEY.match(text)
    keys = [(first.group(2), 0)] if first else []
    keys += [(m.group(2), m.start(1)) for m in _TOP_KEY.finditer(text)]
    return keys
_NEXT_CONTENT = re.compile(r"^([ ]*)(-[ \t]+)?[^\s#]", re.MULTILINE)


@lru_cache(maxsize=512)
def _key_at(column: int, key: str) -> re.Pattern[str]:
    """A key starting exactly at ``column`` of its line (after spaces or a ``- `` item mark)."""
    return re.compile(rf"^[ \t-]{{{column - 1}}}([\"']?){re.escape(key)}\1[ \t]*:(?=[ \t]|\r?$)",
                      re.MULTILINE)


#: What makes a written id differ from the id it means: quotes, a comment.
_MARKUP = re.compile(r"[\"'#]")
#: Line numbers are kept for every 8th record start; a line is counted from the nearest.
_CHECKPOINT = 8

_ITEM = re.compile(r"^([ ]*)-[ \t]+", re.MULTILINE)


@lru_cache(maxsize=64)
def _not_item_at(indent: int) -> re.Pattern[str]:
    """The first content line at ``indent`` or less that is not a ``- `` item: a sequence's end."""
    return re.compile(rf"^[ ]{{0,{indent}}}(?!-[ \t]|-$)[^\s#]", re.MULTILINE)


@lru_cache(maxsize=64)
def _dedent_below(column: int) -> re.Pattern[str]:
    """The first content line indented less than ``column``: where a block ends."""
    return re.compile(rf"^(?![ ]{{{column - 1}}})[ ]*[^\s#]", re.MULTILINE)


def _plain_text(raw: str) -> str:
    """The value of a one-line scalar as written: without a comment or simple quotes."""
    if raw[:1] in "\"'":
        quote = raw[0]
        end = raw.find(quote, 1)
        inner = raw[1:end] if end > 0 else raw
        return inner if "\\" not in inner or quote == "'" else "\0"
    hash_at = raw.find(" #")
    return (raw[:hash_at] if hash_at >= 0 else raw).rstrip()


def _record_path(path: Path) -> tuple[str, int, Path] | None:
    """(kind key, index, path inside the record) of a path into a record: ``("devices", 3,
    ...)`` in an inventory file, ``(3, ...)`` in a file that is one list (kind ``""``)."""
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        return path[0], path[1], path[2:]
    if path and isinstance(path[0], int):
        return "", path[0], path[1:]
    return None


def _existing(data: Any, path: Path) -> Path:
    """The longest prefix of ``path`` that exists in ``data``: an absent key is located at its
    record, without a search through the text."""
    node = data
    for depth, step in enumerate(path):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return path[:depth]
    return path


class TextLocator:
    """Locate records and fields of a block-style file by its text; exact parse as fallback."""

    def __init__(self, text: str, data: Any, exact: Callable[[], PositionTree],
                 data_factory: Callable[[], Any] | None = None,
                 ids: dict[str, list[str]] | None = None):
        """``data`` is the file's parsed data; or give ``data_factory`` to read it only when
        needed, and ``ids`` (kind key -> the id of every record, in order, for a file whose
        every record is valid) to index the records without it."""
        self._text = text
        self._data_value = data
        self._data_factory = data_factory
        self._ids = ids
        self._exact_factory = exact
        self._exact: PositionTree | None = None
        #: kind key -> (its ``- id:`` line matches, the section's end), once the text lines up
        self._sections: dict[str, tuple[list[re.Match[str]], int]] | None = None
        #: every _CHECKPOINT-th record start and its 1-based line, for counting lines
        self._starts: list[int] = []
        self._start_lines: list[int] = []
        #: flow collections scanned so far, by offset (None: the scanner is not sure)
        self._flows: dict[int, _Node | None] = {}

    def use_ids(self, ids: dict[str, list[str]] | None) -> None:
        """Index records by these ids (see ``__init__``) instead of reading the parsed data."""
        if ids is not None and self._sections is None:
            self._ids = ids

    @property
    def _data(self) -> Any:
        if self._data_factory is not None:
            self._data_value, self._data_factory = self._data_factory(), None
        return self._data_value

    def locate(self, path: Path) -> tuple[int, int]:
        record_path = _record_path(path)
        if record_path is not None and self._ids is not None:
            # Records of a block-style file whose ids line up: a key that is not in its
            # record's block is absent, and is located at its parent, without the data.
            offset = self._find(*record_path, absent_is_parent=True)
            if offset is not None:
                return self._line_column(offset)
            self._ids, self._sections = None, None  # the text says too little: use the data
        path = _existing(self._data, path)
        record_path = _record_path(path)
        if record_path is not None:
            offset = self._find(*record_path)
            if offset is not None:
                return self._line_column(offset)
        if self._exact is None:
            try:
                self._exact = self._exact_factory()
            except Exception:  # the exact parser rejects what the fast one read: the file start
                self._exact = PositionTree(1, 1)
        return self._exact.locate(path)

    # -- indexing ---------------------------------------------------------------------------

    def _index(self) -> dict[str, tuple[list[re.Match[str]], int]]:
        """kind key -> (the ``- id:`` line of each record, the section's end), for the kinds
        whose id lines match their records' ids one to one; empty where the text does not."""
        if self._sections is not None:
            return self._sections
        self._sections = {}
        text = self._text
        if self._ids is None and isinstance(self._data, list):
            return self._index_list(text, self._data)
        keys = _top_keys(text)
        names = [name for name, _ in keys]
        if self._ids is not None:
            if len(set(names)) != len(names) or not set(self._ids) <= set(names):
                return self._sections
            listed: dict[str, Any] = self._ids
        else:
            data = self._data
            if not isinstance(data, dict) or names != list(data):
                return self._sections
            listed = {kind: [r.get("id") if isinstance(r, dict) else None for r in records]
                      for kind, records in data.items() if isinstance(records, list)}
        sections: dict[str, tuple[list[re.Match[str]], int]] = {}
        for number, (kind, start) in enumerate(keys):
            end = keys[number + 1][1] if number + 1 < len(keys) else len(text)
            ids = listed.get(kind)
            if ids is None:
                continue
            lines = _id_lines(text, start, end)
            if len(lines) != len(ids):
                continue
            written = [m.group(4) for m in lines]
            if not (written == ids and not _MARKUP.search("".join(written))) and \
                    [_plain_text(raw) for raw in written] != ids:
                continue
            sections[kind] = (lines, end)
        self._set_sections(sections)
        return sections

    def _index_list(self, text: str, data: list[Any]
                    ) -> dict[str, tuple[list[re.Match[str]], int]]:
        """A document that is one list of records (a rule file): its ``- id:`` lines at the
        start of a line, as the section ``""``."""
        found = [*(first.match(text) for first in _FIRST_ID_LINES), *_id_lines(text)]
        lines = [m for m in found if m and m.group(1)[:1] == "-"]  # at the start of a line
        ids = [r.get("id") if isinstance(r, dict) else None for r in data]
        lined_up = len(lines) == len(ids) and [_plain_text(m.group(4)) for m in lines] == ids
        sections = {"": (lines, len(text))} if lined_up else {}
        self._set_sections(sections)
        return sections

    def _set_sections(self, sections: dict[str, tuple[list[re.Match[str]], int]]) -> None:
        text = self._text
        starts = [m.start(1) for lines, _end in sections.values() for m in lines]
        self._starts = sorted(starts)[::_CHECKPOINT]
        self._start_lines, line, previous = [], 1, 0
        for start in self._starts:  # counting at memchr speed
            line += text.count("\n", previous, start)
            self._start_lines.append(line)
            previous = start
        self._sections = sections

    def _record(self, kind: str, index: int) -> tuple[int, int, int, int] | None:
        """(start, end, key column, offset of its brace or -1) of a record, if the text lines
        up."""
        sections = self._sections if self._sections is not None else self._index()
        section = sections.get(kind)
        if section is None or not 0 <= index < len(section[0]):
            return None
        lines, end = section
        match = lines[index]
        record_end = lines[index + 1].start(1) if index + 1 < len(lines) else end
        return (match.start(1), record_end, len(match.group(1).expandtabs(1)) + 1,
                match.start(2) if match.group(2) else -1)

    def _find(self, kind: str, index: int, steps: Path, absent_is_parent: bool = False
              ) -> int | None:
        """The offset of the node at ``steps`` inside record ``index`` of ``kind``, or None
        where the text does not say for sure.

        With ``absent_is_parent``, a key or item missing from a block (not from a value written
        on its key's line) is located at its parent, as an absent field is.
        """
        record = self._record(kind, index)
        if record is None:
            return None
        offset, end, column, brace = record
        if brace >= 0:  # a record in flow on one line
            return self._in_flow(brace, steps, brace, absent_is_parent)
        result = offset + column - 1
        text = self._text
        inline = False
        for number, step in enumerate(steps):
            if isinstance(step, str):
                key = _key_at(column, step).search(text, offset, end)
                if key is None:
                    return result if absent_is_parent and not inline else None
                result = key.start() + column - 1
                inline = self._inline(key.end(), end)
                if inline and number + 1 < len(steps):  # a flow collection on the key's line?
                    after = text[key.end():key.end() + 200]
                    value = key.end() + len(after) - len(after.lstrip(" \t"))
                    if text[value:value + 1] in ("{", "["):
                        return self._in_flow(value, steps[number + 1:], result,
                                             absent_is_parent)
                offset, end, column = self._value_block(key.end(), end, column)
            else:
                items = [m for m in _ITEM.finditer(text, offset, end)
                         if len(m.group(1)) == column - 1]
                if step >= len(items):
                    return result if absent_is_parent and not inline else None
                item = items[step]
                result = item.end()
                offset = item.start()
                end = items[step + 1].start() if step + 1 < len(items) else end
                column = item.end() - item.start() + 1
        return result

    def _in_flow(self, start: int, steps: Path, result: int, absent_is_parent: bool
                 ) -> int | None:
        """The offset of the node at ``steps`` in the flow collection at ``start``."""
        if start not in self._flows:
            self._flows[start] = _flow(self._text, start)
        node = self._flows[start]
        return None if node is None else _walk(node[1], steps, result, absent_is_parent)

    def _inline(self, key_end: int, end: int) -> bool:
        """Whether a value stands on its key's line (a scalar or a flow collection)."""
        line_end = self._text.find("\n", key_end, end)
        rest = self._text[key_end:line_end if line_end >= 0 else end].strip()
        return bool(rest) and not rest.startswith("#")

    def _value_block(self, key_end: int, end: int, column: int) -> tuple[int, int, int]:
        """The block below a key: (start, end, column of its keys or item marks)."""
        line_end = self._text.find("\n", key_end, end)
        rest = self._text[key_end:line_end].strip() if line_end >= 0 else "?"
        if rest and not rest.startswith("#"):  # the value stands on the key's own line
            return end, end, column
        child = _NEXT_CONTENT.search(self._text, line_end, end)
        if child is None:
            return end, end, column
        indent = len(child.group(1))
        if indent < column - 1 or (indent == column - 1 and not child.group(2)):
            return end, end, column
        block_end = _dedent_below(indent + 1).search(self._text, child.start(), end)
        stop = block_end.start() if block_end else end
        if child.group(2) and indent == column - 1:  # a sequence at the key's own indentation
            not_item = _not_item_at(indent).search(self._text, child.start(), end)
            stop = not_item.start() if not_item else end
        return child.start(), stop, indent + 1

    def _line_column(self, offset: int) -> tuple[int, int]:
        """Line and column of an offset: lines counted from the nearest checkpoint."""
        text = self._text
        nearest = bisect_right(self._starts, offset) - 1
        start, line = (self._starts[nearest], self._start_lines[nearest]) if nearest >= 0 \
            else (0, 1)
        line += text.count("\n", start, offset)
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

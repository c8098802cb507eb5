"""One row through a mapping: the value of each field, and what could not be read, and why.

``Row`` answers ``value(name)`` for the fields and vars of its mapping, each computed once and
on demand, so that fields may use each other (the id template uses the kind, the Windows
release uses the edition) in any order of the mapping file. A value that cannot be read becomes
"no value" and a ``Problem`` naming the column; a personal value is never shown.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from itready.i18n import _
from itready.importer.convert import DateMismatch, Unreadable, text
from itready.importer.mapping import NOTHING, Condition, Expr, Input, Mapping, Table, Test

PERSONAL = "<personal>"


@dataclass(frozen=True, slots=True)
class Problem:
    """A value of a row that was not used: where (column), what (shown value), why."""

    column: str
    value: str
    reason: str


@dataclass(slots=True)
class Layout:
    """How to read the rows of one sheet for one input: its columns by folded name."""

    input: Input
    columns: dict[str, int] | None  # tabular sheets; None for JSON rows
    _found: dict[str, int | None] = field(default_factory=dict)  # alias -> column, as asked

    def raw(self, cells: Any, alias: str) -> Any:
        """The value of a column (tabular) or a dotted JSON path; None where absent."""
        if self.columns is not None:
            try:
                index = self._found[alias]
            except KeyError:
                index = self._found[alias] = self.columns.get(alias.casefold())
            if index is None or index >= len(cells):
                return None
            value = cells[index]
            if self.input.multi_value and isinstance(value, str) and \
                    self.input.multi_value in value:
                value = value.split(self.input.multi_value, 1)[0]
            return value
        value = lookup(cells, alias)
        if self.input.html_unescape and isinstance(value, str):
            value = html.unescape(value)
        return value


def lookup(node: Any, path: str) -> Any:
    """A dotted path into JSON data: ``hardwareInformation.tpmSpecificationVersion``; a
    segment ``[]`` (``assignedLicenses[].skuId``) collects from every element; keys match
    exactly, else in any case."""
    if path == ".":
        return node
    parts = path.split(".")
    for number, part in enumerate(parts):
        each = part.endswith("[]")
        key = part[:-2] if each else part
        if not isinstance(node, dict):
            return None
        if key in node:
            node = node[key]
        else:
            folded = key.casefold()
            node = next((v for k, v in node.items() if k.casefold() == folded), None)
        if each:
            if not isinstance(node, list):
                return None
            rest = ".".join(parts[number + 1:])
            found = [lookup(item, rest) if rest else item for item in node]
            return [f for f in found if f is not None]
    return node


class People:
    """The ``--people`` file: person (UPN, account, staff number) -> workplace id."""

    def __init__(self, pairs: dict[str, set[str]]):
        self._pairs = pairs
        self.unmatched: set[str] = set()
        self.ambiguous: set[str] = set()

    def workplace(self, person: str) -> str | None:
        found = self._pairs.get(person.casefold())
        if found is None:
            self.unmatched.add(person)
            return None
        if len(found) > 1:
            self.ambiguous.add(person)
            return None
        return next(iter(found))


@dataclass(slots=True)
class Dates:
    """How the dates of one column of one file read: a stated format that no row matches is
    a mapping that does not fit the file, not a bad value."""

    read: int = 0
    failed: int = 0
    first: tuple[int, str, str] | None = None  # row, shown value, why


@dataclass(slots=True)
class Context:
    """What every row of one import shares: tables, joins, people, date columns."""

    tables: dict[str, Table]
    people: People | None
    #: (input, where path) -> value -> the lookup rows whose ``where`` holds it
    joins: dict[tuple[str, str], dict[str, list[tuple[Layout, Any]]]] = field(
        default_factory=dict)
    dates: dict[tuple[str, str], Dates] = field(default_factory=dict)


class Row:
    """One source row under one mapping."""

    def __init__(self, mapping: Mapping, layout: Layout, cells: Any, context: Context,
                 source: str = "", number: int = 0):
        self.mapping, self.layout, self.cells, self.context = mapping, layout, cells, context
        self.source, self.number = source, number
        self.problems: list[Problem] = []
        self._values: dict[str, Any] = {}
        self._busy: set[str] = set()

    def raw(self, alias: str) -> Any:
        return self.layout.raw(self.cells, alias)

    def value(self, name: str) -> Any:
        """The value of a field (``serial``, ``os.name``) or var (``vars.tag``); None when
        the row gives none."""
        if name in self._values:
            return self._values[name]
        if name in self._busy:
            raise Unreadable(_("fields {name} and another depend on each other").format(
                name=name))
        if name.startswith("vars."):
            expr = self.mapping.vars.get(name[5:])
        else:
            expr = self.mapping.fields.get(name)
        self._busy.add(name)
        try:
            found = evaluate(expr, self) if expr is not None else None
        finally:
            self._busy.discard(name)
        if found is None and name in self.mapping.defaults:
            found = self.mapping.defaults[name]
        self._values[name] = found
        return found

    def personal(self, column: str) -> bool:
        return column.casefold() in self.layout.input.personal

    def problem(self, column: str, value: Any, reason: str, personal: bool = False) -> None:
        shown = PERSONAL if personal or self.personal(column) else text(value)
        self.problems.append(Problem(column, shown, reason))


def holds(condition: Condition, row: Row) -> bool:
    """Whether a condition holds for the row (values compared as text, any case)."""
    value = _source(condition.source, row)
    found = text(value[0] if isinstance(value, tuple) else value).casefold()
    test = condition.test
    if test == "empty":
        return not found
    if test == "present":
        return bool(found)
    if test == "matches":
        return any(_matches(pattern, found) for pattern in condition.values)
    inside = found in condition.values
    return inside if test == "in" else not inside


def _matches(pattern: str, found: str) -> bool:
    from itready.importer.mapping import _glob

    return _glob(pattern).fullmatch(found) is not None


def evaluate(expr: Expr, row: Row) -> Any:
    """The value ``expr`` gives for ``row`` (None: no value)."""
    if expr.when is not None and not holds(expr.when, row):
        return None
    if expr.any_of:
        value = _first_of(expr.any_of, row)
        column = ""
    else:
        found = _source(expr, row)
        value, column = found if isinstance(found, tuple) else (found, "")
    if value is None or value == "":
        return None if expr.default is NOTHING else expr.default
    try:
        if isinstance(value, list):
            value = _steps_each(expr, value, row, column)
        else:
            value = _steps(expr, value, row, column)
    except Unreadable as exc:
        row.problem(column or expr.where, value, str(exc), expr.people)
        if isinstance(exc, DateMismatch):
            dates = row.context.dates.setdefault((row.source, column), Dates())
            dates.failed += 1
            if dates.first is None:
                dates.first = (row.number, row.problems[-1].value, str(exc))
        return None
    if value is None and expr.default is not NOTHING:
        return expr.default
    return value


def _first_of(alternatives: tuple[Expr, ...], row: Row) -> Any:
    """The first alternative with a value; the problems of those tried before are dropped."""
    before = len(row.problems)
    for alternative in alternatives:
        value = evaluate(alternative, row)
        if value is not None:
            del row.problems[before:]
            return value
    return None


def _source(expr: Expr, row: Row) -> Any:
    """The raw value (and its column, for tabular and JSON sources)."""
    if expr.const is not NOTHING:
        return expr.const
    if expr.field is not None:
        return row.value(expr.field)
    if expr.template is not None:
        return _template(expr.template, row)
    if expr.join is not None:
        return _join(expr, row)
    for alias in expr.aliases:
        value = row.raw(alias)
        if isinstance(value, list) and expr.select is not None:
            return _elements(expr, value, row, alias), alias
        if value is not None and (type(value) is not str or value.strip()):
            return value, alias
    return None


@lru_cache(maxsize=256)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template's literal texts and the names between them."""
    import string

    return tuple((literal, name) for literal, name, _s, _c in string.Formatter().parse(template))


def _template(template: str, row: Row) -> str | None:
    parts = []
    for literal, name in _pieces(template):
        parts.append(literal)
        if name is None:
            continue
        known = name.startswith("vars.") or name in row.mapping.fields
        value = row.value(name) if known else row.raw(name)
        if value is None or text(value) == "":
            return None
        parts.append(text(value))
    return "".join(parts)


def _join(expr: Expr, row: Row) -> list[Any]:
    join = expr.join
    assert join is not None
    key = text(row.raw(join.equals)).casefold()
    found = []
    for layout, cells in row.context.joins.get((join.input, join.where), {}).get(key, []):
        other = Row(row.mapping, layout, cells, row.context)
        if join.skip_if is not None and holds(join.skip_if, other):
            continue
        value = layout.raw(cells, join.take)
        if value is not None and text(value):
            found.append(value)
    return found


def _elements(expr: Expr, items: list[Any], row: Row, alias: str) -> list[Any]:
    """Members ``value`` of the elements of a JSON list that ``select`` keeps, in ``order``."""
    kept = [item for item in items if isinstance(item, dict) and any(
        all(_element_holds(test, item) for test in tests) for tests in expr.select or ())]
    if expr.order is not None:
        key, wanted = expr.order
        rank = {value: number for number, value in enumerate(wanted)}
        kept.sort(key=lambda item: rank.get(text(lookup(item, key)).casefold(), len(rank)))
    member = expr.value or "."
    return [lookup(item, member) for item in kept]


def _element_holds(test: Test, item: dict) -> bool:
    found = text(lookup(item, test.key)).casefold()
    if test.test == "present":
        return bool(found)
    if test.test == "matches":
        return any(_matches(pattern, found) for pattern in test.values)
    inside = found in test.values
    return inside if test.test == "in" else not inside


def _steps(expr: Expr, value: Any, row: Row, column: str) -> Any:
    """split, convert, map, table, people: in this order."""
    if expr.split is not None and isinstance(value, str):
        parts = [p.strip() for p in value.split(expr.split) if p.strip()]
        if len(parts) > 1:
            row.problem(column, value, _("holds several values; the first is used"))
        value = parts[0] if parts else None
    for name, step in expr.converts:
        if value is None:
            return None
        value = step(value, row)
        if name in ("date", "datetime") and value is not None:
            row.context.dates.setdefault((row.source, column), Dates()).read += 1
        if value == "" and expr.map is None:
            value = None
    if value is None:
        return None
    if expr.map is not None:
        value = _mapped(expr, value)
    if value is not None and expr.table is not None:
        found, entry = row.context.tables[expr.table].find(text(value))
        if not found:
            raise Unreadable(_("is not in table {table}").format(table=expr.table))
        value = entry.get(expr.take) if isinstance(entry, dict) and expr.take else entry
    if value is not None and expr.people:
        people = row.context.people
        value = people.workplace(text(value)) if people is not None else None
    return value


def _steps_each(expr: Expr, values: list[Any], row: Row, column: str) -> Any:
    """A list of values (JSON list elements, joined rows): each converted, then reduced."""
    converted: list[Any] = []
    unknown = False
    for value in values:
        try:  # an element without the member is read as empty (the mapping says what it means)
            converted.append(_steps(expr, "" if value is None else value, row, column))
        except Unreadable:
            unknown = True
            converted.append(None)
    return _reduce(expr.reduce, converted, unknown)


def _reduce(how: str | None, values: list[Any], unknown: bool) -> Any:
    known = [v for v in values if v is not None]
    if how == "all":  # every element true; one false is false; an unknown one leaves it open
        if any(v is False for v in known):
            return False
        return True if known and not unknown and len(known) == len(values) else None
    if how == "any":
        return True if any(v is True for v in known) else (
            False if known and not unknown and len(known) == len(values) else None)
    if how == "sorted-unique":
        return sorted({str(v) for v in known}) or None
    return known[0] if known else None


def _mapped(expr: Expr, value: Any) -> Any:
    assert expr.map is not None
    folded = text(value).casefold()
    if folded in expr.map:
        return expr.map[folded]
    if expr.glob:
        for key, mapped in expr.map.items():
            if key != "*" and _matches(key, folded):
                return mapped
    return expr.map.get("*", value)



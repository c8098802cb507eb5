"""Which input of a mapping file each export file is, and its rows.

Every file given is one of the source's inputs (``detect`` decides: a CSV by the columns of the
fields it names, a JSON document by the keys of its first row); several files of one input (Graph
pages, one GLPI inventory per computer) are one import. A file that fits no input, or lacks a
column a field requires, is bad input naming the columns it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itready.i18n import _
from itready.importer.convert import text
from itready.importer.errors import BadInput
from itready.importer.evaluate import Context, Layout, lookup
from itready.importer.mapping import Expr, Preset
from itready.importer.read import Sheet


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of an export file: which file, which row (from 1), how to read it."""

    source: str
    number: int
    layout: Layout
    cells: Any


def assign(preset: Preset, sheets: list[Sheet]) -> dict[str, list[SourceRow]]:
    """Input name -> the rows of every file of that input, file by file."""
    found: dict[str, list[SourceRow]] = {name: [] for name in preset.inputs}
    for sheet in sheets:
        if sheet.headers is None:
            name, rows = _json_input(preset, sheet)
            layout = Layout(preset.inputs[name], None)
            found[name] += [SourceRow(sheet.name, n, layout, r) for n, r in enumerate(rows, 1)]
        else:
            name = _table_input(preset, sheet)
            columns: dict[str, int] = {}
            for index, header in enumerate(sheet.headers):
                if header:
                    columns.setdefault(header.casefold(), index)
            layout = Layout(preset.inputs[name], columns)
            _required_columns(preset, name, sheet)
            found[name] += [SourceRow(sheet.name, n, layout, r)
                            for n, r in enumerate(sheet.rows, 1)]
    return found


def _json_input(preset: Preset, sheet: Sheet) -> tuple[str, list[Any]]:
    expected = []
    for name, spec in preset.inputs.items():
        if spec.format != "json":
            continue
        rows = lookup(sheet.document, spec.rows)
        if spec.rows == "." and isinstance(rows, dict):
            rows = [rows]
        elif isinstance(sheet.document, list):  # the rows alone (PowerShell's ConvertTo-Json)
            rows = sheet.document
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and all(
                lookup(rows[0], key) is not None for key in spec.detect):
            return name, rows
        if isinstance(rows, list) and not rows:
            return name, rows  # an empty page of this shape
        expected.append(_("{rows} rows with {keys}").format(
            rows=spec.rows if spec.rows != "." else _("one document"),
            keys=", ".join(spec.detect)))
    raise BadInput(_("does not look like an export of {source}: expected JSON with {shapes}")
                   .format(source=preset.name, shapes=_(" or ").join(expected) or _("no JSON")),
                   sheet.name)


def _aliases(expr: Expr | None) -> set[str]:
    """Every column an expression may read, through its alternatives."""
    if expr is None:
        return set()
    found = {a.casefold() for a in expr.aliases}
    for alternative in expr.any_of:
        found |= _aliases(alternative)
    return found


def _field_columns(preset: Preset, input_name: str, field: str) -> set[str]:
    found: set[str] = set()
    for mapping in preset.mappings:
        if input_name in mapping.inputs:
            name = field[5:] if field.startswith("vars.") else field
            found |= _aliases(mapping.vars.get(name) if field.startswith("vars.")
                              else mapping.fields.get(name))
    return found


def _table_input(preset: Preset, sheet: Sheet) -> str:
    assert sheet.headers is not None
    headers = {h.casefold() for h in sheet.headers if h}
    missing: list[str] = []
    for name, spec in preset.inputs.items():
        if spec.format != "csv":
            continue
        lacking = [field for field in spec.detect
                   if not _field_columns(preset, name, field) & headers]
        if not lacking:
            return name
        if not missing:
            missing = [" / ".join(sorted(_field_columns(preset, name, f))) or f for f in lacking]
    raise BadInput(_("missing required column: {missing}; the columns found are {found}")
                   .format(missing=_("; ").join(missing) or _("(the preset reads no CSV)"),
                           found=", ".join(h for h in sheet.headers if h) or _("none")),
                   sheet.name)


def _required_columns(preset: Preset, input_name: str, sheet: Sheet) -> None:
    assert sheet.headers is not None
    headers = {h.casefold() for h in sheet.headers if h}
    for mapping in preset.mappings:
        if input_name not in mapping.inputs:
            continue
        for field, expr in mapping.fields.items():
            columns = _aliases(expr)
            if expr.required and columns and not columns & headers:
                raise BadInput(_("missing required column for {field}: {columns}; the columns "
                                 "found are {found}").format(
                    field=field, columns=" / ".join(sorted(expr.aliases)),
                    found=", ".join(h for h in sheet.headers if h)), sheet.name)


def joins(preset: Preset, rows: dict[str, list[SourceRow]], context: Context) -> None:
    """Index the rows of lookup inputs by what the mappings' joins look for."""
    for mapping in preset.mappings:
        for expr in _joins(list(mapping.fields.values())):
            join = expr.join
            assert join is not None
            index: dict[str, list[tuple[Layout, Any]]] = {}
            for row in rows.get(join.input, []):
                found = row.layout.raw(row.cells, join.where)
                for value in found if isinstance(found, list) else [found]:
                    if value is not None:
                        index.setdefault(text(value).casefold(), []).append(
                            (row.layout, row.cells))
            context.joins[(join.input, join.where)] = index


def _joins(exprs: list[Expr]) -> list[Expr]:
    found = []
    for expr in exprs:
        if expr.join is not None:
            found.append(expr)
        found += _joins(list(expr.any_of))
    return found

"""Workbooks read back as a spreadsheet program reads them (openpyxl), for the tests.

``text`` is what a person sees of a workbook (sheet names and cell values, as text), for tests
that look for words; ``dump`` is everything the tests and golden files check: per sheet its
frozen panes, autofilter and column widths, and each cell with its type and number format.
"""

from __future__ import annotations

import io
from typing import Any


def read(data: bytes) -> Any:
    """The workbook in ``data``, its values as stored (no formula is evaluated)."""
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def text(data: bytes) -> str:
    """Sheet names and cell values, a row a line, `` | `` between cells."""
    lines = []
    for sheet in read(data):
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if value is None else str(value) for value in row))
    return "\n".join(lines) + "\n"


def cell_text(cell: Any) -> str:
    """A cell as ``type:value`` (``s`` text, ``n`` number, ``d`` date, ``b`` truth value),
    with its number format in brackets unless General."""
    value = cell.value
    if cell.data_type == "d":
        shown = f"d:{value.date().isoformat()}"
    elif cell.data_type == "n":
        shown = f"n:{value!r}"
    else:
        shown = f"{cell.data_type}:{value}"
    if cell.number_format != "General":
        shown += f" [{cell.number_format}]"
    return shown + (" bold" if cell.font.b else "")


def dump(data: bytes) -> str:
    """Every sheet: name, frozen panes, autofilter, column widths, then each row's cells."""
    lines = []
    for sheet in read(data):
        widths = " ".join(f"{letter}={dimension.width:.1f}"
                          for letter, dimension in sorted(sheet.column_dimensions.items()))
        lines += [f"== {sheet.title}", f"freeze {sheet.freeze_panes}, "
                  f"autofilter {sheet.auto_filter.ref}, widths {widths}"]
        for row in sheet.iter_rows():
            cells = [f"{cell.coordinate} {cell_text(cell)}" for cell in row
                     if cell.value is not None]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"

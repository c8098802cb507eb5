"""A workbook as data: sheets of typed cells, which ``itready.formats.xlsx`` writes as a file.

A workbook format returns a ``Book`` (and ``FORMATS`` writes it as xlsx): sheets with columns
named by their keys (``itready.formats.columns``: the heading in the run's language and what
the column holds come from there), rows of Python values (``str`` is text and stays text,
``int`` and ``Decimal`` are numbers, ``date`` is a date, ``bool`` a truth value, ``None`` an
empty cell), total rows below the table, and label/value notes above it (a summary). Formats
describe what to show; the writer decides how a spreadsheet shows it, in one place.

A subject that has a CSV format gets a workbook without code of its own: ``as_book`` turns
RFC 4180 CSV text into one sheet, typed by its column keys (``FORMATS``: a workbook format whose
render function is the CSV one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from itready.formats.columns import COUNT, DATE, FLAG, MONEY, SHARE, YEAR, kind

Cell = str | int | float | Decimal | date | bool | None

#: What Excel allows in a sheet name: at most 31 characters, none of these, and not "History".
MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED = "history"
#: The date of a workbook made from CSV without dates: fixed, so that its bytes are too.
EPOCH = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: a table with a header row, its rows, and bold total rows below it."""

    name: str  # as people read it; ``sheet_names`` makes it one Excel accepts
    keys: tuple[str, ...]  # column keys (itready.formats.columns)
    rows: tuple[tuple[Cell, ...], ...]
    #: rows below the table (a label in the first column, sums in theirs), in bold
    totals: tuple[tuple[Cell, ...], ...] = ()
    #: (label, value) pairs above the table: what the figures are of
    notes: tuple[tuple[str, Cell], ...] = ()


@dataclass(frozen=True, slots=True)
class Book:
    """A workbook: its title, the date it is of (written as its creation date, so that the
    same inventory and check date give the same bytes) and its sheets, in order."""

    title: str
    created: date
    sheets: tuple[Sheet, ...]


def sheet_names(names: Iterable[str]) -> list[str]:
    """Names Excel accepts, in order: forbidden characters (``[]:*?/\\``) as ``_``, no
    apostrophe at either end, cut to 31 characters, ``History`` (reserved) and names equal to
    an earlier one whatever the case made unique with `` (2)``, `` (3)``, …"""
    used: set[str] = set()
    result = []
    for name in names:
        clean = _FORBIDDEN.sub("_", name).strip().strip("'").strip() or "_"
        base = clean[:MAX_SHEET_NAME]
        candidate, number = base, 1
        while candidate.casefold() in used or candidate.casefold() == _RESERVED:
            number += 1
            suffix = f" ({number})"
            candidate = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def as_book(value: Book | str) -> Book:
    """A ``Book`` as it is; RFC 4180 CSV text (its first row the column keys) as a book of one
    sheet, each cell typed by its column's kind (text where it does not parse as one)."""
    if isinstance(value, Book):
        return value
    from itready.i18n import pgettext

    table = list(csv.reader(io.StringIO(value.lstrip("\ufeff"), newline="")))
    keys = tuple(table[0]) if table else ()
    rows = tuple(tuple(_typed(cell, kind(key)) for key, cell in zip(keys, row, strict=False))
                 for row in table[1:])
    dates = [cell for row in rows for cell in row if isinstance(cell, date)]
    return Book(title="itready", created=max(dates, default=EPOCH),
                sheets=(Sheet(pgettext("sheet", "Data"), keys, rows),))


def _typed(cell: str, column: str) -> Cell:
    """A CSV cell as the value its column holds."""
    if cell == "":
        return None
    try:
        if column in (COUNT, YEAR):
            return int(cell)
        if column in (MONEY, SHARE):
            return Decimal(cell)
        if column == DATE:
            return date.fromisoformat(cell)
    except (ValueError, InvalidOperation):
        return cell
    if column == FLAG and cell in ("true", "false"):
        return cell == "true"
    return cell


__all__ = ["Book", "Cell", "Sheet", "as_book", "sheet_names"]

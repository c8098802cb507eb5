"""CSV for spreadsheets, in two dialects: the cells every CSV writer of itready shares. No I/O.

``rfc4180`` (the default): comma separator, decimal point, ISO dates, UTF-8 without BOM, CRLF
line ends (RFC 4180, section 2), fields quoted only where needed; its headings are the columns'
English keys, a contract with the programs that read it. ``excel-de``: what a German Excel opens
with a double click: semicolon separator, decimal comma, dates as ``27.11.2026``, UTF-8 with BOM,
CRLF line ends; it is for people (``CsvDialect.people``): headings in the run's language
(``itready.formats.columns.headings``) and the rules' titles beside their IDs.

In every dialect a text cell that a spreadsheet would take for a formula is neutralised with
a ``'``: before a formula character (``=``, ``+``, ``-``, ``@``) at the start of the cell, also
after leading spaces, and after every separator of either dialect (``" ;=HYPERLINK(…)"``,
``"x,=1+1"``: a spreadsheet that opens the file with the other separator, or a text import that
splits at both, would start a cell there); and before a tab or carriage return that starts a
cell. A text cell that holds a ``,`` or a ``;`` is quoted whatever the dialect, so that neither
separator splits it (a number with a decimal comma is not text). Every CSV writer of itready
writes its rows through ``csv_text``. Numbers
are written plainly (no thousands separator), money with two decimals; an unpriced item has
empty ``unit_price`` and ``total`` cells. The last line is the grand total.

The returned text must be written as it is (``newline=""``): its line ends are part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from itready.plan.procure import CENT

DIALECTS = ("rfc4180", "excel-de")
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvDialect:
    delimiter: str
    decimal: str
    bom: bool
    lineterminator: str = "\r\n"
    dates: str = "%Y-%m-%d"
    #: for people: headings in the run's language, rule titles beside rule IDs
    people: bool = False


CSV_DIALECTS = {
    "rfc4180": CsvDialect(delimiter=",", decimal=".", bom=False),
    "excel-de": CsvDialect(delimiter=";", decimal=",", bom=True, dates="%d.%m.%Y", people=True),
}


#: A formula character at the start of a cell or after a separator of either dialect, with
#: spaces (or other blank characters) between.
_FORMULA = re.compile(r"(?:^|(?<=[,;]))[ \t\r\n\u00a0]*(?=[=+\-@])")
_QUOTED = re.compile(r"[,;\"\r\n]|^\s|\s$")
#: A number as ``number`` writes it in either dialect: its decimal comma splits nothing.
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet evaluates: ``'`` before every formula character that could
    start a cell (see the module's description)."""
    if cell.startswith(("\t", "\r")):
        cell = "'" + cell
    if any(c in cell for c in FORMULA_STARTS[:4]):
        cell = _FORMULA.sub(lambda m: m.group() + "'", cell)
    return cell


def _quote(cell: str, delimiter: str) -> str:
    if not _QUOTED.search(cell) or (delimiter not in cell and _NUMBER.fullmatch(cell)):
        return cell
    return '"' + cell.replace('"', '""') + '"'


def csv_text(rows: Iterable[Sequence[object]], delimiter: str = ",",
             lineterminator: str = "\r\n", bom: bool = False) -> str:
    """CSV of ``rows``: text cells neutralised and quoted where either separator (or a quote,
    a line break, blanks at an end) would split or change them; other values as ``str``."""
    lines = [BOM] if bom else []
    for row in rows:
        lines.append(delimiter.join(_quote(neutralise(cell), delimiter) if isinstance(cell, str)
                                    else str(cell) for cell in row) + lineterminator)
    return "".join(lines)


def number(value: Decimal | int | None, dialect: CsvDialect, money: bool = False) -> str:
    """A number as the dialect writes it; money with (at least) two decimals; None is empty."""
    if value is None:
        return ""
    if money:
        value = Decimal(value)
        text = f"{value.quantize(CENT) if value == value.quantize(CENT) else value.normalize():f}"
    else:
        text = str(value)
    return text.replace(".", dialect.decimal)


def day(value: date | None, dialect: CsvDialect) -> str:
    """A date as the dialect writes it (a German Excel reads ``27.11.2026`` as a date); None is
    empty."""
    return "" if value is None else value.strftime(dialect.dates)


def write_rows(rows: Iterable[Sequence[str]], dialect_name: str = "rfc4180") -> str:
    """CSV text of ``rows`` (cells already text) in a dialect, every cell neutralised."""
    dialect = CSV_DIALECTS[dialect_name]
    return csv_text(rows, dialect.delimiter, dialect.lineterminator, dialect.bom)


__all__ = ["BOM", "CSV_DIALECTS", "DIALECTS", "FORMULA_STARTS", "csv_text", "day", "neutralise",
           "number", "write_rows"]

"""CSV for spreadsheets, in two dialects: the cells every CSV writer of itready shares. No I/O.

``rfc4180`` (the default): comma separator, decimal point, UTF-8 without BOM, CRLF line ends
(RFC 4180, section 2), fields quoted only where needed. ``excel-de``: what a German Excel opens
with a double click: semicolon separator, decimal comma, UTF-8 with BOM, CRLF line ends.

In every dialect a text cell that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is neutralised with a leading ``'``. Numbers are
written plainly (no thousands separator), money with two decimals; an unpriced item has empty
``unit_price`` and ``total`` cells. The last line is the grand total.

The returned text must be written as it is (``newline=""``): its line ends are part of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


CSV_DIALECTS = {
    "rfc4180": CsvDialect(delimiter=",", decimal=".", bom=False),
    "excel-de": CsvDialect(delimiter=";", decimal=",", bom=True),
}


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet evaluates: ``'`` before a formula-like start."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


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


def write_rows(rows: Iterable[Sequence[str]], dialect_name: str = "rfc4180") -> str:
    """CSV text of ``rows`` (cells already text) in a dialect, every cell neutralised."""
    dialect = CSV_DIALECTS[dialect_name]
    buffer = io.StringIO(newline="")
    if dialect.bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=dialect.delimiter, quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator=dialect.lineterminator)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


__all__ = ["BOM", "CSV_DIALECTS", "DIALECTS", "FORMULA_STARTS", "neutralise", "number",
           "write_rows"]

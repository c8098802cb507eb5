"""Tables for people that fit a width: cells wrap between words, never inside one.

A purchase list pasted into an e-mail or read on an 80-column terminal must not cut
``LIC-FERNWARTUNG`` into ``LIC-FERNW`` and ``ARTUNG``. ``widths`` gives every column at least
its longest word, then whole lines to the columns that lack least, the rest to the widest; ``wrap``
breaks a cell at spaces only. Only a table whose longest words alone exceed the width is wider
than it: a word is never broken. ``table`` renders plain tables (the ``table`` formats);
the ``rich`` formats take ``widths`` for their columns.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

#: The width of the ``table`` formats of gap and purchase lists: an e-mail, a ticket.
TABLE_WIDTH = 80
#: Blanks between two columns, in plain tables and in rich tables (``rich_table``).
GAP = 2


#: Marks a blank at which a cell must not break ("1 × 890.00"); written as a blank.
NO_BREAK = "\u00a0"
_BLANKS = re.compile(r"[ \t]+")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _words(text: str) -> list[str]:
    return [word for line in _lines(text) for word in _BLANKS.split(line) if word]


def widths(columns: Sequence[Sequence[str]], width: int, gap: int = GAP) -> list[int]:
    """The width of each column (its cells, header first) so that the table fits ``width``
    where its words allow."""
    natural = [max((len(line) for cell in cells for line in _lines(cell)), default=1) or 1
               for cells in columns]
    least = [max((len(word) for cell in cells for word in _words(cell)), default=1) or 1
             for cells in columns]
    room = width - gap * (len(columns) - 1)
    if sum(natural) <= room:
        return natural
    out = list(least)
    spare = max(0, room - sum(out))
    # the columns that lack least first, whole: a department name on one line, and the long
    # text that has to wrap anyway takes what is left
    for i in sorted(range(len(out)), key=lambda i: (natural[i] - least[i], i)):
        grant = min(natural[i] - out[i], spare)
        out[i] += grant
        spare -= grant
    return out


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` at blanks (a longer word stays whole;
    ``NO_BREAK`` joins words)."""
    lines: list[str] = []
    for paragraph in _lines(text):
        lines += textwrap.wrap(paragraph, width, break_long_words=False,
                               break_on_hyphens=False) or [""]
    return "\n".join(lines).replace(NO_BREAK, " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str],
          width: int = TABLE_WIDTH) -> str:
    """A plain table of ``rows`` (headers, a rule of dashes, the rows; columns two blanks
    apart, ``align`` "left" or "right" each) that fits ``width`` where its words allow."""
    sizes = widths([[header, *(row[i] for row in rows)] for i, header in enumerate(headers)],
                   width)

    def block(cells: Sequence[str], top: bool = True) -> list[str]:
        wrapped = [wrap(cell, size).split("\n") for cell, size in zip(cells, sizes, strict=True)]
        height = max(len(lines) for lines in wrapped)
        if not top:  # headers stand on the rule
            wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
        return [(" " * GAP).join(
            (lines[i] if i < len(lines) else "").rjust(size) if side == "right"
            else (lines[i] if i < len(lines) else "").ljust(size)
            for lines, size, side in zip(wrapped, sizes, align, strict=True)).rstrip()
            for i in range(height)]

    out = [*block(headers, top=False), (" " * GAP).join("-" * size for size in sizes)]
    for row in rows:
        out += block(row)
    return "\n".join(out)


def rich_table(**options: object) -> Any:
    """A rich table whose columns stand ``GAP`` apart, as ``widths`` counts them: no edges, no
    padding but one blank on the right (the box's column divider is the other)."""
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                 **options)  # type: ignore[arg-type]


def fitted_rich_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                      align: Sequence[str], width: int, **options: object) -> Any:
    """A rich table of plain-text ``rows`` that fits ``width`` where its words allow."""
    from rich.text import Text

    sizes = widths([[h, *(row[i] for row in rows)] for i, h in enumerate(headers)], width)
    table = rich_table(**options)
    for header, size, side in zip(headers, sizes, align, strict=True):
        table.add_column(header, width=size, justify=side)
    for row in rows:
        table.add_row(*(Text(wrap(cell, size)) for cell, size in zip(row, sizes, strict=True)))
    return table


__all__ = ["GAP", "NO_BREAK", "TABLE_WIDTH", "fitted_rich_table", "rich_table", "table",
           "widths", "wrap"]

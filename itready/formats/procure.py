"""Renderers of the procurement list: json, csv, table (tabulate) and rich. No I/O.

``FORMATS`` maps a format name to ``render(procurement, options) -> str``.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from itready.formats import Options
from itready.formats.spreadsheet import CSV_DIALECTS, CsvDialect, number, write_rows
from itready.formats.wrap import (
    GAP,
    NO_BREAK,
    TABLE_WIDTH,
    fitted_rich_table,
    rich_table,
    widths,
    wrap,
)
from itready.formats.wrap import table as wrapped_table
from itready.plan.procure import CENT, Line, Procurement, money
from itready.words import plural

SCHEMA_VERSION = 1
RECORDS_SHOWN = 4  # table and rich show this many record IDs of a line, then "+n more"


def amount(value: Decimal | None) -> str:
    """Money for people: two decimals, no thousands separator; empty when unpriced."""
    if value is None:
        return ""
    return f"{value.quantize(CENT) if value == value.quantize(CENT) else value.normalize():f}"


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _records(records: tuple[str, ...]) -> str:
    if len(records) <= RECORDS_SHOWN:
        return " ".join(records)
    return " ".join(records[:RECORDS_SHOWN]) + f" +{len(records) - RECORDS_SHOWN} more"


def group_totals(procurement: Procurement) -> list[tuple[str, int, Decimal]]:
    """(group, lines, priced total) per group, in line order."""
    lines: dict[str, int] = defaultdict(int)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in procurement.lines:
        name = line.group or ""
        lines[name] += 1
        if line.total is not None:
            totals[name] += line.total
    return [(name, count, money(totals[name])) for name, count in lines.items()]


# --- json ---------------------------------------------------------------------------------------

def line_dict(line: Line) -> dict[str, Any]:
    return {"item": line.item, "kind": line.kind, "product": line.product,
            "quantity": line.quantity, "unit_price": _float(line.unit_price),
            "total": _float(line.total), "group": line.group, "reasons": list(line.reasons),
            "records": list(line.records)}


def document(procurement: Procurement) -> dict[str, Any]:
    """The ``procure --format json`` document (cli.md); keys are added, never renamed."""
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": procurement.as_of.isoformat(),
        "currency": procurement.currency,
        "group_by": procurement.group_by,
        "lines": [line_dict(line) for line in procurement.lines],
        "total": float(procurement.total),
        "unpriced_items": list(procurement.unpriced_items),
        "organisation": procurement.organisation,
        "savings": [{"licence": s.licence, "product": s.product, "quantity": s.quantity,
                     "unit_price": _float(s.unit_price), "total": _float(s.total),
                     "reasons": ["LIC004"]} for s in procurement.savings],
        "savings_total": float(procurement.savings_total),
        "covered": [{"source": c.source, "item": c.item, "for": c.target,
                     "reasons": c.reason.split()} for c in procurement.covered],
        "scope": ({"department": procurement.scope.department, "site": procurement.scope.site}
                  if procurement.scope else None),
        "shared": [line_dict(line) for line in procurement.shared],
        "shared_total": float(procurement.shared_total),
    }


def render_json(procurement: Procurement, options: Options) -> str:
    return json.dumps(document(procurement), indent=2, ensure_ascii=False) + "\n"


# --- table --------------------------------------------------------------------------------------

def _title(procurement: Procurement) -> str:
    who = f"{procurement.organisation}, " if procurement.organisation else ""
    scope = f"{procurement.scope.describe()}, " if procurement.scope else ""
    by = "" if procurement.group_by == "none" else f", by {procurement.group_by}"
    return f"Procurement: {who}{scope}as of {procurement.as_of}{by}"


def _shared_heading(procurement: Procurement) -> str:
    return f"Shared records used by {procurement.scope.describe()} (outside its total)"


def _shared_total_line(procurement: Procurement) -> str:
    return f"Shared total: {amount(procurement.shared_total)} {procurement.currency}"


def _total_line(procurement: Procurement) -> str:
    text = f"Total: {amount(procurement.total)} {procurement.currency}"
    if procurement.unpriced_items:
        text += (f" (without unpriced items: {', '.join(procurement.unpriced_items)}; "
                 "set their prices in itready.yaml)")
    return text


def item_text(line: Line) -> str:
    """The item as people read it: a licence with its product, and on a line of its own the
    records it is bought for (where neither the item nor the group names them already)."""
    text = line.item if not line.product else f"{line.item}: {line.product}"
    if any(record not in (line.item, *(line.group or "").strip("()").split()[1:])
           for record in line.records):
        text += f"\nfor {_records(line.records)}"
    return text


def _quantity(line: Line) -> str:
    price = amount(line.unit_price) if line.unit_price is not None else "no price"
    return f"{line.quantity}{NO_BREAK}×{NO_BREAK}{price}"


def _line_rows(procurement: Procurement, lines: tuple[Line, ...] | None = None
               ) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, rows and alignment of the purchase lines, for the table and rich formats:
    quantity and unit price in one column, as on an invoice, so that a list fits 80 columns."""
    grouped = procurement.group_by != "none"
    headers = [*([procurement.group_by] if grouped else []), "item", "qty × price", "total",
               "rules"]
    rows = [[*([line.group or ""] if grouped else []), item_text(line), _quantity(line),
             amount(line.total), " ".join(line.reasons)]
            for line in (procurement.lines if lines is None else lines)]
    align = [*(["left"] if grouped else []), "left", "right", "right", "left"]
    return headers, rows, align


def _savings(procurement: Procurement) -> tuple[list[str], list[list[str]], tuple[str, ...]]:
    return (["licence", "product", "unused seats", "unit price", "saving"],
            [[s.licence, s.product or "", str(s.quantity), amount(s.unit_price),
              amount(s.total)] for s in procurement.savings],
            ("left", "left", "right", "right", "right"))


def render_table(procurement: Procurement, options: Options) -> str:
    out = [_title(procurement), ""]
    headers, rows, align = _line_rows(procurement)
    if rows:
        out.append(wrapped_table(headers, rows, align))
    else:
        out.append("Nothing to buy.")
    out += ["", wrap(_total_line(procurement), TABLE_WIDTH)]
    if procurement.group_by != "none" and rows:
        out += ["", wrapped_table([procurement.group_by, "lines", "total"],
                                  [[g, str(n), amount(t)] for g, n, t in
                                   group_totals(procurement)], ("left", "right", "right"))]
    if procurement.scope:
        headers, rows, align = _line_rows(procurement, procurement.shared)
        out += ["", wrap(_shared_heading(procurement), TABLE_WIDTH), ""]
        out.append(wrapped_table(headers, rows, align) if rows else "Nothing to buy.")
        out += ["", _shared_total_line(procurement)]
    if procurement.savings:
        out += ["", "Savings (LIC004, not in the total): unused seats to reduce at renewal", "",
                wrapped_table(*_savings(procurement)),
                "", f"Savings total: {amount(procurement.savings_total)} {procurement.currency}"]
    if procurement.covered:
        out += ["", "Covered from stock and free seats (not bought)", "",
                wrapped_table(["from", "item", "for", "reasons"],
                              [[c.source, c.item, c.target, c.reason]
                               for c in procurement.covered], ("left",) * 4)]
    return "\n".join(out) + "\n"


# --- rich ---------------------------------------------------------------------------------------

def recording_console(options: Options, needed: int = 0) -> Any:
    """A rich console that writes into a string (formats do no I/O); shared by gap lists.
    ``needed``: the width of a table whose words alone do not fit the terminal (wider then,
    rather than break a word)."""
    from rich.console import Console

    return Console(file=io.StringIO(), width=max(options.width, needed),
                   force_terminal=options.color,
                   no_color=not options.color,
                   color_system="standard" if options.color else None, highlight=False,
                   emoji=False)


def _line_table(procurement: Procurement, lines: tuple[Line, ...], total: Decimal,
                width: int) -> tuple[Any, int]:
    """A rich table of purchase lines (a section per group, the total in the footer) that fits
    ``width``, and the width it takes."""
    from rich.text import Text

    headers, rows, align = _line_rows(procurement, lines)
    footers = [""] * len(headers)
    footers[0], footers[headers.index("total")] = "total", amount(total)
    sizes = widths([[h, f, *(row[i] for row in rows)]
                    for i, (h, f) in enumerate(zip(headers, footers, strict=True))], width)
    table = rich_table(show_footer=True)
    for header, footer, size, side in zip(headers, footers, sizes, align, strict=True):
        table.add_column(header, footer=footer, width=size, justify=side,  # type: ignore[arg-type]
                         style="dim" if header == "rules" else "")
    previous = None
    for line, row in zip(lines, rows, strict=True):
        group = line.group or ""
        if previous is not None and group != previous:
            table.add_section()
        cells = [Text(wrap(cell, size)) for cell, size in zip(row, sizes, strict=True)]
        if line.unit_price is None:
            cells[headers.index("qty × price")].stylize("yellow")
        table.add_row(*cells)
        previous = group
    return table, GAP * (len(sizes) - 1) + sum(sizes)


def render_rich(procurement: Procurement, options: Options) -> str:
    main = _line_table(procurement, procurement.lines, procurement.total, options.width) \
        if procurement.lines else None
    shared = _line_table(procurement, procurement.shared, procurement.shared_total,
                         options.width) if procurement.scope and procurement.shared else None
    console = recording_console(options, max((t[1] for t in (main, shared) if t), default=0))
    console.print(f"[bold]{_escape(_title(procurement))}[/bold]")
    console.print(main[0] if main else "Nothing to buy.")
    console.print(_escape(_total_line(procurement)), style="bold")
    if procurement.group_by != "none" and procurement.lines:
        console.print()
        console.print(fitted_rich_table(
            [procurement.group_by, "lines", "total"],
            [[g, str(n), amount(t)] for g, n, t in group_totals(procurement)],
            ("left", "right", "right"), options.width, title=f"per {procurement.group_by}",
            title_justify="left"))
    if procurement.scope:
        console.print()
        console.print(_escape(_shared_heading(procurement)), style="bold")
        console.print(shared[0] if shared else "Nothing to buy.")
        console.print(_escape(_shared_total_line(procurement)), style="bold")
    if procurement.savings:
        console.print()
        console.print(fitted_rich_table(*_savings(procurement), options.width,
                                        title="Savings (LIC004, not in the total)",
                                        title_justify="left"))
    if procurement.covered:
        console.print(plural(len(procurement.covered), "{n} item", "{n} items")
                      + " covered from stock and free seats instead of bought (see "
                      "`itready gaps`, or --format table).", style="dim")
    return str(console.file.getvalue())


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


CSV_COLUMNS = ("item", "kind", "product", "quantity", "unit_price", "total", "currency")
TOTAL_ITEM = "total"
SHARED_TOTAL_ITEM = "shared total"


def csv_header(procurement: Procurement) -> list[str]:
    group = [] if procurement.group_by == "none" else [procurement.group_by]
    return [*CSV_COLUMNS, *group, "reasons", "records"]


def _csv_row(line: Line, procurement: Procurement, dialect: CsvDialect) -> list[str]:
    grouped = procurement.group_by != "none"
    return [line.item, line.kind, line.product or "", number(line.quantity, dialect),
            number(line.unit_price, dialect, money=True), number(line.total, dialect, money=True),
            procurement.currency, *([line.group or ""] if grouped else []),
            " ".join(line.reasons), " ".join(line.records)]


def render_csv(procurement: Procurement, options: Options) -> str:
    """One row per purchase line, then the grand-total line; under a scope the shared lines
    follow, then their own total line (``shared total``), outside the grand total."""
    dialect = CSV_DIALECTS[options.dialect]
    grouped = procurement.group_by != "none"
    rows = [csv_header(procurement)]
    rows += [_csv_row(line, procurement, dialect) for line in procurement.lines]
    unpriced = procurement.unpriced_items
    note = f"without unpriced items: {', '.join(unpriced)}" if unpriced else ""
    rows.append([TOTAL_ITEM, "", note, "", "", number(procurement.total, dialect, money=True),
                 procurement.currency, *([""] if grouped else []), "", ""])
    if procurement.scope:
        rows += [_csv_row(line, procurement, dialect) for line in procurement.shared]
        rows.append([SHARED_TOTAL_ITEM, "", f"outside the total of {procurement.scope.describe()}",
                     "", "", number(procurement.shared_total, dialect, money=True),
                     procurement.currency, *([""] if grouped else []), "", ""])
    return write_rows(rows, options.dialect)


__all__ = ["amount", "document", "group_totals", "line_dict"]

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
from itready.plan.procure import CENT, Line, Procurement, money

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


def _line_rows(procurement: Procurement, lines: tuple[Line, ...] | None = None
               ) -> tuple[list[str], list[list[Any]]]:
    grouped = procurement.group_by != "none"
    headers = [*([procurement.group_by] if grouped else []), "item", "kind", "product",
               "quantity", "unit price", "total", "reasons", "records"]
    rows = [[*([line.group or ""] if grouped else []), line.item, line.kind,
             line.product or "", line.quantity, amount(line.unit_price), amount(line.total),
             " ".join(line.reasons), _records(line.records)]
            for line in (procurement.lines if lines is None else lines)]
    return headers, rows


def render_table(procurement: Procurement, options: Options) -> str:
    from tabulate import tabulate

    out = [_title(procurement), ""]
    headers, rows = _line_rows(procurement)
    if rows:
        out.append(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                            colalign=_align(headers)))
    else:
        out.append("Nothing to buy.")
    out += ["", _total_line(procurement)]
    if procurement.group_by != "none" and rows:
        out += ["", tabulate([[g, n, amount(t)] for g, n, t in group_totals(procurement)],
                             headers=[procurement.group_by, "lines", "total"],
                             tablefmt="simple", disable_numparse=True,
                             colalign=("left", "right", "right"))]
    if procurement.scope:
        headers, rows = _line_rows(procurement, procurement.shared)
        out += ["", _shared_heading(procurement), ""]
        out.append(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                            colalign=_align(headers)) if rows else "Nothing to buy.")
        out += ["", _shared_total_line(procurement)]
    if procurement.savings:
        out += ["", "Savings (LIC004, not in the total): unused seats to reduce at renewal", "",
                tabulate([[s.licence, s.product or "", s.quantity, amount(s.unit_price),
                           amount(s.total)] for s in procurement.savings],
                         headers=["licence", "product", "unused seats", "unit price", "saving"],
                         tablefmt="simple", disable_numparse=True,
                         colalign=("left", "left", "right", "right", "right")),
                "", f"Savings total: {amount(procurement.savings_total)} {procurement.currency}"]
    if procurement.covered:
        out += ["", "Covered from stock and free seats (not bought)", "",
                tabulate([[c.source, c.item, c.target, c.reason] for c in procurement.covered],
                         headers=["from", "item", "for", "reasons"], tablefmt="simple",
                         disable_numparse=True)]
    return "\n".join(out) + "\n"


def _align(headers: list[str]) -> tuple[str, ...]:
    right = {"quantity", "unit price", "total"}
    return tuple("right" if h in right else "left" for h in headers)


# --- rich ---------------------------------------------------------------------------------------

def recording_console(options: Options) -> Any:
    """A rich console that writes into a string (formats do no I/O); shared by gap lists."""
    from rich.console import Console

    return Console(file=io.StringIO(), width=options.width, force_terminal=options.color,
                   no_color=not options.color,
                   color_system="standard" if options.color else None, highlight=False,
                   emoji=False)


def _rich_lines(procurement: Procurement, lines: tuple[Line, ...], total: Decimal) -> Any:
    """A table of purchase lines, a section per group, the total in the footer."""
    from rich import box
    from rich.table import Table

    grouped = procurement.group_by != "none"
    table = Table(box=box.SIMPLE_HEAD, show_footer=True, pad_edge=False)
    if grouped:
        width = max(len(line.group or "") for line in lines)
        table.add_column(procurement.group_by, footer="total", min_width=min(width, 24),
                         max_width=32)
    table.add_column("item", footer="" if grouped else "total", overflow="fold")
    table.add_column("qty", justify="right")
    table.add_column("unit price", justify="right", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True, footer=amount(total))
    table.add_column("reasons", overflow="fold")
    table.add_column("records", overflow="fold", style="dim")
    previous = None
    for line in lines:
        group = line.group or ""
        if previous is not None and group != previous:
            table.add_section()
        item = line.item if not line.product else f"{line.item}: {line.product}"
        price = amount(line.unit_price) if line.unit_price is not None else \
            "[yellow]no price[/yellow]"
        table.add_row(*([_escape(group)] if grouped else []), _escape(item),
                      str(line.quantity), price, amount(line.total),
                      " ".join(line.reasons), _escape(_records(line.records)))
        previous = group
    return table


def _rich_groups(procurement: Procurement) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"per {procurement.group_by}",
                  title_justify="left")
    table.add_column(procurement.group_by)
    table.add_column("lines", justify="right")
    table.add_column("total", justify="right")
    for group, count, total in group_totals(procurement):
        table.add_row(_escape(group), str(count), amount(total))
    return table


def _rich_savings(procurement: Procurement) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title="Savings (LIC004, not in the total)")
    for name in ("licence", "product", "unused seats", "unit price", "saving"):
        table.add_column(name, justify="left" if name in ("licence", "product") else "right")
    for s in procurement.savings:
        table.add_row(_escape(s.licence), _escape(s.product or ""), str(s.quantity),
                      amount(s.unit_price), amount(s.total))
    return table


def render_rich(procurement: Procurement, options: Options) -> str:
    console = recording_console(options)
    console.print(f"[bold]{_escape(_title(procurement))}[/bold]")
    if not procurement.lines:
        console.print("Nothing to buy.")
    else:
        console.print(_rich_lines(procurement, procurement.lines, procurement.total))
    console.print(_escape(_total_line(procurement)), style="bold")
    if procurement.group_by != "none" and procurement.lines:
        console.print(_rich_groups(procurement))
    if procurement.scope:
        console.print()
        console.print(_escape(_shared_heading(procurement)), style="bold")
        if procurement.shared:
            console.print(_rich_lines(procurement, procurement.shared,
                                      procurement.shared_total))
        else:
            console.print("Nothing to buy.")
        console.print(_escape(_shared_total_line(procurement)), style="bold")
    if procurement.savings:
        console.print(_rich_savings(procurement))
    if procurement.covered:
        console.print(f"{len(procurement.covered)} items covered from stock and free seats "
                      "instead of bought (see `itready gaps`, or --format table).", style="dim")
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

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
from itready.i18n import _, plural
from itready.i18n.formatting import day
from itready.i18n.formatting import number as written
from itready.i18n.labels import device_kind
from itready.plan.procure import CENT, CENTRAL, NO_COST_CENTRE, Line, Procurement, money

SCHEMA_VERSION = 1
RECORDS_SHOWN = 4  # table and rich show this many record IDs of a line, then "+n more"


def amount(value: Decimal | None) -> str:
    """Money for people in the run's language: two decimals (more where a price has them),
    ``1.234,50`` in German, ``1234.50`` in English; empty when unpriced."""
    if value is None:
        return ""
    exact = value == value.quantize(CENT)
    places = 2 if exact else max(2, -int(value.normalize().as_tuple().exponent))
    return written(value, places)


def euros(value: Decimal) -> str:
    """An amount with its currency, as people write it: ``22.672,00 €``, ``22672.00 EUR``."""
    from itready.i18n.formatting import money as in_euros

    return in_euros(value) if value == value.quantize(CENT) else \
        _("{amount} EUR").format(amount=amount(value))


def group_label(group: str) -> str:
    """A group of the purchase list as people read it: a department, cost centre or site as
    the inventory names it, the plan's own groups in the run's language."""
    if group == CENTRAL:
        return _("(central)")
    if group == NO_COST_CENTRE:
        return _("(no cost centre)")
    if group.startswith("(site ") and group.endswith(")"):
        return _("(site {id})").format(id=group[len("(site "):-1])
    return group


def grouping_label(group_by: str) -> str:
    """The heading of the group column: department, cost centre or site."""
    return {"department": _("department"), "cost_centre": _("cost centre"),
            "site": _("site")}.get(group_by, group_by)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _records(records: tuple[str, ...]) -> str:
    if len(records) <= RECORDS_SHOWN:
        return " ".join(records)
    return " ".join(records[:RECORDS_SHOWN]) + " " + _("+{n} more").format(
        n=len(records) - RECORDS_SHOWN)


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
    title = _("Procurement: {who}as of {date}").format(who=who + scope,
                                                        date=day(procurement.as_of))
    if procurement.group_by == "none":
        return title
    return title + _(", by {grouping}").format(grouping=grouping_label(procurement.group_by))


def _shared_heading(procurement: Procurement) -> str:
    return _("Shared records used by {scope} (outside its total)").format(
        scope=procurement.scope.describe())


def _shared_total_line(procurement: Procurement) -> str:
    return _("Shared total: {amount}").format(amount=euros(procurement.shared_total))


def _total_line(procurement: Procurement) -> str:
    text = _("Total: {amount}").format(amount=euros(procurement.total))
    if procurement.unpriced_items:
        text += " " + _("(without unpriced items: {items}; set their prices in "
                        "itready.yaml)").format(items=", ".join(procurement.unpriced_items))
    return text


def item_text(line: Line) -> str:
    """The item as people read it: a licence with its product, and on a line of its own the
    records it is bought for (where neither the item nor the group names them already)."""
    item = device_kind(line.item) if line.kind == "device" else line.item
    text = item if not line.product else f"{item}: {line.product}"
    if any(record not in (line.item, *(line.group or "").strip("()").split()[1:])
           for record in line.records):
        text += "\n" + _("for {records}").format(records=_records(line.records))
    return text


def _quantity(line: Line) -> str:
    price = amount(line.unit_price) if line.unit_price is not None else _("no price")
    return f"{line.quantity}{NO_BREAK}×{NO_BREAK}{price}"


def _line_rows(procurement: Procurement, lines: tuple[Line, ...] | None = None
               ) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, rows and alignment of the purchase lines, for the table and rich formats:
    quantity and unit price in one column, as on an invoice, so that a list fits 80 columns.
    The last four columns are item, quantity × price, total and rules, in this order."""
    grouped = procurement.group_by != "none"
    headers = [*([grouping_label(procurement.group_by)] if grouped else []), _("item"),
               _("qty × price"), _("total"), _("rules")]
    rows = [[*([group_label(line.group or "")] if grouped else []), item_text(line),
             _quantity(line), amount(line.total), " ".join(line.reasons)]
            for line in (procurement.lines if lines is None else lines)]
    align = [*(["left"] if grouped else []), "left", "right", "right", "left"]
    return headers, rows, align


def _savings(procurement: Procurement) -> tuple[list[str], list[list[str]], tuple[str, ...]]:
    return ([_("licence"), _("product"), _("unused seats"), _("unit price"), _("saving")],
            [[s.licence, s.product or "", str(s.quantity), amount(s.unit_price),
              amount(s.total)] for s in procurement.savings],
            ("left", "left", "right", "right", "right"))


def _group_rows(procurement: Procurement) -> list[list[str]]:
    return [[group_label(g), str(n), amount(t)] for g, n, t in group_totals(procurement)]


def render_table(procurement: Procurement, options: Options) -> str:
    out = [_title(procurement), ""]
    headers, rows, align = _line_rows(procurement)
    nothing = _("Nothing to buy.")
    if rows:
        out.append(wrapped_table(headers, rows, align))
    else:
        out.append(nothing)
    out += ["", wrap(_total_line(procurement), TABLE_WIDTH)]
    if procurement.group_by != "none" and rows:
        out += ["", wrapped_table([grouping_label(procurement.group_by), _("lines"),
                                   _("total")], _group_rows(procurement),
                                  ("left", "right", "right"))]
    if procurement.scope:
        headers, rows, align = _line_rows(procurement, procurement.shared)
        out += ["", wrap(_shared_heading(procurement), TABLE_WIDTH), ""]
        out.append(wrapped_table(headers, rows, align) if rows else nothing)
        out += ["", _shared_total_line(procurement)]
    if procurement.savings:
        out += ["", _("Savings (LIC004, not in the total): unused seats to reduce at renewal"),
                "", wrapped_table(*_savings(procurement)), "",
                _("Savings total: {amount}").format(amount=euros(procurement.savings_total))]
    if procurement.covered:
        out += ["", _("Covered from stock and free seats (not bought)"), "",
                wrapped_table([_("from"), _("item"), _("for"), _("reasons")],
                              [[c.source, _("seat") if c.item == "seat" else device_kind(c.item),
                                c.target, c.reason] for c in procurement.covered],
                              ("left",) * 4)]
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
    quantity, total_column, rules = len(headers) - 3, len(headers) - 2, len(headers) - 1
    footers = [""] * len(headers)
    footers[0], footers[total_column] = _("total"), amount(total)
    sizes = widths([[h, f, *(row[i] for row in rows)]
                    for i, (h, f) in enumerate(zip(headers, footers, strict=True))], width)
    table = rich_table(show_footer=True)
    for column, (header, footer, size, side) in enumerate(
            zip(headers, footers, sizes, align, strict=True)):
        table.add_column(header, footer=footer, width=size, justify=side,  # type: ignore[arg-type]
                         style="dim" if column == rules else "")
    previous = None
    for line, row in zip(lines, rows, strict=True):
        group = line.group or ""
        if previous is not None and group != previous:
            table.add_section()
        cells = [Text(wrap(cell, size)) for cell, size in zip(row, sizes, strict=True)]
        if line.unit_price is None:
            cells[quantity].stylize("yellow")
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
    nothing = _("Nothing to buy.")
    console.print(main[0] if main else nothing)
    console.print(_escape(_total_line(procurement)), style="bold")
    if procurement.group_by != "none" and procurement.lines:
        grouping = grouping_label(procurement.group_by)
        console.print()
        console.print(fitted_rich_table(
            [grouping, _("lines"), _("total")], _group_rows(procurement),
            ("left", "right", "right"), options.width,
            title=_("per {grouping}").format(grouping=grouping), title_justify="left"))
    if procurement.scope:
        console.print()
        console.print(_escape(_shared_heading(procurement)), style="bold")
        console.print(shared[0] if shared else nothing)
        console.print(_escape(_shared_total_line(procurement)), style="bold")
    if procurement.savings:
        console.print()
        console.print(fitted_rich_table(*_savings(procurement), options.width,
                                        title=_("Savings (LIC004, not in the total)"),
                                        title_justify="left"))
    if procurement.covered:
        console.print(plural(len(procurement.covered),
                             "{n} item covered from stock and free seats instead of bought "
                             "(see `itready gaps`, or --format table).",
                             "{n} items covered from stock and free seats instead of bought "
                             "(see `itready gaps`, or --format table)."), style="dim")
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
    note = _("without unpriced items: {items}").format(items=", ".join(unpriced)) \
        if unpriced else ""
    rows.append([TOTAL_ITEM, "", note, "", "", number(procurement.total, dialect, money=True),
                 procurement.currency, *([""] if grouped else []), "", ""])
    if procurement.scope:
        rows += [_csv_row(line, procurement, dialect) for line in procurement.shared]
        rows.append([SHARED_TOTAL_ITEM, "", _("outside the total of {scope}").format(
                         scope=procurement.scope.describe()),
                     "", "", number(procurement.shared_total, dialect, money=True),
                     procurement.currency, *([""] if grouped else []), "", ""])
    return write_rows(rows, options.dialect)


__all__ = ["amount", "document", "group_totals", "line_dict"]

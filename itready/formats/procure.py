"""Renderers of the procurement list: json, csv, table (tabulate) and rich. No I/O.

``FORMATS`` maps a format name to ``render(procurement, options) -> str``. Prices are net; every
list ends with the net total, the VAT on it and the gross total, and a renewal line says when
it is due and in which budget year (docs/procurement.md, "Money").
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from itready.formats import Options
from itready.formats.columns import headings, rule_titles, titles_of
from itready.formats.spreadsheet import CSV_DIALECTS, CsvDialect, day, number, write_rows
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
from itready.i18n import formatting as shown
from itready.i18n.formatting import number as written
from itready.i18n.labels import device_kind
from itready.plan.procure import CENT, CENTRAL, NO_COST_CENTRE, Line, Procurement, Totals, money

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


def rate_text(rate: Decimal) -> str:
    """A VAT rate in percent as the run's language writes it: ``19%`` (``19 %``), ``7.5%``."""
    places = max(0, -int(rate.normalize().as_tuple().exponent))
    return shown.share(float(rate) / 100, places)


def vat_label(rate: Decimal) -> str:
    """The VAT's label, with its rate: ``VAT 19%`` (``MwSt. 19 %``)."""
    return _("VAT {rate}").format(rate=rate_text(rate))


def money_lines(totals: Totals, rate: Decimal, shared: bool = False) -> list[str]:
    """Net total, VAT and gross total, a line each, for people."""
    net, gross = ((_("Shared total (net)"), _("Shared total (gross)")) if shared
                  else (_("Total (net)"), _("Total (gross)")))
    return [f"{net}: {shown.money(totals.net)}", f"{vat_label(rate)}: {shown.money(totals.vat)}",
            f"{gross}: {shown.money(totals.gross)}"]


def due_text(line: Line) -> str:
    """When a renewal is due, and the budget year that pays it; "" for a purchase now."""
    if line.due is None:
        return ""
    return _("due {date}, budget year {year}").format(date=shown.day(line.due),
                                                      year=line.budget_year)


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
            "records": list(line.records),
            "due": None if line.due is None else line.due.isoformat(),
            "budget_year": line.budget_year}


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
        "vat_rate": float(procurement.vat_rate),
        "vat": float(procurement.totals.vat),
        "gross_total": float(procurement.totals.gross),
        "shared_vat": float(procurement.shared_totals.vat),
        "shared_gross_total": float(procurement.shared_totals.gross),
    }


def render_json(procurement: Procurement, options: Options) -> str:
    return json.dumps(document(procurement), indent=2, ensure_ascii=False) + "\n"


# --- table --------------------------------------------------------------------------------------

def _title(procurement: Procurement) -> str:
    who = f"{procurement.organisation}, " if procurement.organisation else ""
    scope = f"{procurement.scope.describe()}, " if procurement.scope else ""
    title = _("Procurement: {who}as of {date}").format(who=who + scope,
                                                        date=shown.day(procurement.as_of))
    if procurement.group_by == "none":
        return title
    return title + _(", by {grouping}").format(grouping=grouping_label(procurement.group_by))


def _shared_heading(procurement: Procurement) -> str:
    return _("Shared records used by {scope} (outside its total)").format(
        scope=procurement.scope.describe())


def _shared_total_lines(procurement: Procurement) -> list[str]:
    return money_lines(procurement.shared_totals, procurement.vat_rate, shared=True)


def _total_lines(procurement: Procurement) -> list[str]:
    lines = money_lines(procurement.totals, procurement.vat_rate)
    if procurement.unpriced_items:
        lines[0] += " " + _("(without unpriced items: {items}; set their prices in "
                            "itready.yaml)").format(items=", ".join(procurement.unpriced_items))
    return lines


def item_text(line: Line) -> str:
    """The item as people read it: a licence with its product, and on a line of its own the
    records it is bought for (where neither the item nor the group names them already)."""
    item = device_kind(line.item) if line.kind == "device" else line.item
    text = item if not line.product else f"{item}: {line.product}"
    if any(record not in (line.item, *(line.group or "").strip("()").split()[1:])
           for record in line.records):
        text += "\n" + _("for {records}").format(records=_records(line.records))
    if line.due is not None:
        text += "\n" + due_text(line)
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


def _group_table(procurement: Procurement
                 ) -> tuple[list[str], list[list[str]], tuple[str, ...]]:
    """Lines, net, VAT and gross per group (VAT reckoned on each group's net)."""
    rows = []
    for group, count, net in group_totals(procurement):
        totals = Totals.of(net, procurement.vat_rate)
        rows.append([group_label(group), str(count), amount(totals.net), amount(totals.vat),
                     amount(totals.gross)])
    return ([grouping_label(procurement.group_by), _("lines"), _("net"), _("VAT"), _("gross")],
            rows, ("left", "right", "right", "right", "right"))


def render_table(procurement: Procurement, options: Options) -> str:
    out = [_title(procurement), ""]
    headers, rows, align = _line_rows(procurement)
    nothing = _("Nothing to buy.")
    if rows:
        out.append(wrapped_table(headers, rows, align))
    else:
        out.append(nothing)
    out += ["", *(wrap(line, TABLE_WIDTH) for line in _total_lines(procurement))]
    if procurement.group_by != "none" and rows:
        out += ["", wrapped_table(*_group_table(procurement))]
    if procurement.scope:
        headers, rows, align = _line_rows(procurement, procurement.shared)
        out += ["", wrap(_shared_heading(procurement), TABLE_WIDTH), ""]
        out.append(wrapped_table(headers, rows, align) if rows else nothing)
        out += ["", *_shared_total_lines(procurement)]
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
    for line in _total_lines(procurement):
        console.print(_escape(line), style="bold")
    if procurement.group_by != "none" and procurement.lines:
        grouping = grouping_label(procurement.group_by)
        console.print()
        console.print(fitted_rich_table(
            *_group_table(procurement), options.width,
            title=_("per {grouping}").format(grouping=grouping), title_justify="left"))
    if procurement.scope:
        console.print()
        console.print(_escape(_shared_heading(procurement)), style="bold")
        console.print(shared[0] if shared else nothing)
        for line in _shared_total_lines(procurement):
            console.print(_escape(line), style="bold")
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


#: The columns of cli.md ("Procurement CSV"), in its order; the grouping column, ``reasons``
#: and ``records`` follow, then the columns that outputs.md added (``DUE_COLUMNS``) at the end,
#: so that every column keeps its place. The ``excel-de`` dialect, for people, has headings in
#: the run's language and the rules' titles beside ``reasons``.
CSV_COLUMNS = ("item", "kind", "product", "quantity", "unit_price", "total", "currency")
DUE_COLUMNS = ("due", "budget_year")
#: The ``item`` of the total rows in RFC 4180 CSV, words that programs match: net, VAT, gross.
TOTAL_ITEMS = ("total", "vat", "gross total")
SHARED_TOTAL_ITEMS = ("shared total", "shared vat", "shared gross total")


def csv_keys(procurement: Procurement, people: bool = False) -> list[str]:
    """The column keys, in order; ``people``: with the rules' titles."""
    group = [] if procurement.group_by == "none" else [procurement.group_by]
    return [*CSV_COLUMNS, *group, "reasons", *(["titles"] if people else []), "records",
            *DUE_COLUMNS]


def _csv_row(line: Line, procurement: Procurement, dialect: CsvDialect,
             titles: dict[str, str]) -> dict[str, str]:
    return {"item": line.item, "kind": line.kind, "product": line.product or "",
            "quantity": number(line.quantity, dialect),
            "unit_price": number(line.unit_price, dialect, money=True),
            "total": number(line.total, dialect, money=True), "currency": procurement.currency,
            procurement.group_by: line.group or "", "reasons": " ".join(line.reasons),
            "titles": titles_of(line.reasons, titles), "records": " ".join(line.records),
            "due": day(line.due, dialect),
            "budget_year": "" if line.budget_year is None else str(line.budget_year)}


def _csv_totals(procurement: Procurement, dialect: CsvDialect, shared: bool, note: str
                ) -> list[dict[str, str]]:
    """The net, VAT and gross rows of the lines (or of the shared lines)."""
    totals = procurement.shared_totals if shared else procurement.totals
    if dialect.people:
        net, gross = ((_("Shared total (net)"), _("Shared total (gross)")) if shared
                      else (_("Total (net)"), _("Total (gross)")))
        items, rate = (net, vat_label(procurement.vat_rate), gross), ""
    else:
        items, rate = SHARED_TOTAL_ITEMS if shared else TOTAL_ITEMS, rate_text(procurement.vat_rate)
    return [{"item": item, "product": product, "total": number(amount, dialect, money=True),
             "currency": procurement.currency}
            for item, product, amount in zip(items, (note, rate, ""),
                                             (totals.net, totals.vat, totals.gross), strict=True)]


def render_csv(procurement: Procurement, options: Options) -> str:
    """One row per purchase line, then the rows of the net total, the VAT and the gross total;
    under a scope the shared lines follow, then their own total rows (``shared total``, …),
    outside the grand total."""
    dialect = CSV_DIALECTS[options.dialect]
    titles = rule_titles(procurement.rules)
    unpriced = procurement.unpriced_items
    body = [_csv_row(line, procurement, dialect, titles) for line in procurement.lines]
    body += _csv_totals(procurement, dialect, False, _("without unpriced items: {items}").format(
        items=", ".join(unpriced)) if unpriced else "")
    if procurement.scope:
        body += [_csv_row(line, procurement, dialect, titles) for line in procurement.shared]
        body += _csv_totals(procurement, dialect, True, _("outside the total of {scope}").format(
            scope=procurement.scope.describe()))
    keys = csv_keys(procurement, dialect.people)
    header = [headings()[key] for key in keys] if dialect.people else keys
    return write_rows([header, *([row.get(key, "") for key in keys] for row in body)],
                      options.dialect)


__all__ = ["amount", "csv_keys", "document", "group_totals", "line_dict", "money_lines",
           "rate_text", "vat_label"]

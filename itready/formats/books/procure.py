"""The purchase list as a workbook: a summary, a sheet per group, shared lines and savings.

The summary names the organisation, check date, grouping, scope and VAT rate, and has one row
per group with its lines, net, VAT and gross, and the totals of the whole list below. Each group
(department, cost centre or site, as ``--group-by`` chose; one list with ``none``) has a sheet
of its lines: item, kind, product, quantity, unit price, total (net), the due date and budget
year of a renewal, the rules and their titles, the records; net, VAT and gross below. The VAT
is reckoned on each total (``itready.plan.procure.Totals``), as on an invoice.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from itready.formats import Options
from itready.formats.columns import headings, rule_titles, titles_of
from itready.formats.procure import rate_text, vat_label
from itready.formats.workbook import Book, Cell, Sheet
from itready.i18n import _, pgettext
from itready.plan.procure import Line, Procurement, Totals, totals_of

LINE_KEYS = ("item", "kind", "product", "quantity", "unit_price", "total", "due", "budget_year",
             "reasons", "titles", "records")
SAVING_KEYS = ("licence", "product", "unused_seats", "unit_price", "saving")


def total_rows(totals: Totals, rate: Decimal, width: int, at: int, label: int = 0
               ) -> tuple[tuple[Cell, ...], ...]:
    """Net, VAT and gross rows of ``width`` cells: the label in column ``label``, the amount in
    column ``at``."""
    rows = []
    for name, amount in ((_("Total (net)"), totals.net), (vat_label(rate), totals.vat),
                         (_("Total (gross)"), totals.gross)):
        row: list[Cell] = [None] * width
        row[label], row[at] = name, amount
        rows.append(tuple(row))
    return tuple(rows)


def _line(line: Line, titles: dict[str, str]) -> tuple[Cell, ...]:
    return (line.item, line.kind, line.product, line.quantity, line.unit_price, line.total,
            line.due, line.budget_year, " ".join(line.reasons), titles_of(line.reasons, titles),
            " ".join(line.records))


def _lines_sheet(name: str, lines: tuple[Line, ...], totals: Totals, procurement: Procurement,
                 titles: dict[str, str]) -> Sheet:
    return Sheet(name, LINE_KEYS, tuple(_line(line, titles) for line in lines),
                 total_rows(totals, procurement.vat_rate, len(LINE_KEYS),
                            LINE_KEYS.index("total")))


def groups(procurement: Procurement) -> dict[str, tuple[Line, ...]]:
    """The lines of each group, in line order."""
    grouped: dict[str, list[Line]] = defaultdict(list)
    for line in procurement.lines:
        grouped[line.group or ""].append(line)
    return {group: tuple(lines) for group, lines in grouped.items()}


def _summary(procurement: Procurement, by_group: dict[str, tuple[Line, ...]]) -> Sheet:
    grouped = procurement.group_by != "none"
    key = procurement.group_by if grouped else "group"
    rows = []
    for group, lines in by_group.items() if grouped else ():
        totals = totals_of(lines, procurement.vat_rate)
        rows.append((group, len(lines), totals.net, totals.vat, totals.gross))
    whole = procurement.totals
    notes: list[tuple[str, Cell]] = [
        (_("Organisation"), procurement.organisation or ""),
        (_("Check date"), procurement.as_of),
        (_("Grouped by"), headings()[key] if grouped else _("nothing (one list)")),
        (_("VAT rate"), rate_text(procurement.vat_rate)),
        (_("Prices"), _("net, in euros, from itready.yaml and the licences' cost_per_seat"))]
    if procurement.scope:
        notes.append((_("Scope"), procurement.scope.describe()))
    if procurement.unpriced_items:
        notes.append((_("Without a price (not in the totals)"),
                      ", ".join(procurement.unpriced_items)))
    return Sheet(pgettext("sheet", "Summary"), (key, "lines", "net", "vat", "gross"),
                 tuple(rows), ((_("Total"), len(procurement.lines), whole.net, whole.vat,
                                whole.gross),), tuple(notes))


def book(procurement: Procurement, options: Options) -> Book:
    """The workbook of ``itready procure -f xlsx``."""
    titles = rule_titles(procurement.rules)
    by_group = groups(procurement)
    sheets = [_summary(procurement, by_group)]
    if procurement.group_by == "none":
        sheets.append(_lines_sheet(pgettext("sheet", "Purchase list"), procurement.lines,
                                   procurement.totals, procurement, titles))
    for group, lines in by_group.items() if procurement.group_by != "none" else ():
        sheets.append(_lines_sheet(group, lines, totals_of(lines, procurement.vat_rate),
                                   procurement, titles))
    if procurement.scope:
        sheets.append(_lines_sheet(pgettext("sheet", "Shared"), procurement.shared,
                                   procurement.shared_totals, procurement, titles))
    if procurement.savings:
        rows = tuple((s.licence, s.product, s.quantity, s.unit_price, s.total)
                     for s in procurement.savings)
        total: list[Cell] = [_("Total"), None, None, None, procurement.savings_total]
        sheets.append(Sheet(pgettext("sheet", "Savings (LIC004)"), SAVING_KEYS, rows,
                            (tuple(total),)))
    title = _("Purchase list") + (f": {procurement.organisation}"
                                  if procurement.organisation else "")
    return Book(title, procurement.as_of, tuple(sheets))

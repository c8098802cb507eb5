"""The gap list as a workbook: a summary, a sheet per department, the peak seats.

The summary has the counts (non-office workplaces counted, ready, not ready, gaps) and one row
per department: its workplaces not ready, its gaps and what its purchases cost (net, the unit
prices of the ``buy`` actions). Each department's sheet lists its gaps: workplace, site, cost
centre, requirement, rule and the rule's title, the action with its item, device, licence,
unit price and what it replaces, and the action in words; the purchases' net sum below.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from itready.formats import Options
from itready.formats.columns import rule_titles
from itready.formats.gaps import describe, summary
from itready.formats.workbook import Book, Cell, Sheet
from itready.i18n import _, pgettext
from itready.plan.gaps import BUY, GapLine, Plan

GAP_KEYS = ("workplace", "site", "cost_centre", "requirement", "rule", "title", "action", "item",
            "device", "licence", "unit_price", "replaces", "what")
PEAK_KEYS = ("licence", "entitled", "peak", "seats", "quantity", "unit_price", "total",
             "records")


def to_buy(gaps: tuple[GapLine, ...]) -> Decimal:
    """What the gaps' purchases cost, net: the unit prices of their ``buy`` actions."""
    return sum((g.action.unit_price for g in gaps
                if g.action.kind == BUY and g.action.unit_price is not None), Decimal(0))


def _gap(gap: GapLine, titles: dict[str, str]) -> tuple[Cell, ...]:
    a = gap.action
    return (gap.workplace, gap.site, gap.cost_centre, gap.requirement, gap.rule,
            titles.get(gap.rule, ""), a.kind, a.item, a.device, a.licence, a.unit_price,
            a.replaces, describe(a, gap.requirement))


def _department(name: str, gaps: tuple[GapLine, ...], titles: dict[str, str]) -> Sheet:
    total: list[Cell] = [None] * len(GAP_KEYS)
    total[0], total[GAP_KEYS.index("unit_price")] = _("To buy (net)"), to_buy(gaps)
    return Sheet(name, GAP_KEYS, tuple(_gap(g, titles) for g in gaps), (tuple(total),))


def _summary(plan: Plan, departments: dict[str, tuple[GapLine, ...]]) -> Sheet:
    counts = summary(plan)
    notes: list[tuple[str, Cell]] = [
        (_("Organisation"), plan.organisation or ""), (_("Check date"), plan.as_of)]
    if plan.scope:
        notes.append((_("Scope"), plan.scope.describe()))
    notes += [(_("Non-office workplaces counted"), counts["counted"]),
              (_("Ready"), counts["ready"]), (_("Not ready"), counts["not_ready"]),
              (_("Gaps"), counts["gaps"])]
    rows = tuple((name, len({g.workplace for g in gaps}), len(gaps), to_buy(gaps))
                 for name, gaps in departments.items())
    totals = ((_("Total"), counts["not_ready"], counts["gaps"], to_buy(plan.gaps)),)
    return Sheet(pgettext("sheet", "Summary"), ("department", "not_ready", "gaps", "to_buy"),
                 rows, totals, tuple(notes))


def book(plan: Plan, options: Options) -> Book:
    """The workbook of ``itready gaps -f xlsx``."""
    titles = rule_titles(plan.rules)
    grouped: dict[str, list[GapLine]] = defaultdict(list)
    for gap in sorted(plan.gaps, key=lambda g: g.department):  # stable: workplace order kept
        grouped[gap.department].append(gap)
    departments = {name: tuple(gaps) for name, gaps in grouped.items()}
    sheets = [_summary(plan, departments)]
    sheets += [_department(name, gaps, titles) for name, gaps in departments.items()]
    if plan.peak_seats:
        rows = tuple((p.licence, p.entitled, p.peak, p.seats, p.buy, p.unit_price,
                      None if p.unit_price is None else p.unit_price * p.buy,
                      " ".join(p.workplaces)) for p in plan.peak_seats)
        sheets.append(Sheet(pgettext("sheet", "Concurrent licences"), PEAK_KEYS, rows))
    title = _("Gap list") + (f": {plan.organisation}" if plan.organisation else "")
    return Book(title, plan.as_of, tuple(sheets))

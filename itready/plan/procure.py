"""Purchase lines: what to buy, how many, at what price, for which department, cost centre or site.

Every rule with a procurement hint contributes, after stock and free seats (``itready.plan.gaps``):

- WP001 a laptop, only for a workplace with no in-use laptop or tablet at all; WP002 a headset;
  WP003 a webcam; WP005 an mfa-token (unless an mfa licence has a free seat); WP007 a monitor;
- WP004/WP008 a seat of the providing licence with the most seats, for a missing capability;
  of a concurrent licence, the seats its peak needs once the gap list has entitled the
  workplaces, in one line (``PeakSeats``);
- DEV006/DEV008 one replacement of the computer's kind (a computer is counted once);
- LIC001 the excess; LIC002/LIC003 the renewal (a concurrent licence: its seats), due on the
  licence's ``expires`` and so in that date's budget year (Haushaltsjahr); LIC005 the shortfall;
- SPC002 docks and SPC003 monitors missing at a site's shared desks.

Waived findings buy nothing. LIC004 (unused seats) is a saving, listed apart and never added to
the total. Money is ``Decimal``; line totals are rounded to the cent (half up). Prices are net:
the VAT (``prices.vat_rate``, in percent) is reckoned on each total, as on an invoice, and
rounded to the cent (``Totals``).

Scope: a plan narrowed to a department and/or site (``Plan.filtered``; ``build_procurement``
with ``department``/``site``) buys its own lines (its workplaces, their devices) in ``lines``,
within ``total``; purchases for shared records that concern it (licences used there, the
concurrent licences' seats for the peak, pools and computers of its sites) stand apart in
``shared``, outside that total (rules.md, decisions of 2026-12-04).

Groups: workplace lines go to the workplace's department, cost centre or site. Lines of a site's
shared desks (SPC) go to the site: ``"(site RH)"`` when grouping by department or cost centre.
Licence-level lines (LIC001/2/3/5, a concurrent licence's seats for the peak) and computers
assigned to nothing are ``"(central)"``. A
workplace without a cost centre is ``"(no cost centre)"``. With ``group_by="none"`` the group is
``None`` and lines add up over the whole organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from itready import model
from itready.errors import InputError
from itready.findings import Finding
from itready.plan.gaps import (
    ASSIGN_SEAT,
    ASSIGN_STOCK,
    BUY,
    REQUIREMENT_ITEMS,
    Plan,
    build_plan,
)
from itready.rules.facts import Context
from itready.rules.scope import WHOLE, Scope

if TYPE_CHECKING:
    from itready.loader.inventory import LoadResult
    from itready.rules.catalogue import Rule

GROUP_BY = ("department", "cost_centre", "site", "none")
CURRENCY = "EUR"
CENTRAL = "(central)"
NO_COST_CENTRE = "(no cost centre)"
CENT = Decimal("0.01")
_LICENCE_RULES = ("LIC001", "LIC002", "LIC003", "LIC005")


def money(value: Decimal) -> Decimal:
    """Rounded to the cent, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Totals:
    """A net amount, its VAT and the gross amount, to the cent."""

    net: Decimal
    vat: Decimal
    gross: Decimal

    @classmethod
    def of(cls, net: Decimal, vat_rate: Decimal) -> Totals:
        """``net`` and the VAT at ``vat_rate`` percent on it, rounded half up to the cent."""
        net = money(net)
        vat = money(net * vat_rate / 100)
        return cls(net, vat, net + vat)


@dataclass(frozen=True, slots=True)
class Line:
    """One purchase line: an item, for one group."""

    item: str  # device kind, licence ID, or a capability no licence provides
    kind: str  # "device" or "licence"
    product: str | None  # the licence's product name
    quantity: int
    unit_price: Decimal | None
    total: Decimal | None  # None when the item has no price
    group: str | None
    reasons: tuple[str, ...]  # rule IDs
    records: tuple[str, ...]  # IDs of the workplaces, devices, licences or sites concerned
    #: a renewal's due date (LIC002/LIC003: the licence's ``expires``); None: buy now
    due: date | None = None

    @property
    def budget_year(self) -> int | None:
        """The budget year (Haushaltsjahr) the renewal falls in: the calendar year of its due
        date, as German municipal budgets run from January to December."""
        return None if self.due is None else self.due.year


@dataclass(frozen=True, slots=True)
class Saving:
    """Unused seats of a licence (LIC004), after free seats were assigned to gaps."""

    licence: str
    product: str | None
    quantity: int
    unit_price: Decimal | None
    total: Decimal | None


@dataclass(frozen=True, slots=True)
class Covered:
    """What stock or a free seat covers instead of a purchase."""

    source: str  # the stock device or the licence
    item: str  # device kind, or "seat"
    target: str  # the workplace, replaced device or site it goes to
    reason: str  # rule ID(s)


@dataclass(frozen=True, slots=True)
class Procurement:
    as_of: date
    organisation: str | None
    group_by: str
    lines: tuple[Line, ...]
    savings: tuple[Saving, ...] = ()
    covered: tuple[Covered, ...] = ()
    currency: str = CURRENCY
    #: the department and/or site the list is narrowed to; empty: the whole inventory
    scope: Scope = WHOLE
    #: under a scope: purchases for shared records that concern it, outside ``total``
    shared: tuple[Line, ...] = ()
    #: VAT in percent on the net prices (``prices.vat_rate``)
    vat_rate: Decimal = Decimal(19)
    #: the rules in force, so that spreadsheets show each rule's title beside its ID
    rules: tuple[Rule, ...] = ()

    @property
    def total(self) -> Decimal:
        """Sum of the priced lines, to the cent."""
        return _sum(self.lines)

    @property
    def shared_total(self) -> Decimal:
        """Sum of the priced shared lines, to the cent."""
        return _sum(self.shared)

    @property
    def totals(self) -> Totals:
        """Net, VAT and gross of the priced lines."""
        return totals_of(self.lines, self.vat_rate)

    @property
    def shared_totals(self) -> Totals:
        """Net, VAT and gross of the priced shared lines."""
        return totals_of(self.shared, self.vat_rate)

    @property
    def unpriced_items(self) -> tuple[str, ...]:
        return tuple(sorted({line.item for line in self.lines if line.unit_price is None}))

    @property
    def savings_total(self) -> Decimal:
        return money(sum((s.total for s in self.savings if s.total is not None), Decimal(0)))


def _sum(lines: Iterable[Line]) -> Decimal:
    return money(sum((line.total for line in lines if line.total is not None), Decimal(0)))


def totals_of(lines: Iterable[Line], vat_rate: Decimal) -> Totals:
    """Net, VAT and gross of the priced ``lines`` (a group's, or all)."""
    return Totals.of(_sum(lines), vat_rate)


# --- groups -----------------------------------------------------------------------------------

def workplace_group(workplace: model.Workplace, group_by: str) -> str | None:
    if group_by == "department":
        return workplace.department
    if group_by == "cost_centre":
        return workplace.cost_centre or NO_COST_CENTRE
    if group_by == "site":
        return workplace.site
    return None


def site_group(site: str, group_by: str) -> str | None:
    if group_by == "none":
        return None
    return site if group_by == "site" else f"(site {site})"


def central_group(group_by: str) -> str | None:
    return None if group_by == "none" else CENTRAL


def _group_rank(group: str | None) -> tuple[int, str]:
    if group is None:
        return (0, "")
    if group == CENTRAL:
        return (3, group)
    if group.startswith("(site "):
        return (2, group)
    if group == NO_COST_CENTRE:
        return (1, group)
    return (0, group)


# --- lines ------------------------------------------------------------------------------------

class _Lines:
    """Contributions summed per (group, kind, item, product, unit price)."""

    def __init__(self) -> None:
        self.quantity: dict[tuple[Any, ...], int] = defaultdict(int)
        self.reasons: dict[tuple[Any, ...], set[str]] = defaultdict(set)
        self.records: dict[tuple[Any, ...], set[str]] = defaultdict(set)
        self.due: dict[tuple[Any, ...], date] = {}

    def add(self, group: str | None, kind: str, item: str, product: str | None,
            unit_price: Decimal | None, quantity: int, reasons: Iterable[str],
            records: Iterable[str], due: date | None = None) -> None:
        if quantity <= 0:
            return
        key = (group, kind, item, product, unit_price)
        self.quantity[key] += quantity
        self.reasons[key].update(reasons)
        self.records[key].update(records)
        if due is not None:
            self.due[key] = due

    def lines(self) -> tuple[Line, ...]:
        lines = []
        for key, quantity in self.quantity.items():
            group, kind, item, product, unit_price = key
            total = None if unit_price is None else money(unit_price * quantity)
            lines.append(Line(item, kind, product, quantity, unit_price, total, group,
                              tuple(sorted(self.reasons[key])), tuple(sorted(self.records[key])),
                              self.due.get(key)))
        lines.sort(key=lambda line: (_group_rank(line.group), line.kind != "device",
                                     line.item, line.product or "",
                                     line.unit_price if line.unit_price is not None
                                     else Decimal(-1)))
        return tuple(lines)


def procure(plan: Plan, findings: Iterable[Finding], ctx: Context,
            group_by: str = "department") -> Procurement:
    """Purchase lines from the plan (gaps, replacements, pools) and the licence findings.

    Under a scope (``plan.scope``), the lines of shared records go to ``shared``; licence
    findings count where the licence concerns the scope."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}")
    own = _Lines()
    shared = _Lines() if plan.scope else own
    covered: list[Covered] = []
    _gap_lines(plan, ctx, group_by, own, covered)
    _replacement_lines(plan, ctx, group_by, own, shared, covered)
    for pool in plan.pools:
        covered.extend(Covered(device, pool.item, pool.site, pool.rule) for device in pool.stock)
        shared.add(site_group(pool.site, group_by), "device", pool.item, None, pool.unit_price,
                   pool.buy, (pool.rule,), (pool.site,))
    inside = plan.scope.within(ctx) if plan.scope else None
    findings = [f for f in findings if not f.waived and (inside is None or inside.finding(f))]
    savings = _licence_lines(plan, findings, ctx, group_by, shared)
    return Procurement(as_of=plan.as_of, organisation=plan.organisation, group_by=group_by,
                       lines=own.lines(), savings=tuple(sorted(savings, key=lambda s: s.licence)),
                       covered=tuple(covered), scope=plan.scope,
                       shared=shared.lines() if plan.scope else (),
                       vat_rate=ctx.settings.vat_rate, rules=plan.rules)


def _gap_lines(plan: Plan, ctx: Context, group_by: str, out: _Lines,
               covered: list[Covered]) -> None:
    """What the gap list buys (a replacement is counted with the replacements, once), and
    what stock and free seats cover instead."""
    licences = {lic.id: lic for lic in ctx.inventory.licences}
    seen = {r.action.device for r in plan.replacements if r.action.kind == ASSIGN_STOCK}
    for gap in plan.gaps:
        action = gap.action
        group = workplace_group(ctx.workplaces[gap.workplace], group_by)
        if action.kind == ASSIGN_STOCK and action.device and action.device not in seen:
            seen.add(action.device)
            covered.append(Covered(action.device, action.item or "", gap.workplace, gap.rule))
        elif action.kind == ASSIGN_SEAT and action.licence:
            covered.append(Covered(action.licence, "seat", gap.workplace, gap.rule))
        if action.kind != BUY or action.replaces is not None or action.item is None:
            continue
        licence = licences.get(action.licence or "")
        if licence is not None:
            out.add(group, "licence", licence.id, licence.product, licence.cost_per_seat, 1,
                    (gap.rule,), (gap.workplace,))
        elif gap.requirement not in REQUIREMENT_ITEMS:  # a capability no licence provides
            out.add(group, "licence", action.item, None, None, 1, (gap.rule,), (gap.workplace,))
        else:
            out.add(group, "device", action.item, None, action.unit_price, 1, (gap.rule,),
                    (gap.workplace,))


def _replacement_lines(plan: Plan, ctx: Context, group_by: str, out: _Lines, shared: _Lines,
                       covered: list[Covered]) -> None:
    """One computer of its kind for each device due for replacement, unless stock has one;
    a computer of no workplace (at a site, or central) is a shared record."""
    for replacement in plan.replacements:
        action = replacement.action
        if action.kind == ASSIGN_STOCK and action.device:
            covered.append(Covered(action.device, action.item or "", replacement.device,
                                   " ".join(replacement.rules)))
            continue
        sink = shared
        if replacement.workplace is not None:
            group, sink = workplace_group(ctx.workplaces[replacement.workplace], group_by), out
        elif replacement.site is not None:
            group = site_group(replacement.site, group_by)
        else:
            group = central_group(group_by)
        sink.add(group, "device", replacement.kind, None, action.unit_price, 1,
                 replacement.rules, (replacement.device,))


def _licence_lines(plan: Plan, findings: list[Finding], ctx: Context, group_by: str,
                   out: _Lines) -> list[Saving]:
    """Seats of licences that their findings or the peak ask for (central); and the savings
    (LIC004). A concurrent licence gets one line: renewal, shortfall and the seats for the
    peak after the gap list together."""
    licences = {lic.id: lic for lic in ctx.inventory.licences}
    by_licence: dict[str, dict[str, Finding]] = defaultdict(dict)
    savings = []
    seats_used = dict(plan.seats_used)
    for finding in findings:
        if finding.record_kind != "licence" or finding.record_id not in licences:
            continue
        if finding.rule in _LICENCE_RULES:
            by_licence[finding.record_id][finding.rule] = finding
        elif finding.rule == "LIC004":
            saving = _saving(ctx, licences[finding.record_id], finding,
                             seats_used.get(finding.record_id, 0))
            if saving is not None:
                savings.append(saving)
    peaks = {p.licence: p for p in plan.peak_seats}
    for licence_id in sorted({*by_licence, *peaks}):
        licence = licences[licence_id]
        rules = by_licence.get(licence_id, {})
        peak = peaks.get(licence_id)
        reasons, records = sorted(rules), [licence.id] if rules else []
        if peak is not None and peak.buy:
            reasons += peak.rules
            records += peak.workplaces
        renewal = "LIC002" in rules or "LIC003" in rules
        out.add(central_group(group_by), "licence", licence.id, licence.product,
                licence.cost_per_seat, licence_quantity(licence, rules, peak.buy if peak else 0),
                reasons, records, licence.expires if renewal else None)
    return savings


def licence_quantity(licence: model.Licence, rules: dict[str, Finding], peak: int = 0) -> int:
    """Seats to buy for a licence's unwaived LIC001/LIC002/LIC003/LIC005 findings and the
    seats its peak needs after the gap list (``peak``, concurrent licences).

    A renewal (LIC002, LIC003) buys the seats its finding names: per-user and per-device, the
    assignments; concurrent, the seats; site, its seats if recorded, else 1 (the licence as a
    whole). The excess (LIC001), the shortfall (LIC005) or the peak's seats come on top of the
    seats; a renewal that already covers them is not bought twice, nor the shortfall beside
    the peak that includes it.
    """
    extra = peak
    for rule in ("LIC001", "LIC005"):
        if rule in rules:
            extra = max(extra, int(rules[rule].detail("quantity", 0)))
    renewals = [int(rules[r].detail("quantity", 0)) for r in ("LIC002", "LIC003") if r in rules]
    if not renewals:
        return extra
    renewal = max(renewals)
    return max(renewal, (licence.seats or 0) + extra) if extra else renewal


def _saving(ctx: Context, licence: model.Licence, finding: Finding, used: int
            ) -> Saving | None:
    """LIC004's unused seats, less the free seats that the plan assigned to gaps."""
    unused = int(finding.detail("quantity", 0))
    if licence.model == "concurrent" and licence.seats is not None:
        unused = licence.seats - ctx.peak_remote(ctx.entitled_remote(licence) + used)
    else:
        unused -= used
    if unused <= 0:
        return None
    price = licence.cost_per_seat
    return Saving(licence.id, licence.product, unused, price,
                  None if price is None else money(price * unused))


def build_procurement(result: LoadResult, as_of: date, group_by: str = "department",
                      department: str | None = None, site: str | None = None
                      ) -> tuple[Procurement, list[InputError]]:
    """Run the rules, plan and procure: (procurement, rule-definition errors). ``department``
    and ``site`` (exact names, as ``itready.rules.selection`` resolves them) narrow it to a
    scope, with shared purchases apart (rules.md, decisions of 2026-12-04)."""
    plan, findings, ctx, errors = build_plan(result, as_of)
    return procure(plan.filtered(ctx, department, site), findings, ctx, group_by), errors


__all__ = ["CENTRAL", "CURRENCY", "GROUP_BY", "NO_COST_CENTRE", "Covered", "Line",
           "Procurement", "Saving", "Totals", "build_procurement", "licence_quantity", "money",
           "procure", "totals_of"]

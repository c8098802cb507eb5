"""The gap list: what each not-ready workplace misses, and what closes each gap.

For every non-office workplace with an unwaived WP finding, each unmet requirement gets one
``Action``: a device to hand over from stock, a free licence seat to assign, or an item to buy
(plus three actions that buy nothing: renew an expired licence, fix a device's own findings,
book the training). The same allocation also serves the replacements that DEV006 and DEV008 ask
for and the desk-sharing pools of SPC002/SPC003, so that ``itready procure`` buys only what stock
and free seats cannot cover. See docs/procurement.md.

Allocation rules, all deterministic:

- **Stock first.** A device with status ``stock`` (unassigned, or assigned to a site, where it
  is stored; never one still assigned to a workplace, see DEV012) of the needed kind is handed
  over before anything is bought. Stock stored at the workplace's site is taken first, then the
  rest, each by device ID. A stock computer qualifies only if, put to use where it goes, none of
  the readiness-blocking rules (WP001's ``blocked_by``: DEV001, DEV003, DEV004, DEV005, DEV011)
  nor the replacement rules (DEV006, DEV008) would find it, as the catalogue in force defines
  them.
- **Free seats first.** A missing capability (vpn, e-file, …; and mfa after stock tokens) is
  closed by a free seat of an unexpired licence that provides it, licences by ID; only the rest
  is bought, as seats of the providing licence with the most seats. Where that licence is
  concurrent, the rest is entitled to it and its seats are bought by the peak, once: max(0,
  peak − seats) over the entitled workplaces after the gap list (``PeakSeats``).
- **Order.** Readiness gaps first (workplaces by ID, requirements in profile order), then
  replacements (devices by ID), then workplaces whose laptop is blocked by its own findings, then
  the shared-desk pools (sites by ID). No stock device and no seat is used twice.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from itready import model
from itready.errors import InputError
from itready.findings import Finding
from itready.plan.allocation import Hypothesis, Seats, Stock
from itready.rules.builtin.wp import MOBILE_DEVICE_KINDS, blocking_rules
from itready.rules.catalogue import Catalogue, load_catalogue
from itready.rules.engine import run_checks
from itready.rules.facts import Context
from itready.rules.scope import WHOLE, InScope, Scope

if TYPE_CHECKING:
    from itready.loader.inventory import LoadResult
    from itready.rules.catalogue import Rule

ASSIGN_STOCK = "assign-stock"
ASSIGN_SEAT = "assign-seat"
BUY = "buy"
RENEW = "renew"  # the workplace's licence expired; its renewal (LIC002) closes the gap
FIX = "fix-device"  # the workplace's laptop or tablet is blocked by its own findings
TRAIN = "train"  # book the security training (WP006)
REMEDIATE = "remediate"  # an organisation's own WP rule: follow its remediation
ENTITLE = "entitle"  # entitle to a concurrent licence; its seats are bought by the peak, once
ACTION_KINDS = (ASSIGN_STOCK, ASSIGN_SEAT, BUY, ENTITLE, RENEW, FIX, TRAIN, REMEDIATE)


@dataclass(frozen=True, slots=True)
class Action:
    """What closes one gap.

    ``item`` is a device kind (``laptop``, ``headset``, …), a licence ID (seats), or a
    capability no licence provides. ``device`` names the stock device to hand over (for
    ``assign-seat`` of a per-device licence: the device that gets the seat; for ``fix-device``:
    the devices to fix, and ``findings`` the rules that block them). ``replaces`` names the
    device(s) a handed-over or bought computer replaces.
    """

    kind: str
    item: str | None
    device: str | None = None
    licence: str | None = None
    unit_price: Decimal | None = None
    replaces: str | None = None
    findings: tuple[str, ...] = ()  # for fix-device: the device rules that block it


@dataclass(frozen=True, slots=True)
class GapLine:
    """One unmet requirement of one not-ready workplace, and its action."""

    workplace: str
    department: str
    site: str
    cost_centre: str | None
    requirement: str
    rule: str
    action: Action


@dataclass(frozen=True, slots=True)
class Replacement:
    """A computer due for replacement (DEV006 and/or DEV008, counted once)."""

    device: str
    kind: str
    rules: tuple[str, ...]
    workplace: str | None  # the workplace it is assigned to, if any
    site: str | None  # the site it works at, if any
    action: Action  # assign-stock or buy


@dataclass(frozen=True, slots=True)
class PoolShortfall:
    """Docks (SPC002) or monitors (SPC003) missing at a site's shared desks."""

    site: str
    rule: str
    item: str
    shortfall: int
    stock: tuple[str, ...]  # stock devices handed over to the site
    buy: int
    unit_price: Decimal | None


@dataclass(frozen=True, slots=True)
class PeakSeats:
    """Seats of a concurrent licence to buy once the gap list has entitled the workplaces that
    lacked its capability: max(0, peak − seats), the peak over every entitled non-office
    workplace (rules.md, decisions of 2026-12-04)."""

    licence: str
    entitled: int  # non-office workplaces entitled after the gap list
    peak: int
    seats: int
    buy: int
    workplaces: tuple[str, ...]  # those entitled beyond the free seats: whom the purchase serves
    rules: tuple[str, ...]
    unit_price: Decimal | None

    def concerns(self, inside: InScope, ctx: Context) -> bool:
        """Whether the purchase concerns a scope: the licence is used there already, or the
        gap list entitles a workplace of the scope to it."""
        return inside.licence(ctx.licences[self.licence]) or any(
            inside.workplace(w) for w in self.workplaces)


@dataclass(frozen=True, slots=True)
class Plan:
    """The allocation of one run: gap lines, replacements and pool shortfalls."""

    as_of: date
    organisation: str | None
    gaps: tuple[GapLine, ...]
    replacements: tuple[Replacement, ...]
    pools: tuple[PoolShortfall, ...]
    #: licence ID -> seats (for concurrent: entitled workplaces) assigned from free seats
    seats_used: tuple[tuple[str, int], ...] = ()
    #: non-office workplaces counted, and those not ready (unwaived WP findings)
    counted: tuple[str, ...] = ()
    not_ready: tuple[str, ...] = ()
    #: concurrent licences whose seats the gap list buys by the peak
    peak_seats: tuple[PeakSeats, ...] = ()
    #: the department and/or site the plan is narrowed to (``filtered``); empty: everything
    scope: Scope = WHOLE
    #: the rules in force, so that spreadsheets show each rule's title beside its ID
    rules: tuple[Rule, ...] = ()

    def filtered(self, ctx: Context, department: str | None = None,
                 site: str | None = None) -> Plan:
        """The same allocation, narrowed to one department and/or site: its gap lines, counts
        and replacements, and the shared records that concern it (pools of its sites,
        concurrent licences it is entitled to), which formats show apart as "shared"."""
        scope = Scope(department, site)
        if not scope:
            return self
        inside = scope.within(ctx)
        return dataclasses.replace(
            self, scope=scope, gaps=tuple(g for g in self.gaps if inside.workplace(g.workplace)),
            counted=tuple(w for w in self.counted if inside.workplace(w)),
            not_ready=tuple(w for w in self.not_ready if inside.workplace(w)),
            replacements=tuple(r for r in self.replacements if inside.device(r.device)),
            pools=tuple(p for p in self.pools if inside.site(p.site)),
            peak_seats=tuple(p for p in self.peak_seats if p.concerns(inside, ctx)))


# --- the plan ---------------------------------------------------------------------------------

#: The device that meets a requirement, where one does (bought when stock has none).
REQUIREMENT_ITEMS = {"mobile-device": "laptop", "headset": "headset", "camera": "webcam",
                     "mfa": "mfa-token", "monitor": "monitor"}


def plan(inventory: model.Inventory, as_of: date, findings: Iterable[Finding], ctx: Context,
         catalogue: Catalogue | None = None) -> Plan:
    """Allocate stock and free seats to gaps, replacements and pools; the rest is to buy.

    ``findings`` and ``ctx`` come from ``itready.rules.engine.run_checks`` for the same
    ``as_of``.
    """
    if catalogue is None:
        catalogue = ctx.catalogue or load_catalogue(Path(inventory.root), inventory.settings)[0]
    planner = _Planner(ctx, catalogue, [f for f in findings if not f.waived])
    planner.readiness_gaps()
    planner.replacements()
    planner.blocked_devices()
    planner.pools()
    return dataclasses.replace(planner.plan(as_of, inventory.settings.organisation),
                               rules=catalogue.rules)


class _Planner:
    """One allocation, step by step: the order of the steps is the order of precedence."""

    def __init__(self, ctx: Context, catalogue: Catalogue, findings: list[Finding]):
        self.ctx = ctx
        self.prices = ctx.settings.prices
        blocking = blocking_rules(catalogue, ctx.policy)
        replacing = tuple(rule.id for rule in catalogue if rule.replacement)
        self.stock = Stock(ctx, Hypothesis(ctx, catalogue, (*blocking, *replacing)))
        self.seats = Seats(ctx, findings)
        deciding = {rule.id for rule in catalogue if rule.readiness}
        self.gaps: dict[str, list[Finding]] = defaultdict(list)  # workplace -> its findings
        self.to_replace: dict[str, set[str]] = defaultdict(set)  # device -> replacement rules
        self.blocking: dict[str, set[str]] = defaultdict(set)  # device -> blocking rules
        self.pool_findings: list[Finding] = []
        for finding in findings:
            if finding.record_kind == "device":
                if finding.rule in blocking:
                    self.blocking[finding.record_id].add(finding.rule)
                if finding.rule in replacing:
                    self.to_replace[finding.record_id].add(finding.rule)
            elif finding.record_kind == "workplace" and finding.rule in deciding:
                if ctx.workplaces[finding.record_id].non_office:  # office ones are not counted
                    self.gaps[finding.record_id].append(finding)
            elif finding.record_kind == "site" and finding.detail("item"):
                self.pool_findings.append(finding)
        self.actions: dict[tuple[str, str], Action] = {}  # (workplace, requirement) -> action
        self.requirements: dict[str, list[tuple[str, str]]] = {}  # workplace -> (req., rule)
        self.handed: dict[str, model.Device] = {}  # workplace -> mobile device from stock
        self.blocked: list[tuple[str, str]] = []  # (workplace, requirement) of a blocked device
        self.replaced_by: dict[str, Action] = {}
        self.replacement_list: list[Replacement] = []
        self.pool_list: list[PoolShortfall] = []

    def readiness_gaps(self) -> None:
        """1. Readiness gaps: workplaces by ID, requirements in profile order."""
        for wid in sorted(self.gaps):
            workplace = self.ctx.workplaces[wid]
            profile = list(self.ctx.settings.readiness.get(workplace.work_model, ()))
            items = sorted(((_requirement(f), f.rule, f) for f in self.gaps[wid]),
                           key=lambda r: (profile.index(r[0]) if r[0] in profile
                                          else len(profile), r[1], r[0]))
            self.requirements[wid] = [(requirement, rule) for requirement, rule, _ in items]
            for requirement, _rule, finding in items:
                action = self._close(workplace, requirement, finding)
                if action is None:
                    self.blocked.append((wid, requirement))
                else:
                    self.actions[(wid, requirement)] = action

    def _close(self, workplace: model.Workplace, requirement: str, finding: Finding
               ) -> Action | None:
        """The action that closes one gap; None for a mobile device blocked by its own
        findings (step 3 decides, after replacements)."""
        wid, site = workplace.id, workplace.site
        if finding.detail("requirement") is None:  # an organisation's own rule
            return Action(REMEDIATE, finding.rule)
        if requirement == "training":
            return Action(TRAIN, "training")
        if requirement == "mobile-device":
            if self.ctx.in_use(wid, *MOBILE_DEVICE_KINDS):
                return None
            device = self.stock.take(MOBILE_DEVICE_KINDS, site, wid)
            if device is None:
                return Action(BUY, "laptop", unit_price=self.prices.get("laptop"))
            self.handed[wid] = device
            return Action(ASSIGN_STOCK, device.kind, device=device.id)
        if requirement == "camera" and (mobile := self.handed.get(wid)) and mobile.camera:
            return Action(ASSIGN_STOCK, mobile.kind, device=mobile.id)
        item = REQUIREMENT_ITEMS.get(requirement)
        if item is None:  # a capability: renew, a free seat, or buy a seat
            return self._seat(wid, finding.detail("capability") or requirement)
        device = self.stock.take((item,), site, wid)
        if device is not None:
            return Action(ASSIGN_STOCK, item, device=device.id)
        buy = Action(BUY, item, unit_price=self.prices.get(item))
        return self._seat(wid, "mfa", fallback=buy) if requirement == "mfa" else buy

    def _seat(self, wid: str, capability: str, fallback: Action | None = None) -> Action:
        """Renew, else a free seat, else ``fallback``, else buy: the action for a capability."""
        seats = self.seats
        renewal = seats.renewal(wid, capability)
        if renewal is not None:
            return Action(RENEW, renewal.id, licence=renewal.id,
                          unit_price=renewal.cost_per_seat)
        device = _seat_device(self.ctx, wid, self.handed)
        licence = seats.take(capability, device)
        if licence is not None:
            return Action(ASSIGN_SEAT, licence.id, licence=licence.id,
                          device=device if licence.model == "per-device" else None)
        if fallback is not None:
            return fallback
        licence = seats.to_buy(capability)
        if licence is None:
            return Action(BUY, capability)
        kind = ENTITLE if licence.model == "concurrent" else BUY
        return Action(kind, licence.id, licence=licence.id, unit_price=licence.cost_per_seat)

    def replacements(self) -> None:
        """2. Replacements (a computer counted once, whatever rules ask for it), devices by ID."""
        ctx = self.ctx
        for device_id in sorted(self.to_replace):
            device = ctx.devices[device_id]
            if device.status != "in-use":
                continue
            site = ctx.site_of(device)
            spare = self.stock.take((device.kind,), site, device.assigned_to)
            if spare is not None:
                action = Action(ASSIGN_STOCK, spare.kind, device=spare.id, replaces=device.id)
            else:
                action = Action(BUY, device.kind, unit_price=self.prices.get(device.kind),
                                replaces=device.id)
            self.replaced_by[device_id] = action
            holder = ctx.workplace_of(device)
            self.replacement_list.append(Replacement(
                device_id, device.kind, tuple(sorted(self.to_replace[device_id])),
                holder.id if holder is not None else None, site, action))

    def blocked_devices(self) -> None:
        """3. Workplaces whose laptop or tablet is blocked by its own findings: its
        replacement, else one from stock, else fix it."""
        for wid, requirement in self.blocked:
            mobiles = sorted(self.ctx.in_use(wid, *MOBILE_DEVICE_KINDS), key=lambda d: d.id)
            replaced = [self.replaced_by[d.id] for d in mobiles if d.id in self.replaced_by]
            if replaced:
                self.actions[(wid, requirement)] = replaced[0]
                continue
            names = ", ".join(d.id for d in mobiles)
            device = self.stock.take(MOBILE_DEVICE_KINDS, self.ctx.workplaces[wid].site, wid)
            if device is not None:
                action = Action(ASSIGN_STOCK, device.kind, device=device.id, replaces=names)
            else:
                rules = set().union(*(self.blocking.get(d.id, set()) for d in mobiles))
                action = Action(FIX, mobiles[0].kind, device=names, findings=tuple(sorted(rules)))
            self.actions[(wid, requirement)] = action

    def pools(self) -> None:
        """4. Shared-desk pools: monitors (after WP007), then docks; sites by ID."""
        for finding in sorted(self.pool_findings,
                              key=lambda f: (f.record_id, f.detail("item") != "monitor")):
            item = finding.detail("item")
            shortfall = int(finding.detail("quantity", 0))
            handed_over: list[str] = []
            while len(handed_over) < shortfall:
                device = self.stock.take((item,), finding.record_id, finding.record_id)
                if device is None:
                    break
                handed_over.append(device.id)
            self.pool_list.append(PoolShortfall(
                finding.record_id, finding.rule, item, shortfall, tuple(handed_over),
                shortfall - len(handed_over), self.prices.get(item)))
        self.pool_list.sort(key=lambda p: (p.site, p.rule))

    def plan(self, as_of: date, organisation: str | None) -> Plan:
        gap_lines = []
        for wid in sorted(self.requirements):
            workplace = self.ctx.workplaces[wid]
            for requirement, rule in self.requirements[wid]:
                gap_lines.append(GapLine(wid, workplace.department, workplace.site,
                                         workplace.cost_centre, requirement, rule,
                                         self.actions[(wid, requirement)]))
        return Plan(
            as_of=as_of, organisation=organisation, gaps=tuple(gap_lines),
            replacements=tuple(self.replacement_list), pools=tuple(self.pool_list),
            seats_used=tuple(sorted(self.seats.used.items())),
            counted=tuple(sorted(w.id for w in self.ctx.non_office)),
            not_ready=tuple(sorted(self.requirements)),
            peak_seats=self.peak_seats(gap_lines),
        )

    def peak_seats(self, gap_lines: list[GapLine]) -> tuple[PeakSeats, ...]:
        """Per concurrent licence that the gap list entitles workplaces to: the seats to buy
        for the peak over all its entitled workplaces, free seats and new ones together."""
        entitled: dict[str, list[GapLine]] = defaultdict(list)
        for gap in gap_lines:
            if gap.action.kind == ENTITLE and gap.action.licence:
                entitled[gap.action.licence].append(gap)
        out = []
        for licence_id in sorted(entitled):
            licence = self.ctx.licences[licence_id]
            workplaces = tuple(sorted({g.workplace for g in entitled[licence_id]}))
            count = self.ctx.entitled_remote(licence) + self.seats.used.get(licence_id, 0) + \
                len(workplaces)
            peak, seats = self.ctx.peak_remote(count), licence.seats or 0
            out.append(PeakSeats(licence_id, count, peak, seats, max(0, peak - seats),
                                 workplaces, tuple(sorted({g.rule for g in entitled[licence_id]})),
                                 licence.cost_per_seat))
        return tuple(out)


def _requirement(finding: Finding) -> str:
    """The requirement a readiness finding is about: from a built-in WP check, or the field
    (else the rule) of an organisation's own rule."""
    return finding.detail("requirement") or finding.field or finding.rule


def _seat_device(ctx: Context, wid: str, handed: dict[str, model.Device]) -> str | None:
    """The device that a per-device seat would go to: the workplace's laptop or tablet."""
    if wid in handed:
        return handed[wid].id
    mobiles = sorted(ctx.in_use(wid, *MOBILE_DEVICE_KINDS), key=lambda d: d.id)
    if mobiles:
        return mobiles[0].id
    computers = sorted(ctx.in_use(wid, *model.COMPUTER_KINDS), key=lambda d: d.id)
    return computers[0].id if computers else None


def build_plan(result: LoadResult, as_of: date
          ) -> tuple[Plan, list[Finding], Context, list[InputError]]:
    """Run the rules and plan: (plan, findings, context, rule-definition errors). The findings
    are placed at their file only (no line): plans never show one."""
    inventory = result.inventory
    catalogue = result.catalogue
    errors: list[InputError] = []
    if catalogue is None:  # loaded without its rules: load them here
        catalogue, errors = load_catalogue(Path(inventory.root), inventory.settings)
    findings, rule_errors, ctx = run_checks(result, as_of, catalogue, located=False)
    return (plan(inventory, as_of, findings, ctx, catalogue), findings, ctx,
            [*errors, *rule_errors])


__all__ = ["ACTION_KINDS", "ASSIGN_SEAT", "ASSIGN_STOCK", "BUY", "ENTITLE", "FIX", "REMEDIATE",
           "RENEW", "TRAIN", "Action", "GapLine", "PeakSeats", "Plan", "PoolShortfall",
           "Replacement", "build_plan", "plan"]

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
  the readiness-blocking rules (DEV001, DEV003, DEV004, DEV005) nor the replacement rules
  (DEV006, DEV008) would find it, as the catalogue in force defines them.
- **Free seats first.** A missing capability (vpn, e-file, …; and mfa after stock tokens) is
  closed by a free seat of an unexpired licence that provides it, licences by ID; only the rest
  is bought, as seats of the providing licence with the most seats.
- **Order.** Readiness gaps first (workplaces by ID, requirements in profile order), then
  replacements (devices by ID), then workplaces whose laptop is blocked by its own findings, then
  the shared-desk pools (sites by ID). No stock device and no seat is used twice.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from itready import model
from itready.findings import Finding
from itready.rules.builtin import BLOCKING_DEVICE_RULES, MOBILE_DEVICE_KINDS, REQUIREMENT_RULES
from itready.rules.catalogue import Catalogue, load_catalogue
from itready.rules.conditions import ConditionError, compile_condition
from itready.rules.facts import Context

ASSIGN_STOCK = "assign-stock"
ASSIGN_SEAT = "assign-seat"
BUY = "buy"
RENEW = "renew"  # the workplace's licence expired; its renewal (LIC002) closes the gap
FIX = "fix-device"  # the workplace's laptop or tablet is blocked by its own findings
TRAIN = "train"  # book the security training (WP006)
REMEDIATE = "remediate"  # an organisation's own WP rule: follow its remediation
ACTION_KINDS = (ASSIGN_STOCK, ASSIGN_SEAT, BUY, RENEW, FIX, TRAIN, REMEDIATE)
_CAPABILITY_RULES = ("WP004", "WP008")

REPLACEMENT_RULES = ("DEV006", "DEV008")
_DEVICE_ITEMS = {"WP002": "headset", "WP003": "webcam", "WP005": "mfa-token",
                 "WP007": "monitor"}
_POOL_RULES = {"SPC003": "monitor", "SPC002": "dock"}
_BUILTIN_WP = frozenset({*REQUIREMENT_RULES.values(), "WP008"})


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

    def filtered(self, ctx: Context, department: str | None = None,
                 site: str | None = None) -> Plan:
        """The same plan with gap lines and counts of one department and/or site only."""
        def keep(workplace_id: str) -> bool:
            w = ctx.workplaces[workplace_id]
            return (department is None or w.department == department) and (
                site is None or w.site == site)
        return dataclasses.replace(
            self, gaps=tuple(g for g in self.gaps if keep(g.workplace)),
            counted=tuple(w for w in self.counted if keep(w)),
            not_ready=tuple(w for w in self.not_ready if keep(w)))


# --- what a stock computer would be found to be -----------------------------------------------

class _Hypothesis:
    """Would a device, put in use at a place, be found by these rules? (catalogue in force)"""

    def __init__(self, ctx: Context, catalogue: Catalogue, rule_ids: Iterable[str]):
        self.ctx = ctx
        self.tests: list[tuple[str, Callable[[Any], bool]]] = []
        for rule_id in rule_ids:
            rule = catalogue.by_id.get(rule_id)
            if rule is None or rule.target != "device" or rule.condition is None:
                continue
            params = rule.params(ctx.policy)
            try:
                where = compile_condition(rule.where, "device", ctx, params) \
                    if rule.where else None
                condition = compile_condition(rule.condition, "device", ctx, params)
            except ConditionError:
                continue  # reported by the engine as E015
            self.tests.append((rule_id, _both(where, condition)))
        self._cache: dict[tuple[str, bool | None], bool] = {}

    def clean(self, device: model.Device, place: str | None) -> bool:
        """True if no rule would find the device in use at ``place`` (a workplace or site).

        Bundled DEV rules depend on the place only through whether it is a non-office
        workplace, so the answer is cached per (device, non-office or not).
        """
        workplace = self.ctx.workplaces.get(place or "")
        key = (device.id, workplace.non_office if workplace is not None else None)
        if key not in self._cache:
            candidate = dataclasses.replace(device, status="in-use", assigned_to=place)
            waived = {w.rule for w in device.waivers if w.until >= self.ctx.as_of}
            self._cache[key] = not any(rule_id not in waived and test(candidate)
                                       for rule_id, test in self.tests)
        return self._cache[key]


def _both(where: Callable[[Any], bool] | None, condition: Callable[[Any], bool]
          ) -> Callable[[Any], bool]:
    if where is None:
        return condition
    return lambda record: where(record) and condition(record)


# --- stock ------------------------------------------------------------------------------------

class _Stock:
    """Stock devices by kind; each handed over once. Amortised linear: pointers, not scans."""

    def __init__(self, ctx: Context, hypothesis: _Hypothesis):
        self.ctx = ctx
        self.hypothesis = hypothesis
        self.by_kind: dict[str, list[model.Device]] = defaultdict(list)
        self.by_place: dict[tuple[str, str], list[model.Device]] = defaultdict(list)
        for device in sorted(ctx.inventory.devices, key=lambda d: d.id):
            if device.status == "stock" and device.assigned_to not in ctx.workplaces:
                self.by_kind[device.kind].append(device)
                if device.assigned_to is not None:
                    self.by_place[(device.kind, device.assigned_to)].append(device)
        self.taken: set[str] = set()
        self._queues: dict[tuple[str, str | None, bool | None], list[model.Device]] = {}
        self._next: dict[tuple[str, str | None, bool | None], int] = defaultdict(int)

    def _queue(self, kind: str, site: str | None, place: str | None
               ) -> tuple[tuple[str, str | None, bool | None], list[model.Device]]:
        workplace = self.ctx.workplaces.get(place or "")
        non_office = workplace.non_office if workplace is not None else None
        key = (kind, site, non_office)
        if key not in self._queues:
            devices = self.by_kind.get(kind, []) if site is None else \
                self.by_place.get((kind, site), [])
            if kind in model.COMPUTER_KINDS:
                devices = [d for d in devices if self.hypothesis.clean(d, place)]
            self._queues[key] = devices
        return key, self._queues[key]

    def take(self, kinds: Iterable[str], site: str | None, place: str | None
             ) -> model.Device | None:
        """The first fitting stock device: stored at ``site`` first, then any; kinds in order."""
        kinds = tuple(kinds)
        for where in ((site, None) if site is not None else (None,)):
            for kind in kinds:
                key, queue = self._queue(kind, where, place)
                position = self._next[key]
                while position < len(queue) and queue[position].id in self.taken:
                    position += 1
                self._next[key] = position
                if position < len(queue):
                    device = queue[position]
                    self.taken.add(device.id)
                    return device
        return None


# --- licence seats ----------------------------------------------------------------------------

def _unexpired(licence: model.Licence, as_of: date) -> bool:
    return licence.expires is None or licence.expires >= as_of


def free_seats(ctx: Context, licence: model.Licence) -> int:
    """Seats that can still be assigned.

    Per-user and per-device: seats minus assignments. Concurrent: how many more non-office
    workplaces can be entitled before the peak (``policy.peak_remote_share`` of the entitled
    non-office workplaces, as LIC005 counts it) exceeds the seats. Site licences cover everyone
    and have none to assign; expired licences have none.
    """
    if not _unexpired(licence, ctx.as_of) or licence.seats is None or licence.model == "site":
        return 0
    if licence.model == "concurrent":
        share = ctx.policy.peak_remote_share
        remote = sum(1 for w in licence.assigned_to
                     if (wp := ctx.workplaces.get(w)) is not None and wp.non_office)
        if share <= 0:
            return 10 ** 9
        most = int((Decimal(licence.seats) / share).to_integral_value(rounding=ROUND_FLOOR))
        return max(0, most - remote)
    return max(0, licence.seats - len(licence.assigned_to))


class _Seats:
    """Free seats per licence, licences per capability; each seat assigned once."""

    def __init__(self, ctx: Context, findings: Iterable[Finding]):
        self.ctx = ctx
        self.free: dict[str, int] = {}
        self.used: dict[str, int] = defaultdict(int)
        self.providers: dict[str, list[model.Licence]] = defaultdict(list)
        for licence in sorted(ctx.inventory.licences, key=lambda lic: lic.id):
            for capability in licence.provides:
                self.providers[capability].append(licence)
            self.free[licence.id] = free_seats(ctx, licence)
        renewed = {f.record_id for f in findings if f.rule == "LIC002" and not f.waived}
        # capability -> licences that would give it to a workplace once renewed
        self._expired_site: dict[str, list[model.Licence]] = defaultdict(list)
        self._expired: dict[str, dict[str, list[model.Licence]]] = defaultdict(
            lambda: defaultdict(list))
        for licence in sorted(ctx.inventory.licences, key=lambda lic: lic.id):
            if licence.id not in renewed:
                continue
            if licence.model == "site":
                for capability in licence.provides:
                    self._expired_site[capability].append(licence)
                continue
            for target in ctx.workplaces_of(licence):
                for capability in licence.provides:
                    self._expired[target][capability].append(licence)

    def renewal(self, workplace: str, capability: str) -> model.Licence | None:
        """An expired licence (with an unwaived LIC002) that gave the workplace the capability."""
        found = self._expired.get(workplace, {}).get(capability) or \
            self._expired_site.get(capability)
        return found[0] if found else None

    def take(self, capability: str, device: str | None) -> model.Licence | None:
        """A licence with a free seat that provides the capability (per-device needs a device)."""
        for licence in self.providers.get(capability, ()):
            if self.free[licence.id] <= 0 or (licence.model == "per-device" and device is None):
                continue
            self.free[licence.id] -= 1
            self.used[licence.id] += 1
            return licence
        return None

    def to_buy(self, capability: str) -> model.Licence | None:
        """The providing licence to buy seats of: unexpired first, then the most seats, by ID."""
        candidates = [lic for lic in self.providers.get(capability, ()) if lic.model != "site"]
        if not candidates:
            return None
        return min(candidates, key=lambda lic: (not _unexpired(lic, self.ctx.as_of),
                                                -(lic.seats or 0), lic.id))


# --- the plan ---------------------------------------------------------------------------------

def plan(result: Any, as_of: date, findings: Iterable[Finding], ctx: Context,
         catalogue: Catalogue | None = None) -> Plan:
    """Allocate stock and free seats to gaps, replacements and pools; the rest is to buy.

    ``result`` is the ``LoadResult`` (or an ``Inventory``); ``findings`` and ``ctx`` come from
    ``itready.rules.engine.run_checks`` for the same ``as_of``.
    """
    inventory: model.Inventory = getattr(result, "inventory", result)
    if catalogue is None:
        catalogue, _errors = load_catalogue(Path(inventory.root), inventory.settings)
    findings = [f for f in findings if not f.waived]
    prices = inventory.settings.prices
    hypothesis = _Hypothesis(ctx, catalogue, (*BLOCKING_DEVICE_RULES, *REPLACEMENT_RULES))
    stock = _Stock(ctx, hypothesis)
    seats = _Seats(ctx, findings)

    wp_findings: dict[str, list[Finding]] = defaultdict(list)
    replace_rules: dict[str, set[str]] = defaultdict(set)
    blocking: dict[str, set[str]] = defaultdict(set)
    pool_findings: list[Finding] = []
    for finding in findings:
        if finding.rule in BLOCKING_DEVICE_RULES and finding.record_kind == "device":
            blocking[finding.record_id].add(finding.rule)
        if finding.rule.startswith("WP") and finding.record_kind == "workplace":
            if ctx.workplaces[finding.record_id].non_office:  # office ones are not counted
                wp_findings[finding.record_id].append(finding)
        elif finding.rule in REPLACEMENT_RULES and finding.record_kind == "device":
            replace_rules[finding.record_id].add(finding.rule)
        elif finding.rule in _POOL_RULES and finding.record_kind == "site":
            pool_findings.append(finding)

    actions: dict[tuple[str, str], Action] = {}  # (workplace, requirement) -> action
    requirements: dict[str, list[tuple[str, str, Finding]]] = {}
    handed: dict[str, model.Device] = {}  # workplace -> mobile device handed over from stock
    blocked: list[tuple[str, str]] = []  # (workplace, requirement) of WP001 with a device

    # 1. readiness gaps, workplaces by ID, requirements in profile order
    for wid in sorted(wp_findings):
        workplace = ctx.workplaces[wid]
        profile = list(ctx.settings.readiness.get(workplace.work_model, ()))
        items = []
        for finding in wp_findings[wid]:
            requirement = finding.detail("requirement") or _requirement_of(finding.rule)
            if finding.rule not in _BUILTIN_WP:
                requirement = finding.field or finding.rule
            items.append((requirement, finding.rule, finding))
        items.sort(key=lambda r: (profile.index(r[0]) if r[0] in profile else len(profile),
                                  r[1], r[0]))
        requirements[wid] = items
        for requirement, rule, finding in items:
            key = (wid, requirement)
            if rule == "WP001":
                if ctx.in_use(wid, *MOBILE_DEVICE_KINDS):
                    blocked.append(key)
                    continue
                device = stock.take(MOBILE_DEVICE_KINDS, workplace.site, wid)
                if device is not None:
                    handed[wid] = device
                    actions[key] = Action(ASSIGN_STOCK, device.kind, device=device.id)
                else:
                    actions[key] = Action(BUY, "laptop", unit_price=prices.get("laptop"))
            elif rule == "WP006":
                actions[key] = Action(TRAIN, "training")
            elif rule == "WP003" and (mobile := handed.get(wid)) is not None and mobile.camera:
                actions[key] = Action(ASSIGN_STOCK, mobile.kind, device=mobile.id)
            elif rule in ("WP002", "WP003", "WP007"):
                item = _DEVICE_ITEMS[rule]
                device = stock.take((item,), workplace.site, wid)
                actions[key] = Action(ASSIGN_STOCK, item, device=device.id) if device else \
                    Action(BUY, item, unit_price=prices.get(item))
            elif rule == "WP005":
                device = stock.take(("mfa-token",), workplace.site, wid)
                actions[key] = Action(ASSIGN_STOCK, "mfa-token", device=device.id) if device \
                    else _seat_action(ctx, seats, wid, "mfa", handed, fallback=Action(
                        BUY, "mfa-token", unit_price=prices.get("mfa-token")))
            elif rule in _CAPABILITY_RULES:
                capability = finding.detail("capability") or requirement
                actions[key] = _seat_action(ctx, seats, wid, capability, handed)
            else:  # a rule of the organisation's own that makes the workplace not ready
                actions[key] = Action(REMEDIATE, rule)

    # 2. replacements (DEV006 and DEV008 count a computer once), devices by ID
    replacements = []
    replaced_by: dict[str, Action] = {}
    for device_id in sorted(replace_rules):
        device = ctx.devices[device_id]
        if device.status != "in-use":
            continue
        site = ctx.site_of(device)
        spare = stock.take((device.kind,), site, device.assigned_to)
        if spare is not None:
            action = Action(ASSIGN_STOCK, spare.kind, device=spare.id, replaces=device.id)
        else:
            action = Action(BUY, device.kind, unit_price=prices.get(device.kind),
                            replaces=device.id)
        replaced_by[device_id] = action
        holder = ctx.workplace_of(device)
        replacements.append(Replacement(
            device_id, device.kind, tuple(sorted(replace_rules[device_id])),
            holder.id if holder is not None else None, site, action))

    # 3. workplaces whose laptop or tablet is blocked by its own findings
    for wid, requirement in blocked:
        mobiles = sorted(ctx.in_use(wid, *MOBILE_DEVICE_KINDS), key=lambda d: d.id)
        replaced = [replaced_by[d.id] for d in mobiles if d.id in replaced_by]
        if replaced:
            actions[(wid, requirement)] = replaced[0]
            continue
        names = ", ".join(d.id for d in mobiles)
        device = stock.take(MOBILE_DEVICE_KINDS, ctx.workplaces[wid].site, wid)
        actions[(wid, requirement)] = Action(ASSIGN_STOCK, device.kind, device=device.id,
                                             replaces=names) if device else \
            Action(FIX, mobiles[0].kind, device=names, findings=tuple(sorted(
                set().union(*(blocking.get(d.id, set()) for d in mobiles)))))

    # 4. shared-desk pools: monitors (after WP007), then docks; sites by ID
    pools = []
    for finding in sorted(pool_findings, key=lambda f: (f.record_id, f.rule != "SPC003")):
        item = finding.detail("item") or _POOL_RULES[finding.rule]
        shortfall = int(finding.detail("quantity", 0))
        handed_over: list[str] = []
        while len(handed_over) < shortfall:
            device = stock.take((item,), finding.record_id, finding.record_id)
            if device is None:
                break
            handed_over.append(device.id)
        pools.append(PoolShortfall(finding.record_id, finding.rule, item, shortfall,
                                   tuple(handed_over), shortfall - len(handed_over),
                                   prices.get(item)))
    pools.sort(key=lambda p: (p.site, p.rule))

    gap_lines = []
    for wid in sorted(requirements):
        workplace = ctx.workplaces[wid]
        for requirement, rule, _finding in requirements[wid]:
            gap_lines.append(GapLine(wid, workplace.department, workplace.site,
                                     workplace.cost_centre, requirement, rule,
                                     actions[(wid, requirement)]))
    return Plan(
        as_of=as_of, organisation=inventory.settings.organisation, gaps=tuple(gap_lines),
        replacements=tuple(replacements), pools=tuple(pools),
        seats_used=tuple(sorted(seats.used.items())),
        counted=tuple(sorted(w.id for w in ctx.non_office)),
        not_ready=tuple(sorted(requirements)),
    )


def _requirement_of(rule: str) -> str:
    for requirement, rule_id in REQUIREMENT_RULES.items():
        if rule_id == rule:
            return requirement
    return rule


def _seat_action(ctx: Context, seats: _Seats, wid: str, capability: str,
                 handed: dict[str, model.Device], fallback: Action | None = None) -> Action:
    """Renew, else a free seat, else buy: the action for a missing capability."""
    renewal = seats.renewal(wid, capability)
    if renewal is not None:
        return Action(RENEW, renewal.id, licence=renewal.id, unit_price=renewal.cost_per_seat)
    device = _seat_device(ctx, wid, handed)
    licence = seats.take(capability, device)
    if licence is not None:
        return Action(ASSIGN_SEAT, licence.id, licence=licence.id,
                      device=device if licence.model == "per-device" else None)
    if fallback is not None:
        return fallback
    licence = seats.to_buy(capability)
    if licence is None:
        return Action(BUY, capability)
    return Action(BUY, licence.id, licence=licence.id, unit_price=licence.cost_per_seat)


def _seat_device(ctx: Context, wid: str, handed: dict[str, model.Device]) -> str | None:
    """The device that a per-device seat would go to: the workplace's laptop or tablet."""
    if wid in handed:
        return handed[wid].id
    mobiles = sorted(ctx.in_use(wid, *MOBILE_DEVICE_KINDS), key=lambda d: d.id)
    if mobiles:
        return mobiles[0].id
    computers = sorted(ctx.in_use(wid, *model.COMPUTER_KINDS), key=lambda d: d.id)
    return computers[0].id if computers else None


def build(result: Any, as_of: date) -> tuple[Plan, list[Finding], Context, list[Any]]:
    """Run the rules and plan: (plan, findings, context, rule-definition errors). The findings
    are placed at their file only (no line): plans never show one."""
    from itready.rules.engine import run_checks

    inventory = result.inventory
    catalogue = result.catalogue
    errors: list[Any] = []
    if catalogue is None:  # loaded without its rules: load them here
        catalogue, errors = load_catalogue(Path(inventory.root), inventory.settings)
    findings, rule_errors, ctx = run_checks(result, as_of, catalogue, located=False)
    return plan(result, as_of, findings, ctx, catalogue), findings, ctx, [*errors, *rule_errors]


__all__ = ["ACTION_KINDS", "ASSIGN_SEAT", "ASSIGN_STOCK", "BUY", "FIX", "REMEDIATE", "RENEW",
           "TRAIN", "Action", "GapLine", "Plan", "PoolShortfall", "Replacement", "build",
           "free_seats", "plan"]

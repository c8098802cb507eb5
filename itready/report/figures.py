"""What the management report says, computed by the core that ``check`` and ``procure`` use.

The rules run once: ``run_checks`` gives the findings, ``report_of`` the report ``check`` would
print (narrowed to a department or site where asked), ``plan`` and ``procure`` the purchase list
that ``procure`` would print, grouped by department and by cost centre. The report's sections
are views of these, never figures computed anew: the readiness in the report is the readiness
of ``check --format json``, its purchase total that of ``procure --format json``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from itready.plan.gaps import ASSIGN_SEAT, ASSIGN_STOCK, BUY, Plan, plan
from itready.plan.procure import Procurement, procure
from itready.rules.engine import report_of, run_checks
from itready.rules.scope import Scope

if TYPE_CHECKING:
    from itready.errors import InputError
    from itready.findings import Finding, Report
    from itready.loader.inventory import LoadResult
    from itready.rules.facts import Context

#: Waivers that end within this many days of the check date are listed (outputs.md).
WAIVER_DAYS = 90
LICENCE_RULES = ("LIC001", "LIC002", "LIC003", "LIC005")  # over-assigned, expired, expiring
OS_RULES = ("DEV001", "DEV002")  # out of support, support ends within the warning period
SPACE_RULES = ("SPC001", "SPC002", "SPC003")


@dataclass(frozen=True, slots=True)
class Blocker:
    """A requirement that keeps workplaces from being ready, and what closes it."""

    requirement: str  # mobile-device, headset, vpn, training, e-file, ...
    rules: tuple[str, ...]
    workplaces: int
    covered: int  # closed from stock or a free licence seat
    to_buy: int
    other: int  # training to book, a device to fix, a licence to renew, ...


@dataclass(frozen=True, slots=True)
class LicenceIssue:
    licence: str
    product: str | None
    model: str
    seats: int | None
    assigned: int
    expires: date | None
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OsEnding:
    """Computers on one operating-system release whose support has ended or ends soon."""

    release: str
    eol: date | None
    ended: bool
    devices: int


@dataclass(frozen=True, slots=True)
class ExpiringWaiver:
    record_kind: str
    record_id: str
    rule: str
    until: date
    reason: str | None
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class SiteSpace:
    """Shared desks, on-site demand and the shared desks' docks and monitors at one site."""

    site: str
    name: str | None
    shared_desks: int
    demand: int
    docks: int
    monitors: int
    rules: tuple[str, ...]  # unwaived SPC findings


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the management report shows about the inventory on its check date."""

    report: Report
    by_department: Procurement
    by_cost_centre: Procurement
    blockers: tuple[Blocker, ...]
    licences: tuple[LicenceIssue, ...]
    os_ending: tuple[OsEnding, ...]
    waivers: tuple[ExpiringWaiver, ...]
    space: tuple[SiteSpace, ...]
    department: str | None = None
    site: str | None = None
    #: site id -> its name where the inventory gives one
    site_names: dict[str, str] | None = None


def build_figures(result: LoadResult, as_of: date, department: str | None = None,
            site: str | None = None) -> tuple[Figures | None, list[InputError]]:
    """The report's figures, or None and the errors of rule definitions that cannot run."""
    findings, errors, ctx = run_checks(result, as_of, located=False)  # the page shows no line
    if errors:
        return None, errors
    report = report_of(result, findings, errors, ctx, department=department, site=site)
    scoped = list(report.findings)
    purchases = plan(result.inventory, as_of, findings, ctx, ctx.catalogue)
    if department is not None or site is not None:
        purchases = purchases.filtered(ctx, department, site)
    unwaived = [f for f in findings if not f.waived]
    return Figures(
        report=report,
        by_department=procure(purchases, scoped, ctx, "department"),
        by_cost_centre=procure(purchases, scoped, ctx, "cost_centre"),
        blockers=blockers(purchases),
        licences=licence_issues(unwaived, ctx),
        os_ending=os_ending([f for f in scoped if not f.waived], ctx),
        waivers=expiring_waivers(ctx, as_of, department, site),
        space=space(unwaived, ctx, department, site),
        department=department, site=site,
        site_names={s.id: s.name for s in ctx.inventory.sites if s.name},
    ), []


def blockers(purchases: Plan) -> tuple[Blocker, ...]:
    """Requirements by the number of workplaces they keep from being ready, most first."""
    workplaces: dict[str, set[str]] = defaultdict(set)
    rules: dict[str, set[str]] = defaultdict(set)
    actions: dict[str, Counter[str]] = defaultdict(Counter)
    for gap in purchases.gaps:
        workplaces[gap.requirement].add(gap.workplace)
        rules[gap.requirement].add(gap.rule)
        kind = gap.action.kind
        actions[gap.requirement]["covered" if kind in (ASSIGN_STOCK, ASSIGN_SEAT)
                                 else "to_buy" if kind == BUY else "other"] += 1
    found = [Blocker(name, tuple(sorted(rules[name])), len(wps), actions[name]["covered"],
                     actions[name]["to_buy"], actions[name]["other"])
             for name, wps in workplaces.items()]
    return tuple(sorted(found, key=lambda b: (-b.workplaces, b.requirement)))


def licence_issues(unwaived: list[Finding], ctx: Context) -> tuple[LicenceIssue, ...]:
    """Licences over-assigned, too small for the peak, expired or expiring (unwaived)."""
    rules: dict[str, set[str]] = defaultdict(set)
    for finding in unwaived:
        if finding.rule in LICENCE_RULES and finding.record_kind == "licence":
            rules[finding.record_id].add(finding.rule)
    issues = []
    for licence in ctx.inventory.licences:
        if licence.id in rules:
            issues.append(LicenceIssue(licence.id, licence.product, licence.model,
                                       licence.seats, len(licence.assigned_to), licence.expires,
                                       tuple(sorted(rules[licence.id]))))
    return tuple(sorted(issues, key=lambda i: (i.expires or date.max, i.licence)))


def os_ending(unwaived: list[Finding], ctx: Context) -> tuple[OsEnding, ...]:
    """Computers whose operating system is out of support or leaves it within the warning
    period (DEV001, DEV002), counted per release, soonest end first."""
    counts: Counter[tuple[str, date | None, bool]] = Counter()
    for finding in unwaived:
        if finding.rule in OS_RULES and finding.record_kind == "device":
            release = ctx.release(ctx.devices[finding.record_id])
            if release is not None:
                counts[(release.label, release.eol, finding.rule == "DEV001")] += 1
    return tuple(OsEnding(label, eol, ended, n) for (label, eol, ended), n in
                 sorted(counts.items(), key=lambda i: (i[0][1] or date.max, i[0][0])))


def expiring_waivers(ctx: Context, as_of: date, department: str | None, site: str | None
                     ) -> tuple[ExpiringWaiver, ...]:
    """Waivers of records in scope that end within ``WAIVER_DAYS`` of the check date."""
    last = as_of + timedelta(days=WAIVER_DAYS)
    inside = Scope(department, site).within(ctx)
    found = []
    for record in ctx.inventory.records():
        for waiver in record.waivers:
            if as_of <= waiver.until <= last and (
                    (department is None and site is None)
                    or inside.record(record.record_kind, record.id)):
                found.append(ExpiringWaiver(record.record_kind, record.id, waiver.rule,
                                            waiver.until, waiver.reason, waiver.approved_by))
    return tuple(sorted(found, key=lambda w: (w.until, w.record_id, w.rule)))


def space(unwaived: list[Finding], ctx: Context, department: str | None, site: str | None
          ) -> tuple[SiteSpace, ...]:
    """Shared desks, demand, docks and monitors of each site in scope (where workplaces of the
    department are, or the site asked for) that has shared desks or a demand for them."""
    rules: dict[str, set[str]] = defaultdict(set)
    for finding in unwaived:
        if finding.rule in SPACE_RULES:
            rules[finding.record_id].add(finding.rule)
    wanted = {w.site for w in ctx.inventory.workplaces
              if (department is None or w.department == department)
              and (site is None or w.site == site)}
    rows = []
    for record in ctx.inventory.sites:
        if (department is not None or site is not None) and record.id not in wanted:
            continue
        pool = [d for d in ctx.pool_of.get(record.id, ()) if d.status == "in-use"]
        row = SiteSpace(record.id, record.name, record.shared_desks,
                        ctx.desk_demand.get(record.id, 0),
                        sum(1 for d in pool if d.kind == "dock"),
                        sum(1 for d in pool if d.kind == "monitor"),
                        tuple(sorted(rules[record.id])))
        if row.shared_desks or row.demand or row.rules:
            rows.append(row)
    return tuple(rows)

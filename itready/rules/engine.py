"""Run the rule catalogue over a loaded inventory: facts → rules → findings → report.

Rules run by phase (``itready.rules.builtin``): first every rule that reads records only, then
readiness, which reads the device findings (WP001), then the inventory rules, which read every
finding (a stale waiver is one that waived nothing). Waivers are applied as findings are made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itready import __version__, model
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.i18n import _
from itready.rules.builtin import BUILTINS, Hit
from itready.rules.catalogue import Catalogue, Rule, load_catalogue
from itready.rules.conditions import ConditionError
from itready.rules.facts import Context
from itready.rules.matching import ConditionRules
from itready.rules.scope import Scope
from itready.rules.selection import matches

if TYPE_CHECKING:
    from itready.loader.inventory import LoadResult



class _Waivers:
    """Unexpired waivers by (record id, rule), and which of them waived something."""

    def __init__(self, records: Iterable[Any], as_of: date):
        self.active: dict[tuple[str, str], model.Waiver] = {}
        self.used: set[tuple[str, str]] = set()
        for record in records:
            for waiver in record.waivers:
                if waiver.until >= as_of:
                    self.active[(record.id, waiver.rule)] = waiver

    def lookup(self, record_id: str, rule: str) -> model.Waiver | None:
        waiver = self.active.get((record_id, rule))
        if waiver is not None:
            self.used.add((record_id, rule))
        return waiver


def run_checks(result: LoadResult, as_of: date, catalogue: Catalogue | None = None, *,
               located: bool = True) -> tuple[list[Finding], list[InputError], Context]:
    """Every finding of every rule in the catalogue, sorted; plus errors in rule definitions.

    ``located=False`` places each finding at its file only, for callers that show no line
    (the gap and purchase lists): finding every line costs a tenth of a run.
    """
    inventory = result.inventory
    errors: list[InputError] = []
    if catalogue is None:
        catalogue = result.catalogue
    if catalogue is None:
        catalogue, errors = load_catalogue(Path(inventory.root), inventory.settings)
    ctx = Context(inventory, as_of, catalogue)
    waivers = _Waivers(inventory.records(), as_of)
    locate = result.locate if located else _file_of
    conditions = ConditionRules(ctx)
    families: dict[type, Any] = {}
    findings: list[Finding] = []
    for rule in sorted(catalogue, key=lambda r: (_phase(r), r.id)):
        params = rule.params(inventory.settings.policy)
        try:
            hits = _hits(rule, params, ctx, conditions, families)
        except ConditionError as exc:
            message = _("rule {rule}: {problem}").format(rule=rule.id, problem=exc.message)
            errors.append(InputError("E015", message, Location(rule.source, rule.line)))
            continue
        for hit in hits:
            finding = _finding(rule, hit, locate, waivers)
            findings.append(finding)
            ctx.found.add(rule.id, finding.record_id, finding.waived)
    findings.sort(key=Finding.sort_key)
    return findings, errors, ctx


def _phase(rule: Rule) -> int:
    check = BUILTINS.get(rule.id) if rule.condition is None else None
    return check.phase if check is not None else 0


def _hits(rule: Rule, params: dict[str, Any], ctx: Context, conditions: ConditionRules,
          families: dict[type, Any]) -> Iterable[Hit]:
    """What one rule finds: its condition over the records, or its built-in check."""
    if rule.condition is not None:
        return conditions.hits(rule, params)
    check = BUILTINS[rule.id]
    if check.family is None:
        return check.run(ctx, params)
    if check.family not in families:
        families[check.family] = check.family(ctx)
    return check.run(families[check.family], params)


def _file_of(record: model.Record, *path: str | int) -> Location:
    return Location(record.source.path)


def _finding(rule: Rule, hit: Hit, locate: Callable[..., Location], waivers: _Waivers
             ) -> Finding:
    record = hit.record
    waiver = waivers.lookup(record.id, rule.id)
    return _FINDING(
        rule.id, rule.severity, record.record_kind, record.id, hit.message,
        locate(record, *hit.path), hit.field, waiver is not None,
        WaiverInfo(waiver.reason, waiver.until, waiver.approved_by) if waiver else None,
        hit.details,
    )


#: Findings by position, through a generated constructor (``model.maker``): a frozen
#: dataclass's ``__init__`` costs more than the rest of making a finding.
_FINDING = model.maker(Finding)


def readiness(workplaces: Iterable[model.Workplace], findings: Iterable[Finding],
              catalogue: Catalogue) -> tuple[Readiness, tuple[Readiness, ...],
                                             tuple[Readiness, ...]]:
    """Ready / counted non-office workplaces: overall, per department, per site. A workplace
    is not ready while a rule that decides readiness (``Rule.readiness``) finds it."""
    deciding = {rule.id for rule in catalogue if rule.readiness}
    not_ready = {f.record_id for f in findings
                 if f.rule in deciding and f.record_kind == "workplace" and not f.waived}
    by_department: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_site: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    counted = ready = 0
    for workplace in workplaces:
        if not workplace.non_office:
            continue
        is_ready = workplace.id not in not_ready
        counted += 1
        ready += is_ready
        for group in (by_department[workplace.department], by_site[workplace.site]):
            group[0] += 1
            group[1] += is_ready
    return (
        Readiness("overall", counted, ready),
        tuple(Readiness(name, c, r) for name, (c, r) in sorted(by_department.items())),
        tuple(Readiness(name, c, r) for name, (c, r) in sorted(by_site.items())),
    )


def check(result: LoadResult, as_of: date, *, select: Iterable[str] = (),
          ignore: Iterable[str] = (), department: str | None = None,
          site: str | None = None) -> Report:
    """The report of one ``itready check`` run.

    ``department`` and ``site`` (exact names) narrow the report to a scope: its workplaces and
    their devices, and the shared records that concern it (``itready.rules.scope``); readiness
    counts the workplaces in scope only. ``select`` and ``ignore`` narrow the findings shown,
    never readiness, which always counts every requirement.
    """
    findings, errors, ctx = run_checks(result, as_of)
    return report_of(result, findings, errors, ctx, select=select, ignore=ignore,
                     department=department, site=site)


def report_of(result: LoadResult, findings: list[Finding], errors: list[InputError],
              ctx: Context, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
              department: str | None = None, site: str | None = None) -> Report:
    """The report of what ``run_checks`` found, narrowed as ``check`` narrows it: for callers
    that also plan from the same findings (the management report, the history), so that the
    rules run once."""
    catalogue = ctx.catalogue
    assert catalogue is not None
    scope = Scope(department, site)
    workplaces: Iterable[model.Workplace] = ctx.inventory.workplaces
    if scope:
        inside = scope.within(ctx)
        findings = [f for f in findings if inside.finding(f)]
        workplaces = [w for w in workplaces if inside.workplace(w.id)]
    overall, departments, sites = readiness(workplaces, findings, catalogue)
    select, ignore = tuple(select), tuple(ignore)
    shown = [f for f in findings if selected(f.rule, select, ignore)]
    return Report(
        organisation=result.inventory.settings.organisation, as_of=ctx.as_of,
        tool_version=__version__, findings=tuple(shown),
        errors=tuple(sorted((*result.errors, *errors), key=InputError.sort_key)),
        overall=overall, departments=departments, sites=sites, rules=catalogue.rules,
        unchecked_references=result.unchecked_references,
    )


def selected(rule: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether ``--select`` and ``--ignore`` (rule IDs or prefixes such as ``DEV``) keep
    ``rule``."""
    return (not select or _matches(rule, select)) and not (ignore and _matches(rule, ignore))


def _matches(rule: str, patterns: tuple[str, ...]) -> bool:
    return any(matches(rule, p) for p in patterns)

"""Run the rule catalogue over a loaded inventory: facts → rules → findings → report.

Device rules run first, because a workplace's readiness depends on its devices' findings
(WP001); waivers are applied as findings are made; the inventory rules (INV) run last, since a
stale waiver is one that waived nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from itready import __version__, model
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.loader.inventory import LoadResult
from itready.rules.builtin import BLOCKING_DEVICE_RULES, CHECKS, Hit
from itready.rules.catalogue import Catalogue, Rule, load_catalogue
from itready.rules.conditions import ConditionError, compile_filter
from itready.rules.facts import FACTS, Context

_PLACEHOLDER = re.compile(r"\{([\w.]+)\}")
_ORDER = {"device": 0, "workplace": 2, "licence": 1, "site": 1, "vpn": 1, "inventory": 1}


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "not recorded" if value is None else str(value)


def compile_message(template: str, target: str, ctx: Context, params: dict[str, Any]
                    ) -> Callable[[Any], str]:
    """A rule's message as a function of a record: ``{fact}`` placeholders become getters and
    ``{parameter}`` their value once, so that each finding only reads its facts. An unknown
    name stays as written."""
    facts = FACTS[target]
    texts: list[str] = []
    getters: list[tuple[int, Callable[[Any], Any]]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        texts.append(template[last:match.start()])
        name = match.group(1)
        if name in facts:
            getters.append((len(texts), facts[name](ctx)))
            texts.append("")
        else:
            texts.append(_format(params[name]) if name in params else match.group(0))
        last = match.end()
    texts.append(template[last:])

    def message(record: Any) -> str:
        parts = texts.copy()
        for index, get in getters:
            parts[index] = _format(get(record))
        return "".join(parts)
    return message


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


def _condition_hits(rule: Rule, ctx: Context, params: dict[str, Any]) -> Iterator[Hit]:
    condition = compile_filter(rule.condition, rule.target, ctx, params, ("condition",))
    message = compile_message(rule.message or f"{{id}}: {rule.title}", rule.target, ctx, params)
    path = tuple(rule.field.split(".")) if rule.field else ()
    for record in condition(_matching(rule, ctx, params)):
        yield Hit(record, message(record), field=rule.field, path=path)


def _matching(rule: Rule, ctx: Context, params: dict[str, Any]) -> list[Any]:
    """The records of a rule's target that its ``where`` admits."""
    if not rule.where:
        return list(getattr(ctx.inventory, model.KIND_BY_NAME[rule.target].key))
    return _admitted(rule.where, rule.target, ctx, params, ("where",))


def _admitted(where: Any, target: str, ctx: Context, params: dict[str, Any],
              path: tuple[str | int, ...]) -> list[Any]:
    """The records ``where`` admits, computed once a run. Rules share their ``where`` or its
    first tests (every computer in use, ... that runs Windows): an ``all`` narrows the records
    its first tests admitted, so that shared first tests run once."""
    text = repr(where)
    used = sorted((name, repr(value)) for name, value in params.items() if "$" in text
                  and (f"${name}" in text or f"${{{name}}}" in text))
    key = ("where", target, text, tuple(used))
    if key not in ctx.memo:
        parts = where.get("all") if isinstance(where, dict) and len(where) == 1 else None
        if isinstance(parts, list) and len(parts) > 1:
            first = {"all": parts[:-1]} if len(parts) > 2 else parts[0]
            first_path = path if len(parts) > 2 else (*path, "all", 0)
            records = _admitted(first, target, ctx, params, first_path)
            where, path = parts[-1], (*path, "all", len(parts) - 1)
        else:
            records = getattr(ctx.inventory, model.KIND_BY_NAME[target].key)
        ctx.memo[key] = compile_filter(where, target, ctx, params, path)(list(records))
    return ctx.memo[key]


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
    ctx = Context(inventory, as_of)
    records = inventory.records()
    waivers = _Waivers(records, as_of)
    locate = result.locate if located else _file_of
    findings: list[Finding] = []
    found_on: set[tuple[str, str]] = set()
    blocked: set[str] = set()
    rules = sorted((r for r in catalogue if r.target != "inventory" or r.check in CHECKS),
                   key=lambda r: (_ORDER[r.target], r.id))
    device_done = False
    for rule in rules:
        if not device_done and _ORDER[rule.target] > 0:
            device_done = True
            blocked = {f.record_id for f in findings
                       if f.rule in BLOCKING_DEVICE_RULES and not f.waived}
        params = rule.params(inventory.settings.policy)
        try:
            if rule.check is not None:
                hits: Iterable[Hit] = CHECKS[rule.check](ctx, params, blocked)
            else:
                hits = list(_condition_hits(rule, ctx, params))
        except ConditionError as exc:
            errors.append(InputError("E015", f"rule {rule.id}: {exc.message}",
                                     Location(rule.source, rule.line)))
            continue
        for hit in hits:
            findings.append(_finding(rule, hit, locate, waivers))
            found_on.add((hit.record.id, rule.id))
    findings.extend(_waiver_findings(records, catalogue, waivers, found_on, locate, as_of))
    findings.sort(key=Finding.sort_key)
    return findings, errors, ctx


def _file_of(record: model.Record, *path: str | int) -> Location:
    return Location(record.source.path)


def _finding(rule: Rule, hit: Hit, locate: Callable[..., Location], waivers: _Waivers
             ) -> Finding:
    record = hit.record
    waiver = waivers.lookup(record.id, rule.id)
    return Finding(
        rule=rule.id, severity=rule.severity, record_kind=record.record_kind,
        record_id=record.id, message=hit.message, location=locate(record, *hit.path),
        field=hit.field, waived=waiver is not None,
        waiver=WaiverInfo(waiver.reason, waiver.until, waiver.approved_by) if waiver else None,
        details=hit.details,
    )


def _waiver_findings(records: Iterable[Any], catalogue: Catalogue, waivers: _Waivers,
                     found_on: set[tuple[str, str]], locate: Callable[..., Location],
                     as_of: date) -> Iterator[Finding]:
    """INV001 (expired waiver) and INV002 (waiver that waives nothing)."""
    inv001, inv002 = catalogue.by_id.get("INV001"), catalogue.by_id.get("INV002")
    for record in records:
        for waiver in record.waivers:
            path = ("waivers", waiver.index)
            field = f"waivers[{waiver.rule}]"
            if waiver.until < as_of:
                if inv001 is not None:
                    yield _finding(inv001, Hit(record, f"waiver of {waiver.rule} on {record.id} "
                                               f"expired on {waiver.until}", field=field,
                                               path=(*path, "until")), locate, waivers)
            elif (record.id, waiver.rule) not in found_on and inv002 is not None:
                why = "is disabled" if waiver.rule not in catalogue.by_id else \
                    "finds nothing on it"
                yield _finding(inv002, Hit(record, f"waiver of {waiver.rule} on {record.id} is "
                                           f"stale: the rule {why}", field=field, path=path),
                               locate, waivers)


def readiness(workplaces: Iterable[model.Workplace], findings: Iterable[Finding]
              ) -> tuple[Readiness, tuple[Readiness, ...], tuple[Readiness, ...]]:
    """Ready / counted non-office workplaces: overall, per department, per site."""
    not_ready = {f.record_id for f in findings
                 if f.rule.startswith("WP") and f.record_kind == "workplace" and not f.waived}
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

    ``department`` and ``site`` narrow the report to those workplaces and their devices;
    ``select`` and ``ignore`` narrow the findings shown, never readiness, which always counts
    every requirement.
    """
    findings, errors, ctx = run_checks(result, as_of)
    catalogue = result.catalogue or load_catalogue()[0]
    if department or site:
        findings = [f for f in findings if _in_scope(f, ctx, department, site)]
    workplaces = [w for w in ctx.inventory.workplaces
                  if (department is None or w.department == department)
                  and (site is None or w.site == site)]
    overall, departments, sites = readiness(workplaces, findings)
    select, ignore = tuple(select), tuple(ignore)
    shown = [f for f in findings if selected(f.rule, select, ignore)]
    return Report(
        organisation=result.inventory.settings.organisation, as_of=as_of,
        tool_version=__version__, findings=tuple(shown),
        errors=tuple(sorted((*result.errors, *errors), key=InputError.sort_key)),
        overall=overall, departments=departments, sites=sites, rules=catalogue.rules,
    )


def selected(rule: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether ``--select`` and ``--ignore`` (rule IDs or prefixes such as ``DEV``) keep
    ``rule``."""
    return (not select or _matches(rule, select)) and not (ignore and _matches(rule, ignore))


def _matches(rule: str, patterns: tuple[str, ...]) -> bool:
    return any(rule == p or (len(p) < 6 and rule.startswith(p)) for p in patterns)


def _in_scope(finding: Finding, ctx: Context, department: str | None, site: str | None
              ) -> bool:
    """Whether a finding concerns the department or site asked for."""
    workplace = ctx.workplaces.get(finding.record_id)
    if workplace is None and finding.record_kind == "device":
        device = ctx.devices[finding.record_id]
        workplace = ctx.workplace_of(device)
        if workplace is None:  # pool equipment of a site
            return department is None and ctx.site_of(device) == site
    if workplace is None:
        return department is None and finding.record_kind == "site" and \
            finding.record_id == site
    return (department is None or workplace.department == department) and (
        site is None or workplace.site == site)

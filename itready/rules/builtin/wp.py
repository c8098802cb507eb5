"""WP: readiness of non-office workplaces, one rule per requirement of the readiness profile.

Each requirement that a workplace's profile names (``readiness.<work_model>`` in itready.yaml)
is met or not; an unmet requirement is a finding of the rule for it (``REQUIREMENT_RULES``, and
WP008 for any other capability). All WP rules share one pass over the workplaces
(``Readiness``), configured by their parameters: WP001's ``blocked_by`` (device rules whose
unwaived finding makes a laptop or tablet unfit) and WP006's ``months``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from itready import model
from itready.i18n import _, plural
from itready.i18n.formatting import day
from itready.i18n.labels import device_kind
from itready.rules.builtin import Hit, Params, builtin
from itready.rules.dates import older_than
from itready.rules.facts import Context

if TYPE_CHECKING:
    from itready.rules.catalogue import Catalogue

#: Requirement name -> rule ID; any other requirement is a capability (``CAPABILITY_RULE``).
REQUIREMENT_RULES = {"mobile-device": "WP001", "headset": "WP002", "camera": "WP003",
                     "vpn": "WP004", "mfa": "WP005", "training": "WP006", "monitor": "WP007"}
CAPABILITY_RULE = "WP008"
#: Device rules whose unwaived finding makes a laptop or tablet unfit, unless WP001's
#: ``blocked_by`` parameter says otherwise.
BLOCKING_DEVICE_RULES = ("DEV001", "DEV003", "DEV004", "DEV005", "DEV011")
#: The device kinds that meet the mobile-device requirement (WP001).
MOBILE_DEVICE_KINDS = ("laptop", "tablet")


def blocking_rules(catalogue: Catalogue | None, policy: model.Policy) -> tuple[str, ...]:
    """The device rules whose unwaived finding makes a laptop or tablet unfit: WP001's
    ``blocked_by``, as the catalogue in force sets it."""
    rule = catalogue.by_id.get("WP001") if catalogue is not None else None
    value = rule.params(policy).get("blocked_by") if rule is not None else None
    if not isinstance(value, (list, tuple)):
        return BLOCKING_DEVICE_RULES
    return tuple(str(v) for v in value)


class Readiness:
    """The unmet requirements of every non-office workplace, computed once a run."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @cached_property
    def by_rule(self) -> dict[str, list[Hit]]:
        ctx = self.ctx
        blocked = ctx.found.unwaived(blocking_rules(ctx.catalogue, ctx.policy))
        training = ctx.catalogue.by_id.get("WP006") if ctx.catalogue is not None else None
        months = int(training.params(ctx.policy)["months"] if training is not None
                     else ctx.policy.training_valid_months)
        by_rule: dict[str, list[Hit]] = defaultdict(list)
        for workplace in ctx.non_office:
            for rule, requirement, message, details in unmet_requirements(
                    ctx, workplace, blocked, months):
                by_rule[rule].append(Hit(
                    workplace, message, field=requirement if rule == CAPABILITY_RULE else None,
                    details=tuple(sorted({"requirement": requirement, **details}.items()))))
        return by_rule


def _requirement_check(rule: str) -> None:
    def run(readiness: Readiness, params: Params) -> Iterable[Hit]:
        return readiness.by_rule.get(rule, ())
    builtin(rule, Readiness, phase=1)(run)


for _rule in (*REQUIREMENT_RULES.values(), CAPABILITY_RULE):
    _requirement_check(_rule)


def unmet_requirements(ctx: Context, workplace: model.Workplace, blocked: set[str],
                       training_months: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(rule, requirement, message, details) for each unmet requirement of a workplace.

    Run for every non-office workplace: most requirements are met, so the met path is a set
    or dictionary lookup each."""
    wid = workplace.id
    kinds: set[str] = set()  # kinds of this workplace's devices in use
    mobiles: list[model.Device] = []  # its laptops and tablets in use
    for device in ctx.devices_of.get(wid, ()):
        if device.status == "in-use":
            kinds.add(device.kind)
            if device.kind in MOBILE_DEVICE_KINDS:
                mobiles.append(device)
    unmet = []
    for requirement in ctx.settings.readiness.get(workplace.work_model, ()):
        rule = REQUIREMENT_RULES.get(requirement, CAPABILITY_RULE)
        if requirement == "mobile-device":
            if [d for d in mobiles if d.id not in blocked]:
                continue
            if mobiles:
                names = ", ".join(sorted(d.id for d in mobiles))
                unmet.append((rule, requirement, _(
                    "workplace {id}: its laptop or tablet ({devices}) is not secure or not "
                    "supported (see its device findings)").format(id=wid, devices=names),
                    {"replace": False, "devices": names}))
            else:
                unmet.append((rule, requirement, _(
                    "workplace {id} has no laptop or tablet in use").format(id=wid),
                    {"replace": True, "item": "laptop"}))
        elif requirement in ("headset", "monitor"):
            if requirement not in kinds:
                unmet.append((rule, requirement, _(
                    "workplace {id} has no {item} in use").format(
                        id=wid, item=device_kind(requirement)), {"item": requirement}))
        elif requirement == "camera":
            if "webcam" in kinds or [d for d in mobiles if d.camera]:
                continue
            unmet.append((rule, requirement, _(
                "workplace {id} has no camera (no webcam, no laptop or tablet with a built-in "
                "camera)").format(id=wid), {"item": "webcam"}))
        elif requirement == "mfa":
            if "mfa-token" in kinds or ctx.has_capability(wid, "mfa"):
                continue
            unmet.append((rule, requirement, _(
                "workplace {id} has no MFA token and no MFA licence").format(id=wid),
                {"item": "mfa-token", "capability": "mfa"}))
        elif requirement == "training":
            training = workplace.training
            if training is not None and not _lapsed(training, training_months, ctx.as_of):
                continue
            unmet.append((rule, requirement, _training(wid, training, training_months), {}))
        elif not ctx.has_capability(wid, requirement):
            unmet.append((rule, requirement, _(
                "workplace {id} has no licence providing '{capability}'").format(
                    id=wid, capability=requirement), {"capability": requirement}))
    return unmet


def _training(workplace: str, training: date | None, months: int) -> str:
    """WP006's message: the training never recorded, or too old."""
    if training is None:
        return _("workplace {id}: security training for mobile work never recorded").format(
            id=workplace)
    return _("workplace {id}: security training for mobile work last on {date}, more than "
             "{months} ago").format(id=workplace, date=day(training),
                                    months=plural(months, "{n} month", "{n} months"))


@functools.lru_cache(maxsize=4096)
def _lapsed(training: date, months: int, as_of: date) -> bool:
    """Whether a training is older than ``months`` on ``as_of`` (it counts up to and including
    the day it turns that old); thousands of workplaces share a few hundred dates."""
    return older_than(training, months, "m", as_of)

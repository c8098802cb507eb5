"""Facts about records, computed once per run: what rules and conditions are evaluated over.

A fact is a named value of a record: its own fields (``encrypted``, ``os.name``) and what
follows from the whole inventory (``age_years``, ``os_eol``, ``workplace.department``,
``non_office``). ``Context`` precomputes the indices that make every fact a dictionary lookup,
so that rules stay linear in the size of the inventory.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from itready import model
from itready.i18n import _
from itready.i18n.formatting import day, number
from itready.lifecycle import LifecycleTable, Release
from itready.rules.dates import months_between, years_between

if TYPE_CHECKING:
    from itready.rules.catalogue import Catalogue

Getter = Callable[[Any], Any]

SECURITY_FIELDS = ("encrypted", "mdm", "vpn_client", "secure_boot")


def ceil_decimal(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


class Found:
    """What the rules of a run found so far, for the rules that build on it: readiness reads
    the device findings, stale waivers read every finding."""

    __slots__ = ("_on", "_unwaived")

    def __init__(self) -> None:
        self._unwaived: dict[str, set[str]] = defaultdict(set)  # rule -> record ids
        self._on: set[tuple[str, str]] = set()  # (record id, rule), waived or not

    def add(self, rule: str, record_id: str, waived: bool) -> None:
        self._on.add((record_id, rule))
        if not waived:
            self._unwaived[rule].add(record_id)

    def unwaived(self, rules: Iterable[str]) -> set[str]:
        """Records with an unwaived finding of any of ``rules``."""
        return set().union(*(self._unwaived.get(rule, ()) for rule in rules))

    def on(self, record_id: str, rule: str) -> bool:
        """Whether ``rule`` found something on the record (waived or not)."""
        return (record_id, rule) in self._on


class Context:
    """One run's view of an inventory: indices, demand figures, the check date, the rules in
    force and what they found so far."""

    def __init__(self, inventory: model.Inventory, as_of: date,
                 catalogue: Catalogue | None = None):
        self.inventory = inventory
        self.as_of = as_of
        self.catalogue = catalogue
        self.found = Found()
        self.settings = inventory.settings
        self.policy = inventory.settings.policy
        self.lifecycle = LifecycleTable.bundled().with_overrides(inventory.settings.lifecycle)
        self.sites = {s.id: s for s in inventory.sites}
        self.workplaces = {w.id: w for w in inventory.workplaces}
        self.devices = {d.id: d for d in inventory.devices}
        self.licences = {lic.id: lic for lic in inventory.licences}
        self.devices_of: dict[str, list[model.Device]] = defaultdict(list)
        self.pool_of: dict[str, list[model.Device]] = defaultdict(list)
        for device in inventory.devices:
            if device.assigned_to in self.workplaces:
                self.devices_of[device.assigned_to].append(device)
            elif device.assigned_to in self.sites:
                self.pool_of[device.assigned_to].append(device)
        self._releases: dict[tuple[str, str, str | None], Release | None] = {}

    # -- devices ----------------------------------------------------------------------------

    def release(self, device: model.Device) -> Release | None:
        os = device.os
        if os is None:
            return None
        key = (os.name, os.version, os.edition)  # a tuple hashes in C, the dataclass does not
        if key not in self._releases:
            self._releases[key] = self.lifecycle.find(*key)
        return self._releases[key]

    def workplace_of(self, device: model.Device) -> model.Workplace | None:
        return self.workplaces.get(device.assigned_to or "")

    def site_of(self, device: model.Device) -> str | None:
        """The site a device works at: its workplace's site, or the site it is assigned to."""
        workplace = self.workplace_of(device)
        if workplace is not None:
            return workplace.site
        return device.assigned_to if device.assigned_to in self.sites else None

    def in_use(self, workplace_id: str, *kinds: str) -> list[model.Device]:
        return [d for d in self.devices_of.get(workplace_id, ())
                if d.status == "in-use" and d.kind in kinds]

    # -- demand -----------------------------------------------------------------------------

    @cached_property
    def non_office(self) -> list[model.Workplace]:
        return [w for w in self.inventory.workplaces if w.non_office]

    def peak_remote(self, workplaces: int) -> int:
        """ceil(workplaces x policy.peak_remote_share)."""
        return ceil_decimal(Decimal(workplaces) * self.policy.peak_remote_share)

    def entitled_remote(self, licence: model.Licence) -> int:
        """Non-office workplaces a concurrent licence entitles: whose peak its seats carry."""
        return sum(1 for w in licence.assigned_to
                   if (wp := self.workplaces.get(w)) is not None and wp.non_office)

    @cached_property
    def desk_demand(self) -> dict[str, int]:
        """On-site demand for shared desks per site."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for workplace in self.inventory.workplaces:
            if workplace.desk == "shared":
                totals[workplace.site] += Decimal(5 - workplace.mobile_days) / 5
        factor = self.policy.desk_peak_factor
        return {site: ceil_decimal(total * factor) for site, total in totals.items()}

    # -- capabilities -----------------------------------------------------------------------

    @cached_property
    def _capability_index(self) -> tuple[dict[str, dict[str, list[model.Licence]]], set[str]]:
        """workplace id -> capability -> licences giving it; and capabilities of site licences."""
        by_workplace: dict[str, dict[str, list[model.Licence]]] = defaultdict(
            lambda: defaultdict(list))
        everywhere: set[str] = set()
        for licence in self.inventory.licences:
            if licence.expires is not None and licence.expires < self.as_of:
                continue
            if licence.model == "site":
                everywhere.update(licence.provides)
                continue
            for target in self.workplaces_of(licence):
                for capability in licence.provides:
                    by_workplace[target][capability].append(licence)
        return by_workplace, everywhere

    def workplaces_of(self, licence: model.Licence) -> Iterator[str]:
        """The workplaces a (not site) licence is assigned to: directly, or through an in-use
        device assigned to the workplace (per-device)."""
        for target in licence.assigned_to:
            if licence.model == "per-device":
                device = self.devices.get(target)
                if device is None or device.status != "in-use":
                    continue
                target = device.assigned_to or ""
                if target not in self.workplaces:
                    continue
            yield target

    def has_capability(self, workplace_id: str, capability: str) -> bool:
        by_workplace, everywhere = self._capability_index
        return capability in everywhere or bool(by_workplace.get(workplace_id, {}).get(capability))


def _age_years(ctx: Context, device: model.Device) -> float | None:
    """Years since purchase; above N exactly when the device is older than N years."""
    if device.purchased is None:
        return None
    return years_between(device.purchased, ctx.as_of)


def spell(value: Any) -> str:
    """A fact's value as the inventory writes it, for ``matches``: ``true`` and ``false``,
    dates in ISO form, lists comma-separated ("none" when empty), an OS or network as its
    fields; ``None`` is "not recorded" (rules.md, decisions of 2026-12-04). The same in every
    language: what a pattern matches never depends on who reads the report."""
    if value is None:
        return "not recorded"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (tuple, list)):
        return ", ".join(spell(v) for v in value) if value else "none"
    if isinstance(value, model.OperatingSystem):
        return " ".join(v for v in (value.name, value.version, value.edition) if v)
    if isinstance(value, model.Network):
        return value.cidr
    return str(value)


def say(value: Any) -> str:
    """A fact's value in a message for people: as ``spell`` writes it (inventory values such as
    ``true`` and ``laptop`` stay as users type them), but "not recorded", "none", numbers and
    dates in the run's language (``nicht erfasst``, ``5,3``, ``27.11.2026``)."""
    if value is None:
        return _("not recorded")
    if isinstance(value, float):
        return number(value, 1)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(say(v) for v in value) if value else _("none")
    return spell(value)


def _note(value: Any) -> str:
    return " (" + _("not recorded") + ")" if value is None else ""


def _os_label(ctx: Context, device: model.Device) -> str | None:
    if device.os is None:
        return None
    release = ctx.release(device)
    if release is not None:
        return release.label
    edition = f" {device.os.edition}" if device.os.edition else ""
    return f"{device.os.name} {device.os.version}{edition}"


def _note_of(name: str) -> Callable[[Context], Getter]:
    """Adds " (not recorded)" where a security fact is absent, so the message says why."""
    getter = operator.attrgetter(name)
    return lambda ctx: lambda record: _note(getter(record))


def _field(name: str) -> Callable[[Context], Getter]:
    getter = operator.attrgetter(name)  # C-level: fields are the facts read most
    return lambda ctx: getter


def _computed(function: Callable[[Context, Any], Any]) -> Callable[[Context], Getter]:
    return lambda ctx: functools.partial(function, ctx)


def _workplace_field(name: str) -> Callable[[Context], Getter]:
    def make(ctx: Context) -> Getter:
        def get(device: model.Device) -> Any:
            workplace = ctx.workplace_of(device)
            return getattr(workplace, name) if workplace is not None else None
        return get
    return make


def _record_fields(cls: type) -> dict[str, Callable[[Context], Getter]]:
    names = [f.name for f in dataclasses.fields(cls) if f.name not in ("source", "waivers")]
    return {n: _field(n) for n in names}


#: Facts by record kind: name -> factory(context) -> getter(record). Documented in docs/rules.md.
FACTS: dict[str, dict[str, Callable[[Context], Getter]]] = {
    "device": {
        **_record_fields(model.Device),
        "os.name": _computed(lambda ctx, d: d.os.name if d.os else None),
        "os.version": _computed(lambda ctx, d: d.os.version if d.os else None),
        "os.edition": _computed(lambda ctx, d: d.os.edition if d.os else None),
        "os_known": _computed(lambda ctx, d: ctx.release(d) is not None),
        "os_eol": _computed(lambda ctx, d: r.eol if (r := ctx.release(d)) else None),
        "os_label": _computed(_os_label),
        "computer": _computed(lambda ctx, d: d.kind in model.COMPUTER_KINDS),
        "mobile": _computed(lambda ctx, d: d.kind in model.MOBILE_KINDS),
        "age_years": _computed(_age_years),
        "assigned_kind": _computed(
            lambda ctx, d: "workplace" if d.assigned_to in ctx.workplaces
            else "site" if d.assigned_to in ctx.sites else None),
        "site": _computed(lambda ctx, d: ctx.site_of(d)),
        "non_office": _computed(
            lambda ctx, d: bool((w := ctx.workplace_of(d)) and w.non_office)),
        "workplace.department": _workplace_field("department"),
        "workplace.work_model": _workplace_field("work_model"),
        "workplace.cost_centre": _workplace_field("cost_centre"),
        **{f"{name}_note": _note_of(name) for name in (*SECURITY_FIELDS, "tpm")},
    },
    "workplace": {
        **_record_fields(model.Workplace),
        "non_office": _computed(lambda ctx, w: w.non_office),
        "training_age_months": _computed(
            lambda ctx, w: None if w.training is None else months_between(w.training, ctx.as_of)),
    },
    "licence": {
        **_record_fields(model.Licence),
        "assigned": _computed(lambda ctx, lic: len(lic.assigned_to)),
    },
    "site": {
        **_record_fields(model.Site),
        "desk_demand": _computed(lambda ctx, s: ctx.desk_demand.get(s.id, 0)),
    },
    "vpn": _record_fields(model.VpnGateway),
}



def usable_addresses(prefix: int, version: int) -> int:
    """Usable addresses of a pool: IPv4 minus network and broadcast (RFC 3021 for /31, /32)."""
    bits = 32 if version == 4 else 128
    size = 1 << (bits - prefix)
    if version == 6 or prefix >= 31:
        return size
    return size - 2

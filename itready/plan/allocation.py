"""What stock and free licence seats can give, each once: the allocation behind the gap list.

- **Stock** (``Stock``): devices with status ``stock`` (unassigned, or assigned to a site, where
  they are stored; never one still assigned to a workplace, see DEV012), by kind; stock stored at
  the workplace's site first, then the rest, each by device ID. A stock computer qualifies only
  if, put to use where it goes, no readiness-blocking or replacement rule of the catalogue in
  force would find it (``Hypothesis``).
- **Seats** (``Seats``): free seats of unexpired licences by capability, licences by ID; the
  licence to buy seats of when none is free; expired licences whose renewal closes a gap.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from itready import model
from itready.findings import Finding
from itready.rules.catalogue import Catalogue
from itready.rules.conditions import ConditionError, compile_condition
from itready.rules.facts import Context

# --- what a stock computer would be found to be -----------------------------------------------

class Hypothesis:
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

class Stock:
    """Stock devices by kind; each handed over once. Amortised linear: pointers, not scans."""

    def __init__(self, ctx: Context, hypothesis: Hypothesis):
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
        remote = ctx.entitled_remote(licence)
        if share <= 0:
            return 10 ** 9
        most = int((Decimal(licence.seats) / share).to_integral_value(rounding=ROUND_FLOOR))
        return max(0, most - remote)
    return max(0, licence.seats - len(licence.assigned_to))


class Seats:
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

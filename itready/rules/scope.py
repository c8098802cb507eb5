"""A department and/or site that a report, gap list or purchase list is narrowed to, and what
concerns it (rules.md, decisions of 2026-12-04, "Filters keep what concerns the scope").

Workplaces and their devices belong to the scope when the workplace is of the department and
at the site asked for. Shared records stay where they concern the scope: a licence assigned to a
workplace or device in scope (a site licence always), a VPN gateway always (every remote user
goes through it), a site that is the site asked for or serves a workplace in scope, and pool
equipment of such a site. Names are resolved before (``--department``, ``--site``): a scope here
holds the exact department name and site id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itready import model
    from itready.findings import Finding
    from itready.rules.facts import Context


@dataclass(frozen=True, slots=True)
class Scope:
    """The department and/or site asked for; an empty scope is the whole inventory."""

    department: str | None = None
    site: str | None = None

    def __bool__(self) -> bool:
        return self.department is not None or self.site is not None

    def describe(self) -> str:
        """For people: ``department 50 Sozialamt, site NR``."""
        from itready.i18n import _

        parts = [_("department {name}").format(name=self.department)
                 if self.department is not None else "",
                 _("site {id}").format(id=self.site) if self.site is not None else ""]
        return ", ".join(p for p in parts if p) or _("the whole inventory")

    def within(self, ctx: Context) -> InScope:
        return InScope(self, ctx)


#: The empty scope: the whole inventory.
WHOLE = Scope()


class InScope:
    """What of one run's inventory concerns a scope; each answer a lookup once built."""

    def __init__(self, scope: Scope, ctx: Context):
        self.scope = scope
        self.ctx = ctx

    @cached_property
    def workplaces(self) -> frozenset[str]:
        department, site = self.scope.department, self.scope.site
        return frozenset(w.id for w in self.ctx.inventory.workplaces
                         if (department is None or w.department == department)
                         and (site is None or w.site == site))

    @cached_property
    def sites(self) -> frozenset[str]:
        """The site asked for and the sites of the workplaces in scope."""
        served = {self.ctx.workplaces[w].site for w in self.workplaces}
        return frozenset(served | ({self.scope.site} if self.scope.site is not None else set()))

    def workplace(self, workplace_id: str) -> bool:
        return workplace_id in self.workplaces

    def site(self, site_id: str) -> bool:
        return site_id in self.sites

    def device(self, device_id: str) -> bool:
        """A device of a workplace in scope, or pool equipment of a site that concerns it."""
        device = self.ctx.devices.get(device_id)
        if device is None or device.assigned_to is None:
            return False
        if device.assigned_to in self.ctx.workplaces:
            return device.assigned_to in self.workplaces
        return device.assigned_to in self.sites

    def licence(self, licence: model.Licence) -> bool:
        """A site licence, or one assigned to a workplace or device in scope."""
        if licence.model == "site":
            return True
        test = self.device if licence.model == "per-device" else self.workplace
        return any(test(target) for target in licence.assigned_to)

    def record(self, kind: str, record_id: str) -> bool:
        """Whether the record of a finding concerns the scope."""
        if kind == "workplace":
            return self.workplace(record_id)
        if kind == "device":
            return self.device(record_id)
        if kind == "site":
            return self.site(record_id)
        if kind == "licence":
            licence = self.ctx.licences.get(record_id)
            return licence is not None and self.licence(licence)
        return kind == "vpn"  # VPN capacity (NET003/NET004) and pools concern every scope

    def finding(self, finding: Finding) -> bool:
        return self.record(finding.record_kind, finding.record_id)

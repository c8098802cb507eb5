"""SPC: desk sharing. Shared desks against on-site demand, and the pools' docks and monitors."""

from __future__ import annotations

from collections.abc import Iterator

from itready.i18n import N_plural, _, plural
from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context

#: Pool equipment a shared desk needs, counted.
_POOL_COUNTS = {"dock": N_plural("{n} dock", "{n} docks"),
                "monitor": N_plural("{n} monitor", "{n} monitors")}


@builtin("SPC001")
def desks_short(ctx: Context, params: Params) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        demand = ctx.desk_demand.get(site.id, 0)
        if site.shared_desks < demand:
            yield Hit(site, _("site {id} has {desks} for an on-site demand of {demand}").format(
                id=site.id, desks=plural(site.shared_desks, "{n} shared desk",
                                         "{n} shared desks"), demand=demand),
                      field="shared_desks",
                      path=("shared_desks",), details=(("quantity", demand - site.shared_desks),))


def _pool_short(kind: str, ctx: Context) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        have = sum(1 for d in ctx.pool_of.get(site.id, ()) if d.kind == kind
                   and d.status == "in-use")
        if have < site.shared_desks:
            yield Hit(site, _("site {id} has {have} for {desks}").format(
                id=site.id, have=plural(have, *_POOL_COUNTS[kind]),
                desks=plural(site.shared_desks, "{n} shared desk", "{n} shared desks")),
                      field=f"{kind}s", path=("shared_desks",),
                      details=(("quantity", site.shared_desks - have), ("item", kind)))


@builtin("SPC002")
def docks_short(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _pool_short("dock", ctx)


@builtin("SPC003")
def monitors_short(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _pool_short("monitor", ctx)

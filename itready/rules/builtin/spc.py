"""SPC: desk sharing. Shared desks against on-site demand, and the pools' docks and monitors."""

from __future__ import annotations

from collections.abc import Iterator

from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context
from itready.words import plural


@builtin("SPC001")
def desks_short(ctx: Context, params: Params) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        demand = ctx.desk_demand.get(site.id, 0)
        if site.shared_desks < demand:
            yield Hit(site, f"site {site.id} has " + plural(
                      site.shared_desks, "{n} shared desk", "{n} shared desks")
                      + f" for an on-site demand of {demand}", field="shared_desks",
                      path=("shared_desks",), details=(("quantity", demand - site.shared_desks),))


def _pool_short(kind: str, ctx: Context) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        have = sum(1 for d in ctx.pool_of.get(site.id, ()) if d.kind == kind
                   and d.status == "in-use")
        if have < site.shared_desks:
            yield Hit(site, f"site {site.id} has "
                      + plural(have, f"{{n}} {kind}", f"{{n}} {kind}s") + " for "
                      + plural(site.shared_desks, "{n} shared desk", "{n} shared desks"),
                      field=f"{kind}s", path=("shared_desks",),
                      details=(("quantity", site.shared_desks - have), ("item", kind)))


@builtin("SPC002")
def docks_short(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _pool_short("dock", ctx)


@builtin("SPC003")
def monitors_short(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _pool_short("monitor", ctx)

"""INV: the inventory's own upkeep. Waivers that expired, and waivers that waive nothing.

Both run last (phase 2): a waiver is stale when no rule of the run found anything on its record
for the rule it names.
"""

from __future__ import annotations

from collections.abc import Iterator

from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context


@builtin("INV001", phase=2)
def expired_waivers(ctx: Context, params: Params) -> Iterator[Hit]:
    for record in ctx.inventory.records():
        for waiver in record.waivers:
            if waiver.until < ctx.as_of:
                yield Hit(record, f"waiver of {waiver.rule} on {record.id} expired on "
                          f"{waiver.until}", field=f"waivers[{waiver.rule}]",
                          path=("waivers", waiver.index, "until"))


@builtin("INV002", phase=2)
def stale_waivers(ctx: Context, params: Params) -> Iterator[Hit]:
    in_force = ctx.catalogue.by_id if ctx.catalogue is not None else {}
    for record in ctx.inventory.records():
        for waiver in record.waivers:
            if waiver.until < ctx.as_of or ctx.found.on(record.id, waiver.rule):
                continue
            why = "is disabled" if waiver.rule not in in_force else "finds nothing on it"
            yield Hit(record, f"waiver of {waiver.rule} on {record.id} is stale: the rule {why}",
                      field=f"waivers[{waiver.rule}]", path=("waivers", waiver.index))

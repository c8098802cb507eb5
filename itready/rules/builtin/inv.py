"""INV: the inventory's own upkeep. Waivers that expired, and waivers that waive nothing.

Both run last (phase 2): a waiver is stale when no rule of the run found anything on its record
for the rule it names.
"""

from __future__ import annotations

from collections.abc import Iterator

from itready.i18n import _
from itready.i18n.formatting import day
from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context


@builtin("INV001", phase=2)
def expired_waivers(ctx: Context, params: Params) -> Iterator[Hit]:
    for record in ctx.inventory.records():
        for waiver in record.waivers:
            if waiver.until < ctx.as_of:
                yield Hit(record, _("waiver of {rule} on {id} expired on {date}").format(
                    rule=waiver.rule, id=record.id, date=day(waiver.until)),
                          field=f"waivers[{waiver.rule}]",
                          path=("waivers", waiver.index, "until"))


@builtin("INV002", phase=2)
def stale_waivers(ctx: Context, params: Params) -> Iterator[Hit]:
    in_force = ctx.catalogue.by_id if ctx.catalogue is not None else {}
    for record in ctx.inventory.records():
        for waiver in record.waivers:
            if waiver.until < ctx.as_of or ctx.found.on(record.id, waiver.rule):
                continue
            message = _("waiver of {rule} on {id} is stale: the rule is disabled") \
                if waiver.rule not in in_force else \
                _("waiver of {rule} on {id} is stale: the rule finds nothing on it")
            yield Hit(record, message.format(rule=waiver.rule, id=record.id),
                      field=f"waivers[{waiver.rule}]", path=("waivers", waiver.index))

"""LIC: licences. Counts against seats, expiry, unused seats and the concurrent peak."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from itready import model
from itready.i18n import _, plural
from itready.i18n.formatting import day
from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context


@builtin("LIC001")
def over_assigned(ctx: Context, params: Params) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.model in ("per-user", "per-device") and licence.seats is not None:
            excess = len(licence.assigned_to) - licence.seats
            if excess > 0:
                yield Hit(licence, _("licence {id} ({product}) has {assignments} for "
                                     "{seats}").format(
                    id=licence.id, product=licence.product or licence.id,
                    assignments=plural(len(licence.assigned_to), "{n} assignment",
                                       "{n} assignments"),
                    seats=plural(licence.seats, "{n} seat", "{n} seats")),
                          field="assigned_to", path=("assigned_to",),
                          details=(("quantity", excess),))


def renewal_seats(licence: model.Licence) -> int:
    """Seats a renewal buys: a concurrent licence its seats, a site licence its seats if
    recorded (else 1, the licence as a whole), per-user and per-device the assignments."""
    if licence.model == "site":
        return licence.seats or 1
    if licence.model == "concurrent":
        return licence.seats or 0
    return len(licence.assigned_to)


def _renewal(licence: model.Licence) -> str:
    seats = renewal_seats(licence)
    if licence.model == "site":
        return plural(seats, "renew the site licence ({n} seat)",
                      "renew the site licence ({n} seats)") if licence.seats else \
            _("renew the site licence")
    if licence.model == "concurrent":
        return plural(seats, "renew its {n} concurrent seat", "renew its {n} concurrent seats")
    return plural(seats, "renew its {n} assigned seat", "renew its {n} assigned seats")


@builtin("LIC002")
def expired(ctx: Context, params: Params) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.expires is not None and licence.expires < ctx.as_of and (
                licence.assigned_to or licence.model == "site"):
            yield Hit(licence, _("licence {id} expired on {date} and is still assigned: "
                                 "{renewal}").format(id=licence.id, date=day(licence.expires),
                                                     renewal=_renewal(licence)),
                      field="expires", path=("expires",),
                      details=(("quantity", renewal_seats(licence)),))


@builtin("LIC003")
def expiring(ctx: Context, params: Params) -> Iterator[Hit]:
    days = int(params["days"])
    for licence in ctx.inventory.licences:
        expires = licence.expires
        if expires is not None and 0 <= (expires - ctx.as_of).days <= days:
            yield Hit(licence, _("licence {id} expires on {date}, within {days}: "
                                 "{renewal}").format(
                id=licence.id, date=day(expires), days=plural(days, "{n} day", "{n} days"),
                renewal=_renewal(licence)),
                      field="expires", path=("expires",),
                      details=(("quantity", renewal_seats(licence)),))


def _entitled_peak(ctx: Context, licence: model.Licence) -> int:
    return ctx.peak_remote(ctx.entitled_remote(licence))


@builtin("LIC004")
def unused_seats(ctx: Context, params: Params) -> Iterator[Hit]:
    share = Decimal(str(params["share"]))
    for licence in ctx.inventory.licences:
        if licence.model == "site" or not licence.seats:
            continue
        used = _entitled_peak(ctx, licence) if licence.model == "concurrent" else len(
            licence.assigned_to)
        unused = licence.seats - used
        if unused > share * licence.seats:
            saving = (licence.cost_per_seat or Decimal(0)) * unused
            yield Hit(licence, _("licence {id}: {unused} of {seats} unused").format(
                id=licence.id, unused=unused,
                seats=plural(licence.seats, "{n} seat", "{n} seats")),
                      field="seats", path=("seats",),
                      details=(("quantity", unused), ("saving", saving)))


@builtin("LIC005")
def concurrent_shortfall(ctx: Context, params: Params) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.model != "concurrent" or licence.seats is None:
            continue
        peak = _entitled_peak(ctx, licence)
        if peak > licence.seats:
            yield Hit(licence, _("licence {id}: peak of {users} exceeds {seats}").format(
                id=licence.id,
                users=plural(peak, "{n} concurrent remote user", "{n} concurrent remote users"),
                seats=plural(licence.seats, "{n} seat", "{n} seats")),
                      field="seats", path=("seats",),
                      details=(("quantity", peak - licence.seats),))

"""Built-in checks: the rules that need the whole inventory, not one record at a time.

Readiness of workplaces (WP), licence counts (LIC), networks (NET) and desk sharing (SPC). Each
check yields ``Hit``s; the engine turns them into findings (severity, location, waivers). Every
check is linear in the inventory: indices from ``itready.rules.facts.Context``, sorted sweeps for
networks, never a pairwise loop over records.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from itready import model
from itready.rules.conditions import shift
from itready.rules.facts import Context, usable_addresses


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that does not hold for one record, before severity, location and waivers."""

    record: Any
    message: str
    field: str | None = None  # identity of the finding within the record (fingerprint)
    path: tuple[str | int, ...] = ()  # where in the record to point (defaults to the record)
    details: tuple[tuple[str, Any], ...] = ()


Check = Callable[[Context, dict[str, Any], set[str]], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function
    return register


# --- WP: readiness of non-office workplaces ---------------------------------------------------

#: Requirement name -> rule ID; any other requirement is a capability (WP008).
REQUIREMENT_RULES = {"mobile-device": "WP001", "headset": "WP002", "camera": "WP003",
                     "vpn": "WP004", "mfa": "WP005", "training": "WP006", "monitor": "WP007"}
BLOCKING_DEVICE_RULES = ("DEV001", "DEV003", "DEV004", "DEV005")
#: The device kinds that meet the mobile-device requirement (WP001).
MOBILE_DEVICE_KINDS = ("laptop", "tablet")


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
        rule = REQUIREMENT_RULES.get(requirement, "WP008")
        if requirement == "mobile-device":
            if [d for d in mobiles if d.id not in blocked]:
                continue
            if mobiles:
                names = ", ".join(sorted(d.id for d in mobiles))
                unmet.append((rule, requirement, f"workplace {wid}: its laptop or tablet "
                              f"({names}) is not secure or not supported (see its device "
                              "findings)", {"replace": False, "devices": names}))
            else:
                unmet.append((rule, requirement, f"workplace {wid} has no laptop or tablet in "
                              "use", {"replace": True, "item": "laptop"}))
        elif requirement in ("headset", "monitor"):
            if requirement not in kinds:
                unmet.append((rule, requirement, f"workplace {wid} has no {requirement} in use",
                              {"item": requirement}))
        elif requirement == "camera":
            if "webcam" in kinds or [d for d in mobiles if d.camera]:
                continue
            unmet.append((rule, requirement, f"workplace {wid} has no camera (no webcam, no "
                          "laptop or tablet with a built-in camera)", {"item": "webcam"}))
        elif requirement == "mfa":
            if "mfa-token" in kinds or ctx.has_capability(wid, "mfa"):
                continue
            unmet.append((rule, requirement, f"workplace {wid} has no MFA token and no MFA "
                          "licence", {"item": "mfa-token", "capability": "mfa"}))
        elif requirement == "training":
            training = workplace.training
            if training is not None and _training_valid_until(training, training_months) \
                    >= ctx.as_of:
                continue
            when = "never recorded" if training is None else f"last on {training}, more " \
                f"than {training_months} months ago"
            unmet.append((rule, requirement, f"workplace {wid}: security training for mobile "
                          f"work {when}", {}))
        elif not ctx.has_capability(wid, requirement):
            unmet.append((rule, requirement, f"workplace {wid} has no licence providing "
                          f"'{requirement}'", {"capability": requirement}))
    return unmet


@functools.lru_cache(maxsize=4096)
def _training_valid_until(training: date, months: int) -> date:
    """The day a training stops counting: thousands of workplaces share a few hundred dates."""
    return shift(training, months, "m")


def _unmet_by_rule(ctx: Context, blocked: set[str], months: int
                   ) -> dict[str, list[Hit]]:
    """Every unmet requirement of every non-office workplace, by rule: computed once a run."""
    key = ("unmet", months, frozenset(blocked))
    if key not in ctx.memo:
        by_rule: dict[str, list[Hit]] = defaultdict(list)
        for workplace in ctx.non_office:
            for rule, requirement, message, details in unmet_requirements(
                    ctx, workplace, blocked, months):
                by_rule[rule].append(Hit(
                    workplace, message, field=requirement if rule == "WP008" else None,
                    details=tuple(sorted({"requirement": requirement, **details}.items()))))
        ctx.memo[key] = by_rule
    return ctx.memo[key]


def _requirement_check(rule_id: str) -> Check:
    def run(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
        months = int(params.get("months", ctx.policy.training_valid_months))
        return iter(_unmet_by_rule(ctx, blocked, months).get(rule_id, ()))
    return run


for _rule in ("WP001", "WP002", "WP003", "WP004", "WP005", "WP006", "WP007", "WP008"):
    CHECKS[_rule] = _requirement_check(_rule)


# --- LIC: licences --------------------------------------------------------------------------

@check("LIC001")
def over_assigned(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.model in ("per-user", "per-device") and licence.seats is not None:
            excess = len(licence.assigned_to) - licence.seats
            if excess > 0:
                yield Hit(licence, f"licence {licence.id} ({licence.product or licence.id}) has "
                          f"{len(licence.assigned_to)} assignments for {licence.seats} seats",
                          field="assigned_to", path=("assigned_to",),
                          details=(("quantity", excess),))


def _renewal_quantity(ctx: Context, licence: model.Licence) -> int:
    if licence.model == "site":
        return licence.seats or 0
    return len(licence.assigned_to)


@check("LIC002")
def expired(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.expires is not None and licence.expires < ctx.as_of and (
                licence.assigned_to or licence.model == "site"):
            yield Hit(licence, f"licence {licence.id} expired on {licence.expires} and is still "
                      "assigned", field="expires", path=("expires",),
                      details=(("quantity", _renewal_quantity(ctx, licence)),))


@check("LIC003")
def expiring(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    days = int(params["days"])
    for licence in ctx.inventory.licences:
        expires = licence.expires
        if expires is not None and 0 <= (expires - ctx.as_of).days <= days:
            yield Hit(licence, f"licence {licence.id} expires on {expires}, within {days} days",
                      field="expires", path=("expires",),
                      details=(("quantity", _renewal_quantity(ctx, licence)),))


def _entitled_peak(ctx: Context, licence: model.Licence) -> int:
    remote = sum(1 for w in licence.assigned_to
                 if (wp := ctx.workplaces.get(w)) is not None and wp.non_office)
    return ctx.peak_remote(remote)


@check("LIC004")
def unused_seats(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    share = Decimal(str(params["share"]))
    for licence in ctx.inventory.licences:
        if licence.model == "site" or not licence.seats:
            continue
        used = _entitled_peak(ctx, licence) if licence.model == "concurrent" else len(
            licence.assigned_to)
        unused = licence.seats - used
        if unused > share * licence.seats:
            saving = (licence.cost_per_seat or Decimal(0)) * unused
            yield Hit(licence, f"licence {licence.id}: {unused} of {licence.seats} seats unused",
                      field="seats", path=("seats",),
                      details=(("quantity", unused), ("saving", saving)))


@check("LIC005")
def concurrent_shortfall(ctx: Context, params: dict[str, Any], blocked: set[str]
                         ) -> Iterator[Hit]:
    for licence in ctx.inventory.licences:
        if licence.model != "concurrent" or licence.seats is None:
            continue
        peak = _entitled_peak(ctx, licence)
        if peak > licence.seats:
            yield Hit(licence, f"licence {licence.id}: peak of {peak} concurrent remote users "
                      f"exceeds {licence.seats} seats", field="seats", path=("seats",),
                      details=(("quantity", peak - licence.seats),))


# --- NET: networks ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Range:
    first: int
    last: int
    version: int
    cidr: str
    record: Any
    path: tuple[str | int, ...]
    purpose: str | None


def _ranges(ctx: Context) -> list[_Range]:
    ranges = []
    for site in ctx.inventory.sites:
        for index, network in enumerate(site.networks):
            net = ipaddress.ip_network(network.cidr)
            ranges.append(_Range(int(net.network_address), int(net.broadcast_address),
                                 net.version, network.cidr, site, ("networks", index),
                                 network.purpose))
    for gateway in ctx.inventory.vpn:
        for index, pool in enumerate(gateway.pools):
            net = ipaddress.ip_network(pool)
            ranges.append(_Range(int(net.network_address), int(net.broadcast_address),
                                 net.version, pool, gateway, ("pools", index), "vpn-pool"))
    ranges.sort(key=lambda r: (r.version, r.first, -r.last, r.cidr))
    return ranges


def _where(r: _Range) -> str:
    return f"{r.cidr} of {r.record.record_kind} {r.record.id}"


@check("NET001")
def overlapping_networks(ctx: Context, params: dict[str, Any], blocked: set[str]
                         ) -> Iterator[Hit]:
    """Sorted sweep: each range is compared with the widest open range before it."""
    widest: _Range | None = None
    for current in _ranges(ctx):
        if widest is not None and widest.version == current.version and \
                current.first <= widest.last:
            yield Hit(current.record, f"network {_where(current)} overlaps {_where(widest)}",
                      field=f"{current.path[0]}[{current.cidr}]", path=current.path,
                      details=(("other", widest.cidr),))
        if widest is None or widest.version != current.version or current.last > widest.last:
            widest = current


@check("NET002")
def home_router_overlap(ctx: Context, params: dict[str, Any], blocked: set[str]
                        ) -> Iterator[Hit]:
    homes = sorted((int(n.network_address), int(n.broadcast_address), str(n))
                   for n in map(ipaddress.ip_network, ctx.policy.home_router_ranges)
                   if n.version == 4)
    starts = [h[0] for h in homes]
    for current in _ranges(ctx):
        if current.version != 4 or current.purpose not in (
                "office", "wlan", "voip", "server", "vpn-pool"):
            continue
        # Home ranges are small and few; the candidates are those starting before our end.
        for _start, last, cidr in homes[:bisect_right(starts, current.last)]:
            if last >= current.first:
                yield Hit(current.record, f"network {_where(current)} overlaps the home-router "
                          f"range {cidr}: split-tunnel VPN breaks for staff at home",
                          field=f"{current.path[0]}[{current.cidr}]", path=current.path,
                          details=(("home_range", cidr),))
                break


def _first(records: tuple[Any, ...]) -> Any:
    return records[0] if records else None


@check("NET003")
def vpn_pool_too_small(ctx: Context, params: dict[str, Any], blocked: set[str]
                       ) -> Iterator[Hit]:
    peak = ctx.peak_remote(len(ctx.non_office))
    usable = 0
    for gateway in ctx.inventory.vpn:
        for pool in gateway.pools:
            net = ipaddress.ip_network(pool)
            usable += usable_addresses(net.prefixlen, net.version)
    gateway = _first(ctx.inventory.vpn)
    if usable < peak and gateway is not None:
        yield Hit(gateway, f"VPN pools have {usable} usable addresses for a peak of {peak} "
                  "concurrent remote users", field="pools", path=("pools",),
                  details=(("quantity", peak - usable),))


@check("NET004")
def vpn_sessions_too_few(ctx: Context, params: dict[str, Any], blocked: set[str]
                         ) -> Iterator[Hit]:
    peak = ctx.peak_remote(len(ctx.non_office))
    sessions = sum(g.max_sessions or 0 for g in ctx.inventory.vpn)
    unknown = [g.id for g in ctx.inventory.vpn if g.max_sessions is None]
    gateway = _first(ctx.inventory.vpn)
    if sessions < peak and gateway is not None:
        note = f" ({', '.join(unknown)}: max_sessions not recorded)" if unknown else ""
        yield Hit(gateway, f"VPN gateways carry {sessions} sessions for a peak of {peak} "
                  f"concurrent remote users{note}", field="max_sessions",
                  path=("max_sessions",), details=(("quantity", peak - sessions),))


def _shared(values: Callable[[model.Device], str | None], what: str, field: str,
            ctx: Context) -> Iterator[Hit]:
    groups: dict[str, list[model.Device]] = defaultdict(list)
    for device in ctx.inventory.devices:
        value = values(device)
        if value is not None and device.status != "retired":
            groups[value].append(device)
    for value, devices in groups.items():
        if len(devices) > 1:
            for device in devices:
                others = ", ".join(d.id for d in devices if d is not device)
                yield Hit(device, f"{device.kind} {device.id} shares {what} {value} with "
                          f"{others}", field=field, path=(field,))


@check("NET005")
def duplicate_ip(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    yield from _shared(lambda d: d.ip, "IP address", "ip", ctx)


@check("NET008")
def duplicate_mac(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    yield from _shared(lambda d: d.mac, "MAC address", "mac", ctx)


_Net = tuple[int, int, int, str]
_SiteIndex = tuple[list[int], list[_Net], list[int]]
_V6_OFFSET = 1 << 32  # IPv6 addresses sort after every IPv4 address, so that they never meet


def _address_key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> int:
    return int(address) + (_V6_OFFSET if address.version == 6 else 0)


def _site_networks(ctx: Context) -> dict[str, _SiteIndex]:
    """Per site: sorted network starts, (first, last, prefix bits left, cidr) sorted by start
    and, for equal starts, widest first; and the furthest end reached by each prefix."""
    index: dict[str, _SiteIndex] = {}
    for site in ctx.inventory.sites:
        nets = []
        for network in site.networks:
            net = ipaddress.ip_network(network.cidr)
            nets.append((_address_key(net.network_address), _address_key(net.broadcast_address),
                         net.max_prefixlen - net.prefixlen + (0 if net.version == 4 else 1000),
                         network.cidr))
        nets.sort(key=lambda n: (n[0], -n[1]))
        reach, furthest = [], -1
        for net_ in nets:
            furthest = max(furthest, net_[1])
            reach.append(furthest)
        index[site.id] = ([n[0] for n in nets], nets, reach)
    return index


def _containing(index: _SiteIndex, address: int) -> _Net | None:
    """The most specific network of a site that holds ``address``, if any.

    Networks of a site may nest (a site range and its subnets): look back over those starting
    at or before the address, narrowest first, while any of them still reaches the address.
    """
    starts, nets, reach = index
    position = bisect_right(starts, address)
    for i in range(position - 1, -1, -1):
        if reach[i] < address:
            break
        if nets[i][0] <= address <= nets[i][1]:
            return nets[i]
    return None


def _address(ip: str) -> tuple[int, int]:
    """(sort key, IP version) of a validated address, parsed in C (``ipaddress`` costs ten
    times more, and a large inventory has a quarter of a million addresses)."""
    try:
        if ":" in ip:
            return int.from_bytes(socket.inet_pton(socket.AF_INET6, ip), "big") + _V6_OFFSET, 6
        return int.from_bytes(socket.inet_pton(socket.AF_INET, ip), "big"), 4
    except OSError:  # an IPv6 address with a zone (fe80::1%eth0)
        address = ipaddress.ip_address(ip)
        return _address_key(address), address.version


def _addressed(ctx: Context) -> list[tuple[model.Device, str | None, int, int]]:
    """(device, its site, address sort key, IP version) of each device in use with an IP;
    computed once a run for NET006 and NET007."""
    if "addressed" not in ctx.memo:
        ctx.memo["addressed"] = [(device, ctx.site_of(device), *_address(device.ip))
                                 for device in ctx.inventory.devices
                                 if device.ip is not None and device.status == "in-use"]
    return ctx.memo["addressed"]


@check("NET006")
def ip_outside_site(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    index = _site_networks(ctx)
    for device, site, address, _version in _addressed(ctx):
        if site is None:
            continue
        if _containing(index.get(site, ([], [], [])), address) is None:
            yield Hit(device, f"{device.kind} {device.id}: IP {device.ip} is in none of the "
                      f"networks of site {site}", field="ip", path=("ip",))


@check("NET007")
def network_or_broadcast(ctx: Context, params: dict[str, Any], blocked: set[str]
                         ) -> Iterator[Hit]:
    index = _site_networks(ctx)
    for device, site, address, version in _addressed(ctx):
        found = _containing(index.get(site or "", ([], [], [])), address)
        if found is None or version != 4 or found[2] <= 1:
            continue
        first, last, _bits, cidr = found
        if address in (first, last):
            what = "network" if address == first else "broadcast"
            yield Hit(device, f"{device.kind} {device.id}: IP {device.ip} is the {what} address "
                      f"of {cidr}", field="ip", path=("ip",))


# --- SPC: desk sharing -------------------------------------------------------------------------

@check("SPC001")
def desks_short(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        demand = ctx.desk_demand.get(site.id, 0)
        if site.shared_desks < demand:
            yield Hit(site, f"site {site.id} has {site.shared_desks} shared desks for an "
                      f"on-site demand of {demand}", field="shared_desks",
                      path=("shared_desks",), details=(("quantity", demand - site.shared_desks),))


def _pool_short(kind: str, ctx: Context) -> Iterator[Hit]:
    for site in ctx.inventory.sites:
        have = sum(1 for d in ctx.pool_of.get(site.id, ()) if d.kind == kind
                   and d.status == "in-use")
        if have < site.shared_desks:
            yield Hit(site, f"site {site.id} has {have} {kind}s for {site.shared_desks} shared "
                      "desks", field=f"{kind}s", path=("shared_desks",),
                      details=(("quantity", site.shared_desks - have), ("item", kind)))


@check("SPC002")
def docks_short(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    yield from _pool_short("dock", ctx)


@check("SPC003")
def monitors_short(ctx: Context, params: dict[str, Any], blocked: set[str]) -> Iterator[Hit]:
    yield from _pool_short("monitor", ctx)

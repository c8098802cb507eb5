"""NET: networks. Overlaps by sorted sweeps, VPN capacity at the peak, device addresses."""

from __future__ import annotations

import ipaddress
import socket
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from itready import model
from itready.i18n import N_, _, plural
from itready.i18n.labels import device_kind
from itready.rules.builtin import Hit, Params, builtin
from itready.rules.facts import Context, usable_addresses


@dataclass(frozen=True, slots=True)
class _Range:
    first: int
    last: int
    version: int
    cidr: str
    record: model.Site | model.VpnGateway
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
    where = _("{cidr} of site {id}") if r.record.record_kind == "site" else \
        _("{cidr} of vpn {id}")
    return where.format(cidr=r.cidr, id=r.record.id)


@builtin("NET001")
def overlapping_networks(ctx: Context, params: Params) -> Iterator[Hit]:
    """Sorted sweep: each range is compared with the widest open range before it."""
    widest: _Range | None = None
    for current in _ranges(ctx):
        if widest is not None and widest.version == current.version and \
                current.first <= widest.last:
            yield Hit(current.record, _("network {network} overlaps {other}").format(
                network=_where(current), other=_where(widest)),
                      field=f"{current.path[0]}[{current.cidr}]", path=current.path,
                      details=(("other", widest.cidr),))
        if widest is None or widest.version != current.version or current.last > widest.last:
            widest = current


@builtin("NET002")
def home_router_overlap(ctx: Context, params: Params) -> Iterator[Hit]:
    """Each network against the home-router ranges of its IP version, IPv4 and IPv6 alike."""
    homes: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for net in map(ipaddress.ip_network, ctx.policy.home_router_ranges):
        homes[net.version].append((int(net.network_address), int(net.broadcast_address),
                                   str(net)))
    for ranges in homes.values():
        ranges.sort()
    starts = {version: [h[0] for h in ranges] for version, ranges in homes.items()}
    for current in _ranges(ctx):
        if current.version not in homes or current.purpose not in (
                "office", "wlan", "voip", "server", "vpn-pool"):
            continue
        # Home ranges are small and few; the candidates are those starting before our end.
        candidates = homes[current.version]
        for _start, last, cidr in candidates[:bisect_right(starts[current.version],
                                                           current.last)]:
            if last >= current.first:
                yield Hit(current.record, _(
                    "network {network} overlaps the home-router range {range}: split-tunnel "
                    "VPN breaks for staff at home").format(network=_where(current),
                                                           range=cidr),
                          field=f"{current.path[0]}[{current.cidr}]", path=current.path,
                          details=(("home_range", cidr),))
                break


def _first(records: tuple[Any, ...]) -> Any:
    return records[0] if records else None


@builtin("NET003")
def vpn_pool_too_small(ctx: Context, params: Params) -> Iterator[Hit]:
    peak = ctx.peak_remote(len(ctx.non_office))
    usable = 0
    for gateway in ctx.inventory.vpn:
        for pool in gateway.pools:
            net = ipaddress.ip_network(pool)
            usable += usable_addresses(net.prefixlen, net.version)
    gateway = _first(ctx.inventory.vpn)
    if usable < peak and gateway is not None:
        yield Hit(gateway, _("VPN pools have {addresses} for a peak of {users}").format(
            addresses=plural(usable, "{n} usable address", "{n} usable addresses"),
            users=plural(peak, "{n} concurrent remote user", "{n} concurrent remote users")),
                  field="pools", path=("pools",),
                  details=(("quantity", peak - usable),))


@builtin("NET004")
def vpn_sessions_too_few(ctx: Context, params: Params) -> Iterator[Hit]:
    peak = ctx.peak_remote(len(ctx.non_office))
    sessions = sum(g.max_sessions or 0 for g in ctx.inventory.vpn)
    unknown = [g.id for g in ctx.inventory.vpn if g.max_sessions is None]
    gateway = _first(ctx.inventory.vpn)
    if sessions < peak and gateway is not None:
        note = _(" ({gateways}: max_sessions not recorded)").format(
            gateways=", ".join(unknown)) if unknown else ""
        yield Hit(gateway, _("VPN gateways carry {sessions} for a peak of {users}").format(
            sessions=plural(sessions, "{n} session", "{n} sessions"),
            users=plural(peak, "{n} concurrent remote user", "{n} concurrent remote users"))
            + note,
                  field="max_sessions",
                  path=("max_sessions",), details=(("quantity", peak - sessions),))


def _shared(values: Callable[[model.Device], str | None], what: str, field: str,
            ctx: Context) -> Iterator[Hit]:
    """Devices that share a value; ``what`` is the message (an ``N_`` msgid)."""
    groups: dict[str, list[model.Device]] = defaultdict(list)
    for device in ctx.inventory.devices:
        value = values(device)
        if value is not None and device.status != "retired":
            groups[value].append(device)
    for value, devices in groups.items():
        if len(devices) > 1:
            for device in devices:
                others = ", ".join(d.id for d in devices if d is not device)
                yield Hit(device, _(what).format(kind=device_kind(device.kind), id=device.id,
                                                 value=value,
                                                 others=others), field=field, path=(field,))


@builtin("NET005")
def duplicate_ip(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _shared(lambda d: d.ip, N_("{kind} {id} shares IP address {value} with "
                                          "{others}"), "ip", ctx)


@builtin("NET008")
def duplicate_mac(ctx: Context, params: Params) -> Iterator[Hit]:
    yield from _shared(lambda d: d.mac, N_("{kind} {id} shares MAC address {value} with "
                                           "{others}"), "mac", ctx)


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


class Addresses:
    """Device addresses and site networks as sorted integers, computed once a run for NET006
    and NET007 (``ipaddress`` costs ten times more than ``inet_pton``, and a large inventory
    has a quarter of a million addresses)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @cached_property
    def devices(self) -> list[tuple[model.Device, str | None, int, int]]:
        """(device, its site, address sort key, IP version) of each device in use with an IP."""
        ctx = self.ctx
        return [(device, ctx.site_of(device), *_address(device.ip))
                for device in ctx.inventory.devices
                if device.ip is not None and device.status == "in-use"]

    @cached_property
    def sites(self) -> dict[str, _SiteIndex]:
        return _site_networks(self.ctx)


@builtin("NET006", Addresses)
def ip_outside_site(addresses: Addresses, params: Params) -> Iterator[Hit]:
    index = addresses.sites
    for device, site, address, _version in addresses.devices:
        if site is None:
            continue
        if _containing(index.get(site, ([], [], [])), address) is None:
            yield Hit(device, _("{kind} {id}: IP {ip} is in none of the networks of site "
                                "{site}").format(kind=device_kind(device.kind), id=device.id,
                                                 ip=device.ip,
                                                 site=site), field="ip", path=("ip",))


@builtin("NET007", Addresses)
def network_or_broadcast(addresses: Addresses, params: Params) -> Iterator[Hit]:
    index = addresses.sites
    for device, site, address, version in addresses.devices:
        found = _containing(index.get(site or "", ([], [], [])), address)
        if found is None or version != 4 or found[2] <= 1:
            continue
        first, last, _bits, cidr = found
        if address in (first, last):
            message = _("{kind} {id}: IP {ip} is the network address of {network}") \
                if address == first else \
                _("{kind} {id}: IP {ip} is the broadcast address of {network}")
            yield Hit(device, message.format(kind=device_kind(device.kind), id=device.id,
                                             ip=device.ip,
                                             network=cidr), field="ip", path=("ip",))

"""The inventory format as data: every kind, every field, its type, default and help.

One table serves the validator, ``itready schema`` (JSON Schema for editors) and the docs, so
that the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from itready.i18n import N_
from itready.model import COMPUTER_KINDS, WORK_MODELS

DEVICE_KINDS = (
    "laptop", "desktop", "thin-client", "tablet", "smartphone", "monitor", "dock", "headset",
    "webcam", "mfa-token", "desk-phone",
)
NETWORKED_KINDS = COMPUTER_KINDS | {"desk-phone", "dock"}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of a record: what it holds and what makes it valid."""

    name: str
    #: str, id (no hidden characters), name (kept in NFC), int, bool, date, decimal, choice,
    #: strings, cidr, cidrs, ip, mac, capabilities
    type: str
    help: str  # an English msgid: shown through ``_``
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    refs: tuple[str, ...] = ()  # record kinds a reference may name
    device_kinds: frozenset[str] | None = None  # device kinds the field applies to
    nested: str | None = None  # name of a nested mapping spec in NESTED


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


WAIVER = _fields(
    FieldSpec("rule", "str", N_("ID of the rule whose finding on this record is accepted"), True),
    FieldSpec("until", "date", N_("the day the waiver ends; a waiver always expires"), True),
    FieldSpec("reason", "str", N_("why the finding is accepted")),
    FieldSpec("approved_by", "str", N_("who accepted it (a role, not a person)")),
)
NETWORK = _fields(
    FieldSpec("cidr", "cidr", N_("address range, IPv4 or IPv6, without host bits"), True),
    FieldSpec("purpose", "choice", N_("what the network is for"),
              choices=("office", "wlan", "voip", "server", "guest", "vpn-pool")),
    FieldSpec("name", "str", N_("display name")),
)
OS = _fields(
    FieldSpec("name", "str",
              N_("windows, macos, ios, ipados, android, ubuntu, debian, chromeos, …"), True),
    FieldSpec("version", "str",
              N_("the release as the vendor names it: '11 23H2', '22.04', '14'"), True),
    FieldSpec("edition", "choice", N_("Windows only, and required there"),
              choices=("enterprise", "education", "pro", "home", "ltsc", "iot-ltsc")),
)
NESTED = {"waiver": WAIVER, "network": NETWORK, "os": OS}

_WAIVERS = FieldSpec("waivers", "list", N_("findings on this record that are known and accepted"),
                     nested="waiver")

SITE = _fields(
    FieldSpec("id", "id", N_("unique id"), True),
    FieldSpec("name", "name", N_("display name")),
    FieldSpec("address", "str", N_("postal address")),
    FieldSpec("shared_desks", "int", N_("desks in this site's desk-sharing pool"), minimum=0),
    FieldSpec("networks", "list", N_("the site's address plan"), nested="network"),
    _WAIVERS,
)
VPN = _fields(
    FieldSpec("id", "id", N_("unique id"), True),
    FieldSpec("site", "str", N_("the site the gateway stands in"), True, refs=("site",)),
    FieldSpec("pools", "cidrs", N_("client address pools")),
    FieldSpec("max_sessions", "int", N_("concurrent sessions the gateway carries"), minimum=0),
    _WAIVERS,
)
WORKPLACE = _fields(
    FieldSpec("id", "id", N_("unique id"), True),
    FieldSpec("department", "name", N_("organisational unit; reports group by it"), True),
    FieldSpec("site", "str", N_("where the person works when on site"), True, refs=("site",)),
    FieldSpec("staff", "str", N_("pseudonymous staff number (never a name)")),
    FieldSpec("cost_centre", "name", N_("procurement groups by it")),
    FieldSpec("work_model", "choice", N_("how the position works"), True,
              choices=WORK_MODELS),
    FieldSpec("mobile_days", "int", N_("days per week away from the office (default: office 0, "
              "hybrid 2, mobile 4, telework 5)"), minimum=0, maximum=5),
    FieldSpec("desk", "choice", N_("default: assigned for office, else shared"),
              choices=("assigned", "shared", "none")),
    FieldSpec("training", "date", N_("last security training for mobile work")),
    _WAIVERS,
)
_C = frozenset(COMPUTER_KINDS)
DEVICE = _fields(
    FieldSpec("id", "id", N_("the asset tag"), True),
    FieldSpec("kind", "choice", N_("what the device is"), True, choices=DEVICE_KINDS),
    FieldSpec("hostname", "str", N_("network name, as Intune, Active Directory, GLPI and OCS know "
              "it; unique among devices, whatever the case"), device_kinds=NETWORKED_KINDS),
    FieldSpec("model", "str", N_("vendor model")),
    FieldSpec("serial", "str", N_("serial number")),
    FieldSpec("status", "choice", N_("default in-use"),
              choices=("in-use", "stock", "repair", "retired")),
    FieldSpec("assigned_to", "str", N_("a workplace id, or a site id for pool equipment"),
              refs=("workplace", "site")),
    FieldSpec("purchased", "date", N_("purchase date")),
    FieldSpec("warranty_until", "date", N_("last day of warranty")),
    FieldSpec("os", "mapping", N_("operating system"), device_kinds=_C, nested="os"),
    FieldSpec("encrypted", "bool", N_("full-disk / storage encryption on"), device_kinds=_C),
    FieldSpec("mdm", "bool", N_("enrolled in device management"), device_kinds=_C),
    FieldSpec("vpn_client", "bool", N_("VPN client installed and configured"), device_kinds=_C),
    FieldSpec("tpm", "choice", N_("TPM version"), choices=("2.0", "1.2", "none"), device_kinds=_C),
    FieldSpec("secure_boot", "bool", N_("Secure Boot on"), device_kinds=_C),
    FieldSpec("ram_gb", "int", N_("memory in GB"), minimum=0, device_kinds=_C),
    FieldSpec("camera", "bool", N_("built-in camera"), device_kinds=_C),
    FieldSpec("ip", "ip", N_("fixed address"), device_kinds=NETWORKED_KINDS),
    FieldSpec("mac", "mac", N_("hardware address, any common notation"),
              device_kinds=NETWORKED_KINDS),
    _WAIVERS,
)
LICENCE = _fields(
    FieldSpec("id", "id", N_("unique id"), True),
    FieldSpec("product", "str", N_("product name")),
    FieldSpec("vendor", "str", N_("vendor name")),
    FieldSpec("provides", "capabilities", N_("capabilities: vpn, mfa, video, office, e-file, "
              "softphone, remote-desktop, or any name a readiness profile uses"), True),
    FieldSpec("model", "choice", N_("how seats are counted"), True,
              choices=("per-user", "per-device", "concurrent", "site")),
    FieldSpec("seats", "int", N_("required unless model is site"), minimum=0),
    FieldSpec("expires", "date", N_("absent = perpetual")),
    FieldSpec("cost_per_seat", "decimal", N_("EUR, for procurement")),
    FieldSpec("assigned_to", "strings", N_("per-user: workplace ids; per-device: device ids; "
              "concurrent: the entitled workplaces; site: absent"), refs=("workplace", "device")),
    _WAIVERS,
)

#: Record kind (``itready.model.KINDS``) -> its fields.
FIELDS: dict[str, dict[str, FieldSpec]] = {
    "site": SITE, "vpn": VPN, "workplace": WORKPLACE, "device": DEVICE, "licence": LICENCE,
}

SETTINGS_KEYS = ("organisation", "policy", "readiness", "prices", "lifecycle", "rules",
                 "exclude", "docs_url", "language", "import")
POLICY = _fields(
    FieldSpec("replacement_years", "int", N_("computers older than this are due"), minimum=1),
    FieldSpec("eol_warning_days", "int", N_("OS support ending within this many days"),
              minimum=0),
    FieldSpec("expiry_warning_days", "int", N_("licences expiring within this many days"),
              minimum=0),
    FieldSpec("training_valid_months", "int", N_("how long a training counts"), minimum=1),
    FieldSpec("min_ram_gb", "int", N_("least RAM of a laptop"), minimum=0),
    FieldSpec("peak_remote_share", "share", N_("share of non-office staff remote at peak")),
    FieldSpec("desk_peak_factor", "decimal", N_("head-room on shared desks")),
    FieldSpec("unused_seat_share", "share", N_("unused seats above this share are savings")),
    FieldSpec("home_router_ranges", "cidrs", N_("address ranges common in home networks, IPv4 "
              "or IPv6")),
)
LIFECYCLE = _fields(
    FieldSpec("name", "str", N_("OS name as in devices"), True),
    FieldSpec("version", "str", N_("OS version as in devices"), True),
    FieldSpec("edition", "choice", N_("Windows edition"), choices=OS["edition"].choices),
    FieldSpec("eol", "date", N_("end of support the organisation has (for example bought)"), True),
)
RULES = _fields(
    FieldSpec("disable", "strings", N_("rule IDs not to run")),
    FieldSpec("severity", "mapping", N_("rule ID -> severity")),
    FieldSpec("options", "mapping", N_("rule ID -> parameters")),
    FieldSpec("paths", "strings", N_("more rule files (relative to the inventory)")),
)

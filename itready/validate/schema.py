"""The inventory format as data: every kind, every field, its type, default and help.

One table serves the validator, ``itready schema`` (JSON Schema for editors) and the docs, so
that the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    type: str  # str, int, bool, date, decimal, choice, strings, cidr, cidrs, ip, mac, capabilities
    help: str
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
    FieldSpec("rule", "str", "ID of the rule whose finding on this record is accepted", True),
    FieldSpec("until", "date", "the day the waiver ends; a waiver always expires", True),
    FieldSpec("reason", "str", "why the finding is accepted"),
    FieldSpec("approved_by", "str", "who accepted it (a role, not a person)"),
)
NETWORK = _fields(
    FieldSpec("cidr", "cidr", "address range, IPv4 or IPv6, without host bits", True),
    FieldSpec("purpose", "choice", "what the network is for",
              choices=("office", "wlan", "voip", "server", "guest", "vpn-pool")),
    FieldSpec("name", "str", "display name"),
)
OS = _fields(
    FieldSpec("name", "str", "windows, macos, ios, ipados, android, ubuntu, debian, chromeos, …",
              True),
    FieldSpec("version", "str", "the release as the vendor names it: '11 23H2', '22.04', '14'",
              True),
    FieldSpec("edition", "choice", "Windows only, and required there",
              choices=("enterprise", "education", "pro", "home", "ltsc", "iot-ltsc")),
)
NESTED = {"waiver": WAIVER, "network": NETWORK, "os": OS}

_WAIVERS = FieldSpec("waivers", "list", "findings on this record that are known and accepted",
                     nested="waiver")

SITE = _fields(
    FieldSpec("id", "str", "unique id", True),
    FieldSpec("name", "str", "display name"),
    FieldSpec("address", "str", "postal address"),
    FieldSpec("shared_desks", "int", "desks in this site's desk-sharing pool", minimum=0),
    FieldSpec("networks", "list", "the site's address plan", nested="network"),
    _WAIVERS,
)
VPN = _fields(
    FieldSpec("id", "str", "unique id", True),
    FieldSpec("site", "str", "the site the gateway stands in", True, refs=("site",)),
    FieldSpec("pools", "cidrs", "client address pools"),
    FieldSpec("max_sessions", "int", "concurrent sessions the gateway carries", minimum=0),
    _WAIVERS,
)
WORKPLACE = _fields(
    FieldSpec("id", "str", "unique id", True),
    FieldSpec("department", "str", "organisational unit; reports group by it", True),
    FieldSpec("site", "str", "where the person works when on site", True, refs=("site",)),
    FieldSpec("staff", "str", "pseudonymous staff number (never a name)"),
    FieldSpec("cost_centre", "str", "procurement groups by it"),
    FieldSpec("work_model", "choice", "how the position works", True,
              choices=WORK_MODELS),
    FieldSpec("mobile_days", "int", "days per week away from the office (default: office 0, "
              "hybrid 2, mobile 4, telework 5)", minimum=0, maximum=5),
    FieldSpec("desk", "choice", "default: assigned for office, else shared",
              choices=("assigned", "shared", "none")),
    FieldSpec("training", "date", "last security training for mobile work"),
    _WAIVERS,
)
_C = frozenset(COMPUTER_KINDS)
DEVICE = _fields(
    FieldSpec("id", "str", "the asset tag", True),
    FieldSpec("kind", "choice", "what the device is", True, choices=DEVICE_KINDS),
    FieldSpec("hostname", "str", "the computer's network name, unique among devices (any case)",
              device_kinds=NETWORKED_KINDS),
    FieldSpec("model", "str", "vendor model"),
    FieldSpec("serial", "str", "serial number"),
    FieldSpec("status", "choice", "default in-use",
              choices=("in-use", "stock", "repair", "retired")),
    FieldSpec("assigned_to", "str", "a workplace id, or a site id for pool equipment",
              refs=("workplace", "site")),
    FieldSpec("purchased", "date", "purchase date"),
    FieldSpec("warranty_until", "date", "last day of warranty"),
    FieldSpec("os", "mapping", "operating system", device_kinds=_C, nested="os"),
    FieldSpec("encrypted", "bool", "full-disk / storage encryption on", device_kinds=_C),
    FieldSpec("mdm", "bool", "enrolled in device management", device_kinds=_C),
    FieldSpec("vpn_client", "bool", "VPN client installed and configured", device_kinds=_C),
    FieldSpec("tpm", "choice", "TPM version", choices=("2.0", "1.2", "none"), device_kinds=_C),
    FieldSpec("secure_boot", "bool", "Secure Boot on", device_kinds=_C),
    FieldSpec("ram_gb", "int", "memory in GB", minimum=0, device_kinds=_C),
    FieldSpec("camera", "bool", "built-in camera", device_kinds=_C),
    FieldSpec("ip", "ip", "fixed address", device_kinds=NETWORKED_KINDS),
    FieldSpec("mac", "mac", "hardware address, any common notation", device_kinds=NETWORKED_KINDS),
    _WAIVERS,
)
LICENCE = _fields(
    FieldSpec("id", "str", "unique id", True),
    FieldSpec("product", "str", "product name"),
    FieldSpec("vendor", "str", "vendor name"),
    FieldSpec("provides", "capabilities", "capabilities: vpn, mfa, video, office, e-file, "
              "softphone, remote-desktop, or any name a readiness profile uses", True),
    FieldSpec("model", "choice", "how seats are counted", True,
              choices=("per-user", "per-device", "concurrent", "site")),
    FieldSpec("seats", "int", "required unless model is site", minimum=0),
    FieldSpec("expires", "date", "absent = perpetual"),
    FieldSpec("cost_per_seat", "decimal", "EUR, for procurement"),
    FieldSpec("assigned_to", "strings", "per-user: workplace ids; per-device: device ids; "
              "concurrent: the entitled workplaces; site: absent", refs=("workplace", "device")),
    _WAIVERS,
)

#: Record kind (``itready.model.KINDS``) -> its fields.
FIELDS: dict[str, dict[str, FieldSpec]] = {
    "site": SITE, "vpn": VPN, "workplace": WORKPLACE, "device": DEVICE, "licence": LICENCE,
}

SETTINGS_KEYS = ("organisation", "policy", "readiness", "prices", "lifecycle", "rules", "import")
POLICY = _fields(
    FieldSpec("replacement_years", "int", "computers older than this are due", minimum=1),
    FieldSpec("eol_warning_days", "int", "OS support ending within this many days", minimum=0),
    FieldSpec("expiry_warning_days", "int", "licences expiring within this many days", minimum=0),
    FieldSpec("training_valid_months", "int", "how long a training counts", minimum=1),
    FieldSpec("min_ram_gb", "int", "least RAM of a laptop", minimum=0),
    FieldSpec("peak_remote_share", "share", "share of non-office staff remote at peak"),
    FieldSpec("desk_peak_factor", "decimal", "head-room on shared desks"),
    FieldSpec("unused_seat_share", "share", "unused seats above this share are savings"),
    FieldSpec("home_router_ranges", "cidrs", "address ranges common in home networks"),
)
LIFECYCLE = _fields(
    FieldSpec("name", "str", "OS name as in devices", True),
    FieldSpec("version", "str", "OS version as in devices", True),
    FieldSpec("edition", "choice", "Windows edition", choices=OS["edition"].choices),
    FieldSpec("eol", "date", "end of support the organisation has (for example bought)", True),
)
RULES = _fields(
    FieldSpec("disable", "strings", "rule IDs not to run"),
    FieldSpec("severity", "mapping", "rule ID -> severity"),
    FieldSpec("options", "mapping", "rule ID -> parameters"),
    FieldSpec("paths", "strings", "more rule files (relative to the inventory)"),
)

"""The typed, immutable inventory that everything after validation works on.

Nothing downstream of ``itready.validate`` sees raw YAML: rules, reports and exports read these
records. Each record knows where it came from (``Source``), so that a finding can point at it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from itready.i18n import N_, N_plural
from itready.lifecycle import LifecycleEntry

#: The settings file at the root of every inventory.
SETTINGS_FILE = "itready.yaml"

#: Where the rule and error documentation is hosted (``docs_url:`` in itready.yaml overrides
#: it, so that an internal GitLab can host the docs); help links in SARIF and JUnit point here.
DOCS_URL = "https://github.com/itready/itready/blob/main/docs"

#: Languages of reports for people (``language:`` in itready.yaml, ``--lang``).
LANGUAGES = ("de", "en")

COMPUTER_KINDS = frozenset({"laptop", "desktop", "thin-client", "tablet", "smartphone"})
MOBILE_KINDS = frozenset({"laptop", "tablet", "smartphone"})

#: Work models of a workplace, and the days per week away from the office each implies.
WORK_MODELS = ("office", "hybrid", "mobile", "telework")
DEFAULT_MOBILE_DAYS = {"office": 0, "hybrid": 2, "mobile": 4, "telework": 5}
#: A workplace's desk when none is given: its own in the office, shared otherwise.
DEFAULT_DESK = {"office": "assigned", "hybrid": "shared", "mobile": "shared", "telework": "shared"}
NON_OFFICE_MODELS = frozenset(WORK_MODELS[1:])


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record stands: file (relative to the inventory root), kind key and list index."""

    path: str
    kind: str
    index: int


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    until: date
    reason: str | None = None
    approved_by: str | None = None
    index: int = 0  # position in the record's waivers list, for locating it


@dataclass(frozen=True, slots=True)
class Network:
    cidr: str
    purpose: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    source: Source
    name: str | None = None
    address: str | None = None
    shared_desks: int = 0
    networks: tuple[Network, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    record_kind = "site"


@dataclass(frozen=True, slots=True)
class VpnGateway:
    id: str
    source: Source
    site: str
    pools: tuple[str, ...] = ()
    max_sessions: int | None = None
    waivers: tuple[Waiver, ...] = ()

    record_kind = "vpn"


@dataclass(frozen=True, slots=True)
class Workplace:
    id: str
    source: Source
    department: str
    site: str
    work_model: str
    mobile_days: int
    desk: str
    staff: str | None = None
    cost_centre: str | None = None
    training: date | None = None
    waivers: tuple[Waiver, ...] = ()

    record_kind = "workplace"

    @property
    def non_office(self) -> bool:
        return self.work_model in NON_OFFICE_MODELS


@dataclass(frozen=True, slots=True)
class OperatingSystem:
    name: str
    version: str
    edition: str | None = None


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    source: Source
    kind: str
    status: str = "in-use"
    hostname: str | None = None
    model: str | None = None
    serial: str | None = None
    assigned_to: str | None = None
    purchased: date | None = None
    warranty_until: date | None = None
    os: OperatingSystem | None = None
    encrypted: bool | None = None
    mdm: bool | None = None
    vpn_client: bool | None = None
    tpm: str | None = None
    secure_boot: bool | None = None
    ram_gb: int | None = None
    camera: bool | None = None
    ip: str | None = None
    mac: str | None = None
    waivers: tuple[Waiver, ...] = ()

    record_kind = "device"

    @property
    def is_computer(self) -> bool:
        return self.kind in COMPUTER_KINDS

    @property
    def is_mobile(self) -> bool:
        return self.kind in MOBILE_KINDS


@dataclass(frozen=True, slots=True)
class Licence:
    id: str
    source: Source
    model: str
    provides: tuple[str, ...] = ()
    product: str | None = None
    vendor: str | None = None
    seats: int | None = None
    expires: date | None = None
    cost_per_seat: Decimal | None = None
    assigned_to: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    record_kind = "licence"


Record = Site | VpnGateway | Workplace | Device | Licence


@dataclass(frozen=True, slots=True)
class Policy:
    replacement_years: int = 5
    eol_warning_days: int = 180
    expiry_warning_days: int = 60
    training_valid_months: int = 24
    min_ram_gb: int = 8
    peak_remote_share: Decimal = Decimal("0.6")
    desk_peak_factor: Decimal = Decimal("1.1")
    unused_seat_share: Decimal = Decimal("0.25")
    home_router_ranges: tuple[str, ...] = (
        "192.168.0.0/24",
        "192.168.1.0/24",
        "192.168.2.0/24",
        "192.168.178.0/24",
        "10.0.0.0/24",
        "10.0.1.0/24",
        "172.20.10.0/28",
        "192.168.43.0/24",
        "192.168.137.0/24",
    )


DEFAULT_READINESS: dict[str, tuple[str, ...]] = {
    "hybrid": ("mobile-device", "headset", "camera", "vpn", "mfa", "training"),
    "mobile": ("mobile-device", "headset", "camera", "vpn", "mfa", "training"),
    "telework": ("mobile-device", "headset", "camera", "vpn", "mfa", "training", "monitor"),
}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    organisation: str | None = None
    policy: Policy = field(default_factory=Policy)
    readiness: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_READINESS))
    prices: dict[str, Decimal] = field(default_factory=dict)
    lifecycle: tuple[LifecycleEntry, ...] = ()
    rules: RuleSettings = field(default_factory=RuleSettings)
    #: gitignore-style patterns, relative to the root, of YAML below it that is not inventory
    exclude: tuple[str, ...] = ()
    docs_url: str = DOCS_URL
    language: str | None = None
    #: VAT in percent that turns the (net) prices into gross ones (``prices.vat_rate``)
    vat_rate: Decimal = Decimal("19")
    #: ``import:`` (spec import.md), validated in shape only: ``owners`` field -> preset
    imports: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inventory:
    """All records of an inventory, in file order, and its settings."""

    root: str
    settings: Settings
    sites: tuple[Site, ...] = ()
    vpn: tuple[VpnGateway, ...] = ()
    workplaces: tuple[Workplace, ...] = ()
    devices: tuple[Device, ...] = ()
    licences: tuple[Licence, ...] = ()
    files: tuple[str, ...] = ()

    def records(self) -> tuple[Record, ...]:
        """Every record, kind by kind in ``KINDS`` order."""
        return tuple(record for kind in KINDS for record in getattr(self, kind.key))


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of record: how files, messages and the model name it. The words for people are
    English msgids, translated where they are shown (``itready.i18n``)."""

    key: str  # the top-level key in inventory files and the Inventory attribute: "devices"
    cls: type  # the record class
    label: str  # the noun with its article, for messages: "a VPN gateway"
    count: tuple[str, str]  # singular and plural with a number: "{n} VPN gateway(s)"

    @property
    def name(self) -> str:
        """The record kind that findings, references and rules use: "device"."""
        return self.cls.record_kind  # type: ignore[attr-defined, no-any-return]


#: Every kind of record, in the order files list them and ``Inventory.records`` yields them.
KINDS: tuple[Kind, ...] = (
    Kind("sites", Site, N_("a site"), N_plural("{n} site", "{n} sites")),
    Kind("vpn", VpnGateway, N_("a VPN gateway"),
         N_plural("{n} VPN gateway", "{n} VPN gateways")),
    Kind("workplaces", Workplace, N_("a workplace"),
         N_plural("{n} workplace", "{n} workplaces")),
    Kind("devices", Device, N_("a device"), N_plural("{n} device", "{n} devices")),
    Kind("licences", Licence, N_("a licence"), N_plural("{n} licence", "{n} licences")),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def maker(cls: type) -> Callable[..., Any]:
    """A constructor for the frozen, slotted dataclass ``cls``, about 8x faster than calling it
    (same parameters and defaults; the instance is a ``cls``, equal to ``cls(...)``).

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (2.8 µs a
    device, 0.1 s per 10,000 workplaces); here a twin class with the same ``__slots__`` sets
    them as plain attributes, and the instance then takes the class ``cls``, which CPython
    allows for identical layouts."""
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    if tuple(names) != getattr(cls, "__slots__", None) or any(
            f.default_factory is not dataclasses.MISSING for f in fields):
        raise TypeError(f"{cls.__name__}: only slotted dataclasses without factories")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls,
                                 "_twin": type(f"_{cls.__name__}", (), {"__slots__": names})}
    parameters = []
    for f in fields:
        if f.default is dataclasses.MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
    code = (f"def make({', '.join(parameters)}):\n    made = _new(_twin)\n"
            + "".join(f"    made.{n} = {n}\n" for n in names)
            + "    made.__class__ = _cls\n    return made\n")
    exec(code, namespace)  # the code is made of the dataclass's own field names
    return namespace["make"]  # type: ignore[no-any-return]


#: A fast constructor for each record class and the classes records hold (``maker``): what
#: the validator and the cache build records with.
MAKE: dict[type, Callable[..., Any]] = {
    cls: maker(cls) for cls in (Source, Waiver, Network, OperatingSystem, Site, VpnGateway,
                                 Workplace, Device, Licence)}

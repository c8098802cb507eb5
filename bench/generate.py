#!/usr/bin/env python3
"""Write itready inventories: synthetic ones of any size, and the bundled example.

    python bench/generate.py OUTDIR --workplaces N [--seed S]
    python bench/generate.py inventories/musterstadt --profile musterstadt

The synthetic profile (the default) writes an inventory in the documented format for
benchmarks and scale tests: ``itready.yaml``, ``sites.yaml`` (about one site per 2,000
workplaces, at least 4), ``vpn.yaml``, ``licences.yaml`` (a few hundred products at 100,000
workplaces), ``desk-pools.yaml`` (docks and monitors of the shared desks), ``stock.yaml`` and one
file per department, ``departments/NN-name.yaml`` (about 51 at 100,000 workplaces), holding that
department's workplaces and devices. 10,000 workplaces give about 35,000 records and 9 MB.
It carries a realistic sprinkling of findings (old or unencrypted devices, expired trainings,
over-assigned licences, a few duplicate addresses) but no input errors.

The ``musterstadt`` profile writes ``inventories/musterstadt/``, the example inventory the
project ships: about 400 workplaces of a fictional town administration, with hand-planted gaps
that make every rule of the catalogue fire at least once on 2026-11-27. Its README.md, with the
table of planted gaps, is written from the same code, so the two cannot disagree.

Same arguments, same bytes. All dates are drawn relative to ``AS_OF`` (2026-11-27, the check
date the tests use), never to today. Stdlib only: YAML is written with string formatting.
Files of an earlier run named ``departments/NN-*.yaml`` are removed first, so that a smaller run
does not leave a larger run's departments behind.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 27)

# --------------------------------------------------------------------------------------------
# YAML writing
# --------------------------------------------------------------------------------------------

Record = dict[str, Any]


class Raw(str):
    """A scalar written as given, unquoted: addresses and CIDRs, which read back as strings."""

    __slots__ = ()


#: Field order per record kind and nested mapping: `id` first, then as the format documents.
ORDER: dict[str, tuple[str, ...]] = {
    "sites": ("id", "name", "address", "shared_desks", "networks", "waivers"),
    "vpn": ("id", "site", "pools", "max_sessions", "waivers"),
    "workplaces": (
        "id", "department", "site", "staff", "cost_centre", "work_model", "mobile_days", "desk",
        "training", "waivers",
    ),
    "devices": (
        "id", "kind", "model", "serial", "status", "assigned_to", "purchased", "warranty_until",
        "os", "encrypted", "mdm", "vpn_client", "tpm", "secure_boot", "ram_gb", "camera", "ip",
        "mac", "waivers",
    ),
    "licences": (
        "id", "product", "vendor", "provides", "model", "seats", "expires", "cost_per_seat",
        "assigned_to", "waivers",
    ),
    "networks": ("cidr", "purpose", "name"),
    "os": ("name", "version", "edition"),
    "waivers": ("rule", "reason", "until", "approved_by"),
}  # fmt: skip
FLOW_KEYS = frozenset({"pools", "provides"})

# A plain scalar that every YAML 1.1 and 1.2 loader reads back as the same string: it starts
# with a letter, holds no ':' or '#', does not end in a space and is no boolean or null word.
_PLAIN = re.compile(r"[^\W\d_](?:[\w .,;/()+&'-]*[\w.)/+-])?")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
_SCALARS: dict[str, str] = {}


def scalar(value: Any) -> str:
    """`value` as a YAML scalar: strings plain where that is safe, else double-quoted."""
    kind = type(value)
    if kind is str:
        text = _SCALARS.get(value)
        if text is None:
            if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
                text = value
            else:
                text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            _SCALARS[value] = text
        return text
    if kind is Raw:
        return str.__str__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return f"{value:.2f}"
    if kind is date:
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as a YAML scalar")


def emit_item(out: list[str], rec: Record, order: tuple[str, ...], pad: str) -> None:
    """One block-sequence item: comment lines (key '#'), then the fields in `order`.

    Trailing comments come from the mapping under key '#trail' (field -> text); keys starting
    with '_' are the generator's own bookkeeping and are not written.
    """
    for line in rec.get("#", ()):
        out.append(f"{pad}# {line}".rstrip())
    trail = rec.get("#trail")
    lead = pad + "- "
    inner = pad + "  "
    for key in order:
        if key not in rec:
            continue
        value = rec[key]
        line = len(out)
        if type(value) is dict:
            out.append(f"{lead}{key}:")
            out.extend(f"{inner}  {k}: {scalar(value[k])}" for k in ORDER[key] if k in value)
        elif type(value) is list:
            if key in FLOW_KEYS or not value:
                out.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]")
            elif type(value[0]) is dict:
                out.append(f"{lead}{key}:")
                for item in value:
                    emit_item(out, item, ORDER[key], inner + "  ")
            else:
                out.append(f"{lead}{key}:")
                out.extend(f"{inner}  - {scalar(v)}" for v in value)
        else:
            out.append(f"{lead}{key}: {scalar(value)}")
        if trail and key in trail:
            out[line] += f"  # {trail[key]}"
        lead = inner


def emit_file(header: Iterable[str], sections: Iterable[tuple[str, list[Record]]]) -> str:
    """A whole inventory file: header comment lines, then `key:` and its records per section."""
    out = [f"# {line}".rstrip() for line in header]
    for key, records in sections:
        if out:
            out.append("")
        out.append(f"{key}:")
        for rec in records:
            emit_item(out, rec, ORDER[key], "  ")
    out.append("")
    return "\n".join(out)


def slug(text: str) -> str:
    """ASCII file-name form of a German department name: 'Kämmerei' -> 'kaemmerei'."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def write_files(outdir: Path, files: dict[str, str]) -> int:
    """Write `files` (relative path -> text) below `outdir`; returns the bytes written."""
    total = 0
    for rel, text in files.items():
        path = outdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def clear_departments(outdir: Path) -> None:
    folder = outdir / "departments"
    if folder.is_dir():
        for path in folder.iterdir():
            if re.fullmatch(r"\d\d-[a-z0-9-]+\.yaml", path.name):
                path.unlink()


# --------------------------------------------------------------------------------------------
# Small helpers shared by both profiles
# --------------------------------------------------------------------------------------------

ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
DIGITS = "0123456789"

#: Serial number shapes by vendor: (prefix, alphabet, length of the random part).
SERIALS: dict[str, tuple[str, str, int]] = {
    "lenovo": ("PF", ALNUM, 6),
    "dell": ("", ALNUM, 7),
    "hp": ("5CG", ALNUM, 7),
    "microsoft": ("0", DIGITS, 11),
    "apple": ("", ALNUM, 10),
    "samsung": ("R5", ALNUM, 9),
    "fujitsu": ("YM", ALNUM, 7),
    "yealink": ("8030", DIGITS, 12),
    "logitech": ("2231LZ", DIGITS, 5),
    "jabra": ("JB", ALNUM, 8),
    "yubico": ("", DIGITS, 8),
}
#: Real vendor address prefixes (OUIs); the device part below them is made up.
OUIS: dict[str, str] = {
    "lenovo": "54:E1:AD",
    "dell": "D0:94:66",
    "hp": "3C:52:82",
    "apple": "F0:18:98",
    "fujitsu": "00:30:05",
    "yealink": "80:5E:C0",
    "microsoft": "28:18:78",
}


def make_serial(rng: random.Random, vendor: str) -> str:
    prefix, alphabet, length = SERIALS[vendor]
    return prefix + "".join(rng.choices(alphabet, k=length))


class MacPool:
    """Unique, random-looking MAC addresses per vendor prefix (an odd multiplier is a bijection
    on 24 bits, so the first 16 million of each prefix never repeat)."""

    def __init__(self, salt: int) -> None:
        self.salt = salt
        self.counters: dict[str, int] = {}
        self.last: str | None = None

    def next(self, vendor: str) -> str:
        n = self.counters.get(vendor, 0)
        self.counters[vendor] = n + 1
        low = (n * 0x9E3779B1 + self.salt) & 0xFFFFFF
        self.last = f"{OUIS[vendor]}:{low >> 16:02X}:{(low >> 8) & 255:02X}:{low & 255:02X}"
        return self.last


def day_between(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def warranty_end(purchased: date, years: int) -> date:
    return add_years(purchased, years) - timedelta(days=1)


def licence(
    lic_id: str,
    product: str,
    vendor: str,
    provides: str,
    model: str,
    seats: int | None,
    expires: date | None,
    cost_per_seat: float | None,
    assigned_to: list[str] | None = None,
) -> Record:
    """A licence record; None leaves a field out."""
    rec: Record = {"id": lic_id, "product": product, "vendor": vendor, "provides": [provides]}
    rec["model"] = model
    for key, value in (
        ("seats", seats),
        ("expires", expires),
        ("cost_per_seat", cost_per_seat),
        ("assigned_to", assigned_to),
    ):
        if value is not None:
            rec[key] = value
    return rec


def network_of(cidr: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(cidr)


class Addresses:
    """Hands out host addresses of one network in order, from .20 upwards."""

    def __init__(self, cidr: str, first: int = 20) -> None:
        self.net = network_of(cidr)
        self.next_host = int(self.net.network_address) + first

    def take(self) -> Raw:
        if self.next_host >= int(self.net.broadcast_address):
            raise ValueError(f"network {self.net} is full")
        self.next_host += 1
        return Raw(str(ipaddress.IPv4Address(self.next_host - 1)))


SETTINGS_COMMON = """\
readiness:                      # what a workplace needs, by work model
  hybrid:   [mobile-device, headset, camera, vpn, mfa, training, e-file]
  mobile:   [mobile-device, headset, camera, vpn, mfa, training, e-file]
  telework: [mobile-device, headset, camera, vpn, mfa, training, e-file, monitor, softphone]

prices:                         # EUR per unit (framework contracts), for procurement lines
  laptop: 1150
  tablet: 980
  desktop: 890
  smartphone: 520
  headset: 89
  webcam: 69
  monitor: 189
  dock: 229
  mfa-token: 45
"""

# --------------------------------------------------------------------------------------------
# Synthetic profile
# --------------------------------------------------------------------------------------------

#: Departments after the KGSt numbering common in German municipalities: number, name and a
#: relative size. Smaller inventories take the biggest ones.
DEPARTMENTS: tuple[tuple[int, str, float], ...] = (
    (10, "Hauptamt", 3), (11, "Personalamt", 2), (12, "Statistikamt", 0.6),
    (13, "Presseamt", 0.5), (14, "Rechnungsprüfungsamt", 0.8),
    (15, "Amt für Digitalisierung und IT", 2), (20, "Kämmerei", 2), (21, "Stadtkasse", 1.2),
    (22, "Steueramt", 1.5), (23, "Liegenschaftsamt", 1), (24, "Gebäudewirtschaft", 1.5),
    (30, "Rechtsamt", 0.8), (31, "Umweltamt", 1.5), (32, "Ordnungsamt", 3),
    (33, "Bürgeramt", 2.5), (34, "Standesamt", 0.8), (35, "Versicherungsamt", 0.5),
    (36, "Straßenverkehrsamt", 2), (37, "Feuerwehr", 2.4), (38, "Bevölkerungsschutz", 0.6),
    (39, "Veterinär- und Lebensmittelüberwachungsamt", 1), (40, "Schulverwaltungsamt", 2),
    (41, "Kulturamt", 1), (42, "Stadtbibliothek", 1.2), (43, "Volkshochschule", 1),
    (44, "Musikschule", 0.8), (45, "Museen", 0.8), (46, "Theater", 0.8),
    (47, "Stadtarchiv", 0.5), (50, "Sozialamt", 4), (51, "Jugendamt", 5), (52, "Sportamt", 0.8),
    (53, "Gesundheitsamt", 2.4), (54, "Amt für Senioren und Inklusion", 1),
    (55, "Ausländerbehörde", 1.5), (56, "Wohngeldstelle", 1), (60, "Bauverwaltungsamt", 1),
    (61, "Stadtplanungsamt", 1.5), (62, "Vermessungs- und Katasteramt", 1.5),
    (63, "Bauordnungsamt", 2), (64, "Wohnungsamt", 0.8), (65, "Hochbauamt", 1.5),
    (66, "Tiefbauamt", 2), (67, "Grünflächenamt", 1.5), (68, "Verkehrsplanung", 1),
    (70, "Stadtreinigung", 1.5), (72, "Marktamt", 0.4), (75, "Friedhofsamt", 0.6),
    (80, "Wirtschaftsförderung", 0.8), (81, "Eigenbetrieb Stadtentwässerung", 1.2),
    (86, "Tourismus und Stadtmarketing", 0.6),
)  # fmt: skip
FIELD_DEPARTMENTS = frozenset({32, 37, 51, 53, 62, 66, 67, 70, 81})
COUNTER_DEPARTMENTS = frozenset({21, 33, 34, 36, 42, 55})
WORK_MODELS = ("office", "hybrid", "mobile", "telework")
#: Shares of the work models by kind of department: field service, counters, the rest.
WORK_MIX = {"field": (22, 38, 30, 10), "counter": (55, 37, 0, 8), "": (28, 52, 6, 14)}

STREETS = (
    "Rathausplatz", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Hauptstraße",
    "Industriestraße", "Lindenallee", "Kirchplatz", "Marktstraße", "Gartenstraße", "Parkstraße",
    "Ringstraße", "Schulstraße", "Am Stadtpark", "Mühlenweg", "Friedrichstraße", "Poststraße",
    "Wilhelmstraße", "Kaiserstraße", "Hafenstraße",
)  # fmt: skip

#: (model, serial vendor, RAM choices, built-in camera) by computer kind and OS name.
MODELS: dict[tuple[str, str], tuple[tuple[str, str, tuple[int, ...], bool], ...]] = {
    ("laptop", "windows"): (
        ("ThinkPad T14 Gen 3", "lenovo", (16, 16, 8), True),
        ("ThinkPad T14 Gen 4", "lenovo", (16, 16, 32), True),
        ("ThinkPad T14 Gen 5", "lenovo", (16, 32), True),
        ("ThinkPad L14 Gen 2", "lenovo", (8, 16), True),
        ("Latitude 5420", "dell", (8, 16), True),
        ("Latitude 5440", "dell", (16, 16, 32), True),
        ("Latitude 5450", "dell", (16, 32), True),
        ("EliteBook 840 G9", "hp", (16,), True),
        ("EliteBook 840 G10", "hp", (16, 32), True),
    ),
    ("laptop", "macos"): (("MacBook Air (M2, 2022)", "apple", (8, 16), True),),
    ("desktop", "windows"): (
        ("OptiPlex 7010", "dell", (8, 16), False),
        ("OptiPlex 7000", "dell", (8, 16), False),
        ("ThinkCentre M70q Gen 3", "lenovo", (8, 16), False),
        ("ThinkCentre M70q Gen 4", "lenovo", (16,), False),
        ("EliteDesk 800 G6", "hp", (8, 16), False),
    ),
    ("thin-client", "windows"): (("FUTRO S5011", "fujitsu", (4, 8), False),),
    ("tablet", "windows"): (("Surface Pro 9", "microsoft", (16,), True),),
    ("tablet", "ipados"): (("iPad (10th generation)", "apple", (4,), True),),
    ("smartphone", "ios"): (
        ("iPhone 14", "apple", (6,), True),
        ("iPhone SE (3rd generation)", "apple", (4,), True),
    ),
    ("smartphone", "android"): (("Galaxy XCover6 Pro", "samsung", (6,), True),),
}
MODELS[("laptop", "ubuntu")] = MODELS[("laptop", "windows")][:4]
COMPUTER_KINDS = frozenset(kind for kind, _ in MODELS)
PERIPHERALS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "headset": (("Jabra Evolve2 40", "jabra"), ("Jabra Evolve2 65", "jabra")),
    "webcam": (("Logitech C925e", "logitech"), ("Logitech Brio 500", "logitech")),
    "mfa-token": (("YubiKey 5 NFC", "yubico"), ("YubiKey 5C NFC", "yubico")),
    "monitor": (("Dell P2422H", "dell"), ("Lenovo ThinkVision T24i-30", "lenovo")),
    "dock": (("Dell WD19S", "dell"), ("ThinkPad Universal USB-C Dock", "lenovo")),
    "desk-phone": (("Yealink T54W", "yealink"),),
}

#: Operating systems by computer kind with weights; a few are unsupported on 2026-11-27
#: (Windows 11 23H2, Windows 10 Pro, iOS 17, Android 13), end soon (Ubuntu 22.04, Windows 10
#: LTSC 2021) or are unknown to the lifecycle table (macOS "10.16").
WIN_E = "enterprise"
OS_CHOICES: dict[str, tuple[tuple[tuple[str, str, str | None], float], ...]] = {
    "laptop": (
        (("windows", "11 24H2", WIN_E), 44), (("windows", "11 25H2", WIN_E), 34),
        (("windows", "10 22H2", WIN_E), 12), (("windows", "11 23H2", WIN_E), 1.5),
        (("windows", "10 22H2", "pro"), 1), (("ubuntu", "24.04", None), 1.5),
        (("ubuntu", "22.04", None), 0.5), (("macos", "14", None), 1.5),
        (("macos", "15", None), 1.4), (("macos", "10.16", None), 0.1),
    ),
    "desktop": (
        (("windows", "11 24H2", WIN_E), 50), (("windows", "11 25H2", WIN_E), 20),
        (("windows", "10 22H2", WIN_E), 25), (("windows", "10 21H2", "ltsc"), 1.5),
        (("windows", "10 22H2", "pro"), 1), (("windows", "11 23H2", WIN_E), 2.5),
    ),
    "thin-client": ((("windows", "10 21H2", "iot-ltsc"), 95), (("windows", "10 21H2", "ltsc"), 5)),
    "tablet": (
        (("windows", "11 24H2", WIN_E), 50), (("ipados", "18", None), 35),
        (("ipados", "17", None), 15),
    ),
    "smartphone": (
        (("ios", "18", None), 55), (("ios", "26", None), 25), (("ios", "17", None), 3),
        (("android", "14", None), 10), (("android", "15", None), 6), (("android", "13", None), 1),
    ),
}  # fmt: skip
DEVICE_PREFIX = {
    "laptop": "NB", "desktop": "PC", "thin-client": "TC", "tablet": "TB", "smartphone": "SM",
    "monitor": "MON", "dock": "DCK", "headset": "HS", "webcam": "CAM", "mfa-token": "MFA",
    "desk-phone": "TEL",
}  # fmt: skip

#: Specialist applications ("Fachverfahren") for the synthetic licence catalogue.
AREAS = (
    "Meldewesen", "Personenstand", "Gewerbe", "Kfz-Zulassung", "Sozialhilfe", "Wohngeld",
    "Elterngeld", "Kita-Verwaltung", "Jugendhilfe", "Bauantrag", "GIS", "CAD", "Liegenschaften",
    "Friedhof", "Haushalt", "Kasse", "Vollstreckung", "Steuern", "Personalabrechnung",
    "Zeiterfassung", "Ratsinformation", "Vergabe", "Ausländerwesen", "Fahrerlaubnis", "Bußgeld",
    "Parkraum", "Schulverwaltung", "Bibliothek", "Archiv", "Veranstaltungen", "Statistik",
    "Umweltdaten", "Gesundheitsdaten", "Einsatzleitung", "Vermessung", "Grünflächenkataster",
    "Straßenkataster", "Wahlen", "Dokumentenmanagement", "Terminvergabe",
)  # fmt: skip
MODULES = (
    "Basis", "Auskunft", "Sachbearbeitung", "Statistik", "Schnittstelle", "Mobil", "Archivierung",
    "Portal",
)  # fmt: skip
VENDORS = (
    "Kommunaldata eG", "Datenwerk Kommunal GmbH", "Verwaltungssoftware Nord AG",
    "Civitas Systeme GmbH", "Rathaus-IT Süd GmbH", "Geodaten Beispiel GmbH", "ExampleVendor",
)  # fmt: skip


def _cum(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


_OS_CUM = {kind: _cum(w for _, w in choices) for kind, choices in OS_CHOICES.items()}
_WORK_CUM = {mix: _cum(shares) for mix, shares in WORK_MIX.items()}
LICENCE_MODELS = ("per-user", "per-device", "concurrent", "site")
#: Findings the synthetic profile now and then waives: the field that is false, its rule.
WAIVABLE = (("encrypted", "DEV003"), ("secure_boot", "DEV008"), ("vpn_client", "DEV005"))
_LICENCE_CUM = _cum((72, 15, 9, 4))


class Allocator:
    """Aligned, non-overlapping IPv4 blocks from a start address upwards."""

    def __init__(self, start: str) -> None:
        self.cursor = int(ipaddress.IPv4Address(start))

    def take(self, hosts: int) -> str:
        bits = max(4, (hosts + 1).bit_length())
        size = 1 << bits
        self.cursor = -(-self.cursor // size) * size
        net = ipaddress.IPv4Network((self.cursor, 32 - bits))
        self.cursor += size
        return str(net)


@dataclass(slots=True)
class _Site:
    id: str
    name: str
    address: str
    workplaces: int = 0
    demand: float = 0.0
    networks: list[Record] = field(default_factory=list)
    office: Addresses | None = None
    voip: Addresses | None = None
    last_ip: Raw | None = None


class Synthetic:
    """The synthetic inventory: one pass over departments, writing each file as it is done."""

    def __init__(self, workplaces: int, seed: int) -> None:
        if workplaces < 1:
            raise ValueError("--workplaces must be at least 1")
        self.total = workplaces
        self.seed = seed
        self.rng = random.Random(seed)
        self.counters = dict.fromkeys(DEVICE_PREFIX.values(), 0)
        self.width = max(5, len(str(int(workplaces * 1.2))))
        self.macs = MacPool(seed)
        self.records = 0
        # licence bookkeeping: who is entitled to what
        self.vpn_users: list[str] = []
        self.mfa_users: list[str] = []
        self.efile_users: list[str] = []
        self.softphone_users: list[str] = []
        self.dept_workplaces: dict[int, list[str]] = {}
        self.dept_computers: dict[int, list[str]] = {}
        self.non_office = 0
        self.plan()
        self.staff = self.rng.sample(
            range(100_000, 100_000 + max(900_000, 2 * workplaces)), workplaces
        )
        self.address_plan()

    # ---- ids and small pieces ----
    def new_id(self, kind: str) -> str:
        prefix = DEVICE_PREFIX[kind]
        self.counters[prefix] += 1
        return f"{prefix}-{self.counters[prefix]:0{self.width + 1}d}"

    def plan(self) -> None:
        rng = self.rng
        n_depts = max(3, min(len(DEPARTMENTS), round(51 * math.sqrt(self.total / 100_000))))
        biggest = sorted(DEPARTMENTS, key=lambda d: (-d[2], d[0]))[:n_depts]
        chosen = sorted(biggest)
        weights = [size * rng.uniform(0.8, 1.25) for _, _, size in chosen]
        self.depts = list(zip(chosen, _split(self.total, weights), strict=True))
        n_sites = max(4, round(self.total / 2000))
        self.sites = []
        for i in range(n_sites):
            street = STREETS[i % len(STREETS)]
            block = i // len(STREETS)
            name = "Rechenzentrum" if i == 0 else f"Dienstgebäude {street}"
            if block:
                name += f" {block + 1}"
            self.sites.append(_Site(f"S{i + 1:03d}", name, f"{street} {1 + (i * 7) % 60}"))
        # each department gets a home site (least loaded first); a fifth of it, its last
        # workplaces, sits in a second building
        self.homes: dict[int, tuple[_Site, _Site, int]] = {}
        for (num, _, _), size in sorted(self.depts, key=lambda d: (-d[1], d[0][0])):
            home = min(self.sites, key=lambda s: (s.workplaces, s.id))
            other = self.sites[(self.sites.index(home) + 1 + rng.randrange(n_sites - 1)) % n_sites]
            at_home = size - size // 5
            self.homes[num] = (home, other, at_home)
            home.workplaces += at_home
            other.workplaces += size - at_home

    # ---- workplaces ----
    def workplace(self, num: int, name: str, index: int, cc: str) -> Record:
        rng = self.rng
        home, other, at_home = self.homes[num]
        site = home if index <= at_home else other
        mix = (
            "field" if num in FIELD_DEPARTMENTS else "counter" if num in COUNTER_DEPARTMENTS else ""
        )
        cum = _WORK_CUM[mix]
        model = WORK_MODELS[_bisect(cum, rng.random() * cum[-1])]
        if model == "office":
            days, desk = 0, "assigned"
        elif model == "hybrid":
            days = rng.choice((2, 2, 2, 3, 3, 1))
            desk = "shared" if rng.random() < 0.4 else "assigned"
        elif model == "mobile":
            days = 4
            desk = "shared" if rng.random() < 0.4 else "none"
        else:
            days, desk = 5, "none"
        rec: Record = {
            "id": f"WP-{num:02d}-{index:0{self.width}d}",
            "department": f"{num} {name}",
            "site": site.id,
        }
        if rng.random() < 0.98:
            rec["staff"] = f"P-{self.staff.pop()}"
        rec["cost_centre"] = cc
        rec["work_model"] = model
        rec["mobile_days"] = days
        rec["desk"] = desk
        r = rng.random()
        if model != "office":
            self.non_office += 1
            if r < 0.9:
                rec["training"] = day_between(rng, date(2024, 12, 15), date(2026, 11, 1))
            elif r < 0.96:
                rec["training"] = day_between(rng, date(2022, 3, 1), date(2024, 11, 20))
        elif r < 0.5:
            rec["training"] = day_between(rng, date(2022, 3, 1), date(2026, 11, 1))
        if desk == "shared":
            site.demand += (5 - days) / 5
        rec["_site"] = site
        return rec

    # ---- devices ----
    def computer(self, kind: str, owner: str | None, site: _Site | None) -> Record:
        rng = self.rng
        name, version, edition = OS_CHOICES[kind][
            _bisect(_OS_CUM[kind], rng.random() * _OS_CUM[kind][-1])
        ][0]
        model, vendor, rams, camera = rng.choice(MODELS[(kind, name)])
        old = rng.random() < 0.1
        if old:
            purchased = day_between(rng, date(2018, 3, 1), date(2021, 11, 1))
        else:
            purchased = day_between(rng, date(2021, 12, 15), date(2026, 10, 15))
        dev_id = self.new_id(kind)
        rec: Record = {"id": dev_id, "kind": kind, "model": model}
        rec["serial"] = make_serial(rng, vendor)
        r = rng.random()
        if owner is None:
            rec["status"] = "stock"
        elif r < 0.004:
            rec["status"] = "repair"  # still assigned: DEV012
        else:
            rec["status"] = "in-use"
        if owner is not None:
            rec["assigned_to"] = owner
        rec["purchased"] = purchased
        rec["warranty_until"] = warranty_end(purchased, 5 if rng.random() < 0.75 else 3)
        rec["os"] = {"name": name, "version": version}
        if edition:
            rec["os"]["edition"] = edition
        mobile = kind in ("laptop", "tablet", "smartphone")
        r = rng.random()
        if r < 0.985 or not mobile:
            rec["encrypted"] = True
        elif r < 0.995:
            rec["encrypted"] = False
        r = rng.random()
        if r < 0.99:
            rec["mdm"] = True
        elif r < 0.997:
            rec["mdm"] = False
        if kind in ("laptop", "tablet"):
            rec["vpn_client"] = rng.random() < 0.985
        if name == "windows":
            rec["tpm"] = "1.2" if old and purchased.year < 2019 and rng.random() < 0.4 else "2.0"
            r = rng.random()
            if r < 0.985:
                rec["secure_boot"] = True
            elif r < 0.995:
                rec["secure_boot"] = False
        if kind != "smartphone":
            rec["ram_gb"] = 4 if kind == "laptop" and rng.random() < 0.015 else rng.choice(rams)
        if camera:
            rec["camera"] = kind != "laptop" or rng.random() < 0.98
        if kind in ("desktop", "thin-client") and site is not None:
            rec["ip"] = self.ip(site)
            rec["mac"] = self.mac(vendor)
        elif kind == "laptop":
            rec["mac"] = self.mac(vendor)
        self.waive(rec)
        return rec

    def ip(self, site: _Site, voip: bool = False) -> Raw:
        rng = self.rng
        pool = site.voip if voip else site.office
        assert pool is not None
        r = rng.random()
        if r < 0.0003 and site.last_ip:  # NET005: a copied reservation
            return site.last_ip
        if r < 0.0007:  # NET006: moved from another site, address kept
            other = self.sites[(self.sites.index(site) + 1) % len(self.sites)]
            return Raw(str(network_of(other.networks[0]["cidr"]).network_address + 7))
        if r < 0.0009:  # NET007: the broadcast address typed in
            return Raw(str(pool.net.broadcast_address))
        site.last_ip = pool.take()
        return site.last_ip

    def mac(self, vendor: str) -> str:
        if self.macs.last and self.rng.random() < 0.0003:  # NET008
            return self.macs.last
        return self.macs.next(vendor if vendor in OUIS else "dell")

    def waive(self, rec: Record) -> None:
        """Now and then a finding is waived; some waivers have expired, a few are stale."""
        rng = self.rng
        rule = next((r for key, r in WAIVABLE if rec.get(key) is False), None)
        if rule is None:
            if rng.random() > 0.0005:
                return
            rule = "DEV009"  # stale: nothing to waive
        elif rng.random() > 0.15:
            return
        until = AS_OF + timedelta(days=rng.randint(-200, 400))
        rec["waivers"] = [
            {
                "rule": rule,
                "reason": "Accepted by the department until the next hardware rollout",
                "until": until,
                "approved_by": "IT-Sicherheit",
            }
        ]

    def peripheral(self, kind: str, owner: str | None, site: _Site | None = None) -> Record:
        rng = self.rng
        model, vendor = rng.choice(PERIPHERALS[kind])
        rec: Record = {"id": self.new_id(kind), "kind": kind, "model": model}
        if vendor:
            rec["serial"] = make_serial(rng, vendor)
        if owner is None:
            rec["status"] = "stock"
        elif rng.random() < 0.0005:
            rec["status"] = "retired"  # still assigned: DEV012
        else:
            rec["status"] = "in-use"
            if rng.random() < 0.0005:
                owner = None  # DEV010: in use, assigned to nothing
        if owner is not None:
            rec["assigned_to"] = owner
        rec["purchased"] = day_between(rng, date(2019, 1, 1), date(2026, 10, 31))
        if kind == "desk-phone" and site is not None and site.voip:
            rec["ip"] = self.ip(site, voip=True)
            rec["mac"] = self.mac("yealink")
        return rec

    def kit(self, wp: Record) -> Iterator[Record]:
        """The devices of one workplace."""
        rng = self.rng
        wid, model, site = wp["id"], wp["work_model"], wp["_site"]
        r = rng.random()
        token = False
        if model == "office":
            kind = "desktop" if r < 0.8 else "thin-client" if r < 0.92 else "laptop"
            yield self.computer(kind, wid, site)
            if rng.random() < 0.2:
                yield self.peripheral("monitor", wid)
            if rng.random() < 0.15:
                yield self.peripheral("headset", wid)
            if rng.random() < 0.15:
                yield self.peripheral("desk-phone", wid, site)
            if kind != "laptop" and rng.random() < 0.06:
                yield self.peripheral("webcam", wid)
            if rng.random() < 0.06:
                token = True
                yield self.peripheral("mfa-token", wid)
        else:
            if model == "mobile":
                kind = "laptop" if r < 0.55 else "tablet" if r < 0.985 else None
            else:
                kind = "laptop" if r < 0.97 else "tablet" if r < 0.985 else "desktop"
            if kind:
                yield self.computer(kind, wid, site)
            if rng.random() < 0.97:
                yield self.peripheral("headset", wid)
            if rng.random() < 0.25:
                token = True
                yield self.peripheral("mfa-token", wid)
            if model == "mobile" and rng.random() < 0.3:
                yield self.computer("smartphone", wid, site)
            if model == "telework":
                if rng.random() < 0.93:
                    yield self.peripheral("monitor", wid)
                if rng.random() < 0.25:
                    yield self.peripheral("dock", wid)
            elif wp["desk"] == "assigned" and rng.random() < 0.15:
                yield self.peripheral("monitor", wid)
            if kind == "desktop" and rng.random() < 0.5:
                yield self.peripheral("webcam", wid)
            if rng.random() < 0.985:
                self.vpn_users.append(wid)
            if not token and rng.random() < 0.985:
                self.mfa_users.append(wid)
            if (model == "telework" and rng.random() < 0.97) or rng.random() < 0.05:
                self.softphone_users.append(wid)
        if rng.random() < (0.975 if model != "office" else 0.9):
            self.efile_users.append(wid)

    def department(self, num: int, name: str, size: int) -> tuple[str, str]:
        workplaces: list[Record] = []
        devices: list[Record] = []
        computers: list[str] = []
        units = 1 + size // 400
        for i in range(1, size + 1):
            cc = f"{num:02d}{min(i * units // (size + 1), 99):02d}"
            wp = self.workplace(num, name, i, cc)
            workplaces.append(wp)
            for dev in self.kit(wp):
                devices.append(dev)
                if dev["kind"] in COMPUTER_KINDS:
                    computers.append(dev["id"])
        self.dept_workplaces[num] = [wp["id"] for wp in workplaces]
        self.dept_computers[num] = computers
        self.records += len(workplaces) + len(devices)
        header = [
            f"{num} {name}: {len(workplaces)} workplaces, {len(devices)} devices.",
            f"Synthetic inventory (bench/generate.py, seed {self.seed}).",
        ]
        text = emit_file(header, [("workplaces", workplaces), ("devices", devices)])
        return f"departments/{num:02d}-{slug(name)}.yaml", text

    # ---- sites, pools, stock ----
    def address_plan(self) -> None:
        alloc = Allocator("10.16.0.0")
        for site in self.sites:
            n = site.workplaces
            office = alloc.take(n + 40)
            voip = alloc.take(n // 4 + 40)
            site.networks = [
                {"cidr": Raw(office), "purpose": "office", "name": "Verwaltungsnetz"},
                {"cidr": Raw(alloc.take(n + 40)), "purpose": "wlan", "name": "WLAN Dienst"},
                {"cidr": Raw(voip), "purpose": "voip", "name": "Telefonie"},
                {"cidr": Raw(alloc.take(200)), "purpose": "server", "name": "Server"},
            ]
            site.office = Addresses(office)
            site.voip = Addresses(voip)
        # two mistakes a large address plan has: a contractor's WLAN that reuses another
        # site's range (NET001), and an old DSL-router range still in use (NET002)
        first, last = self.sites[0], self.sites[-1]
        last.networks.append(
            {
                "cidr": first.networks[1]["cidr"],
                "purpose": "wlan",
                "name": "WLAN Halle (Dienstleister)",
            }
        )
        last.networks.append(
            {
                "cidr": Raw("192.168.178.0/24"),
                "purpose": "office",
                "name": "Altnetz (Migration offen)",
            }
        )

    def site_records(self) -> tuple[list[Record], list[Record]]:
        """Sites with their desk-sharing pools, and the pools' docks and monitors."""
        rng = self.rng
        records: list[Record] = []
        pool: list[Record] = []
        for site in self.sites:
            demand = math.ceil(site.demand * 1.1)
            rec: Record = {"id": site.id, "name": site.name, "address": site.address}
            desks = demand + rng.randint(0, max(1, demand // 20))
            if demand and (site is self.sites[1] or rng.random() < 0.2):
                desks = max(0, demand - 1 - demand // 12)  # SPC001
            rec["shared_desks"] = desks
            rec["networks"] = site.networks
            records.append(rec)
            for kind in ("dock", "monitor"):
                count = desks if rng.random() < 0.8 else desks - desks // 15  # SPC002, SPC003
                for _ in range(count):
                    pool.append(self.peripheral(kind, site.id))
        return records, pool

    def stock(self) -> list[Record]:
        out: list[Record] = []
        for kind, share in (("laptop", 0.004), ("tablet", 0.0005)):
            out.extend(self.computer(kind, None, None) for _ in range(round(self.total * share)))
        for kind, share in (
            ("headset", 0.003),
            ("mfa-token", 0.003),
            ("monitor", 0.001),
            ("dock", 0.001),
            ("webcam", 0.001),
        ):
            out.extend(
                self.peripheral(kind, None) for _ in range(max(1, round(self.total * share)))
            )
        return out

    def vpn_records(self) -> list[Record]:
        peak = math.ceil(self.non_office * 0.6)
        gateways = max(2, math.ceil(self.total / 25_000))
        alloc = Allocator("10.192.0.0")
        out = []
        for i in range(gateways):
            share = math.ceil(peak * 1.3 / gateways)
            out.append(
                {
                    "id": f"VPN-GW{i + 1}",
                    "site": self.sites[i % 2].id,
                    "pools": [Raw(alloc.take(share))],
                    "max_sessions": -(-math.ceil(peak * 1.2 / gateways) // 50) * 50,
                }
            )
        return out

    def licences(self) -> list[Record]:
        rng = self.rng
        peak = math.ceil(len(self.vpn_users) * 0.6)

        def seats(n: int) -> int:
            return math.ceil(n * rng.uniform(1.02, 1.2))

        example = "ExampleVendor"
        vpn, mfa, efile = self.vpn_users, self.mfa_users, self.efile_users
        soft = self.softphone_users
        out = [
            licence("LIC-VPN", "Secure Client", example, "vpn", "concurrent",
                    math.ceil(peak * 1.08), date(2028, 6, 30), 24.0, vpn),
            licence("LIC-MFA", "Authenticator", example, "mfa", "per-user", seats(len(mfa)),
                    date(2027, 9, 30), 18.0, mfa),
            licence("LIC-EFILE", "E-Akte Kommunal", "Kommunaldata eG", "e-file", "per-user",
                    seats(len(efile)), None, 310.0, efile),
            licence("LIC-SOFTPHONE", "Softphone", example, "softphone", "per-user",
                    math.floor(len(soft) * 0.97), None, 35.0, soft),  # LIC001
            licence("LIC-VIDEO", "Videokonferenz", "Kommunale Cloud eG", "video", "site", None,
                    date(2027, 12, 31), None),
            licence("LIC-OFFICE", "Office-Paket (Volumenlizenz)", example, "office", "site",
                    None, None, None),
        ]  # fmt: skip
        depts = sorted(self.dept_workplaces)
        products = max(6, round(self.total * 0.003))
        for k in range(products):
            area = AREAS[k % len(AREAS)]
            module = MODULES[(k // len(AREAS)) % len(MODULES)]
            product = f"{area} {module}"
            if k >= len(AREAS) * len(MODULES):
                product += f" {k // (len(AREAS) * len(MODULES)) + 1}"
            model = LICENCE_MODELS[_bisect(_LICENCE_CUM, rng.random() * _LICENCE_CUM[-1])]
            rec: Record = {
                "id": f"LIC-{k + 1:04d}",
                "product": product,
                "vendor": rng.choice(VENDORS),
                "provides": [slug(area)],
                "model": model,
            }
            if model != "site":
                pool = (self.dept_computers if model == "per-device" else self.dept_workplaces)[
                    rng.choice(depts)
                ]
                share = rng.uniform(0.02, 0.25)
                chosen = sorted(rng.sample(range(len(pool)), max(1, int(len(pool) * share))))
                assigned = [pool[i] for i in chosen]
                r = rng.random()
                if model == "concurrent":
                    n = math.ceil(len(assigned) * 0.6 * (0.85 if r < 0.25 else 1.1))  # LIC005
                elif r < 0.04:
                    n = max(1, math.floor(len(assigned) * 0.95))  # LIC001
                elif r < 0.12:
                    n = math.ceil(len(assigned) * 1.5)  # LIC004
                else:
                    n = seats(len(assigned))
                rec["seats"] = n
            r = rng.random()
            if r < 0.08:
                rec["expires"] = AS_OF - timedelta(days=rng.randint(5, 300))  # LIC002
            elif r < 0.13:
                rec["expires"] = AS_OF + timedelta(days=rng.randint(1, 55))  # LIC003
            elif r < 0.5:
                rec["expires"] = date(2027 + rng.randrange(3), rng.choice((3, 6, 9, 12)), 30)
            rec["cost_per_seat"] = float(rng.randrange(20, 900, 5))
            if model != "site":
                rec["assigned_to"] = assigned
            out.append(rec)
        return out

    def settings(self) -> str:
        return (
            f"# Synthetic inventory of {self.total:,} workplaces (bench/generate.py, seed "
            f"{self.seed}).\n"
            f"organisation: Synthetische Landesverwaltung ({self.total} Arbeitsplätze)\n"
            "policy:\n  replacement_years: 5\n  eol_warning_days: 180\n"
            "  expiry_warning_days: 60\n  training_valid_months: 24\n  min_ram_gb: 8\n"
            "  peak_remote_share: 0.6\n  desk_peak_factor: 1.1\n  unused_seat_share: 0.25\n\n"
            + SETTINGS_COMMON
            + "\nlifecycle:\n"
            '  - {name: windows, version: "10 22H2", edition: enterprise, eol: 2028-10-10}\n'
        )

    def run(self, outdir: Path) -> tuple[int, int]:
        """Write everything; returns (records, bytes)."""
        clear_departments(outdir)
        nbytes = 0
        for (num, name, _), size in self.depts:
            rel, text = self.department(num, name, size)
            nbytes += write_files(outdir, {rel: text})
        sites, pool = self.site_records()
        stock = self.stock()
        vpn = self.vpn_records()
        licences = self.licences()
        self.records += len(sites) + len(pool) + len(stock) + len(vpn) + len(licences)
        synthetic = f"Synthetic inventory (bench/generate.py, seed {self.seed})."
        files = {
            "itready.yaml": self.settings(),
            "sites.yaml": emit_file([synthetic], [("sites", sites)]),
            "vpn.yaml": emit_file([synthetic], [("vpn", vpn)]),
            "licences.yaml": emit_file([synthetic], [("licences", licences)]),
            "desk-pools.yaml": emit_file(
                ["Docks and monitors of the shared desks, assigned to their site.", synthetic],
                [("devices", pool)],
            ),
            "stock.yaml": emit_file(["Devices in stock.", synthetic], [("devices", stock)]),
        }
        nbytes += write_files(outdir, files)
        return self.records, nbytes


def _bisect(cum: list[float], x: float) -> int:
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, every part at least 1 (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [max(1, int(x)) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    i = 0
    while sum(parts) < total:
        parts[order[i % len(order)]] += 1
        i += 1
    while sum(parts) > total:
        j = max(range(len(parts)), key=lambda k: (parts[k], -k))
        parts[j] -= 1
    return parts


def generate(outdir: Path, workplaces: int, seed: int = 1) -> None:
    """Write a synthetic inventory of `workplaces` workplaces into `outdir`."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    Synthetic(workplaces, seed).run(outdir)


# --------------------------------------------------------------------------------------------
# The example inventory: Stadtverwaltung Musterstadt
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """A purchase of computers: one model, one rollout date, one operating system."""

    kind: str
    model: str
    vendor: str
    purchased: date
    years: int  # warranty
    os: tuple[str, str, str | None]
    ram: int | None
    camera: bool | None


M_BATCHES: dict[str, Batch] = {
    # rollout waves of laptops, by department (see M_DEPARTMENTS)
    "W1": Batch("laptop", "Latitude 5420", "dell", date(2022, 2, 15), 5,
                ("windows", "10 22H2", WIN_E), 16, True),
    "W2": Batch("laptop", "ThinkPad T14 Gen 3", "lenovo", date(2022, 9, 20), 5,
                ("windows", "11 24H2", WIN_E), 16, True),
    "W3": Batch("laptop", "Latitude 5440", "dell", date(2023, 10, 10), 5,
                ("windows", "11 24H2", WIN_E), 16, True),
    "W4": Batch("laptop", "ThinkPad T14 Gen 4", "lenovo", date(2024, 6, 4), 5,
                ("windows", "11 24H2", WIN_E), 16, True),
    "W5": Batch("laptop", "ThinkPad T14 Gen 5", "lenovo", date(2025, 11, 18), 5,
                ("windows", "11 25H2", WIN_E), 32, True),
    "IT": Batch("laptop", "ThinkPad T14s Gen 4", "lenovo", date(2024, 2, 12), 5,
                ("ubuntu", "24.04", None), 32, True),
    "ITW": Batch("laptop", "ThinkPad T14s Gen 4", "lenovo", date(2024, 2, 12), 5,
                 ("windows", "11 25H2", WIN_E), 32, True),
    "MBA": Batch("laptop", "MacBook Air (M2, 2022)", "apple", date(2023, 3, 20), 4,
                 ("macos", "14", None), 16, True),
    "SP9": Batch("tablet", "Surface Pro 9", "microsoft", date(2023, 4, 25), 5,
                 ("windows", "11 24H2", WIN_E), 16, True),
    "IPAD": Batch("tablet", "iPad (10th generation)", "apple", date(2024, 3, 12), 3,
                  ("ipados", "18", None), None, True),
    "IP14": Batch("smartphone", "iPhone 14", "apple", date(2024, 2, 20), 3,
                  ("ios", "18", None), None, True),
    "IPSE": Batch("smartphone", "iPhone SE (3rd generation)", "apple", date(2024, 9, 10), 3,
                  ("ios", "18", None), None, True),
    "XC6": Batch("smartphone", "Galaxy XCover6 Pro", "samsung", date(2024, 4, 15), 3,
                 ("android", "14", None), None, True),
    "D1": Batch("desktop", "ThinkCentre M70q Gen 3", "lenovo", date(2022, 11, 8), 5,
                ("windows", "11 24H2", WIN_E), 16, None),
    "D1X": Batch("desktop", "ThinkCentre M70q Gen 3", "lenovo", date(2022, 11, 8), 5,
                 ("windows", "10 22H2", WIN_E), 16, None),
    "D2": Batch("desktop", "OptiPlex 7010", "dell", date(2023, 8, 14), 5,
                ("windows", "11 24H2", WIN_E), 16, None),
    "TC": Batch("thin-client", "FUTRO S5011", "fujitsu", date(2022, 10, 4), 5,
                ("windows", "10 21H2", "iot-ltsc"), 8, None),
    "IMAC": Batch("desktop", "iMac (24-inch, M3)", "apple", date(2024, 2, 19), 3,
                  ("macos", "15", None), 16, None),
}  # fmt: skip

#: Peripherals: model, serial vendor (None: not recorded), purchase window.
M_PERIPHERALS: dict[str, tuple[str, str, str | None, date, date]] = {
    "headset": ("headset", "Jabra Evolve2 40", None, date(2022, 3, 1), date(2025, 9, 30)),
    "headset-wireless": ("headset", "Jabra Evolve2 65", "jabra", date(2023, 1, 10),
                         date(2025, 9, 30)),
    "webcam": ("webcam", "Logitech C925e", "logitech", date(2021, 2, 1), date(2025, 6, 30)),
    "mfa-token": ("mfa-token", "YubiKey 5 NFC", "yubico", date(2023, 5, 2), date(2025, 11, 3)),
    "mfa-token-c": ("mfa-token", "YubiKey 5C NFC", "yubico", date(2024, 2, 12),
                    date(2024, 2, 12)),
    "monitor": ("monitor", "Dell P2422H", "dell", date(2022, 4, 1), date(2025, 10, 31)),
    "dock": ("dock", "Dell WD19S", "dell", date(2022, 4, 1), date(2025, 10, 31)),
    "desk-phone": ("desk-phone", "Yealink T54W", "yealink", date(2021, 9, 6), date(2021, 9, 6)),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Group:
    """Workplaces of one department in one building, with the same equipment."""

    site: str
    cost_centre: str
    office: int = 0
    hybrid: int = 0
    mobile: int = 0
    telework: int = 0
    shared: int = 0  # hybrid workplaces on shared desks; the other hybrid ones have their own
    laptop: str = "W4"
    desktop: str = "D2"
    mobile_kit: str = ""  # kod | asd | bauhof
    mobile_desk: str = "none"
    macs: int = 0  # hybrid workplaces with a MacBook instead of `laptop`
    thin: int = 0  # office workplaces with a thin client instead of `desktop`
    note: str = ""


M_DEPARTMENTS: tuple[tuple[str, str, tuple[Group, ...]], ...] = (
    ("10", "Hauptamt", (
        Group("RH", "1000", office=8, hybrid=18, telework=3, shared=12,
              note="10.1 Organisation, 10.2 Personal, 10.3 Zentrale Dienste"),
        Group("RZ", "1040", hybrid=8, laptop="IT",
              note="10.4 IT-Service, in the data centre building"),
    )),
    ("14", "Rechnungsprüfungsamt", (Group("RH", "1400", office=1, hybrid=7, laptop="W2"),)),
    ("20", "Kämmerei", (
        Group("RH", "2000", office=11, hybrid=20, telework=3, shared=14, laptop="W2",
              desktop="D1", note="desk-sharing pilot on the 2nd floor of the Rathaus since 2025"),
    )),
    ("32", "Ordnungsamt", (
        Group("RH", "3200", office=14, hybrid=16,
              note="32.1 Allgemeine Ordnungsangelegenheiten, 32.2 Gewerbe"),
        Group("RH", "3210", mobile=18, mobile_kit="kod",
              note="32.3 Kommunaler Ordnungsdienst (KOD): field service with tablets"),
    )),
    ("33", "Bürgeramt", (
        Group("BB", "3300", office=22, hybrid=6, laptop="W2", thin=3,
              note="counters 1-12, information desk and back office"),
    )),
    ("40", "Schul- und Sportamt", (
        Group("NR", "4000", office=4, hybrid=18, shared=18, laptop="W3", desktop="D1"),
    )),
    ("50", "Sozialamt", (
        Group("NR", "5000", office=12, hybrid=38, telework=6, shared=32, laptop="W1",
              desktop="D1X",
              note="stays on Windows 10 (Extended Security Updates, see itready.yaml) until "
                   "the social welfare application supports Windows 11"),
    )),
    ("51", "Jugendamt", (
        Group("NR", "5100", office=6, hybrid=32, telework=4, shared=28, laptop="W3",
              desktop="D1"),
        Group("NR", "5110", mobile=22, mobile_kit="asd", mobile_desk="shared",
              note="51.2 Allgemeiner Sozialer Dienst (ASD): home visits, laptop and phone"),
    )),
    ("63", "Bauordnungsamt", (
        Group("NR", "6300", office=6, hybrid=26, mobile=4, shared=22, laptop="W3",
              mobile_kit="asd", mobile_desk="shared"),
    )),
    ("66", "Tiefbauamt", (
        Group("NR", "6600", office=6, hybrid=18, shared=14, note="66.1 Planung, 66.2 Bau"),
        Group("BH", "6650", office=6, mobile=14, mobile_kit="bauhof", desktop="D1",
              note="66.5 Bauhof: foremen with tablets and rugged phones"),
    )),
    ("80", "Wirtschaftsförderung", (
        Group("RH", "8000", office=2, hybrid=10, telework=2, macs=4, desktop="IMAC"),
    )),
)  # fmt: skip

M_SITES: tuple[Record, ...] = (
    {
        "id": "RH", "name": "Rathaus", "address": "Marktplatz 1, 12345 Musterstadt",
        "#": ["Historic town hall: council, central services, finance, public order."],
        "networks": [
            {"cidr": Raw("10.10.0.0/23"), "purpose": "office", "name": "Verwaltungsnetz Rathaus"},
            {"cidr": Raw("10.10.8.0/22"), "purpose": "wlan", "name": "WLAN Rathaus (Dienst)"},
            {"cidr": Raw("10.10.16.0/24"), "purpose": "voip", "name": "Telefonie Rathaus"},
            {"cidr": Raw("172.31.10.0/24"), "purpose": "guest", "name": "Gäste-WLAN Rathaus"},
        ],
    },
    {
        "id": "NR", "name": "Neues Rathaus", "address": "Bahnhofstraße 24, 12345 Musterstadt",
        "#": ["New town hall (2024): social services, youth, schools, building authority.",
              "Open-plan floors with desk sharing; docks and monitors in desk-pools.yaml."],
        "networks": [
            {"cidr": Raw("10.20.0.0/23"), "purpose": "office",
             "name": "Verwaltungsnetz Neues Rathaus"},
            {"cidr": Raw("10.20.8.0/21"), "purpose": "wlan", "name": "WLAN Neues Rathaus (Dienst)"},
            {"cidr": Raw("10.20.16.0/24"), "purpose": "voip", "name": "Telefonie Neues Rathaus"},
            {"cidr": Raw("172.31.20.0/24"), "purpose": "guest",
             "name": "Gäste-WLAN Neues Rathaus"},
        ],
    },
    {
        "id": "BB", "name": "Bürgerbüro", "address": "Marktplatz 3, 12345 Musterstadt",
        "#": ["Citizens' office: counters, waiting area with guest WLAN."],
        "networks": [
            {"cidr": Raw("10.30.0.0/24"), "purpose": "office",
             "name": "Verwaltungsnetz Bürgerbüro"},
            {"cidr": Raw("10.30.8.0/24"), "purpose": "wlan", "name": "WLAN Bürgerbüro (Dienst)"},
            {"cidr": Raw("10.30.16.0/25"), "purpose": "voip", "name": "Telefonie Bürgerbüro"},
            {"cidr": Raw("172.31.30.0/24"), "purpose": "guest", "name": "Gäste-WLAN Wartebereich"},
        ],
    },
    {
        "id": "BH", "name": "Bauhof", "address": "Industriestraße 40, 12345 Musterstadt",
        "#": ["Municipal depot of the Tiefbauamt."],
        "networks": [
            {"cidr": Raw("192.168.178.0/24"), "purpose": "office", "name": "Bauhof Büro (Altnetz)",
             "#trail": {"cidr": "old DSL-router range; moving to 10.40.0.0/24 in 2027"}},
            {"cidr": Raw("10.30.8.0/24"), "purpose": "wlan", "name": "WLAN Bauhof Halle",
             "#trail": {"cidr": "set up by the contractor in 2025"}},
            {"cidr": Raw("10.40.16.0/26"), "purpose": "voip", "name": "Telefonie Bauhof"},
        ],
    },
    {
        "id": "RZ", "name": "Rechenzentrum", "address": "Industriestraße 42, 12345 Musterstadt",
        "#": ["Data centre and IT-Service offices; both VPN gateways stand here."],
        "networks": [
            {"cidr": Raw("10.90.0.0/22"), "purpose": "server", "name": "Server"},
            {"cidr": Raw("10.90.4.0/24"), "purpose": "server", "name": "Management"},
            {"cidr": Raw("10.90.8.0/25"), "purpose": "office", "name": "IT-Arbeitsplätze"},
            {"cidr": Raw("10.90.12.0/26"), "purpose": "voip", "name": "Telefonie RZ"},
            {"cidr": Raw("10.98.0.0/28"), "purpose": "vpn-pool",
             "name": "Fernwartung Dienstleister (Site-to-Site)"},
        ],
    },
)  # fmt: skip

M_VPN: tuple[Record, ...] = (
    {
        "id": "VPN-RZ1", "site": "RZ", "pools": [Raw("10.99.0.0/25")], "max_sessions": 100,
        "#": ["Both gateways were sized in spring 2020 for about 120 concurrent users;",
              "the replacement is in the 2027 budget (HH-Stelle 1040.0812)."],
        "#trail": {"max_sessions": "licence limit of the appliance"},
    },
    {
        "id": "VPN-RZ2", "site": "RZ", "pools": [Raw("10.99.1.0/28")], "max_sessions": 25,
        "#trail": {"max_sessions": "fallback appliance"},
    },
)  # fmt: skip


M_LICENCE_NOTES = {
    "LIC-VPN": "Remote access for every non-office workplace; renewed yearly in December.",
    "LIC-MFA": "App-based MFA for staff without a YubiKey (tokens are devices).",
    "LIC-EAKTE": "Electronic files (E-Akte), introduced town-wide in 2023; perpetual licence.",
    "LIC-VIDEO": "Video conferencing for the whole administration (framework contract).",
    "LIC-SOFTPHONE": "Telework staff, IT on-call and the pilot teams in 50 and 51.",
}
M_LICENCE_TRAILS = {
    "LIC-FERNWARTUNG": {"expires": "renewal stuck in the award procedure (Vergabe 2026-031)"},
    "LIC-BAUANTRAG": {"seats": "bought for the planned joint building authority with the district"},
}


@dataclass(frozen=True, slots=True)
class Plant:
    """A gap put into the example on purpose: the rule it makes fire and on which record."""

    rule: str
    record: str
    file: str
    note: str
    waived: bool = False


class Musterstadt:
    """Builds the example inventory: a clean base, then the planted gaps (`plant_gaps`)."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.macs = MacPool(seed)
        self.tags: dict[str, set[int]] = {}
        self.index: dict[str, Record] = {}  # every record by id, to catch duplicates
        self.plants: list[Plant] = []
        self.used: set[str] = set()
        self.workplaces: list[Record] = []
        self.extra: dict[str, list[Record]] = {}  # department file -> devices of no workplace
        self.pool: list[Record] = []
        self.stock: list[Record] = []
        self.desks: dict[str, int] = {}  # shared desks per site
        self.demand: dict[str, int] = {}  # on-site demand for shared desks per site
        self.cad_laptops: list[Record] = []
        self.offices = {s["id"]: Addresses(_net(s, "office")) for s in M_SITES}
        self.phones = {s["id"]: Addresses(_net(s, "voip")) for s in M_SITES}

    # ---- records ----
    def tag(self, kind: str) -> str:
        prefix = DEVICE_PREFIX[kind]
        taken = self.tags.setdefault(prefix, set())
        while True:
            n = self.rng.randrange(1, 40_000)
            if n not in taken:
                taken.add(n)
                return f"{prefix}-{n:05d}"

    def register(self, rec: Record, file: str) -> Record:
        assert rec["id"] not in self.index, rec["id"]
        rec["_file"] = file
        self.index[rec["id"]] = rec
        return rec

    def computer(self, batch: str, owner: Record | None, site: str | None = None) -> Record:
        rng = self.rng
        b = M_BATCHES[batch]
        purchased = b.purchased + timedelta(days=rng.choice((0, 0, 0, 9, 23)))
        rec: Record = {
            "id": self.tag(b.kind),
            "kind": b.kind,
            "model": b.model,
            "serial": make_serial(rng, b.vendor),
        }
        if owner is None:
            rec["status"] = "stock"
        else:
            rec["assigned_to"] = owner["id"]
        rec["purchased"] = purchased
        rec["warranty_until"] = warranty_end(purchased, b.years)
        name, version, edition = b.os
        rec["os"] = {"name": name, "version": version}
        if edition:
            rec["os"]["edition"] = edition
        rec["encrypted"] = True
        rec["mdm"] = True
        if b.kind in ("laptop", "tablet"):
            rec["vpn_client"] = True
        if name in ("windows", "ubuntu"):
            rec["tpm"] = "2.0"
            rec["secure_boot"] = True
        if b.ram:
            rec["ram_gb"] = b.ram
        if b.camera is not None:
            rec["camera"] = b.camera
        if site:
            rec["ip"] = self.offices[site].take()
            rec["mac"] = self.macs.next(b.vendor)
        return self.attach(rec, owner)

    def peripheral(self, what: str, owner: Record | None, site: str | None = None) -> Record:
        rng = self.rng
        kind, model, vendor, first, last = M_PERIPHERALS[what]
        rec: Record = {"id": self.tag(kind), "kind": kind, "model": model}
        if vendor:
            rec["serial"] = make_serial(rng, vendor)
        if owner is None:
            rec["status"] = "stock"
        else:
            rec["assigned_to"] = owner["id"]
        rec["purchased"] = day_between(rng, first, last)
        if site:
            rec["ip"] = self.phones[site].take()
            rec["mac"] = self.macs.next("yealink")
        return self.attach(rec, owner)

    @staticmethod
    def attach(rec: Record, owner: Record | None) -> Record:
        if owner is not None:
            owner["_devices"].append(rec)
        return rec

    # ---- the clean base ----
    def build(self) -> None:
        rng = self.rng
        staff = rng.sample(range(100_000, 200_000), 500)
        for num, name, groups in M_DEPARTMENTS:
            file = f"departments/{num}-{slug(name)}.yaml"
            self.extra[file] = []
            n = 0
            for g in groups:
                models = (
                    ["office"] * g.office
                    + ["hybrid"] * g.hybrid
                    + ["mobile"] * g.mobile
                    + ["telework"] * g.telework
                )
                rng.shuffle(models)
                hybrids = offices = 0
                for i, model in enumerate(models):
                    n += 1
                    wp: Record = {
                        "id": f"WP-{num}-{n:04d}",
                        "department": f"{num} {name}",
                        "site": g.site,
                        "staff": f"P-{staff.pop()}",
                        "cost_centre": g.cost_centre,
                        "work_model": model,
                    }
                    if i == 0 and g.note:
                        wp["#"] = [g.note]
                    if model == "hybrid":
                        days = rng.choice((2, 2, 2, 2, 3, 3, 1))
                        desk = "shared" if hybrids < g.shared else "assigned"
                        kit = "mac" if hybrids >= g.hybrid - g.macs else "laptop"
                        hybrids += 1
                    elif model == "mobile":
                        days, desk, kit = 4, g.mobile_desk, g.mobile_kit
                    elif model == "telework":
                        days, desk, kit = 5, "none", "laptop"
                    else:
                        days, desk = 0, "assigned"
                        kit = "thin" if offices < g.thin else "desk"
                        offices += 1
                    if days != _DEFAULT_DAYS[model]:
                        wp["mobile_days"] = days
                    wp["desk"] = desk
                    if model != "office":
                        wp["training"] = day_between(rng, date(2025, 1, 13), date(2026, 11, 5))
                    elif rng.random() < 0.3:
                        wp["training"] = day_between(rng, date(2024, 12, 2), date(2026, 10, 30))
                    wp.update({"_devices": [], "_lic": set(), "_kit": kit, "_group": g})
                    self.workplaces.append(self.register(wp, file))
                    self.equip(wp, g, kit, first=n == 1)
        for wp in self.workplaces:
            for dev in wp["_devices"]:
                self.register(dev, wp["_file"])
        self.licence_flags()

    def equip(self, wp: Record, g: Group, kit: str, first: bool) -> None:
        rng = self.rng
        model, site = wp["work_model"], wp["site"]
        token = False
        if kit in ("desk", "thin"):
            self.computer("TC" if kit == "thin" else g.desktop, wp, site)
            self.peripheral("monitor", wp)
            self.peripheral("desk-phone", wp, site)
            if rng.random() < 0.5:
                self.peripheral("headset", wp)
            if kit == "desk" and rng.random() < 0.12:
                self.peripheral("webcam", wp)
        elif g.laptop == "IT":
            ubuntu = sum(1 for w in self.workplaces if w["_group"] is g) <= 3
            self.computer("IT" if ubuntu else "ITW", wp)
            self.peripheral("headset", wp)
            self.peripheral("mfa-token-c", wp)
            token = True
            self.peripheral("dock", wp)
            self.peripheral("monitor", wp)
            self.peripheral("monitor", wp)
            self.peripheral("desk-phone", wp, site)
        elif kit in ("laptop", "mac"):
            self.computer("MBA" if kit == "mac" else g.laptop, wp)
            self.peripheral("headset-wireless" if model == "telework" else "headset", wp)
            if rng.random() < 0.4:
                self.peripheral("mfa-token", wp)
                token = True
            if model == "telework" or wp["desk"] == "assigned":
                self.peripheral("dock", wp)
                self.peripheral("monitor", wp)
            if wp["desk"] == "assigned":
                self.peripheral("desk-phone", wp, site)
        elif kit == "kod":
            self.computer("SP9", wp)
            self.computer("IP14", wp)
            self.peripheral("headset-wireless", wp)
        elif kit == "asd":
            self.computer("W3", wp)
            self.computer("IPSE", wp)
            self.peripheral("headset-wireless", wp)
        elif kit == "bauhof":
            self.computer("IPAD", wp)
            self.computer("XC6", wp)
            self.peripheral("headset-wireless", wp)
            self.peripheral("mfa-token", wp)
            token = True
        if first and not any(d["kind"] == "smartphone" for d in wp["_devices"]):
            self.computer("IP14", wp)  # the head of department's phone
        wp["_token"] = token

    def licence_flags(self) -> None:
        jug = soz = 0
        for wp in self.workplaces:
            lic, g, model = wp["_lic"], wp["_group"], wp["work_model"]
            num = wp["id"][3:5]
            lic.add("LIC-EAKTE")
            if model != "office":
                lic.add("LIC-VPN")
                if not wp["_token"]:
                    lic.add("LIC-MFA")
            if num == "50" and model != "office":
                lic.add("LIC-RDS")
            softphone = model == "telework" or g.laptop == "IT"
            if model == "hybrid" and num == "51" and jug < 9:
                jug += 1
                softphone = True
            if model == "hybrid" and num == "50" and soz < 9:
                soz += 1
                softphone = True
            if softphone:
                lic.add("LIC-SOFTPHONE")
            if g.laptop == "IT":
                lic.add("LIC-FERNWARTUNG")
            if g.cost_centre == "6600":
                lic.add("LIC-GIS")
            if num == "63":
                lic.add("LIC-BAUANTRAG")
            if num == "33":
                lic.add("LIC-EWO")
        gis = [w for w in self.workplaces if w["id"][3:5] == "63" and w["work_model"] == "hybrid"]
        for wp in gis[:2]:
            wp["_lic"].add("LIC-GIS")

    def pools(self) -> None:
        """Shared-desk pools of RH and NR: desks, docks and monitors per site."""
        for site in ("RH", "NR"):
            demand = math.ceil(
                sum(
                    (5 - w.get("mobile_days", _DEFAULT_DAYS[w["work_model"]])) / 5 * 1.1
                    for w in self.workplaces
                    if w["site"] == site and w["desk"] == "shared"
                )
                - 1e-9
            )
            if site == "RH":  # the pilot has fewer desks than people want: SPC001
                desks = demand - 3
                docks, monitors = desks, desks - 2  # SPC003
            else:
                desks = demand + 4
                docks, monitors = desks - 4, desks  # SPC002
            self.desks[site] = desks
            self.demand[site] = demand
            owner = {"id": site, "_devices": []}
            for _ in range(docks):
                self.pool.append(self.peripheral("dock", owner))
            for _ in range(monitors):
                self.pool.append(self.peripheral("monitor", owner))
        for dev in self.pool:
            self.register(dev, "desk-pools.yaml")

    def stock_room(self) -> None:
        self.stock.extend(self.computer("W5", None) for _ in range(3))
        for what, n in (
            ("headset", 4),
            ("headset-wireless", 2),
            ("webcam", 3),
            ("mfa-token", 6),
            ("monitor", 3),
            ("dock", 2),
        ):
            for _ in range(n):
                self.stock.append(self.peripheral(what, None))
        for dev in self.stock[:3]:
            dev["#trail"] = {"status": "staged with Autopilot, ready to hand out"}
        old = self.computer("W1", None)
        old.update(
            status="retired",
            purchased=date(2018, 6, 12),
            warranty_until=date(2021, 6, 11),
            model="Latitude 5490",
        )
        old["os"] = {"name": "windows", "version": "10 22H2", "edition": WIN_E}
        old["#"] = ["retired, waiting for certified disposal (data wiped 2026-10-20)"]
        self.stock.append(old)
        for dev in self.stock:
            self.register(dev, "stock.yaml")

    # ---- planted gaps ----
    def pick(
        self,
        dept: str,
        model: str,
        kit: str | None = None,
        desk: str | None = None,
        site: str | None = None,
        token: bool | None = None,
    ) -> Record:
        """A random workplace not picked before that matches all the given criteria."""
        found = [
            w
            for w in self.workplaces
            if w["id"][3:5] == dept
            and w["work_model"] == model
            and w["id"] not in self.used
            and (kit is None or w["_kit"] == kit)
            and (desk is None or w["desk"] == desk)
            and (site is None or w["site"] == site)
            and (token is None or w["_token"] == token)
        ]
        wp = self.rng.choice(found)
        self.used.add(wp["id"])
        return wp

    @staticmethod
    def device(wp: Record, kind: str) -> Record:
        return next(d for d in wp["_devices"] if d["kind"] == kind)

    def remove(self, wp: Record, kind: str) -> Record:
        dev = self.device(wp, kind)
        wp["_devices"].remove(dev)
        del self.index[dev["id"]]
        return dev

    def add(self, wp: Record, dev: Record) -> Record:
        """Register a device made for a plant (it is already in the workplace's list)."""
        return self.register(dev, wp["_file"])

    def plant(self, rule: str, rec: Record, note: str, waived: bool = False) -> None:
        self.plants.append(Plant(rule, rec["id"], rec["_file"], note, waived))

    def plant_gaps(self) -> None:
        p = self.plant

        # -- DEV001: OS out of support
        wp = self.pick("51", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["os"] = {"name": "windows", "version": "11 23H2", "edition": WIN_E}
        p(
            "DEV001",
            nb,
            "Windows 11 23H2 Enterprise: support ended 2026-11-10; the laptop "
            "was off the network for months and missed the 24H2 upgrade",
        )
        p("WP001", wp, f"its only laptop {nb['id']} has DEV001")
        wp = self.pick("66", "office", site="BH")
        pc = self.device(wp, "desktop")
        pc["os"] = {"name": "windows", "version": "10 22H2", "edition": "pro"}
        pc["#trail"] = {"os": "delivered with Pro, never moved to Enterprise"}
        p(
            "DEV001",
            pc,
            "Windows 10 22H2 Pro: support ended 2025-10-14, and the Extended "
            "Security Updates in itready.yaml cover the Enterprise edition only",
        )
        wp = self.pick("32", "mobile", kit="kod")
        sm = self.device(wp, "smartphone")
        sm["os"] = {"name": "ios", "version": "17"}
        p("DEV001", sm, "iPhone still on iOS 17 (support ended 2025-05-13 in the lifecycle data)")

        # -- DEV002: OS support ends within 180 days
        it = [w for w in self.workplaces if w["_group"].laptop == "IT"]
        for wp in it[:2]:
            self.used.add(wp["id"])
            nb = self.device(wp, "laptop")
            nb["os"] = {"name": "ubuntu", "version": "22.04"}
            p("DEV002", nb, "Ubuntu 22.04: standard support ends 2027-04-01")
        thin = [w for w in self.workplaces if w["_kit"] == "thin"]
        for wp in thin[:2]:
            self.used.add(wp["id"])
            tc = self.device(wp, "thin-client")
            tc["os"] = {"name": "windows", "version": "10 21H2", "edition": "ltsc"}
            p("DEV002", tc, "Windows 10 Enterprise LTSC 2021 (not IoT): support ends 2027-01-12")

        # -- DEV003: mobile device not encrypted
        wp = self.pick("50", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["encrypted"] = False
        p("DEV003", nb, "encrypted: false")
        p("WP001", wp, f"its only laptop {nb['id']} has DEV003")
        wp = self.pick("63", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        del nb["encrypted"]
        p("DEV003", nb, "encryption not recorded (counts as not in place)")
        p("WP001", wp, f"its only laptop {nb['id']} has DEV003")
        wp = self.pick("20", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["encrypted"] = False
        nb["waivers"] = [
            {
                "rule": "DEV003",
                "until": date(2027, 3, 31),
                "reason": "BitLocker-PIN vor dem Start kollidiert mit dem Treiber der "
                "Bildschirmtastatur; Korrektur des Herstellers im 1. Quartal 2027",
                "approved_by": "ISB (Informationssicherheit)",
            }
        ]
        p("DEV003", nb, "encrypted: false, with a current waiver (workplace stays ready)", True)

        # -- DEV004: mobile device not in device management
        wp = self.pick("51", "mobile", kit="asd")
        sm = self.device(wp, "smartphone")
        sm["mdm"] = False
        p("DEV004", sm, "smartphone not enrolled (mdm: false); not needed for readiness")
        wp = self.pick("66", "mobile", kit="bauhof")
        tb = self.device(wp, "tablet")
        tb["mdm"] = False
        tb["#trail"] = {"mdm": "reset to factory settings in the field, not re-enrolled"}
        p("DEV004", tb, "tablet not enrolled (mdm: false)")
        p("WP001", wp, f"its only tablet {tb['id']} has DEV004")

        # -- DEV005: no VPN client
        wp = self.pick("40", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["vpn_client"] = False
        p("DEV005", nb, "vpn_client: false on a hybrid workplace's laptop")
        p("WP001", wp, f"its only laptop {nb['id']} has DEV005")
        wp = self.pick("14", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["vpn_client"] = False
        nb["waivers"] = [
            {
                "rule": "DEV005",
                "until": date(2026, 9, 30),
                "reason": "Prüferinnen und Prüfer arbeiten bis zum Umzug ins Neue Rathaus nur "
                "vor Ort",
                "approved_by": "IT-Sicherheit",
            }
        ]
        p("DEV005", nb, "vpn_client: false; its waiver expired on 2026-09-30")
        p("INV001", nb, "waiver for DEV005 expired on 2026-09-30")
        p("WP001", wp, f"its only laptop {nb['id']} has DEV005 (the waiver has expired)")

        # -- DEV006 / DEV007 / DEV008: old hardware
        wp = self.pick("20", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc.update(
            model="ThinkCentre M910q",
            purchased=date(2016, 3, 8),
            warranty_until=date(2021, 3, 7),
            tpm="1.2",
        )
        pc["os"] = {"name": "windows", "version": "10 22H2", "edition": WIN_E}
        pc["#"] = ["cash office PC, kept for the coin counter's serial interface"]
        p("DEV006", pc, "purchased 2016-03-08")
        p("DEV007", pc, "warranty ended 2021-03-07")
        p("DEV008", pc, "TPM 1.2: cannot run Windows 11")
        wp = self.pick("33", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc.update(
            model="OptiPlex 5080", purchased=date(2020, 9, 14), warranty_until=date(2025, 9, 13)
        )
        p("DEV006", pc, "purchased 2020-09-14")
        p("DEV007", pc, "warranty ended 2025-09-13")
        wp = self.pick("10", "hybrid", kit="laptop", site="RH")
        nb = self.device(wp, "laptop")
        nb.update(
            model="Latitude 5410",
            serial=make_serial(self.rng, "dell"),
            purchased=date(2021, 3, 22),
            warranty_until=date(2026, 3, 21),
        )
        nb["os"] = {"name": "windows", "version": "10 22H2", "edition": WIN_E}
        p("DEV006", nb, "purchased 2021-03-22 (still fit for mobile work otherwise)")
        p("DEV007", nb, "warranty ended 2026-03-21")
        wp = self.pick("32", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb.update(
            model="ThinkPad T14 Gen 3", purchased=date(2022, 5, 3), warranty_until=date(2025, 5, 2)
        )
        nb["#trail"] = {"warranty_until": "bought with the 3-year base warranty only"}
        p("DEV007", nb, "warranty ended 2025-05-02 (3-year warranty)")
        wp = self.pick("32", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc["secure_boot"] = False
        pc["#trail"] = {"secure_boot": "off: the ID card reader driver does not load with it"}
        p("DEV008", pc, "secure_boot: false")

        # -- DEV009: too little RAM
        wp = self.pick("80", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb.update(
            model="Latitude 3120",
            serial=make_serial(self.rng, "dell"),
            ram_gb=4,
            purchased=date(2022, 8, 29),
            warranty_until=date(2027, 8, 28),
        )
        p("DEV009", nb, "ram_gb: 4 (policy minimum 8)")

        # -- DEV010: in use, assigned to nothing
        cam = self.peripheral("webcam", None)
        del cam["status"]
        cam["#"] = ["meeting room N 2.14 (meeting rooms are not in the inventory yet)"]
        self.extra["departments/40-schul-und-sportamt.yaml"].append(cam)
        self.register(cam, "departments/40-schul-und-sportamt.yaml")
        p("DEV010", cam, "webcam in use but assigned to nothing")

        # -- DEV011: OS release not in the lifecycle table
        wp = self.pick("80", "office", kit="desk")
        mac = self.device(wp, "desktop")
        del self.index[mac["id"]]
        mac.update(
            id=self.tag("laptop"),
            kind="laptop",
            model="MacBook Pro (13-inch, 2020)",
            purchased=date(2020, 11, 20),
            warranty_until=date(2023, 11, 19),
            vpn_client=True,
            camera=True,
        )
        self.register(mac, wp["_file"])
        mac["os"] = {"name": "macos", "version": "10.16"}
        mac["#trail"] = {"os": "as the inventory agent reports Big Sur"}
        p("DEV011", mac, 'macOS "10.16" is no release in the lifecycle table (Big Sur is "11")')
        p("DEV006", mac, "purchased 2020-11-20")
        p("DEV007", mac, "warranty ended 2023-11-19")

        # -- DEV012: not in use, still assigned
        wp = self.pick("51", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        nb["status"] = "repair"
        nb["#"] = ["at the vendor's depot since 2026-11-12 (ticket 48213); loaner below"]
        loaner = self.add(wp, self.computer("W5", wp))
        loaner["#"] = [f"loaner while {nb['id']} is in repair"]
        p(
            "DEV012",
            nb,
            "status: repair, still assigned (the workplace has a loaner, so it stays ready)",
        )
        wp = self.pick("33", "office", kit="desk")
        hs = self.add(wp, self.peripheral("headset", wp))
        hs["status"] = "retired"
        p("DEV012", hs, "status: retired, still assigned")

        # -- WP001 .. WP008: workplaces missing something
        wp = self.pick("50", "hybrid", kit="laptop", desk="assigned")
        self.remove(wp, "laptop")
        self.remove(wp, "dock")
        self.add(wp, self.computer("D1X", wp, wp["site"]))
        wp.setdefault("#", []).append(
            "work model changed from office to hybrid on 2026-11-01; laptop ordered"
        )
        p("WP001", wp, "hybrid, but only a desktop")
        p("WP003", wp, "no camera: a desktop and no webcam")
        wp = self.pick("63", "hybrid", kit="laptop")
        self.remove(wp, "laptop")
        del wp["training"]
        wp.setdefault("#", []).append("new hire, started 2026-11-16; laptop being staged")
        p("WP001", wp, "no laptop or tablet yet")
        p("WP003", wp, "no camera (no laptop, no webcam)")
        p("WP006", wp, "no training yet")
        for dept, model in (("32", "hybrid"), ("66", "mobile"), ("50", "hybrid"), ("51", "hybrid")):
            wp = self.pick(dept, model)
            self.remove(wp, "headset")
            p("WP002", wp, "no headset")
        wp = self.pick("10", "hybrid", kit="laptop", site="RH")
        nb = self.device(wp, "laptop")
        nb["camera"] = False
        nb["#trail"] = {"camera": "camera module defective; webcam requested"}
        p("WP003", wp, f"laptop {nb['id']} has camera: false and there is no webcam")
        for dept, model in (("20", "hybrid"), ("50", "telework"), ("51", "hybrid")):
            wp = self.pick(dept, model)
            wp["_lic"].discard("LIC-VPN")
            p("WP004", wp, "not entitled to the VPN licence LIC-VPN")
        for dept, model in (("63", "hybrid"), ("51", "mobile")):
            wp = self.pick(dept, model, token=False)
            wp["_lic"].discard("LIC-MFA")
            p("WP005", wp, "no MFA token and not assigned to LIC-MFA")
        for dept, model, day in (
            ("66", "hybrid", None),
            ("40", "hybrid", None),
            ("32", "mobile", None),
            ("50", "hybrid", date(2024, 5, 14)),
            ("51", "hybrid", date(2024, 3, 20)),
            ("51", "hybrid", date(2023, 11, 7)),
            ("63", "hybrid", date(2024, 9, 30)),
            ("20", "hybrid", date(2024, 10, 15)),
            ("51", "mobile", date(2024, 6, 11)),
            ("51", "telework", date(2024, 2, 27)),
            ("10", "hybrid", date(2024, 11, 20)),
            ("33", "hybrid", date(2023, 9, 12)),
            ("50", "hybrid", None),
        ):
            wp = self.pick(dept, model)
            if day is None:
                del wp["training"]
                p("WP006", wp, "no training recorded")
            else:
                wp["training"] = day
                p("WP006", wp, f"last training {day} (older than 24 months)")
        wp = self.pick("80", "hybrid")
        wp["training"] = date(2024, 6, 3)
        wp["waivers"] = [
            {
                "rule": "WP006",
                "until": date(2027, 1, 31),
                "reason": "Für die Schulung am 09.12.2026 angemeldet (Kurs SEC-MOB-12)",
                "approved_by": "Personalamt",
            }
        ]
        p("WP006", wp, "last training 2024-06-03, with a current waiver (stays ready)", True)
        wp = self.pick("51", "telework")
        self.remove(wp, "monitor")
        p("WP007", wp, "telework without a monitor (the dock is there)")
        wp = self.pick("50", "telework")
        self.remove(wp, "monitor")
        self.remove(wp, "dock")
        wp.setdefault("#", []).append(
            "home office set up in November 2026; monitor and dock on order"
        )
        p("WP007", wp, "telework without a monitor")
        for dept in ("40", "66"):
            wp = self.pick(dept, "hybrid")
            wp["_lic"].discard("LIC-EAKTE")
            p("WP008", wp, "capability e-file missing: not assigned to LIC-EAKTE")
        wp = self.pick("20", "telework")
        wp["_lic"].discard("LIC-SOFTPHONE")
        p("WP008", wp, "capability softphone (telework profile) missing: not in LIC-SOFTPHONE")

        # -- NET005 .. NET008: device addresses
        a, b = (self.pick(d, "office", kit="desk", site="RH") for d in ("10", "20"))
        ta, tb = self.device(a, "desk-phone"), self.device(b, "desk-phone")
        tb["ip"] = ta["ip"]
        p("NET005", ta, f"same IP {ta['ip']} as {tb['id']}")
        p("NET005", tb, f"same IP {ta['ip']} as {ta['id']}")
        wp = self.pick("50", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc["ip"] = Raw("10.10.1.87")
        p("NET006", pc, "IP 10.10.1.87 is in the Rathaus office net, the workplace sits in NR")
        wp = self.pick("33", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc["ip"] = Raw("10.30.0.255")
        p("NET007", pc, "IP 10.30.0.255 is the broadcast address of 10.30.0.0/24")
        a, b = (self.pick(d, "office", kit="desk", site="NR") for d in ("51", "40"))
        pa, pb = self.device(a, "desktop"), self.device(b, "desktop")
        pb["mac"] = pa["mac"]
        pb["#"] = ["re-imaged onto replacement hardware in October 2026"]
        p("NET008", pa, f"same MAC {pa['mac']} as {pb['id']}")
        p("NET008", pb, f"same MAC {pa['mac']} as {pa['id']}")

        # -- INV002: a waiver that waives nothing
        wp = self.pick("20", "office", kit="desk")
        pc = self.device(wp, "desktop")
        pc["waivers"] = [
            {
                "rule": "DEV008",
                "until": date(2027, 6, 30),
                "reason": "Altes Mainboard ohne TPM 2.0; Austausch ist geplant",
                "approved_by": "IT-Service",
            }
        ]
        p("INV002", pc, "waiver for DEV008, but the device has TPM 2.0 and Secure Boot")

        # -- DEV011 blocks WP001: a laptop whose OS is not recorded
        wp = self.pick("63", "hybrid", kit="laptop")
        nb = self.device(wp, "laptop")
        del nb["os"]
        nb["#"] = ["re-imaged on 2026-11-20; the inventory agent has not reported its OS since"]
        p("DEV011", nb, "os not recorded: its support end is unknown")
        p("WP001", wp, f"its only laptop {nb['id']} has DEV011 (OS support end unknown)")

    def plant_site_gaps(self, sites: list[Record], licences: list[Record]) -> None:
        by_id = {r["id"]: r for r in sites + licences}
        for rec in sites:
            self.register(rec, "sites.yaml")
        for rec in licences:
            self.register(rec, "licences.yaml")
        p = self.plant
        p("NET001", by_id["BH"], "WLAN 10.30.8.0/24 is also the Bürgerbüro WLAN (BB)")
        p("NET002", by_id["BH"], "office net 192.168.178.0/24 is the FRITZ!Box home range")
        rh, nr = by_id["RH"], by_id["NR"]
        p(
            "SPC001",
            rh,
            f"{rh['shared_desks']} shared desks for an on-site demand of {self.demand['RH']}",
        )
        p("SPC002", nr, f"{self.desks['NR'] - 4} docks for {nr['shared_desks']} shared desks")
        p("SPC003", rh, f"{self.desks['RH'] - 2} monitors for {rh['shared_desks']} shared desks")
        soft = by_id["LIC-SOFTPHONE"]
        p("LIC001", soft, f"{len(soft['assigned_to'])} assignments for {soft['seats']} seats")
        p("LIC002", by_id["LIC-FERNWARTUNG"], "expired 2026-09-30, still assigned")
        p("LIC003", by_id["LIC-GIS"], "expires 2027-01-15")
        ba = by_id["LIC-BAUANTRAG"]
        p("LIC004", ba, f"{ba['seats'] - len(ba['assigned_to'])} of {ba['seats']} seats unused")
        rds = by_id["LIC-RDS"]
        p(
            "LIC005",
            rds,
            f"{len(rds['assigned_to'])} entitled, peak "
            f"{math.ceil(len(rds['assigned_to']) * 0.6)} > {rds['seats']} seats",
        )

    def licences(self) -> list[Record]:
        def holders(lic_id: str) -> list[str]:
            return [w["id"] for w in self.workplaces if lic_id in w["_lic"]]

        def devices(pred: Any) -> list[str]:
            return [d["id"] for w in self.workplaces for d in w["_devices"] if pred(w, d)]

        def tens(n: float) -> int:
            return -(-math.ceil(n) // 10) * 10

        vpn, mfa, efile = holders("LIC-VPN"), holders("LIC-MFA"), holders("LIC-EAKTE")
        cad_laptops = {w["id"] for w in self.cad_laptops}
        cad = devices(lambda w, d: w["cost_centre"] == "6600" and d["kind"] == "desktop")
        cad += devices(lambda w, d: w["id"] in cad_laptops and d["kind"] == "laptop")
        kod = devices(lambda w, d: w["_kit"] == "kod" and d["kind"] == "tablet")
        peak_vpn = math.ceil(len(vpn) * 0.6)
        example, kdata, civitas, geo = (
            "ExampleVendor", "Kommunaldata eG", "Civitas Systeme GmbH", "Geodaten Beispiel GmbH"
        )  # fmt: skip
        out = [
            licence("LIC-VPN", "Secure Client (Remote Access)", example, "vpn", "concurrent",
                    tens(peak_vpn * 1.04), date(2027, 12, 31), 24.0, vpn),
            licence("LIC-MFA", "Authenticator (App and Push)", example, "mfa", "per-user",
                    tens(len(mfa) * 1.08), date(2027, 6, 30), 18.0, mfa),
            licence("LIC-EAKTE", "E-Akte Kommunal", kdata, "e-file", "per-user",
                    tens(len(efile) * 1.02), None, 310.0, efile),
            licence("LIC-VIDEO", "Videokonferenz", "Kommunale Cloud eG", "video", "site",
                    None, date(2027, 12, 31), None),
            licence("LIC-OFFICE", "Office-Paket (Volumenlizenz)", example, "office", "site",
                    None, date(2028, 6, 30), None),
            licence("LIC-SOFTPHONE", "Softphone", example, "softphone", "per-user", 40, None,
                    35.0, holders("LIC-SOFTPHONE")),
            licence("LIC-FERNWARTUNG", "Fernwartung (Remote Support)", example,
                    "remote-support", "per-user", 10, date(2026, 9, 30), 420.0,
                    holders("LIC-FERNWARTUNG")),
            licence("LIC-GIS", "GIS-Fachschale Tiefbau", geo, "gis", "per-user", 30,
                    date(2027, 1, 15), 540.0, holders("LIC-GIS")),
            licence("LIC-BAUANTRAG", "Digitaler Bauantrag", "Verwaltungssoftware Nord AG",
                    "building-permits", "per-user", 60, date(2028, 3, 31), 260.0,
                    holders("LIC-BAUANTRAG")),
            licence("LIC-RDS", "Remote-Desktop-Gateway (Sozialhilfe-Fachverfahren)", civitas,
                    "remote-desktop", "concurrent", 20, date(2027, 12, 31), 95.0,
                    holders("LIC-RDS")),
            licence("LIC-EWO", "Meldewesen-Fachverfahren", kdata, "registry", "per-user", 30,
                    date(2028, 12, 31), 480.0, holders("LIC-EWO")),
            licence("LIC-CAD", "CAD Tiefbau", geo, "cad", "per-device", 8, None, 1900.0, cad),
            licence("LIC-KOD-APP", "KOD mobil (Ordnungsdienst-App)", civitas, "field-app",
                    "per-device", 20, date(2027, 12, 31), 150.0, kod),
        ]  # fmt: skip
        for rec in out:
            if rec["id"] in M_LICENCE_NOTES:
                rec["#"] = [M_LICENCE_NOTES[rec["id"]]]
            if rec["id"] in M_LICENCE_TRAILS:
                rec["#trail"] = M_LICENCE_TRAILS[rec["id"]]
        return out

    def sites(self) -> list[Record]:
        out = []
        for site in M_SITES:
            rec = {k: v for k, v in site.items() if k != "networks"}
            rec["shared_desks"] = self.desks.get(site["id"], 0)
            if site["id"] == "RH":
                rec["#trail"] = {"shared_desks": "desk-sharing pilot, 2nd floor"}
            rec["networks"] = [dict(n) for n in site["networks"]]
            out.append(rec)
        return out

    # ---- files ----
    def run(self, outdir: Path) -> tuple[int, int]:
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        files = self.files()
        clear_departments(outdir)
        records = sum(t.count("\n  - id: ") for name, t in files.items() if name.endswith(".yaml"))
        return records, write_files(outdir, files)

    def files(self) -> dict[str, str]:
        self.build()
        self.pools()
        self.stock_room()
        self.plant_gaps()
        self.cad_laptops = [
            w for w in self.workplaces if w["cost_centre"] == "6600" and w["work_model"] == "hybrid"
        ][:2]
        licences = self.licences()
        self.n_licences = len(licences)
        sites = self.sites()
        self.plant_site_gaps(sites, licences)
        self.plant(
            "NET003",
            {"id": "VPN-RZ1", "_file": "vpn.yaml"},
            f"pools of VPN-RZ1 and VPN-RZ2 hold 140 addresses for a peak of "
            f"{self.peak()} concurrent remote users",
        )
        self.plant(
            "NET004",
            {"id": "VPN-RZ1", "_file": "vpn.yaml"},
            f"max_sessions of VPN-RZ1 and VPN-RZ2 add up to 125 for a peak of {self.peak()}",
        )
        files: dict[str, str] = {"itready.yaml": M_SETTINGS}
        files["sites.yaml"] = emit_file(
            [
                "Sites of the Stadtverwaltung Musterstadt and their address plan.",
                "Address plan: 10.<site>.0.0/16 per site (RH 10, NR 20, BB 30, BH 40, RZ 90),",
                "office nets from .0, WLAN from .8, telephony from .16. Guest WLANs are in",
                "172.31.0.0/16 (internet only). VPN client pools are in vpn.yaml.",
            ],
            [("sites", sites)],
        )
        files["vpn.yaml"] = emit_file(
            ["Remote-access gateways (IT-Service, 10.4)."], [("vpn", list(M_VPN))]
        )
        files["licences.yaml"] = emit_file(
            [
                "Software licences relevant to mobile work. Seats and prices as in the contracts",
                "(EUR per seat and year, net). Vergabestelle needs three months for a renewal.",
            ],
            [("licences", licences)],
        )
        for num, name, _groups in M_DEPARTMENTS:
            file = f"departments/{num}-{slug(name)}.yaml"
            wps = [w for w in self.workplaces if w["_file"] == file]
            devs = [d for w in wps for d in w["_devices"]] + self.extra[file]
            files[file] = emit_file(
                [
                    f"{num} {name}: workplaces and their devices.",
                    "Maintained by IT-Service (10.4) from the asset database; the asset tag is on",
                    "the sticker under each device. Staff numbers only, never names",
                    "(Dienstvereinbarung IT, section 4).",
                ],
                [("workplaces", wps), ("devices", devs)],
            )
        files["desk-pools.yaml"] = emit_file(
            [
                "Docks and monitors of the shared desks, assigned to their site, not to a person.",
                "Rathaus: pilot on the 2nd floor (Hauptamt, Kämmerei); Neues Rathaus: floors 1-4.",
            ],
            [("devices", self.pool)],
        )
        files["stock.yaml"] = emit_file(
            [
                "IT-Service store room (Rathaus, room 0.12). status stock = ready to hand out;",
                "retired = waiting for disposal. Stock is assigned to nobody.",
            ],
            [("devices", self.stock)],
        )
        files["README.md"] = self.readme()
        return files

    def peak(self) -> int:
        return math.ceil(sum(w["work_model"] != "office" for w in self.workplaces) * 0.6)

    def readme(self) -> str:
        counted = [w for w in self.workplaces if w["work_model"] != "office"]
        unready = {p.record for p in self.plants if p.rule.startswith("WP") and not p.waived}
        ready = len(counted) - len(unready)
        devices = sum(len(w["_devices"]) for w in self.workplaces)
        devices += len(self.pool) + len(self.stock) + sum(len(v) for v in self.extra.values())
        out = [
            README_HEAD.format(
                workplaces=len(self.workplaces),
                departments=len(M_DEPARTMENTS),
                sites=len(M_SITES),
                devices=devices,
                licences=self.n_licences,
                counted=len(counted),
                ready=ready,
                share=f"{100 * ready / len(counted):.1f}",
            )
        ]
        out.append("| site | name | shared desks | workplaces | networks |")
        out.append("| --- | --- | --- | --- | --- |")
        for site in M_SITES:
            n = sum(w["site"] == site["id"] for w in self.workplaces)
            nets = ", ".join(f"{x['cidr']} {x['purpose']}" for x in site["networks"])
            out.append(
                f"| {site['id']} | {site['name']} | {self.desks.get(site['id'], 0)} | "
                f"{n} | {nets} |"
            )
        out += [
            "",
            "| department | file | sites | office | hybrid | mobile | telework |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for num, name, groups in M_DEPARTMENTS:
            sites = ", ".join(dict.fromkeys(g.site for g in groups))
            counts = [
                sum(getattr(g, m) for g in groups)
                for m in ("office", "hybrid", "mobile", "telework")
            ]
            out.append(
                f"| {num} {name} | departments/{num}-{slug(name)}.yaml | {sites} | "
                + " | ".join(map(str, counts))
                + " |"
            )
        out += [
            "",
            README_PLANTS,
            "| rule | record | file | what was planted |",
            "| --- | --- | --- | --- |",
        ]
        for plant in sorted(self.plants, key=lambda p: (p.rule, p.file, p.record)):
            note = plant.note + (" *(waived)*" if plant.waived else "")
            out.append(f"| {plant.rule} | {plant.record} | {plant.file} | {note} |")
        out += ["", README_TAIL]
        return "\n".join(out)


_DEFAULT_DAYS = {"office": 0, "hybrid": 2, "mobile": 4, "telework": 5}


def _net(site: Record, purpose: str) -> str:
    return next(n["cidr"] for n in site["networks"] if n["purpose"] == purpose)


M_SETTINGS = (
    """\
# itready settings of the Stadtverwaltung Musterstadt.
# Owner: IT-Service (10.4). Policy values follow the Dienstvereinbarung "Mobiles Arbeiten"
# (2024) and need the IT steering group's approval.
organisation: Stadtverwaltung Musterstadt

policy:
  replacement_years: 5          # computers older than this are due for replacement
  eol_warning_days: 180         # OS support ending within this many days
  expiry_warning_days: 60       # licences expiring within this many days
  training_valid_months: 24     # Dienstvereinbarung Mobiles Arbeiten, section 7
  min_ram_gb: 8
  peak_remote_share: 0.6        # measured on the VPN gateways, winter 2025/26
  desk_peak_factor: 1.1         # head-room on shared desks
  unused_seat_share: 0.25
  # home_router_ranges: not set, the built-in list (FRITZ!Box, Speedport, hotspots) applies

"""
    + SETTINGS_COMMON
    + """\

lifecycle:
  # Extended Security Updates for Windows 10 Enterprise, bought for the Sozialamt until the
  # social welfare application runs on Windows 11 (contract ESU-2025-17, years 1 to 3).
  - {name: windows, version: "10 22H2", edition: enterprise, eol: 2028-10-10}

rules:
  severity:
    DEV007: info                # warranty is tracked by procurement; informational here
  options:
    LIC003: {days: 90}          # the Vergabestelle needs three months for a renewal
"""
)

README_HEAD = """\
# Stadtverwaltung Musterstadt: the example inventory

A fictional German town administration of {workplaces} workplaces in {departments} departments
over {sites} sites, with {devices} devices and {licences} licences: the inventory a user runs
first.

```sh
itready check inventories/musterstadt --as-of 2026-11-27
itready gaps inventories/musterstadt --as-of 2026-11-27
itready procure inventories/musterstadt --as-of 2026-11-27 --format csv --dialect excel-de
```

Most workplaces are ready for mobile work; a believable set of gaps makes every rule of the
catalogue fire at least once on 2026-11-27. Of the {counted} non-office workplaces, {ready} are
ready ({share} %) as planted.

## The organisation

Musterstadt keeps its old town hall (Rathaus, RH) for the council, central services and public
order, moved the social services, youth office, schools and building authority into the new town
hall (Neues Rathaus, NR) with desk sharing in 2024, serves citizens at the Bürgerbüro (BB), runs
its depot at the Bauhof (BH) and its servers and the IT-Service in a small data centre (RZ). The
Kämmerei and Hauptamt try desk sharing in a pilot on the Rathaus' 2nd floor. Staff are
identified by pseudonymous staff numbers only (`P-1xxxxx`); the inventory names no person.

| file | what |
| --- | --- |
| `itready.yaml` | settings: policy, readiness profiles, prices, Windows 10 ESU, rule options |
| `sites.yaml` | sites with their networks |
| `vpn.yaml` | the two VPN gateways |
| `licences.yaml` | VPN, MFA, e-file, video, softphone and specialist licences |
| `departments/NN-name.yaml` | one file per department: its workplaces, then their devices |
| `desk-pools.yaml` | docks and monitors of the shared desks, assigned to their site |
| `stock.yaml` | the store room: stock to hand out, retired devices |

"""

README_PLANTS = """\
## Planted gaps

Every finding itready reports on this inventory at `--as-of 2026-11-27` is in this table, and
every rule appears in it. Workplace findings (WP) count against readiness unless waived.
"""

README_TAIL = """\
## Regenerating

The files are written by `python bench/generate.py inventories/musterstadt --profile musterstadt`
(seed 1), which also writes this README from the same list of planted gaps. To change the
example, change the generator, run it and commit both: the result is the same, byte for byte.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("outdir", type=Path, help="directory to write the inventory into")
    parser.add_argument("--workplaces", type=int, help="number of workplaces (synthetic)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--profile",
        choices=("synthetic", "musterstadt"),
        default="synthetic",
        help="synthetic (default) or the bundled example inventory",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.profile == "musterstadt":
        if args.workplaces is not None:
            parser.error("--workplaces does not apply to --profile musterstadt")
        records, nbytes = Musterstadt(args.seed).run(args.outdir)
    else:
        if args.workplaces is None:
            parser.error("--workplaces is required for the synthetic profile")
        if args.workplaces < 1:
            parser.error("--workplaces must be at least 1")
        args.outdir.mkdir(parents=True, exist_ok=True)
        records, nbytes = Synthetic(args.workplaces, args.seed).run(args.outdir)
    elapsed = time.perf_counter() - start
    print(f"{args.outdir}: {records:,} records, {nbytes:,} bytes, {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

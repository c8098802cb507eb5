"""A new inventory to start from: ``itready init DIR``.

The starter is small but complete: ``itready.yaml`` with every setting at its default, one file
per kind with a commented example of every field, and the JSON Schemas that editors use for
completion and checking (in ``.itready/``, a hidden folder the loader skips). Each YAML file
starts with the yaml-language-server modeline that points at its schema. The starter passes
``itready validate``; ``tests/test_scaffold.py`` keeps it that way. Its comments speak the run's
language (German ones in ``starter_de``, with ``language: de`` in its itready.yaml); its records
are the same in every language.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from itready.i18n import _, current_language
from itready.validate.jsonschema import schema_json

SCHEMA_DIR = ".itready"
INVENTORY_SCHEMA = f"{SCHEMA_DIR}/inventory.schema.json"
SETTINGS_SCHEMA = f"{SCHEMA_DIR}/settings.schema.json"


def modeline(schema: str) -> str:
    """The first line that tells yaml-language-server which schema a file follows."""
    return f"# yaml-language-server: $schema=./{schema}\n"


SETTINGS_TEXT = """\
#
# itready settings. Every setting has a default; this file shows each one at its default value.
# Change what your organisation needs and delete the rest: a missing setting keeps its default.
# Keys beginning with x- are ignored (room for your own notes).

# Name of the organisation, shown in reports.
organisation: Stadtverwaltung Beispielstadt

policy:
  # Computers (laptop, desktop, thin-client, tablet, smartphone) older than this many years
  # since purchase are due for replacement (rule DEV006).
  replacement_years: 5
  # Warn when a computer's operating system loses vendor support within this many days (DEV002).
  eol_warning_days: 180
  # Warn when a licence expires within this many days (LIC003).
  expiry_warning_days: 60
  # A security training for mobile work counts for this many months (WP006).
  training_valid_months: 24
  # Laptops with less memory than this many GB are reported (DEV009).
  min_ram_gb: 8
  # Share (0 to 1) of hybrid, mobile and telework staff who work remotely at the same time at
  # peak. Sizes VPN pools, VPN sessions and concurrent licences.
  peak_remote_share: 0.6
  # Head-room on shared desks: on-site demand is multiplied by this factor.
  desk_peak_factor: 1.1
  # Unused licence seats above this share of all seats are reported as a saving (LIC004).
  unused_seat_share: 0.25
  # Address ranges common in home networks. An office network that overlaps one of them breaks
  # split-tunnel VPN for staff at home (NET002).
  home_router_ranges:
    - 192.168.0.0/24
    - 192.168.1.0/24
    - 192.168.2.0/24
    - 192.168.178.0/24     # FRITZ!Box
    - 10.0.0.0/24
    - 10.0.1.0/24
    - 172.20.10.0/28       # iPhone hotspot
    - 192.168.43.0/24      # Android hotspot
    - 192.168.137.0/24     # Windows hotspot

# What a workplace needs, by work model. mobile-device: an in-use laptop or tablet that passes
# the security rules; headset, monitor: one in use; camera: a webcam or a laptop or tablet with
# camera: true; mfa: an MFA token or a licence that provides mfa; training: a current security
# training; any other name (vpn, e-file, softphone, ...): a licence that provides it.
readiness:
  # office: []             # office workplaces are not counted for readiness
  hybrid: [mobile-device, headset, camera, vpn, mfa, training]
  mobile: [mobile-device, headset, camera, vpn, mfa, training]
  telework: [mobile-device, headset, camera, vpn, mfa, training, monitor]

# EUR per unit, for the cost of procurement lines. There are no default prices (without one, a
# procurement line has a quantity but no cost): the figures below are examples, put in your own
# contract prices. Keys are device kinds.
prices:
  laptop: 1150
  headset: 89
  webcam: 69
  monitor: 189
  dock: 229
  mfa-token: 45

# Additions to or overrides of the bundled OS lifecycle table (see `itready lifecycle`), for
# example paid extended updates. The table's own dates are the default.
lifecycle: []
  # - name: windows          # OS name as in devices
  #   version: "10 22H2"     # OS version as in devices
  #   edition: enterprise    # Windows only
  #   eol: 2028-10-10        # the last day of support your organisation has

rules:
  # Rule IDs not to run, e.g. [LIC004].
  disable: []
  # Override a rule's default severity (critical, high, medium, low, info), e.g. {DEV007: info}.
  severity: {}
  # Override a rule's parameters where it has any, e.g. {DEV006: {years: 6}}.
  options: {}
  # More rule files of your own, relative to this folder, e.g. [checks/local.yaml].
  paths: []
"""

SITES_TEXT = """\
#
# Sites: the buildings of the administration and their address plans.
# Every record has an id that is unique across the whole inventory (all kinds, all files).
# Keys beginning with x- are ignored (room for your own notes).

sites:
  - id: RH                       # required; other records refer to the site by it
    name: Rathaus                # display name
    address: Marktplatz 1        # postal address
    shared_desks: 1              # desks in this site's desk-sharing pool (default 0)
    networks:                    # the site's address plan
      - cidr: 10.20.0.0/22       # required; IPv4 or IPv6 network without host bits
        purpose: office          # office | wlan | voip | server | guest | vpn-pool
        name: Verwaltungsnetz    # display name
      - cidr: 10.20.8.0/24
        purpose: voip
        name: Telefonie
      - cidr: 10.20.16.0/23
        purpose: wlan
        name: WLAN Rathaus
    x-note: Marktplatz building, floors 1-3   # an x- key: ignored by itready

  - id: RZ
    name: Rechenzentrum
    address: Industriestrasse 12
    networks:
      - cidr: 10.30.0.0/24
        purpose: server
        name: Servernetz
    # waivers:                   # any record may carry waivers, see devices.yaml
"""

VPN_TEXT = """\
#
# VPN: the remote-access gateways. Their pools and sessions must carry the staff who work
# remotely at the same time at peak (policy.peak_remote_share in itready.yaml).

vpn:
  - id: VPN-RZ1                  # required, unique
    site: RZ                     # required: the id of the site the gateway stands in
    pools: [10.99.0.0/24]        # client address pools; their usable addresses bound the sessions
    max_sessions: 250            # concurrent sessions the gateway carries (hardware or licence)
    # waivers:                   # any record may carry waivers, see devices.yaml
"""

WORKPLACES_TEXT = """\
#
# Workplaces: one staff position's place of work, in the office and away from it.
# Inventories name no people: at most a pseudonymous staff number.

workplaces:
  - id: WP-10-0001               # required, unique
    department: "10 Hauptamt"    # required; reports group by it
    site: RH                     # required: the id of the site where the person works on site
    staff: P-100001              # optional pseudonymous staff number (never a name)
    cost_centre: "1000"          # optional; procurement groups by it (quote it to keep zeros)
    work_model: office           # required: office | hybrid | mobile | telework
    mobile_days: 0               # days per week away from the office, 0-5
                                 #   (default: office 0, hybrid 2, mobile 4, telework 5)
    desk: assigned               # assigned | shared | none
                                 #   (default: assigned for office, else shared)

  - id: WP-10-0002
    department: "10 Hauptamt"
    site: RH
    staff: P-100002
    cost_centre: "1000"
    work_model: hybrid           # two days a week away from the office by default
    desk: shared                 # uses a desk of the site's pool when on site
    training: 2026-03-10         # date of the last security training for mobile work

  - id: WP-20-0001
    department: "20 Finanzen"
    site: RH
    staff: P-200001
    cost_centre: "2000"
    work_model: telework
    mobile_days: 5
    desk: none                   # no desk on site
    training: 2025-11-20
    # waivers:                   # any record may carry waivers, see devices.yaml
"""

DEVICES_TEXT = """\
#
# Devices: every piece of equipment, by asset tag. Fields that do not apply to a kind are errors:
# os, encrypted, mdm, vpn_client, tpm, secure_boot, ram_gb and camera are for computers (laptop,
# desktop, thin-client, tablet, smartphone); ip, mac and hostname for computers, docks and desk
# phones.
# A security fact that is left out counts as not in place.

devices:
  - id: NB-00017                 # required: the asset tag, unique
    kind: laptop                 # required: laptop | desktop | thin-client | tablet | smartphone |
                                 #   monitor | dock | headset | webcam | mfa-token | desk-phone
    hostname: MS-NB-00017        # network name (Intune, AD, GLPI), unique among devices
    model: ThinkPad T14 Gen 5    # vendor model
    serial: PF4ABC12             # serial number
    status: in-use               # in-use | stock | repair | retired (default in-use)
    assigned_to: WP-10-0002      # a workplace id, or a site id for pool equipment; none for stock
    purchased: 2025-04-01        # purchase date (computers are due for replacement by age)
    warranty_until: 2029-03-31   # last day of warranty
    os:                          # operating system of a computer
      name: windows              # windows | macos | ios | ipados | android | ubuntu | debian | ...
      version: "11 25H2"         # the release as the vendor names it (quote it)
      edition: enterprise        # Windows only, and required there: enterprise | education |
                                 #   pro | home | ltsc | iot-ltsc
    encrypted: true              # full-disk / storage encryption on
    mdm: true                    # enrolled in device management
    vpn_client: true             # VPN client installed and configured
    tpm: "2.0"                   # "2.0" | "1.2" | none (quote the numbers)
    secure_boot: true            # Secure Boot on
    ram_gb: 16                   # memory in GB
    camera: true                 # built-in camera

  - id: PC-00231
    kind: desktop
    model: ThinkCentre M70q Gen 3
    serial: MJ0XYZ98
    assigned_to: WP-10-0001
    purchased: 2022-05-02
    warranty_until: 2025-05-01
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: true
    mdm: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    ip: 10.20.1.17               # optional fixed address; must lie in a network of its site
    mac: "00:1A:2B:3C:4D:5E"     # optional hardware address, any common notation
    hostname: RH-PC-00231        # optional network name; unique, whatever the case
    waivers:                     # findings on this record that are known and accepted, for a time
      - rule: DEV007             # required: the rule whose finding is accepted
        reason: Covered by the maintenance contract until the 2027 replacement round
        until: 2027-06-30        # required: a waiver always expires
        approved_by: IT-Sicherheit   # a role, not a person

  - id: NB-00018
    kind: laptop
    model: ThinkPad T14 Gen 5
    serial: PF4ABC13
    assigned_to: WP-20-0001
    purchased: 2025-04-01
    warranty_until: 2029-03-31
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: true
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    camera: true

  - id: SP-00005
    kind: smartphone
    model: iPhone 16
    assigned_to: WP-20-0001
    purchased: 2025-09-22
    os: {name: ios, version: "26"}   # no edition: that is for Windows only
    encrypted: true
    mdm: true

  - id: HS-00042
    kind: headset
    model: Evolve2 55
    assigned_to: WP-10-0002

  - id: HS-00043
    kind: headset
    model: Evolve2 55
    assigned_to: WP-20-0001

  - id: MO-00101
    kind: monitor
    model: P24h G5
    assigned_to: WP-20-0001      # the monitor at home

  - id: MO-00102
    kind: monitor
    model: P24h G5
    assigned_to: RH              # pool equipment on a shared desk: assigned to the site

  - id: DK-00007
    kind: dock
    model: ThinkPad Universal USB-C Dock
    assigned_to: RH

  - id: TK-00001
    kind: mfa-token
    model: YubiKey 5 NFC
    status: stock                # in stock: assigned to nothing

  - id: TEL-0301
    kind: desk-phone
    model: SIP-T54W
    assigned_to: WP-10-0001
    ip: 10.20.8.21
    mac: 805e.c012.3456          # Cisco notation, read as 80:5e:c0:12:34:56
"""

LICENCES_TEXT = """\
#
# Licences: what software the workplaces may use, and how many seats there are.
# A workplace has a capability (vpn, mfa, ...) when an unexpired licence that provides it is
# assigned to it, to one of its devices (per-device), or is a site licence.

licences:
  - id: LIC-VPN                  # required, unique
    product: Secure Client       # product name
    vendor: ExampleVendor        # vendor name
    provides: [vpn]              # required: capabilities: vpn | mfa | video | office |
                                 #   e-file | softphone | remote-desktop, or any name that
                                 #   a readiness profile in itready.yaml uses
    model: concurrent            # required: per-user | per-device | concurrent | site
    seats: 2                     # required unless model is site
    expires: 2028-06-30          # absent = perpetual
    cost_per_seat: 24.00         # EUR, for procurement
    assigned_to: [WP-10-0002, WP-20-0001]   # per-user: workplace ids; per-device: device ids;
                                 #   concurrent: the workplaces entitled to use it; site: absent

  - id: LIC-MFA
    product: Authenticator
    vendor: ExampleVendor
    provides: [mfa]
    model: per-user
    seats: 2
    expires: 2028-12-31
    cost_per_seat: 18.00
    assigned_to: [WP-10-0002, WP-20-0001]

  - id: LIC-OFFICE
    product: Office Suite
    vendor: ExampleVendor
    provides: [office, video]
    model: site                  # covers every workplace: no seats, no assigned_to
    # waivers:                   # any record may carry waivers, see devices.yaml
"""

#: File name -> (schema it follows, text after the modeline).
STARTER_FILES: dict[str, tuple[str, str]] = {
    "itready.yaml": (SETTINGS_SCHEMA, SETTINGS_TEXT),
    "sites.yaml": (INVENTORY_SCHEMA, SITES_TEXT),
    "vpn.yaml": (INVENTORY_SCHEMA, VPN_TEXT),
    "workplaces.yaml": (INVENTORY_SCHEMA, WORKPLACES_TEXT),
    "devices.yaml": (INVENTORY_SCHEMA, DEVICES_TEXT),
    "licences.yaml": (INVENTORY_SCHEMA, LICENCES_TEXT),
}


def starter_files(language: str | None = None) -> dict[str, str]:
    """Relative path -> text of every file of a starter inventory, schemas first, with the
    comments in ``language`` (the run's by default)."""
    files = {INVENTORY_SCHEMA: schema_json("inventory"), SETTINGS_SCHEMA: schema_json("settings")}
    texts: dict[str, str] = {}
    if (language or current_language()) == "de":
        from itready.validate import starter_de

        texts = {name: getattr(starter_de, text) for name, text in _TEXT_NAMES.items()}
    for name, (schema, text) in STARTER_FILES.items():
        files[name] = modeline(schema) + texts.get(name, text)
    return files


#: File name -> the name of its text in a module of texts (``starter_de``).
_TEXT_NAMES = {"itready.yaml": "SETTINGS_TEXT", "sites.yaml": "SITES_TEXT",
               "vpn.yaml": "VPN_TEXT", "workplaces.yaml": "WORKPLACES_TEXT",
               "devices.yaml": "DEVICES_TEXT", "licences.yaml": "LICENCES_TEXT"}


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) so that ``path`` is either absent or complete, never half.

    The temporary file is hidden (a leading dot), so the loader skips it even if a crash leaves
    it behind.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_starter(target: Path) -> list[Path]:
    """Create a new inventory at ``target`` and return the files written, in order.

    ``target`` may be missing or an empty directory. Anything else raises FileExistsError and
    writes nothing. If writing fails half way, the files written so far are removed again.
    """
    target = Path(target)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise FileExistsError(_("{path} exists and is not a directory; choose a new "
                                    "directory for the inventory").format(path=target))
        if any(target.iterdir()):
            raise FileExistsError(_("{path} is not empty; a new inventory needs a new or empty "
                                    "directory, so that no file is overwritten").format(
                                        path=target))
    created_dirs = [d for d in (target, target / SCHEMA_DIR) if not d.exists()]
    written: list[Path] = []
    try:
        for directory in created_dirs:
            directory.mkdir(parents=True)
        for relative, text in starter_files().items():
            path = target / relative
            write_atomic(path, text)
            written.append(path)
    except BaseException:
        for path in reversed(written):
            with contextlib.suppress(OSError):
                path.unlink()
        for directory in reversed(created_dirs):
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise
    return written

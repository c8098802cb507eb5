"""Validation through ``load()``: every error class, located to file, line and column.

Every test loads a small inventory from disk. Expected positions are 1-based; a field's error
stands at its key, a record's (missing field, wrong shape) at its first key after ``- ``, a list
item's at the item.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, assert_error, assert_only_error, located, write_inventory

import itready.loader.files as files_module
from itready import load
from itready.errors import ERROR_CODES
from itready.loader import inventory as inventory_module
from itready.loader import yaml as yamlload
from itready.loader.cache import Cache

BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "exact"])

SITES = """\
sites:
  - id: RH
    name: Rathaus
  - id: RZ
    name: Rechenzentrum
"""


def errors_of(root: Path, fast: bool = True) -> list:
    return load(root, fast=fast).errors


# --- one test per error class ----------------------------------------------------------------

@BOTH
def test_e001_yaml_syntax(make_inventory, fast: bool) -> None:
    root = make_inventory({"sites.yaml": "sites:\n  - id: RH\n    name: [Rathaus\n"})
    assert_only_error(errors_of(root, fast), "E001", "sites.yaml", 4, 1, "YAML syntax error")


@BOTH
def test_e002_not_utf8(make_inventory, fast: bool) -> None:
    root = make_inventory({"sites.yaml": "sites:\n  - id: RH\n    name: Stra\xdfe\n"
                           .encode("latin-1")})
    error = assert_only_error(errors_of(root, fast), "E002", "sites.yaml", 3, 15)
    assert "offset 32" in error.message


@BOTH
def test_bom_is_no_error(make_inventory, fast: bool) -> None:
    root = make_inventory({"sites.yaml": b"\xef\xbb\xbf" + SITES.encode()})
    result = load(root, fast=fast)
    assert result.errors == []
    assert [s.id for s in result.inventory.sites] == ["RH", "RZ"]


@BOTH
@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("- id: RH\n", 1, 1, "an inventory file is a mapping of kinds"),
    ("sites:\n  id: RH\n", 1, 1, "'sites' must be a list of records"),
    ("sites:\n  - RH\n", 2, 5, "a site record must be a mapping"),
    ("devices:\n  - id: NB-1\n    kind: laptop\n    os: windows 11\n", 4, 5,
     "os must be a mapping"),
    ("sites:\n  - id: RH\n    waivers:\n      - DEV001\n", 4, 9,
     "waivers entry must be a mapping"),
    ("? [a]\n: b\n", 1, 3, "a mapping key must be a plain value"),
])
def test_e003_wrong_structure(make_inventory, fast: bool, text: str, line: int, column: int,
                              message: str) -> None:
    root = make_inventory({"a.yaml": text})
    assert_only_error(errors_of(root, fast), "E003", "a.yaml", line, column, message)


@BOTH
def test_e004_unknown_key_with_did_you_mean(make_inventory, fast: bool) -> None:
    root = make_inventory({"devices.yaml": """\
devices:
  - id: NB-1
    kind: laptop
    encryted: true
    os:
      name: ubuntu
      verison: "22.04"
    x-inventory-note: local extensions are accepted
"""})
    errors = errors_of(root, fast)
    error = assert_error(errors, "E004", "devices.yaml", 4, 5, "'encryted'")
    assert "(did you mean 'encrypted'?)" in error.message
    error = assert_error(errors, "E004", "devices.yaml", 7, 7, "'verison'")
    assert "(did you mean 'version'?)" in error.message
    assert_error(errors, "E007", "devices.yaml", 5, 5, "os has no 'version'")
    assert len(errors) == 3


@BOTH
def test_e004_unknown_kind_and_misplaced_settings(make_inventory, fast: bool) -> None:
    root = make_inventory({
        "a.yaml": "site:\n  - id: RH\npolicy:\n  min_ram_gb: 8\nx-meta: ignored\n",
        "itready.yaml": "organisaton: Musterstadt\nsites: []\n",
    })
    errors = errors_of(root, fast)
    assert "(did you mean 'sites'?)" in assert_error(errors, "E004", "a.yaml", 1, 1).message
    assert "itready.yaml" in assert_error(errors, "E004", "a.yaml", 3, 1).message
    assert "(did you mean 'organisation'?)" in assert_error(
        errors, "E004", "itready.yaml", 1, 1).message
    assert "not in itready.yaml" in assert_error(errors, "E004", "itready.yaml", 2, 1).message
    assert len(errors) == 4


@BOTH
def test_e005_wrong_type(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": SITES + """\
    shared_desks: many
vpn:
  - id: VPN-1
    site: RZ
    pools: 10.99.0.0/22
devices:
  - id: NB-1
    kind: laptop
    mdm: yes
    encrypted: 1
    purchased: 20230401
    model: [T14]
"""})
    errors = errors_of(root, fast)
    assert_error(errors, "E005", "a.yaml", 6, 5, "shared_desks expects a whole number")
    assert_error(errors, "E005", "a.yaml", 10, 5, "pools expects a list")
    error = assert_error(errors, "E005", "a.yaml", 14, 5, "mdm expects true or false, got 'yes'")
    assert "YAML 1.2" in error.message
    assert_error(errors, "E005", "a.yaml", 15, 5, "encrypted expects true or false")
    assert_error(errors, "E005", "a.yaml", 16, 5, "purchased expects a date")
    assert_error(errors, "E005", "a.yaml", 17, 5, "model expects text, got a list")
    assert len(errors) == 6


@BOTH
def test_e006_invalid_value(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": """\
sites:
  - id: RH
    networks:
      - cidr: 10.20.0.1/22
        purpose: ofice
      - cidr: 10.30.0.0/33
workplaces:
  - id: WP-1
    department: "10"
    site: RH
    work_model: hybrid
    mobile_days: 6
    training: 2025-02-30
devices:
  - id: HS-1
    kind: headset
    encrypted: true
  - id: NB-1
    kind: laptop
    mac: 00-1A-2B
    os: {name: macos, version: "14", edition: pro}
"""})
    errors = errors_of(root, fast)
    assert "the network is 10.20.0.0/22" in assert_error(errors, "E006", "a.yaml", 4, 9).message
    assert "(did you mean 'office'?)" in assert_error(errors, "E006", "a.yaml", 5, 9).message
    assert_error(errors, "E006", "a.yaml", 6, 9, "not an IPv4 or IPv6 network")
    assert_error(errors, "E006", "a.yaml", 12, 5, "mobile_days must be at most 5")
    assert_error(errors, "E006", "a.yaml", 13, 5, "'2025-02-30' is not a calendar date")
    assert_error(errors, "E006", "a.yaml", 17, 5, "'encrypted' does not apply to a headset")
    assert_error(errors, "E006", "a.yaml", 20, 5, "not a MAC address")
    assert_error(errors, "E006", "a.yaml", 21, 38, "edition applies to Windows only")
    assert len(errors) == 8


@BOTH
def test_home_router_ranges_take_ipv4_and_ipv6_and_a_non_network_is_located(
        make_inventory, fast: bool) -> None:
    root = make_inventory({"itready.yaml": """\
policy:
  home_router_ranges:
    - 192.168.178.0/24
    - fd00::/64
    - fritz.box
"""})
    errors = errors_of(root, fast)
    assert_only_error(errors, "E006", "itready.yaml", 5, 7, "'fritz.box' is not an IPv4 or IPv6")
    root = make_inventory({"itready.yaml": "policy:\n  home_router_ranges: [192.168.178.0/24, "
                           "'fd00::/64']\n"})
    result = load(root, fast=fast)
    assert result.errors == []
    assert result.inventory.settings.policy.home_router_ranges == ("192.168.178.0/24",
                                                                    "fd00::/64")


@BOTH
def test_an_id_twice_in_one_assigned_to_list_is_an_error_at_the_repeat(
        make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": SITES + """\
workplaces:
  - {id: WP-1, department: "10", site: RH, work_model: hybrid}
  - {id: WP-2, department: "10", site: RH, work_model: hybrid}
licences:
  - id: LIC-1
    provides: [vpn]
    model: per-user
    seats: 3
    assigned_to:
      - WP-1
      - WP-2
      - WP-1
  - {id: LIC-2, provides: [vpn], model: concurrent, seats: 3, assigned_to: [WP-2, WP-2]}
"""})
    errors = errors_of(root, fast)
    error = assert_error(errors, "E006", "a.yaml", 17, 9, "assigned_to names 'WP-1' twice")
    assert "(items 1 and 3)" in error.message
    assert_error(errors, "E006", "a.yaml", 18, 83, "assigned_to names 'WP-2' twice")
    assert len(errors) == 2


@BOTH
def test_e007_missing_required_field(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": SITES + """\
workplaces:
  - id: WP-1
    site: RH
    work_model: office
  - department: "10"
    site: RH
    work_model: office
devices:
  - id: NB-1
    kind: laptop
    os:
      name: windows
      version: "11 23H2"
licences:
  - id: LIC-1
    provides: [vpn]
    model: per-user
    waivers:
      - rule: LIC004
"""})
    errors = errors_of(root, fast)
    assert_error(errors, "E007", "a.yaml", 7, 5, "has no 'department'")
    assert_error(errors, "E007", "a.yaml", 10, 5, "has no 'id'")
    assert_error(errors, "E007", "a.yaml", 16, 5, "has no 'edition'")
    assert_error(errors, "E007", "a.yaml", 20, 5, "has no 'seats'")
    assert_error(errors, "E007", "a.yaml", 24, 9, "has no 'until'")
    assert len(errors) == 5


@BOTH
def test_e008_duplicate_id_names_both_places(make_inventory, fast: bool) -> None:
    root = make_inventory({
        "a/sites.yaml": SITES,
        "b/devices.yaml": "devices:\n  - id: NB-1\n    kind: dock\n  - id: RZ\n    kind: dock\n",
        "c.yaml": "devices:\n  - id: NB-1\n    kind: dock\n",
    })
    errors = errors_of(root, fast)
    error = assert_error(errors, "E008", "b/devices.yaml", 4, 5)  # files load in path order
    assert "'RZ'" in error.message and "a/sites.yaml:4:5" in error.message
    error = assert_error(errors, "E008", "c.yaml", 2, 5)
    assert "'NB-1'" in error.message and "b/devices.yaml:2:5" in error.message
    assert len(errors) == 2


@BOTH
def test_e008_duplicate_hostname_case_insensitive_names_both_places(make_inventory,
                                                                   fast: bool) -> None:
    root = make_inventory({
        "a.yaml": "devices:\n  - {id: NB-1, kind: laptop, hostname: RH-NB-1}\n"
                  "  - {id: NB-2, kind: laptop, hostname: RH-NB-2}\n",
        "b.yaml": "devices:\n  - id: NB-3\n    kind: laptop\n    hostname: rh-nb-1\n"
                  "  - {id: TEL-1, kind: desk-phone, hostname: RH-TEL-1}\n",
        "c.yaml": "devices:\n  - {id: HS-1, kind: headset, hostname: RH-HS-1}\n",
    })
    errors = errors_of(root, fast)
    error = assert_error(errors, "E008", "b.yaml", 4, 5, "hostname 'rh-nb-1' is used twice")
    assert "the other is at a.yaml:2:30" in error.message
    assert_error(errors, "E006", "c.yaml", 2, 31, "'hostname' does not apply to a headset")
    assert len(errors) == 2
    root = make_inventory({"a.yaml": "devices:\n  - {id: NB-1, kind: laptop, hostname: X}\n"})
    assert load(root, fast=fast).inventory.devices[0].hostname == "X"


@BOTH
def test_e009_unknown_reference_with_did_you_mean(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": SITES + """\
workplaces:
  - id: WP-10-0001
    department: "10"
    site: RZ1
    work_model: hybrid
devices:
  - id: NB-00017
    kind: laptop
    assigned_to: WP-10-0010
licences:
  - id: LIC-1
    provides: [vpn]
    model: per-device
    seats: 2
    assigned_to:
      - NB-00017
      - NB-00071
"""})
    errors = errors_of(root, fast)
    error = assert_error(errors, "E009", "a.yaml", 9, 5, "site 'RZ1' is not a site")
    assert "(did you mean 'RZ'?)" in error.message
    error = assert_error(errors, "E009", "a.yaml", 14, 5, "'WP-10-0010'")
    assert "(did you mean 'WP-10-0001'?)" in error.message
    error = assert_error(errors, "E009", "a.yaml", 22, 9, "'NB-00071' is not a device")
    assert "(did you mean 'NB-00017'?)" in error.message
    assert len(errors) == 3


@BOTH
def test_e010_reference_to_the_wrong_kind(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": SITES + """\
workplaces:
  - id: WP-1
    department: "10"
    site: RH
    work_model: office
vpn:
  - id: VPN-1
    site: WP-1
devices:
  - id: DOCK-1
    kind: dock
    assigned_to: LIC-1
licences:
  - id: LIC-1
    provides: [vpn]
    model: per-device
    seats: 1
    assigned_to: [DOCK-1, WP-1]
  - id: LIC-2
    provides: [office]
    model: per-user
    seats: 1
    assigned_to: [DOCK-1]
"""})
    errors = errors_of(root, fast)
    assert_error(errors, "E010", "a.yaml", 13, 5, "site 'WP-1' is a workplace, not a site")
    assert_error(errors, "E010", "a.yaml", 17, 5, "'LIC-1' is a licence, not a workplace or")
    assert_error(errors, "E010", "a.yaml", 23, 27, "'WP-1' is a workplace, not a device")
    assert_error(errors, "E010", "a.yaml", 28, 19, "'DOCK-1' is a device, not a workplace")
    assert len(errors) == 4


@BOTH
def test_e011_duplicate_key(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": "sites:\n  - id: RH\n    name: A\n    name: B\n"})
    assert_only_error(errors_of(root, fast), "E011", "a.yaml", 4, 5, "'name' appears twice")


@BOTH
def test_e012_limits(make_inventory, fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, n in zip("abcdef", "bcdefg", strict=True))
    root = make_inventory({
        "deep.yaml": "sites: " + "[" * 150 + "]" * 150 + "\n",
        "laughs.yaml": laughs,
        "sites.yaml": SITES,
    })
    errors = errors_of(root, fast)
    # the root mapping is the first level: the 100th bracket opens the 101st
    assert_error(errors, "E012", "deep.yaml", 1, 107, "nesting deeper than 100")
    assert_error(errors, "E012", "laughs.yaml", 5, 36, "expand to more than")
    assert len(errors) == 2

    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", 40)
    errors = errors_of(root, fast)
    assert_error(errors, "E012", "laughs.yaml", 1, 1, "file is larger than")
    assert_error(errors, "E012", "sites.yaml", 1, 1, "file is larger than")


@BOTH
def test_e013_unreadable(make_inventory, tmp_path: Path, fast: bool) -> None:
    root = make_inventory({"sites.yaml": SITES})
    os.symlink(root / "nowhere.yaml", root / "dangling.yaml")
    result = load(root, fast=fast)
    assert_only_error(result.errors, "E013", "dangling.yaml", 1, 1, "cannot read")
    assert [s.id for s in result.inventory.sites] == ["RH", "RZ"]

    missing = load(tmp_path / "missing", fast=fast)
    assert [e.code for e in missing.errors] == ["E013"]
    not_a_dir = load(root / "sites.yaml", fast=fast)
    assert [e.code for e in not_a_dir.errors] == ["E013"]


@BOTH
def test_e014_unsupported_yaml(make_inventory, fast: bool) -> None:
    root = make_inventory({
        "tag.yaml": "sites:\n  - id: !!python/object/apply:os.system [echo]\n",
        "docs.yaml": "sites: []\n---\ndevices: []\n",
    })
    errors = errors_of(root, fast)
    assert_error(errors, "E014", "tag.yaml", 2, 9, "tag")
    assert_error(errors, "E014", "docs.yaml", 2, 1, "one YAML document")
    assert len(errors) == 2


def test_every_error_code_is_tested() -> None:
    """E015 (rule definitions) belongs to the rule engine's tests."""
    assert set(ERROR_CODES) - {"E015"} == {f"E{n:03d}" for n in range(1, 15)}


# --- what is not an error --------------------------------------------------------------------

VALID = {
    "itready.yaml": """\
organisation: Stadtverwaltung Musterstadt
policy:
  min_ram_gb: 8
  peak_remote_share: 0.6
""",
    "sites.yaml": """\
sites:
  - id: RH
    name: Rathaus
    shared_desks: 12
    networks:
      - cidr: 10.20.0.0/22
        purpose: office
      - {cidr: "fd00:20::/48", purpose: wlan}
vpn:
  - id: VPN-RZ1
    site: RH
    pools: [10.99.0.0/22]
    max_sessions: 800
""",
    "departments/10-hauptamt.yaml": """\
# Hauptamt
workplaces:
  - id: WP-10-0001
    department: "10 Hauptamt"
    site: RH
    staff: P-104233
    cost_centre: 0100
    work_model: hybrid
    training: 2025-03-14
  - id: WP-10-0002
    department: "10 Hauptamt"
    site: RH
    work_model: office
devices:
  - id: NB-00017
    kind: laptop
    model: ThinkPad T14 Gen 4
    assigned_to: WP-10-0001
    purchased: 2023-04-01
    os:
      name: windows
      version: "11 23H2"
      edition: enterprise
    encrypted: true
    mdm: true
    tpm: "2.0"
    ram_gb: 16
    mac: 001A.2B3C.4D5E
    waivers:
      - rule: DEV003
        reason: Encryption breaks the label printer driver
        until: 2027-03-31
        approved_by: IT-Sicherheit
  - id: MON-1
    kind: monitor
    assigned_to: RH
    x-note: pool equipment
""",
    "licences.yml": """\
licences:
  - id: LIC-VPN
    provides: [vpn]
    model: concurrent
    seats: 600
    cost_per_seat: 24.00
    expires: 2027-06-30
    assigned_to: [WP-10-0001]
  - id: LIC-OFFICE
    provides: [office]
    model: site
""",
    ".hidden/ignored.yaml": "this: [is not even, valid\n",
    "notes.txt": "not YAML, not read\n",
}


@BOTH
def test_a_valid_inventory_loads_without_errors(make_inventory, fast: bool) -> None:
    result = load(make_inventory(VALID), fast=fast)
    assert result.errors == []
    inv = result.inventory
    assert inv.files == ("departments/10-hauptamt.yaml", "licences.yml", "sites.yaml")
    assert [r.id for r in inv.records()] == ["RH", "VPN-RZ1", "WP-10-0001", "WP-10-0002",
                                             "NB-00017", "MON-1", "LIC-VPN", "LIC-OFFICE"]
    workplace = inv.workplaces[0]
    assert workplace.cost_centre == "0100"  # leading zeros stay
    assert (workplace.mobile_days, workplace.desk) == (2, "shared")  # work model defaults
    assert (inv.workplaces[1].mobile_days, inv.workplaces[1].desk) == (0, "assigned")
    device = inv.devices[0]
    assert device.mac == "00:1a:2b:3c:4d:5e"
    assert device.purchased == date(2023, 4, 1)
    assert device.waivers[0].until == date(2027, 3, 31)
    assert device.os is not None and device.os.edition == "enterprise"
    assert inv.sites[0].networks[1].cidr == "fd00:20::/48"
    assert inv.settings.organisation == "Stadtverwaltung Musterstadt"
    assert result.locate(device, "os", "version") == \
        inventory_module.Location("departments/10-hauptamt.yaml", 22, 7)


@BOTH
def test_empty_files_and_kinds_are_fine(make_inventory, fast: bool) -> None:
    root = make_inventory({"a.yaml": "", "b.yaml": "# nothing yet\n", "c.yaml": "sites:\n",
                           "d.yaml": "devices: []\n", "itready.yaml": ""})
    result = load(root, fast=fast)
    assert result.errors == []
    assert result.inventory.records() == ()


# --- all errors, in all files ----------------------------------------------------------------

MANY = {
    "itready.yaml": "policy:\n  min_ram_gb: -1\n  peak_remote_share: 1.5\n",
    "sites.yaml": """\
sites:
  - id: RH
    shared_desks: -3
    networks:
      - cidr: 10.20.0.1/22
  - id: RZ
    adress: Rechenzentrum
""",
    "broken.yaml": "devices:\n  - id: NB-9\n    kind: [laptop\n",
    "latin1.yaml": "sites:\n  - id: MS\n    name: M\xfcnster\n".encode("latin-1"),
    "dup.yaml": "sites:\n  - id: XY\n    name: a\n    name: b\n",
    "it/devices.yaml": """\
devices:
  - id: NB-1
    kind: laptop
    encryted: true
    mdm: no
    assigned_to: WP-1
  - id: NB-2
    kind: laptop
    assigned_to: WP-2
  - id: RZ
    kind: dock
  - kind: headset
    os: {name: android, version: "14"}
workplaces:
  - id: WP-1
    department: IT
    site: RH
    work_model: hybird
  - id: WP-3
    department: IT
    site: RZ
    work_model: office
""",
    "it/licences.yaml": """\
licences:
  - id: LIC-1
    provides: [vpn]
    model: per-user
    seats: 5
    assigned_to: [WP-3, NB-2, WP-9]
""",
}


@BOTH
def test_all_errors_in_all_files_are_reported(make_inventory, fast: bool) -> None:
    errors = errors_of(make_inventory(MANY), fast)
    assert located(errors) == {
        ("E006", "itready.yaml", 2, 3),  # min_ram_gb -1
        ("E006", "itready.yaml", 3, 3),  # share above 1
        ("E006", "sites.yaml", 3, 5),  # shared_desks -3
        ("E006", "sites.yaml", 5, 9),  # host bits
        ("E004", "sites.yaml", 7, 5),  # adress
        ("E001", "broken.yaml", 4, 1),
        ("E002", "latin1.yaml", 3, 12),
        ("E011", "dup.yaml", 4, 5),
        ("E004", "it/devices.yaml", 4, 5),  # encryted
        ("E005", "it/devices.yaml", 5, 5),  # mdm: no
        ("E009", "it/devices.yaml", 9, 5),  # WP-2 unknown
        ("E007", "it/devices.yaml", 12, 5),  # headset without id
        ("E006", "it/devices.yaml", 13, 5),  # os on a headset
        ("E006", "it/devices.yaml", 18, 5),  # hybird
        ("E010", "it/devices.yaml", 21, 5),  # RZ is (first) a dock: files load in path order
        ("E010", "it/licences.yaml", 6, 25),  # NB-2 is a device
        ("E009", "it/licences.yaml", 6, 31),  # WP-9 unknown
        ("E008", "sites.yaml", 6, 5),  # RZ again, after it/devices.yaml
    }
    assert len(errors) == 18
    assert errors == sorted(errors, key=lambda e: e.sort_key())
    hint = assert_error(errors, "E006", "it/devices.yaml", 18, 5).message
    assert "(did you mean 'hybrid'?)" in hint
    assert "it/devices.yaml:10:5" in assert_error(errors, "E008", "sites.yaml", 6, 5).message


def test_references_of_an_invalid_record_are_checked_too(make_inventory) -> None:
    root = make_inventory({"a.yaml": SITES + """workplaces:
  - id: WP-1
    department: IT
    site: RX
    work_model: hybird
"""})
    errors = errors_of(root)
    assert_error(errors, "E006", "a.yaml", 10, 5, "hybird")
    assert_error(errors, "E009", "a.yaml", 9, 5, "'RX'")


# --- the two routes, the cache ---------------------------------------------------------------

def _fingerprint(result) -> tuple:
    return result.inventory, result.errors


@pytest.mark.parametrize("files", [VALID, MANY], ids=["valid", "many-errors"])
def test_pure_ruamel_route_gives_identical_results(make_inventory, files,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory(files)
    fast = load(root)
    exact = load(root, fast=False)
    assert _fingerprint(fast) == _fingerprint(exact)
    monkeypatch.setattr(yamlload, "FAST_AVAILABLE", False)  # as without rapidyaml installed
    assert _fingerprint(load(root)) == _fingerprint(fast)


def test_example_inventory_loads_alike_on_both_routes() -> None:
    example = ROOT / "inventories" / "musterstadt"
    if not example.is_dir():
        pytest.skip("no example inventory")
    assert _fingerprint(load(example)) == _fingerprint(load(example, fast=False))


def _cache_files(directory: Path) -> list[Path]:
    """The cache's entries (in folders of their own), not its secret."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.parent != directory)


class _CountingParse:
    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls = 0
        self._real = inventory_module.parse
        monkeypatch.setattr(inventory_module, "parse", self)

    def __call__(self, text: str, *, fast: bool = True):
        self.calls += 1
        return self._real(text, fast=fast)


@pytest.mark.parametrize("files", [VALID, MANY], ids=["valid", "many-errors"])
def test_second_load_hits_the_cache(make_inventory, tmp_path: Path, files,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory(files)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    cache = Cache(directory=tmp_path / "cache")
    parse = _CountingParse(monkeypatch)
    first = load(root, cache=cache)
    parsed = parse.calls
    assert parsed >= 4
    assert _cache_files(tmp_path / "cache")
    second = load(root, cache=Cache(directory=tmp_path / "cache"))
    assert parse.calls == parsed + _unparsable(files), "a cached file was parsed again"
    assert _fingerprint(second) == _fingerprint(first)
    assert _fingerprint(first) == _fingerprint(load(root))  # and the same as without a cache
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written


def _unparsable(files: dict) -> int:
    """Files that fail to parse are never cached: they are parsed again on every run."""
    return sum(name in ("broken.yaml", "dup.yaml") for name in files)


def test_changed_file_is_parsed_again(make_inventory, tmp_path: Path) -> None:
    root = make_inventory({"sites.yaml": SITES})
    cache = Cache(directory=tmp_path / "cache")
    assert [s.name for s in load(root, cache=cache).inventory.sites] == ["Rathaus",
                                                                          "Rechenzentrum"]
    (root / "sites.yaml").write_text(SITES.replace("Rathaus", "Altes Rathaus"))
    assert [s.name for s in load(root, cache=cache).inventory.sites] == ["Altes Rathaus",
                                                                          "Rechenzentrum"]


@pytest.mark.parametrize("damage", [
    lambda blob: b"garbage",
    lambda blob: b"",
    lambda blob: blob[:-3],
    lambda blob: blob[:20] + bytes([blob[20] ^ 0xFF]) + blob[21:],
    lambda blob: blob[:60] + bytes([blob[60] ^ 0xFF]) + blob[61:],
    lambda blob: hashlib.blake2b(blob[48:], digest_size=16).digest() + blob[48:],
], ids=["garbage", "empty", "truncated", "flipped-tag-byte", "flipped-payload-byte",
        "old-format"])
def test_corrupted_cache_is_ignored_and_rebuilt(make_inventory, tmp_path: Path, damage,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory(VALID)
    directory = tmp_path / "cache"
    reference = load(root, cache=Cache(directory=directory))
    entries = _cache_files(directory)
    # the parsed data of three inventory files and itready.yaml, and the validated records of
    # the three inventory files
    assert len(entries) == 7
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    parse = _CountingParse(monkeypatch)
    assert _fingerprint(load(root, cache=Cache(directory=directory))) == \
        _fingerprint(reference)
    assert parse.calls == 4  # every damaged entry was distrusted
    assert _fingerprint(load(root, cache=Cache(directory=directory))) == \
        _fingerprint(reference)
    assert parse.calls == 4  # and rebuilt: the third load parses nothing


def test_unwritable_cache_is_skipped(make_inventory, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    root = make_inventory(VALID)
    assert _fingerprint(load(root, cache=Cache(directory=blocker / "cache"))) == \
        _fingerprint(load(root))


def test_cache_defaults_to_the_environment(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(tmp_path / "explicit"))
    assert Cache().directory == tmp_path / "explicit"


def test_write_inventory_helper(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "x", {"a/b.yaml": "sites: []\n", "c.yaml": b"\xff"})
    assert (root / "a" / "b.yaml").read_text() == "sites: []\n"
    assert (root / "c.yaml").read_bytes() == b"\xff"

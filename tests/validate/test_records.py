"""Validation through ``load()``: every error class, located to file, line and column.

Every test loads a small inventory from disk. Expected positions are 1-based; a field's error
stands at its key, a record's (missing field, wrong shape) at its first key after ``- ``, a list
item's at the item.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BOTH, SITES, assert_error, assert_only_error, errors_of, write_inventory

import itready.loader.files as files_module
from itready import load
from itready.errors import ERROR_CODES

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


def test_write_inventory_helper(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "x", {"a/b.yaml": "sites: []\n", "c.yaml": b"\xff"})
    assert (root / "a" / "b.yaml").read_text() == "sites: []\n"
    assert (root / "c.yaml").read_bytes() == b"\xff"

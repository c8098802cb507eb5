"""Loading a whole inventory: valid files load clean, every error of every file is reported,
both YAML routes agree, and the cache serves what a fresh parse would.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from conftest import BOTH, ROOT, SITES, assert_error, errors_of, located

from itready import load
from itready.loader import inventory as inventory_module
from itready.loader import yaml as yamlload
from itready.loader.cache import Cache

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
    """Counts the files read as YAML: rapidyaml's JSON made for the typed validator, or a
    parse that did not start from it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls = 0
        self._real, self._real_json = inventory_module.parse, inventory_module.fast_json
        monkeypatch.setattr(inventory_module, "parse", self)
        monkeypatch.setattr(inventory_module, "fast_json", self.fast_json)

    def __call__(self, text: str, *, fast: bool = True, emitted: str | None = None):
        self.calls += emitted is None
        return self._real(text, fast=fast, emitted=emitted)

    def fast_json(self, text: str) -> str | None:
        emitted = self._real_json(text)
        self.calls += emitted is not None
        return emitted


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
    # the validated records of the three inventory files, and the parsed data of itready.yaml
    # and of the one file (an x- key) that the typed validator leaves to the validator: it
    # keeps no parsed data of the others
    assert len(entries) == 5
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

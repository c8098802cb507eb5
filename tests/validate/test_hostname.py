"""Devices carry ``hostname`` (inventory-format.md, additions of 2026-12-04): unique among
devices, compared case-insensitively; ``import:`` is a setting."""

from __future__ import annotations

from conftest import assert_only_error

from itready.loader import load

SITE = "sites:\n  - id: RH\n"


def test_hostname_is_read(make_inventory):
    root = make_inventory({"a.yaml": SITE + "devices:\n  - id: NB-1\n    kind: laptop\n"
                                            "    hostname: MS-NB-1\n"})
    result = load(root)
    assert not result.errors
    assert result.inventory.devices[0].hostname == "MS-NB-1"


def test_duplicate_hostname_any_case_names_both_places(make_inventory):
    root = make_inventory({
        "a.yaml": SITE + "devices:\n  - id: NB-1\n    kind: laptop\n    hostname: MS-NB-1\n",
        "b.yaml": "devices:\n  - id: NB-2\n    kind: desktop\n    hostname: ms-nb-1\n",
    })
    error = assert_only_error(load(root).errors, "E008", "b.yaml", 4, 5, "hostname 'ms-nb-1'")
    assert "a.yaml:6:5" in error.message


def test_hostname_does_not_fit_a_headset(make_inventory):
    root = make_inventory({"a.yaml": "devices:\n  - id: HS-1\n    kind: headset\n"
                                     "    hostname: HS-1\n"})
    assert_only_error(load(root).errors, "E006", "a.yaml", 4, 5, "hostname")


def test_import_setting_is_accepted_and_must_be_a_mapping(make_inventory):
    good = make_inventory({"itready.yaml": "import:\n  owners: {encrypted: intune}\n"})
    assert not load(good).errors
    bad = make_inventory({"itready.yaml": "import: intune\n"})
    assert_only_error(load(bad).errors, "E005", "itready.yaml", 1, 1, "import")

"""Root causes first (cli.md, decisions of 2026-12-04): an unreadable file is one error, the
references into it are counted, not listed; a tab says so; did-you-mean knows the words people
write for the values of an enumeration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_inventory

from itready import load
from itready.cli import main

EXAMPLE = ROOT / "inventories" / "musterstadt"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "inventory"))


def test_one_tab_in_sites_yaml_is_one_error(example: Path) -> None:
    sites = example / "sites.yaml"
    text = sites.read_text("utf-8")
    sites.write_text(text.replace("\n  - id: RH", "\n\t- id: RH", 1), "utf-8")
    line = text[:text.index("\n  - id: RH")].count("\n") + 2
    result = load(example)
    assert [(e.code, e.location.path, e.location.line, e.location.column)
            for e in result.errors] == [("E001", "sites.yaml", line, 1)]
    assert "a tab in the indentation; indent with spaces, not tabs" in result.errors[0].message
    assert result.unchecked_references > 500
    validate = CliRunner().invoke(main, ["validate", str(example)])
    assert validate.exit_code == 2
    assert validate.stdout.splitlines()[1:] == [
        f"and {result.unchecked_references} references into files that could not be read",
        "1 error in 16 files: 0 sites, 2 VPN gateways, 391 workplaces, 1600 devices, "
        "13 licences"]
    check = CliRunner().invoke(main, ["check", str(example), "-f", "json"])
    document = json.loads(check.stdout)
    assert len(document["errors"]) == 1
    assert document["summary"]["unchecked_references"] == result.unchecked_references


def test_a_latin_1_file_is_its_e002_alone(example: Path) -> None:
    department = example / "departments" / "20-kaemmerei.yaml"
    department.write_bytes(department.read_text("utf-8").encode("latin-1"))
    result = load(example)
    assert [(e.code, e.location.path) for e in result.errors] == [
        ("E002", "departments/20-kaemmerei.yaml")]
    assert result.unchecked_references > 0


def test_a_reference_that_is_really_unknown_is_still_listed(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {
        "broken.yaml": "sites:\n  - id: RH\n    name: [unclosed\n",
        "workplaces.yaml": "workplaces:\n"
                           "  - {id: W1, department: A, site: RH, work_model: office}\n"
                           "  - {id: W2, department: A, site: RZ, work_model: office}\n"})
    result = load(root)
    assert [(e.code, e.location.path, e.location.line) for e in result.errors] == [
        ("E001", "broken.yaml", 4), ("E009", "workplaces.yaml", 3)]
    assert result.unchecked_references == 1
    text = CliRunner().invoke(main, ["check", str(root), "-f", "text"]).stdout
    assert text.splitlines()[2] == "and 1 reference into files that could not be read"


@pytest.mark.parametrize(("field", "value", "hint"), [
    ("work_model", "homeoffice", "(did you mean 'mobile' or 'telework'? In the public sector "
                                 "'Homeoffice' usually means mobile work (mobile)"),
    ("work_model", "Home-Office", "did you mean 'mobile' or 'telework'?"),
    ("work_model", "Telearbeit", "(did you mean 'telework'?)"),
    ("work_model", "Büro", "(did you mean 'office'?)"),
    ("work_model", "Hybrid", "(did you mean 'hybrid'?)"),
    ("desk", "Desksharing", "(did you mean 'shared'?)"),
    ("desk", "fest", "(did you mean 'assigned'?)"),
])
def test_did_you_mean_knows_the_words_for_workplace_values(tmp_path: Path, field: str,
                                                           value: str, hint: str) -> None:
    workplace = {"id": "W1", "department": "A", "site": "RH", "work_model": "hybrid",
                 field: value}
    root = write_inventory(tmp_path / "inv", {"r.yaml": json.dumps(
        {"sites": [{"id": "RH"}], "workplaces": [workplace]})})
    (error,) = load(root).errors
    assert error.code == "E006" and hint in error.message


@pytest.mark.parametrize(("field", "value", "hint"), [
    ("kind", "Notebook", "(did you mean 'laptop'?)"),
    ("kind", "Dockingstation", "(did you mean 'dock'?)"),
    ("kind", "Diensthandy", "(did you mean 'smartphone'?)"),
    ("status", "ausgemustert", "(did you mean 'retired'?)"),
    ("status", "Lager", "(did you mean 'stock'?)"),
    ("tpm", "2", "(did you mean '2.0'?)"),
])
def test_did_you_mean_knows_the_words_for_device_values(tmp_path: Path, field: str, value: str,
                                                        hint: str) -> None:
    device = {"id": "D1", "kind": "monitor", field: value}
    if field == "tpm":
        device["kind"] = "laptop"
    root = write_inventory(tmp_path / "inv", {"r.yaml": json.dumps({"devices": [device]})})
    (error,) = load(root).errors
    assert error.code == "E006" and hint in error.message


@pytest.mark.parametrize(("value", "hint"), [("Floating", "concurrent"),
                                             ("Standortlizenz", "site"),
                                             ("pro Benutzer", "per-user")])
def test_did_you_mean_knows_the_words_for_licence_models(tmp_path: Path, value: str,
                                                         hint: str) -> None:
    root = write_inventory(tmp_path / "inv", {"r.yaml": json.dumps({"licences": [
        {"id": "L1", "provides": ["vpn"], "model": value, "seats": 1}]})})
    assert f"(did you mean '{hint}'?)" in load(root).errors[0].message


def test_did_you_mean_knows_the_words_for_network_purposes(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {"r.yaml": json.dumps({"sites": [
        {"id": "RH", "networks": [{"cidr": "10.0.0.0/24", "purpose": "Gastnetz"}]}]})})
    assert "(did you mean 'guest'?)" in load(root).errors[0].message

"""The JSON Schemas for editors: valid, generated from the format table, and in step with the
validator (a file the validator passes is never marked by an editor, and the reverse as far as a
schema can tell)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT

from itready.loader.yaml import decode, parse
from itready.model import KINDS as RECORD_KINDS
from itready.validate.jsonschema import inventory_schema, schema_json, settings_schema
from itready.validate.records import validate_file
from itready.validate.schema import FIELDS, LIFECYCLE, NESTED, POLICY, RULES, SETTINGS_KEYS
from itready.validate.settings import validate_settings
from itready.validate.starter import INVENTORY_SCHEMA, SETTINGS_SCHEMA, write_starter

KINDS = {kind.key: (kind.name, FIELDS[kind.name]) for kind in RECORD_KINDS}

MUSTERSTADT = ROOT / "inventories" / "musterstadt"


def _validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


INVENTORY = _validator(inventory_schema())
SETTINGS = _validator(settings_schema())


def _errors(validator: jsonschema.Draft7Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)]


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.y*ml")
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))


def _data(path: Path) -> Any:
    return parse(decode(path.read_bytes())).data


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("starter") / "inventory"
    write_starter(target)
    return target


# --- the schemas themselves --------------------------------------------------------------------

@pytest.mark.parametrize("which", ["inventory", "settings"])
def test_schema_is_valid_draft7(which: str) -> None:
    schema = json.loads(schema_json(which))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("which", ["inventory", "settings"])
def test_output_is_deterministic_and_sorted(which: str) -> None:
    text = schema_json(which)
    assert text == schema_json(which)
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                              ensure_ascii=False) + "\n"


def test_unknown_schema_name() -> None:
    with pytest.raises(ValueError, match="inventory, settings"):
        schema_json("devices")


def test_generated_from_the_format_table() -> None:
    schema = inventory_schema()
    assert set(schema["properties"]) == set(KINDS)
    for top, (kind, fields) in KINDS.items():
        assert schema["properties"][top]["items"] == {"$ref": f"#/definitions/{kind}"}
        definition = schema["definitions"][kind]
        assert set(definition["properties"]) == set(fields)
        assert definition["required"] == [n for n, s in fields.items() if s.required]
        assert definition["additionalProperties"] is False
        assert definition["patternProperties"] == {"^x-": {}}
        for name, spec in fields.items():
            assert definition["properties"][name]["description"].startswith(spec.help)
            if spec.type == "choice":
                assert set(spec.choices) <= set(definition["properties"][name]["enum"])
    for name, fields in NESTED.items():
        assert set(schema["definitions"][name]["properties"]) == set(fields)
    settings = settings_schema()["properties"]
    assert list(settings) == list(SETTINGS_KEYS)
    assert set(settings["policy"]["properties"]) == set(POLICY)
    assert set(settings["rules"]["properties"]) == set(RULES)
    assert set(settings["lifecycle"]["items"]["properties"]) == set(LIFECYCLE)


def test_defaults_come_from_the_model() -> None:
    policy = settings_schema()["properties"]["policy"]["properties"]
    assert policy["replacement_years"]["default"] == 5
    assert policy["peak_remote_share"]["default"] == 0.6
    assert "192.168.178.0/24" in policy["home_router_ranges"]["default"]
    device = inventory_schema()["definitions"]["device"]["properties"]
    assert device["status"]["default"] == "in-use"


# --- real files are accepted -------------------------------------------------------------------

def test_accepts_the_starter(starter: Path) -> None:
    files = _yaml_files(starter)
    assert len(files) == 6
    for path in files:
        validator = SETTINGS if path.name == "itready.yaml" else INVENTORY
        assert _errors(validator, _data(path)) == [], path.name


@pytest.mark.skipif(not MUSTERSTADT.is_dir(), reason="inventories/musterstadt does not exist yet")
def test_accepts_musterstadt() -> None:
    for path in _yaml_files(MUSTERSTADT):
        top_settings = path.parent == MUSTERSTADT and path.name == "itready.yaml"
        validator = SETTINGS if top_settings else INVENTORY
        assert _errors(validator, _data(path)) == [], path


def test_starter_schema_files_are_the_generated_ones(starter: Path) -> None:
    assert (starter / INVENTORY_SCHEMA).read_text(encoding="utf-8") == schema_json("inventory")
    assert (starter / SETTINGS_SCHEMA).read_text(encoding="utf-8") == schema_json("settings")


# --- schema and validator agree ----------------------------------------------------------------

MINIMAL = {
    "sites": {"id": "S"},
    "vpn": {"id": "V", "site": "S"},
    "workplaces": {"id": "W", "department": "D", "site": "S", "work_model": "office"},
    "devices": {"id": "D", "kind": "laptop"},
    "licences": {"id": "L", "provides": ["vpn"], "model": "site"},
}

# (kind, changes to its minimal record, valid?) — both judges must give the same verdict.
CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("sites", {}, True),
    ("sites", {"x-note": "local"}, True),
    ("sites", {"nmae": "Rathaus"}, False),  # unknown key
    ("sites", {"name": None}, True),  # an empty value is an absent key
    ("sites", {"name": "  "}, False),
    ("sites", {"shared_desks": -1}, False),
    ("sites", {"shared_desks": "3"}, False),
    ("sites", {"networks": [{"cidr": "10.20.0.0/22", "purpose": "office"}]}, True),
    ("sites", {"networks": [{"cidr": "10.20.0.0/22", "purpose": "offices"}]}, False),
    ("sites", {"networks": [{"cidr": "2001:db8::/32"}]}, True),
    ("sites", {"networks": [{"cidr": "10.20.0.0/33"}]}, False),
    ("sites", {"networks": [{"cidr": "10.20.0.0"}]}, True),  # a single address: /32
    ("sites", {"networks": [{"cidr": "10.256.0.0/16"}]}, False),
    ("sites", {"networks": [{"purpose": "office"}]}, False),  # cidr is required
    ("sites", {"waivers": [{"rule": "NET001", "until": "2027-01-31"}]}, True),
    ("sites", {"waivers": [{"rule": "NET001"}]}, False),  # a waiver always expires
    ("sites", {"waivers": [{"rule": "NET001", "until": "2027-02-30"}]}, False),
    ("sites", {"waivers": [{"rule": "NET001", "until": "31.01.2027"}]}, False),
    ("vpn", {"pools": ["10.99.0.0/22", "fd00::/64"]}, True),
    ("vpn", {"pools": "10.99.0.0/22"}, False),
    ("vpn", {"site": None}, False),  # required
    ("vpn", {"max_sessions": 1.5}, False),
    ("workplaces", {"work_model": "hybrid", "mobile_days": 5}, True),
    ("workplaces", {"mobile_days": 6}, False),
    ("workplaces", {"work_model": "homeoffice"}, False),
    ("workplaces", {"cost_centre": 1000}, True),  # a whole number where text belongs
    ("workplaces", {"cost_centre": 10.5}, False),
    ("workplaces", {"training": "2026-03-14"}, True),
    ("workplaces", {"desk": "hot"}, False),
    ("devices", {"encrypted": True, "mdm": False}, True),
    ("devices", {"encrypted": "yes"}, False),  # YAML 1.2: yes is text
    ("devices", {"tpm": "2.0"}, True),
    ("devices", {"tpm": 2.0}, True),  # unquoted, read as the number
    ("devices", {"tpm": "3.0"}, False),
    ("devices", {"ip": "10.20.1.17"}, True),
    ("devices", {"ip": "2001:db8::17"}, True),
    ("devices", {"ip": "::ffff:10.20.1.17"}, True),
    ("devices", {"ip": "10.20.1.300"}, False),
    ("devices", {"ip": "10.20.1.17/24"}, False),
    ("devices", {"ip": "2001:db8:::17"}, False),
    ("devices", {"mac": "00:1A:2B:3C:4D:5E"}, True),
    ("devices", {"mac": "00-1a-2b-3c-4d-5e"}, True),
    ("devices", {"mac": "001a.2b3c.4d5e"}, True),
    ("devices", {"mac": "001A2B3C4D5E"}, True),
    ("devices", {"mac": "00:1A:2B:3C:4D"}, False),
    ("devices", {"os": {"name": "windows", "version": "11 24H2", "edition": "pro"}}, True),
    ("devices", {"os": {"name": "windows", "version": "11 24H2"}}, False),  # edition required
    ("devices", {"os": {"name": "macos", "version": "14"}}, True),
    ("devices", {"os": {"name": "macos", "version": "14", "edition": "pro"}}, False),
    ("devices", {"os": {"name": "windows", "version": "11", "edition": "ultimate"}}, False),
    ("devices", {"os": {"name": "ubuntu"}}, False),  # version required
    ("devices", {"kind": "headset", "model": "Evolve2"}, True),
    ("devices", {"kind": "headset", "os": {"name": "ios", "version": "18"}}, False),
    ("devices", {"kind": "headset", "camera": True}, False),
    ("devices", {"kind": "headset", "ip": "10.0.0.1"}, False),
    ("devices", {"kind": "dock", "ip": "10.20.1.5", "mac": "001a2b3c4d5f"}, True),
    ("devices", {"kind": "dock", "ram_gb": 4}, False),
    ("devices", {"kind": "notebook"}, False),
    ("devices", {"status": "stock"}, True),
    ("devices", {"status": "lost"}, False),
    ("licences", {"model": "per-user", "seats": 10, "assigned_to": ["W"]}, True),
    ("licences", {"model": "per-user", "seats": 10, "assigned_to": ["W", "V", "W"]}, False),
    ("licences", {"model": "per-user"}, False),  # seats required
    ("licences", {"model": "concurrent", "seats": None}, False),
    ("licences", {"assigned_to": ["W"]}, False),  # a site licence covers everyone
    ("licences", {"assigned_to": None}, True),
    ("licences", {"seats": 100}, True),
    ("licences", {"provides": []}, False),
    ("licences", {"provides": None}, False),
    ("licences", {"cost_per_seat": 24.0}, True),
    ("licences", {"cost_per_seat": "24.00"}, True),
    ("licences", {"cost_per_seat": -1}, False),
    ("licences", {"cost_per_seat": "a lot"}, False),
    ("licences", {"expires": "2027-06-30"}, True),
    ("licences", {"expires": 2027}, False),
]


def _case_id(case: tuple[str, dict[str, Any], bool]) -> str:
    return f"{case[0]}-{json.dumps(case[1])}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_schema_and_validator_agree_on_records(case: tuple[str, dict[str, Any], bool]) -> None:
    top, changes, valid = case
    record = {**MINIMAL[top], **changes}
    data = {top: [record]}
    problems = validate_file("f.yaml", data).problems
    assert (problems == []) is valid, problems
    errors = _errors(INVENTORY, data)
    assert (errors == []) is valid, errors


SETTINGS_CASES: list[tuple[dict[str, Any], bool]] = [
    ({}, True),
    ({"organisation": "Stadt", "x-owner": "IT"}, True),
    ({"organization": "Stadt"}, False),
    ({"devices": []}, False),
    ({"policy": {"replacement_years": 6, "peak_remote_share": 0.5}}, True),
    ({"policy": {"replacement_years": 0}}, False),
    ({"policy": {"peak_remote_share": 1.5}}, False),
    ({"policy": {"desk_peak_factor": 1.5}}, True),
    ({"policy": {"home_router_ranges": ["192.168.178.0/24"]}}, True),
    ({"policy": {"home_router_ranges": ["fritz.box"]}}, False),
    ({"policy": {"min_ram": 8}}, False),
    ({"readiness": {"hybrid": ["vpn", "mfa"], "office": []}}, True),
    ({"readiness": {"homeoffice": ["vpn"]}}, False),
    ({"prices": {"laptop": 1150, "headset": "89.90"}}, True),
    ({"prices": {"laptop": "expensive"}}, False),
    ({"lifecycle": [{"name": "windows", "version": "10 22H2", "edition": "enterprise",
                     "eol": "2028-10-10"}]}, True),
    ({"lifecycle": [{"name": "windows", "version": "10 22H2"}]}, False),
    ({"rules": {"disable": ["LIC004"], "severity": {"DEV007": "info"},
                "options": {"DEV006": {"years": 6}}}}, True),
    ({"rules": {"severity": {"DEV007": "minor"}}}, False),
    ({"rules": {"options": {"DEV006": 6}}}, False),
    ({"rules": {"disabled": ["LIC004"]}}, False),
]


@pytest.mark.parametrize("case", SETTINGS_CASES, ids=[json.dumps(c[0]) for c in SETTINGS_CASES])
def test_schema_and_validator_agree_on_settings(case: tuple[dict[str, Any], bool]) -> None:
    data, valid = case
    _settings, problems = validate_settings(data)
    assert (problems == []) is valid, problems
    errors = _errors(SETTINGS, data)
    assert (errors == []) is valid, errors


def test_known_limit_host_bits() -> None:
    """Host bits in a network need arithmetic: only the validator sees them."""
    data = {"sites": [{"id": "S", "networks": [{"cidr": "10.20.0.1/22"}]}]}
    assert validate_file("f.yaml", data).problems
    assert _errors(INVENTORY, data) == []


def test_rejects_unknown_key_and_wrong_choice() -> None:
    data = {"devices": [{"id": "NB-1", "kind": "laptop", "encryted": True, "status": "broken"}]}
    errors = _errors(INVENTORY, data)
    assert any("encryted" in e for e in errors)
    assert any(e.startswith("devices/0/status") for e in errors)
    assert _errors(INVENTORY, {"device": []})  # a kind that does not exist


# --- a real consumer: check-jsonschema ---------------------------------------------------------

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _check_jsonschema() -> str:
    if CHECK_JSONSCHEMA.exists():
        return str(CHECK_JSONSCHEMA)
    found = shutil.which("check-jsonschema")
    if found is None:
        pytest.skip("check-jsonschema is not installed")
    return found


def test_check_jsonschema_accepts_the_starter(starter: Path) -> None:
    tool = _check_jsonschema()
    records = [str(p) for p in _yaml_files(starter) if p.name != "itready.yaml"]
    for schema, files in ((INVENTORY_SCHEMA, records), (SETTINGS_SCHEMA,
                                                         [str(starter / "itready.yaml")])):
        run = subprocess.run([tool, "--schemafile", str(starter / schema), *files],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr


def test_check_jsonschema_rejects_a_mistake(starter: Path, tmp_path: Path) -> None:
    tool = _check_jsonschema()
    bad = tmp_path / "bad.yaml"
    bad.write_text("devices:\n  - id: NB-1\n    kind: headset\n    encryted: true\n"
                   "    purchased: 2026-02-30\n", encoding="utf-8")
    run = subprocess.run([tool, "--schemafile", str(starter / INVENTORY_SCHEMA), str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "encryted" in run.stdout
    assert "purchased" in run.stdout

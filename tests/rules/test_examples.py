"""Every bundled rule carries a short passing and failing example (``examples:`` in
``checks/*.yaml``, shown by ``itready rules ID``), and each really passes or fails its rule on
the date the catalogue names (rules.md, decisions of 2026-12-04)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from itready import load
from itready.cli import main
from itready.rules.catalogue import EXAMPLES_AS_OF, Rule, load_catalogue
from itready.rules.engine import check

RULES = load_catalogue()[0].rules
#: What a message must never show: Python's spelling of values instead of the inventory's.
PYTHON_SPELLING = re.compile(r"\b(True|False|None)\b|\(\'|Decimal\(|datetime")


def _findings(rule: Rule, text: str, root: Path) -> list[str]:
    """The messages of ``rule`` on the example ``text`` (with the example's settings)."""
    root.mkdir()
    assert rule.examples is not None
    if rule.examples.itready_yaml:
        (root / "itready.yaml").write_text(rule.examples.itready_yaml, encoding="utf-8")
    (root / "example.yaml").write_text(text, encoding="utf-8")
    result = load(root, cache=None)
    assert [str(e) for e in result.errors] == [], "an example is a valid inventory"
    report = check(result, EXAMPLES_AS_OF)
    return [f.message for f in report.findings if f.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_the_examples_pass_and_fail_their_rule(rule: Rule, tmp_path: Path) -> None:
    assert rule.examples is not None, f"{rule.id} has no examples"
    assert _findings(rule, rule.examples.passing, tmp_path / "pass") == []
    messages = _findings(rule, rule.examples.failing, tmp_path / "fail")
    assert messages != []
    assert not [m for m in messages if PYTHON_SPELLING.search(m)], messages
    assert len(rule.examples.passing.splitlines()) <= 15, "keep examples short"


@pytest.mark.parametrize(("fields", "message"), [
    ({"tpm": "2.0", "secure_boot": False}, "cannot run Windows 11 (TPM 2.0, Secure Boot false)"),
    ({"tpm": "1.2", "secure_boot": True}, "cannot run Windows 11 (TPM 1.2, Secure Boot true)"),
    ({}, "cannot run Windows 11 (TPM not recorded, Secure Boot not recorded)"),
])
def test_messages_use_the_inventory_spelling(fields: dict[str, object], message: str,
                                             tmp_path: Path) -> None:
    device = {"id": "PC-1", "kind": "desktop",
              "os": {"name": "windows", "version": "11 24H2", "edition": "enterprise"}, **fields}
    (tmp_path / "d.yaml").write_text(json.dumps({"devices": [device]}), encoding="utf-8")
    report = check(load(tmp_path, cache=None), EXAMPLES_AS_OF)
    assert [f.message for f in report.findings if f.rule == "DEV008"] == [f"desktop PC-1 {message}"]


def test_custom_messages_and_matches_spell_values_as_the_inventory(tmp_path: Path) -> None:
    """A boolean reads true/false in a message and in ``matches``; lists, an OS and networks
    read as their values, never as Python objects."""
    (tmp_path / "itready.yaml").write_text("rules: {paths: [local.yaml]}\n", encoding="utf-8")
    (tmp_path / "local.yaml").write_text("""\
- id: X001
  title: Camera recorded as true
  severity: info
  target: device
  condition: {fact: camera, matches: "^true$"}
  message: "{id}: camera {camera}, os {os}, encrypted {encrypted}"
  rationale: r
  remediation: r
- id: X002
  title: Licence provides
  severity: info
  target: licence
  condition: {fact: provides, matches: "(^|, )vpn(,|$)"}
  message: "{id} provides {provides} to {assigned_to}"
  rationale: r
  remediation: r
- id: X003
  title: Site networks
  severity: info
  target: site
  condition: {fact: networks, present: true}
  message: "{id} has {networks}"
  rationale: r
  remediation: r
""", encoding="utf-8")
    (tmp_path / "records.yaml").write_text("""\
sites:
  - {id: RH, networks: [{cidr: 10.0.0.0/24}, {cidr: "fd00::/64"}]}
devices:
  - {id: NB-1, kind: laptop, camera: true, os: {name: macos, version: "15"}}
  - {id: NB-2, kind: laptop, camera: false}
licences:
  - {id: LIC-1, provides: [vpn, mfa], model: per-user, seats: 2, assigned_to: []}
""", encoding="utf-8")
    report = check(load(tmp_path, cache=None), EXAMPLES_AS_OF)
    messages = sorted(f.message for f in report.findings if f.rule.startswith("X"))
    assert messages == ["LIC-1 provides vpn, mfa to none", "NB-1: camera true, os macos 15, "
                        "encrypted not recorded", "RH has 10.0.0.0/24, fd00::/64"]


def test_rules_id_shows_both_examples() -> None:
    run = CliRunner().invoke(main, ["rules", "WP008"])
    assert run.exit_code == 0, run.output
    text = run.stdout
    assert f"Passing example, checked on {EXAMPLES_AS_OF}" in text
    assert "Failing example" in text
    assert "  # itready.yaml\n  readiness:\n    hybrid: [e-file]" in text
    assert "assigned_to: [WP-1]" in text and "assigned_to: []" in text
    doc = json.loads(CliRunner().invoke(main, ["rules", "DEV003", "-f", "json"]).stdout)
    assert doc["examples"] == {"pass": "devices:\n  - {id: NB-1, kind: laptop, encrypted: "
                                       "true}\n",
                               "fail": "devices:\n  - {id: NB-1, kind: laptop, encrypted: "
                                       "false}\n",
                               "settings": None}


def test_a_custom_rule_may_have_examples_and_malformed_ones_are_errors(tmp_path: Path) -> None:
    (tmp_path / "itready.yaml").write_text("rules: {paths: [local.yaml]}\n", encoding="utf-8")
    (tmp_path / "local.yaml").write_text("""\
- id: X001
  title: Laptops need 16 GB
  severity: low
  target: device
  condition: {all: [{fact: kind, eq: laptop}, {fact: ram_gb, lt: 16}]}
  rationale: The specialist application needs 16 GB.
  remediation: Upgrade the memory.
  examples:
    pass: "devices: [{id: NB-1, kind: laptop, ram_gb: 16}]"
    fail: "devices: [{id: NB-1, kind: laptop, ram_gb: 8}]"
- id: X002
  title: Broken examples
  severity: low
  target: device
  condition: {fact: kind, eq: laptop}
  rationale: r
  remediation: r
  examples: [devices]
""", encoding="utf-8")
    run = CliRunner().invoke(main, ["rules", "X001", str(tmp_path)])
    assert "Passing example\n  devices: [{id: NB-1, kind: laptop, ram_gb: 16}]" in run.stdout
    assert "local.yaml:18:3: E015 examples is a mapping" in run.stderr

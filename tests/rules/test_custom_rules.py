"""An organisation's own rules: YAML in the condition language, named in itready.yaml.

A working rule file finds what it says, with the severity, message, field and location it
declares, and obeys the same settings as a bundled rule (disable, severity, options, waivers).
A broken rule file is an input error located in the rule file (E015, or E001 for YAML syntax),
and ``itready check`` exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itready import load
from itready.cli import main
from itready.findings import Report
from itready.rules.engine import check

AS_OF = dt.date(2026, 11, 27)
#: Where the tests keep rule files: a hidden folder, which inventory discovery skips (see
#: test_rule_file_in_a_plain_folder_is_not_an_inventory_file for ``rules/local.yaml``).
RULES = ".rules/local.yaml"

INVENTORY = """\
sites:
  - id: RH
workplaces:
  - {id: WP-51-1, department: "51 Jugendamt", site: RH, work_model: hybrid}
  - {id: WP-10-1, department: "10 Hauptamt", site: RH, work_model: hybrid}
devices:
  - id: NB-1
    kind: laptop
    model: ThinkPad X1 Carbon Gen 9
    assigned_to: WP-51-1
    mdm: false
    ram_gb: 8
  - id: NB-2
    kind: laptop
    model: ThinkPad X1 Carbon Gen 11
    assigned_to: WP-10-1
    ram_gb: 16
  - id: NB-3
    kind: laptop
    model: ThinkPad T14
    assigned_to: WP-10-1
    ram_gb: 8
  - id: PC-1
    kind: desktop
    assigned_to: WP-51-1
    mdm: true
"""

LOCAL_RULES = """\
- id: LOC001
  title: ThinkPad X1 laptops need 16 GB
  severity: medium
  target: device
  field: ram_gb
  parameters:
    min_gb: {default: 16, help: least RAM of an X1}
  where: {all: [{fact: kind, eq: laptop}, {fact: model, matches: "^ThinkPad X1"}]}
  condition: {fact: ram_gb, lt: $min_gb}
  message: "{kind} {id} ({model}) has {ram_gb} GB, needs {min_gb}"
  rationale: The X1 runs the GIS client.
  remediation: Upgrade the memory.
- id: LOC002
  title: Devices of department 51 must be in device management
  severity: high
  target: device
  field: mdm
  where: {fact: workplace.department, matches: "^51 "}
  condition: {fact: mdm, ne: true}
  message: "{kind} {id} of {workplace.department} is not managed{mdm_note}"
  rationale: Social data on every device.
  remediation: Enrol it.
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def inventory(root: Path, rules: str = LOCAL_RULES, settings: str = "") -> Path:
    return write(root, {
        "itready.yaml": f"rules:\n  paths: [{RULES}]\n{settings}",
        RULES: rules,
        "inventory.yaml": INVENTORY,
    })


def run(root: Path) -> Report:
    result = load(root)
    assert [str(e) for e in result.errors] == []
    return check(result, AS_OF)


def by_rule(report: Report, rule: str) -> list[Any]:
    return [f for f in report.findings if f.rule == rule]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(tmp_path / "cache"))

    def invoke(root: Path, *extra: str) -> Any:
        return CliRunner().invoke(
            main, ["check", str(root), "--as-of", "2026-11-27", "-f", "text", *extra])
    return invoke


# --- rules that work ---------------------------------------------------------------------------

def test_laptops_of_model_x_need_16_gb(tmp_path: Path) -> None:
    report = run(inventory(tmp_path))
    assert [str(e) for e in report.errors] == []
    [finding] = by_rule(report, "LOC001")
    assert (finding.record_id, finding.severity, finding.field) == ("NB-1", "medium", "ram_gb")
    assert (finding.location.path, finding.location.line) == ("inventory.yaml", 12)
    assert finding.message == "laptop NB-1 (ThinkPad X1 Carbon Gen 9) has 8 GB, needs 16"
    assert not finding.waived
    rule = next(r for r in report.rules if r.id == "LOC001")
    assert (rule.builtin, rule.source) == (False, RULES)


def test_devices_of_department_51_must_be_in_mdm(tmp_path: Path) -> None:
    report = run(inventory(tmp_path))
    [finding] = by_rule(report, "LOC002")
    assert (finding.record_id, finding.severity) == ("NB-1", "high")
    assert (finding.location.path, finding.location.line) == ("inventory.yaml", 11)
    assert finding.message == "laptop NB-1 of 51 Jugendamt is not managed"


def test_settings_apply_to_custom_rules(tmp_path: Path) -> None:
    settings = """\
  severity: {LOC002: critical}
  options: {LOC001: {min_gb: 32}}
"""
    report = run(inventory(tmp_path, settings=settings))
    assert [str(e) for e in report.errors] == []
    assert sorted(f.record_id for f in by_rule(report, "LOC001")) == ["NB-1", "NB-2"]
    assert [f.severity for f in by_rule(report, "LOC002")] == ["critical"]


def test_a_disabled_custom_rule_finds_nothing(tmp_path: Path) -> None:
    report = run(inventory(tmp_path, settings="  disable: [LOC001]\n"))
    assert by_rule(report, "LOC001") == []
    assert "LOC001" not in {r.id for r in report.rules}
    assert len(by_rule(report, "LOC002")) == 1


def test_waivers_of_custom_rules(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    text = (root / "inventory.yaml").read_text()
    text = text.replace("    ram_gb: 8\n  - id: NB-2", "    ram_gb: 8\n    waivers:\n"
                        "      - {rule: LOC001, until: 2027-03-31}\n"
                        "      - {rule: LOC002, until: 2026-01-31}\n  - id: NB-2")
    text = text.replace("    mdm: true\n", "    mdm: true\n    waivers:\n"
                        "      - {rule: LOC002, until: 2027-03-31}\n")
    (root / "inventory.yaml").write_text(text)
    report = run(root)
    assert [(f.record_id, f.waived) for f in by_rule(report, "LOC001")] == [("NB-1", True)]
    assert [(f.record_id, f.waived) for f in by_rule(report, "LOC002")] == [("NB-1", False)]
    assert [f.record_id for f in by_rule(report, "INV001")] == ["NB-1"]  # LOC002, expired
    assert [f.record_id for f in by_rule(report, "INV002")] == ["PC-1"]  # PC-1 is managed


def test_check_exit_codes_with_custom_rules(tmp_path: Path, cli: Any) -> None:
    root = inventory(tmp_path / "inv")
    result = cli(root, "--select", "LOC")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if " LOC" in line]
    assert lines == [
        f"{root}/inventory.yaml:11:5: high LOC002 NB-1: laptop NB-1 of 51 Jugendamt is not "
        "managed",
        f"{root}/inventory.yaml:12:5: medium LOC001 NB-1: laptop NB-1 (ThinkPad X1 Carbon "
        "Gen 9) has 8 GB, needs 16",
    ]
    assert cli(root, "--select", "LOC001").exit_code == 0  # medium is below --fail-on high
    assert cli(root, "--select", "LOC", "--fail-on", "never").exit_code == 0


def test_rule_file_in_a_plain_folder_is_not_an_inventory_file(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "itready.yaml": "rules: {paths: [rules/local.yaml]}\n",
        "rules/local.yaml": LOCAL_RULES,
        "inventory.yaml": INVENTORY,
    })
    result = load(root)
    assert [str(e) for e in result.errors] == []
    assert [f.record_id for f in by_rule(check(result, AS_OF), "LOC002")] == ["NB-1"]


# --- broken rule files -------------------------------------------------------------------------

GOOD_RULE = """\
- id: LOC001
  title: ThinkPad X1 laptops need 16 GB
  severity: medium
  target: device
  condition: {fact: ram_gb, lt: 16}
  rationale: r
  remediation: r
"""  # seven lines: the broken rule below starts on line 8


def _rule(**changes: str | None) -> str:
    """A second rule, LOC002 on line 8, with some keys changed (None: left out)."""
    keys = {"id": "LOC002", "title": "Department 51 managed", "severity": "high",
            "target": "device", "condition": "{fact: mdm, ne: true}", "rationale": "r",
            "remediation": "r"}
    keys.update(changes)
    lines = [f"{key}: {value}" for key, value in keys.items() if value is not None]
    return GOOD_RULE + "- " + "\n  ".join(lines) + "\n"


BROKEN = {
    # name: (rule file text, error code, line, part of the message)
    "unknown fact": (_rule(condition="{fact: ramgb, lt: 16}"), "E015", 12,
                     "unknown fact 'ramgb' of a device (did you mean 'ram_gb'?)"),
    "unknown fact in where": (_rule(where="{fact: workplace.departement, eq: '51'}"), "E015", 15,
                              "unknown fact 'workplace.departement'"),
    "unknown operator in a fact test": (_rule(condition="{fact: ram_gb, lesser: 16}"), "E015",
                                        12, "a fact test takes exactly one of eq, ne"),
    "unknown operator": (_rule(condition="{either: [{fact: mdm, ne: true}]}"), "E015", 12,
                         "unknown operator 'either'"),
    "unknown parameter": (_rule(condition="{fact: ram_gb, lt: $min_gb}"), "E015", 12,
                          "unknown parameter $min_gb"),
    "not a date": (_rule(condition="{fact: purchased, before: 2026-02-30}"), "E015", 12,
                   "'2026-02-30' is not a date"),
    "bad regular expression": (_rule(condition="{fact: model, matches: '(X1'}"), "E015", 12,
                               "invalid regular expression"),
    "backreference (no RE2)": (_rule(condition="{fact: model, matches: '(X)\\1'}"), "E015", 12,
                               "invalid regular expression '(X)\\\\1'"),
    "look-ahead (no RE2)": (_rule(condition="{fact: model, matches: 'X(?=1)'}"), "E015", 12,
                            "no look-around"),
    "look-behind in where (no RE2)": (_rule(where="{fact: model, matches: '(?<!T)14'}"),
                                      "E015", 15, "matches takes RE2 syntax"),
    "bad severity": (_rule(severity="urgent"), "E015", 10,
                     "severity must be one of critical, high, medium, low, info"),
    "bad target": (_rule(target="printer"), "E015", 11, "target must be one of"),
    "missing title": (_rule(title=None), "E015", 8, "rule has no 'title'"),
    "unknown key": (_rule(conditon="{fact: mdm, ne: true}"), "E015", 15,
                    "unknown key 'conditon' in a rule (did you mean 'condition'?)"),
    "bad id": (_rule(id="loc-2"), "E015", 8, "must look like ABC123"),
    "id of a bundled rule": (_rule(id="DEV003"), "E015", 8, "DEV003 is a bundled rule"),
    "built-in check": (_rule(condition=None, check="LIC001"), "E015", 14,
                       "only bundled rules use built-in checks"),
    "field that is no fact": (_rule(field="ram"), "E015", 15,
                              "field 'ram' is not a fact of a device"),
    "YAML syntax error": (GOOD_RULE + "- id: LOC002\n  title: [unclosed\n  severity: high\n",
                          "E001", 10, "YAML syntax error"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_rule_file_is_a_located_input_error(name: str, tmp_path: Path) -> None:
    text, code, line, message = BROKEN[name]
    result = load(inventory(tmp_path, rules=text))  # rule files are input: load reports them
    errors = [e for e in result.errors if e.location.path == RULES]
    assert [(e.code, e.location.line) for e in errors] == [(code, line)], errors
    assert message in errors[0].message
    assert all(e.location.path == RULES for e in result.errors)


@pytest.mark.parametrize("name", ["unknown fact", "unknown operator", "bad severity",
                                  "missing title", "YAML syntax error"])
def test_broken_rule_file_exits_2(name: str, tmp_path: Path, cli: Any) -> None:
    text, code, line, _message = BROKEN[name]
    root = inventory(tmp_path / "inv", rules=text)
    result = cli(root)
    assert result.exit_code == 2, result.output
    assert f"{root}/{RULES}:{line}:" in result.output  # at the offending key, not the rule
    assert f"error {code}" in result.output


def test_missing_rule_file_exits_2(tmp_path: Path, cli: Any) -> None:
    root = write(tmp_path / "inv", {"itready.yaml": "rules: {paths: [.rules/nothing.yaml]}\n",
                                    "inventory.yaml": INVENTORY})
    result = cli(root)
    assert result.exit_code == 2, result.output
    assert "error E013" in result.output and "cannot read rule file" in result.output


# --- matches: RE2, linear time --------------------------------------------------------------------

def test_a_pattern_that_backtracks_exponentially_finishes_at_once(tmp_path: Path) -> None:
    """``^(a|a)+$`` against 32 ``a`` and a ``!`` took minutes with Python's backtracking engine
    (time doubles per character); RE2 needs microseconds. Run in a process of its own, so that
    a regression fails by its timeout instead of hanging the suite."""
    import subprocess
    import sys

    rule = _rule(condition="{fact: model, matches: '^(a|a)+$'}")
    root = inventory(tmp_path / "inv", rules=rule)
    model = "a" * 32 + "!"
    text = (root / "inventory.yaml").read_text()
    (root / "inventory.yaml").write_text(text.replace("ThinkPad T14", model))
    result = subprocess.run(
        [sys.executable, "-m", "itready", "check", str(root), "--as-of", "2026-11-27",
         "-f", "text", "--no-cache", "--select", "LOC002"],
        capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 findings" in result.stdout


def test_matches_sees_booleans_as_yaml_writes_them(tmp_path: Path) -> None:
    rule = _rule(condition="{fact: mdm, matches: '^false$'}")
    report = run(inventory(tmp_path, rules=rule))
    assert [f.record_id for f in by_rule(report, "LOC002")] == ["NB-1"]
    rule = _rule(condition="{fact: mdm, matches: '^True$'}")  # Python's spelling: never
    assert by_rule(run(inventory(tmp_path / "2", rules=rule)), "LOC002") == []


def test_matches_uses_re2_syntax(tmp_path: Path) -> None:
    """RE2-only syntax works: Unicode classes, and patterns Python's re would read alike."""
    rule = _rule(condition="{fact: model, matches: '^\\pL+Pad X1 \\pL+ Gen (9|11)$'}")
    report = run(inventory(tmp_path, rules=rule))
    assert sorted(f.record_id for f in by_rule(report, "LOC002")) == ["NB-1", "NB-2"]

"""`itready rules`: list the catalogue, explain one rule, with an inventory's settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from itready.cli import main
from itready.formats.rules import yaml_lines
from itready.rules.catalogue import load_catalogue


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["rules", *args])


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    root = tmp_path / "inv"
    root.mkdir()
    (root / "itready.yaml").write_text(
        "policy: {eol_warning_days: 90}\n"
        "rules:\n"
        "  disable: [DEV007]\n"
        "  severity: {DEV006: low}\n"
        "  options: {DEV006: {years: 6}}\n", encoding="utf-8")
    return root


def test_list_all_rules() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    catalogue, _ = load_catalogue()
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Severity", "Target", "Title"]
    for rule in catalogue.rules:
        assert any(line.split()[:3] == [rule.id, rule.severity, rule.target]
                   and line.endswith(rule.title) for line in lines)
    assert f"{len(catalogue.rules)} rules." in result.stdout
    assert "`itready rules ID` explains one" in result.stdout


def test_explain_condition_rule() -> None:
    result = run("DEV002")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("DEV002  Computer's operating system support ends soon")
    assert "severity: medium" in out and "target: device" in out
    for heading in ("Rationale", "Parameters", "Remediation", "References (BSI IT-Grundschutz)",
                    "Condition"):
        assert f"\n{heading}\n" in out
    assert "SYS.2.1.A6" in out
    parameter = next(line for line in out.splitlines() if line.strip().startswith("days"))
    assert "180 (policy.eol_warning_days)" in parameter
    assert "condition: {all: [{fact: os_eol, ge: today}" in out
    assert '"today+${days}d"' in out
    assert "Effective" not in out  # no itready.yaml here


def test_explain_builtin_rule_case_insensitive() -> None:
    result = run("wp001")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("WP001  ")
    assert "built-in check WP001" in result.stdout
    assert "\nProcurement\n" in result.stdout
    assert "\nCondition\n" not in result.stdout


def test_unknown_rule() -> None:
    result = run("DEV03")
    assert result.exit_code == 2
    assert "unknown rule 'DEV03'" in result.stderr
    assert "did you mean" in result.stderr
    assert result.stdout == ""


def test_family() -> None:
    result = run("net")
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.stdout.splitlines()[2:] if line[:3] == "NET"]
    assert ids and all(i.startswith("NET") for i in ids)
    assert "DEV001" not in result.stdout


def test_effective_values_from_settings(inventory: Path) -> None:
    result = run("DEV006", str(inventory))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "severity: low (itready.yaml; default medium)" in out
    header = next(line for line in out.splitlines() if line.strip().startswith("Parameter "))
    assert header.split() == ["Parameter", "Default", "Effective", "Meaning"]
    row = next(line for line in out.splitlines() if line.strip().startswith("years"))
    assert row.split()[1:4] == ["5", "(policy.replacement_years)", "6"]
    policy = run("DEV002", str(inventory)).stdout
    row = next(line for line in policy.splitlines() if line.strip().startswith("days"))
    assert row.split()[1:4] == ["180", "(policy.eol_warning_days)", "90"]


def test_disabled_rules(inventory: Path) -> None:
    listing = run(str(inventory))  # one argument that is a directory: PATH
    assert listing.exit_code == 0, listing.output
    line = next(line for line in listing.stdout.splitlines() if line.startswith("DEV007"))
    assert line.split()[1] == "disabled"
    assert "1 disabled" in listing.stdout
    assert "itready.yaml" in listing.stdout
    explained = run("DEV007", str(inventory))
    assert explained.exit_code == 0
    assert "disabled in itready.yaml" in explained.stdout


def test_current_directory_is_the_default_path(inventory: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(inventory)
    result = run()
    assert result.exit_code == 0
    assert "1 disabled" in result.stdout


def test_broken_settings_warn_but_list(tmp_path: Path) -> None:
    (tmp_path / "itready.yaml").write_text("rules: {disable: [DEV077]}\n", encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert "unknown rule DEV077" in result.stderr
    assert "DEV001" in result.stdout


@pytest.mark.parametrize("rule", [r.id for r in load_catalogue()[0].rules
                                  if r.condition is not None])
def test_condition_yaml_reads_back(rule: str) -> None:
    found = load_catalogue()[0].by_id[rule]
    data = {"where": found.where, "condition": found.condition, "message": found.message}
    data = {k: v for k, v in data.items() if v is not None}
    for width in (40, 100):
        text = "\n".join(yaml_lines(data, width))
        assert YAML(typ="safe", pure=True).load(text) == data

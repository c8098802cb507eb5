"""SARIF 2.1.0: valid against the OASIS schema, every rule described, waivers as suppressions.

Every SARIF document these tests produce is validated against
``tests/data/sarif/sarif-schema-2.1.0.json`` (see the README there).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import TESTS

from itready import load
from itready.cli import main
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.formats import Options
from itready.formats.check.sarif import FINGERPRINT_KEY, render
from itready.rules.engine import check

SCHEMA = json.loads((TESTS / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
INVENTORY = TESTS / "data" / "ci-inventory"
AS_OF = date(2026, 11, 27)
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


def valid_sarif(text: str) -> dict[str, Any]:
    """The SARIF document in ``text``, after validating it against the schema."""
    document = json.loads(text)
    validator = jsonschema.Draft4Validator(SCHEMA)
    problems = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not problems, "\n".join(
        f"{'/'.join(map(str, p.absolute_path))}: {p.message}" for p in problems[:10])
    return document


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-c", "user.name=itready tests", "-c",
                           "user.email=tests@example.org", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def copy_inventory(target: Path) -> Path:
    shutil.copytree(INVENTORY, target)
    return target


@pytest.fixture
def report(tmp_path: Path) -> Report:
    result = load(copy_inventory(tmp_path / "inventory"))
    assert result.errors == []
    return check(result, AS_OF)


def test_document_is_valid_sarif_with_one_run(report: Report) -> None:
    document = valid_sarif(render(report, Options()))
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "itready"
    assert driver["version"] == report.tool_version


def test_every_rule_is_in_the_driver_with_help(report: Report) -> None:
    driver = valid_sarif(render(report, Options()))["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {rule.id for rule in report.rules}
    assert len(rules) == len(driver["rules"])  # no rule twice
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
              "info": "note"}
    for rule in report.rules:
        described = rules[rule.id]
        assert described["shortDescription"]["text"] == rule.title
        assert described["fullDescription"]["text"] == rule.rationale
        assert rule.rationale in described["help"]["text"]
        assert rule.remediation in described["help"]["text"]
        assert described["helpUri"] == ("https://github.com/itready/itready/blob/main/docs/"
                                         f"rules.md#{rule.id.lower()}")
        assert described["defaultConfiguration"]["level"] == levels[rule.severity]
    # a severity override of the organisation (DEV003: critical) is the rule's level
    assert rules["DEV003"]["properties"]["severity"] == "critical"


def test_every_finding_is_a_result_with_a_region_and_fingerprint(report: Report) -> None:
    run = valid_sarif(render(report, Options(repo_prefix="it/inventory/")))["runs"][0]
    results = run["results"]
    assert len(results) == len(report.findings)
    rules = run["tool"]["driver"]["rules"]
    for result, finding in zip(results, report.findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == f"it/inventory/{finding.location.path}"
        assert location["region"] == {"startLine": finding.location.line,
                                      "startColumn": finding.location.column}
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["DEV003"] == "error"  # critical
    assert levels["NET002"] == "warning"  # medium
    assert levels["LIC004"] == "note"  # info


def test_waived_findings_are_suppressed_with_the_reason(report: Report) -> None:
    results = valid_sarif(render(report, Options()))["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["DEV007"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == \
        "Maintenance contract: covered until 2027, 100% replaced then"
    assert suppression["properties"] == {"until": "2027-06-30", "approvedBy": "IT-Sicherheit"}
    assert all("suppressions" not in r for r in results if r["ruleId"] != "DEV007")


def _report(findings: tuple[Finding, ...] = (), errors: tuple[InputError, ...] = ()) -> Report:
    return Report(organisation=None, as_of=AS_OF, tool_version="1.2.3", findings=findings,
                  errors=errors, overall=Readiness("overall", 0, 0), departments=(), sites=())


def test_input_errors_are_error_results_with_a_rule_per_code() -> None:
    errors = (InputError("E004", "unknown key 'encryted' (did you mean 'encrypted'?)",
                         Location("devices/a.yaml", 44, 5)),
              InputError("E004", "unknown key 'colour'", Location("devices/b.yaml", 3, 7)),
              InputError("E009", "site 'RZ2' is not a site", Location("workplaces.yaml", 4, 5)))
    run = valid_sarif(render(_report(errors=errors), Options(repo_prefix="inv/")))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["E004", "E009"]
    assert all(r["defaultConfiguration"]["level"] == "error" for r in rules)
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("E004", "error"), ("E004", "error"), ("E009", "error")]
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first == {"artifactLocation": {"uri": "inv/devices/a.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 44, "startColumn": 5}}


def test_waiver_without_reason_and_odd_text_stay_valid() -> None:
    finding = Finding(rule="X001", severity="low", record_kind="device", record_id="D-1",
                      message='quotes " and \\ and\nnewline \u00e4\u00f6\u00fc \x01',
                      location=Location("a b/c%20.yaml", 1, 1), waived=True,
                      waiver=WaiverInfo(None, AS_OF, None))
    run = valid_sarif(render(_report(findings=(finding,)), Options()))["runs"][0]
    (result,) = run["results"]
    assert result["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "properties": {"until": "2026-11-27"}}]
    assert result["message"]["text"] == finding.message
    assert run["tool"]["driver"]["rules"][0]["id"] == "X001"  # described even if unknown


@needs_git
def test_check_cli_writes_sarif_with_paths_from_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    inventory = copy_inventory(repo / "inventories" / "gold")
    out = tmp_path / "out.sarif"
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "sarif", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    run = valid_sarif(out.read_text("utf-8"))["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert uris == {"inventories/gold/devices/finanzen.yaml",
                    "inventories/gold/devices/hauptamt.yaml", "inventories/gold/licences.yaml",
                    "inventories/gold/sites.yaml", "inventories/gold/workplaces.yaml"}


def test_check_cli_outside_a_repository_uses_inventory_paths(tmp_path: Path) -> None:
    inventory = copy_inventory(tmp_path / "inventory")
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "sarif"], env={"GIT_CEILING_DIRECTORIES":
                                                            str(tmp_path)})
    assert result.exit_code == 1, result.output  # a critical finding at --fail-on high
    run = valid_sarif(result.stdout)["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "devices/finanzen.yaml"


def test_check_cli_reports_input_errors_in_sarif(tmp_path: Path) -> None:
    inventory = copy_inventory(tmp_path / "inventory")
    devices = inventory / "devices" / "finanzen.yaml"
    devices.write_text(devices.read_text("utf-8").replace("    ram_gb: 4\n",
                                                          "    ram_gb: 4\n    encryted: true\n"),
                       "utf-8")
    out = tmp_path / "errors.sarif"
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "text", "--report", f"sarif={out}"])
    assert result.exit_code == 2, result.output
    run = valid_sarif(out.read_text("utf-8"))["runs"][0]
    errors = [r for r in run["results"] if r["ruleId"] == "E004"]
    assert len(errors) == 1
    assert errors[0]["level"] == "error"
    assert "encryted" in errors[0]["message"]["text"]
    assert errors[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 14
    assert "E004" in {r["id"] for r in run["tool"]["driver"]["rules"]}


@needs_git
def test_diff_cli_sarif_holds_only_the_added_findings(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    inventory = copy_inventory(repo / "inv")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    devices = inventory / "devices" / "finanzen.yaml"
    devices.write_text(devices.read_text("utf-8").replace("encrypted: true",
                                                          "encrypted: false"), "utf-8")
    result = CliRunner().invoke(main, ["diff", "--base", "HEAD", str(inventory), "--as-of",
                                       "2026-11-27", "-f", "sarif"])
    assert result.exit_code == 1, result.output
    run = valid_sarif(result.stdout)["runs"][0]
    assert sorted((r["ruleId"], r["properties"]["recordId"]) for r in run["results"]) == [
        ("DEV003", "NB-00018"), ("WP001", "WP-20-0001")]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "inv/devices/finanzen.yaml"


def test_golden_sarif_is_valid() -> None:
    valid_sarif((TESTS / "golden" / "formats" / "check.sarif.sarif").read_text("utf-8"))


def test_report_rules_follow_select(tmp_path: Path) -> None:
    inventory = copy_inventory(tmp_path / "inventory")
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "sarif", "--select", "DEV,LIC004",
                                       "--ignore", "DEV009"])
    run = valid_sarif(result.stdout)["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids and all(i.startswith("DEV") or i == "LIC004" for i in ids)
    assert "DEV009" not in ids and "LIC004" in ids


"""A gate never turns green by mistake (cli.md, decisions of 2026-12-04).

Rule patterns, department and site names that name nothing, and a path without records are
errors with exit code 2 and a did-you-mean, in every command that takes them; a name may be a
unique part of the real one.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_inventory

from itready.cli import main

EXAMPLE = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def check_json(*args: str) -> dict[str, Any]:
    result = run("check", str(EXAMPLE), *AS_OF, "-f", "json", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- --select and --ignore -------------------------------------------------------------------

@pytest.mark.parametrize(("option", "pattern", "hint"), [
    ("--select", "DEV03", "did you mean 'DEV003'?"),
    ("--select", "net", "did you mean 'NET'? rule IDs are written in capitals"),
    ("--select", "dev003", "did you mean 'DEV003'?"),
    ("--ignore", "XYZ", "rule families: DEV, INV, LIC, NET, SPC, WP"),
    ("--select", "NET,WP9", "no rule is WP9 or starts with it"),
])
def test_a_pattern_that_matches_no_rule_is_exit_2(option: str, pattern: str, hint: str) -> None:
    result = run("check", str(EXAMPLE), *AS_OF, option, pattern)
    assert result.exit_code == 2, result.output
    assert hint in result.output
    assert "findings" not in result.stdout


def test_ids_and_prefixes_that_match_select_their_rules() -> None:
    whole = check_json()["findings"]
    for pattern in ("DEV", "DEV0", "DEV003", "NET00"):
        rules = {f["rule"] for f in check_json("--select", pattern)["findings"]}
        assert rules and all(r.startswith(pattern) for r in rules)
        assert rules == {f["rule"] for f in whole if f["rule"].startswith(pattern)}


def test_a_disabled_rule_cannot_be_selected_but_can_be_ignored(tmp_path: Path) -> None:
    root = Path(shutil.copytree(EXAMPLE, tmp_path / "inv"))
    settings = root / "itready.yaml"
    settings.write_text(settings.read_text("utf-8").replace(
        "rules:\n", "rules:\n  disable: [LIC004]\n", 1), "utf-8")
    selected = run("check", str(root), *AS_OF, "--select", "LIC004")
    assert selected.exit_code == 2
    assert "LIC004 is disabled in itready.yaml" in selected.output
    assert run("check", str(root), *AS_OF, "--ignore", "LIC004",
               "--fail-on", "never").exit_code == 0


# --- --department and --site -----------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "gaps", "procure"])
@pytest.mark.parametrize(("option", "name", "said"), [
    ("--department", "Nirgendamt", "no department is 'Nirgendamt' or contains it"),
    ("--department", "amt", "'amt' matches 9 departments: 10 Hauptamt"),
    ("--site", "XX", "no site is 'XX' or contains it; the sites: BB (Bürgerbüro), BH (Bauhof)"),
    ("--department", "Kämerei", "(did you mean '20 Kämmerei'?)"),
])
def test_a_name_that_names_no_scope_is_exit_2(command: str, option: str, name: str,
                                              said: str) -> None:
    result = run(command, str(EXAMPLE), *AS_OF, option, name)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert result.stdout.count("\n") < 10  # a usage error, no report


def test_a_unique_part_of_a_name_is_that_name() -> None:
    assert check_json("--department", "sozialamt") == check_json("--department", "50 Sozialamt")
    assert check_json("--site", "rathaus") == check_json("--site", "RH")  # not Neues Rathaus
    assert check_json("--site", "Neues") == check_json("--site", "NR")


def test_names_are_compared_in_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "20 Kämmerei")
    root = write_inventory(tmp_path / "inv", {"records.yaml": f"""\
sites:
  - id: RH
workplaces:
  - {{id: WP-1, department: "{decomposed}", site: RH, work_model: hybrid}}
  - {{id: WP-2, department: "30 Kämmereiaufsicht", site: RH, work_model: hybrid}}
"""})
    typed = unicodedata.normalize("NFC", "20 Kämmerei")  # as typed; the file has NFD
    result = run("check", str(root), *AS_OF, "-f", "json", "--fail-on", "never",
                 "--department", typed)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["readiness"]["overall"]["counted"] == 1  # WP-1 alone


def test_procure_takes_the_scope_and_passes_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import itready.plan.procure as procure

    seen: list[tuple[str | None, str | None]] = []
    real = procure.build_procurement

    def spy(result: Any, as_of: Any, group_by: str, department: str | None = None,
            site: str | None = None) -> Any:
        seen.append((department, site))
        return real(result, as_of, group_by, department=department, site=site)

    monkeypatch.setattr(procure, "build_procurement", spy)
    result = run("procure", str(EXAMPLE), *AS_OF, "-f", "json", "--department", "Sozialamt",
                 "--site", "Rathaus")
    assert result.exit_code == 0, result.output
    assert seen == [("50 Sozialamt", "RH")]


# --- a path without records -------------------------------------------------------------------

NO_RECORDS = {
    "empty folder": {},
    "only settings": {"itready.yaml": "organisation: X\n"},
    "empty files": {"a.yaml": "", "b.yaml": "# nothing yet\n"},
}


@pytest.mark.parametrize("files", NO_RECORDS.values(), ids=NO_RECORDS.keys())
@pytest.mark.parametrize("command", [["check"], ["validate"], ["gaps"], ["procure"],
                                     ["lifecycle"]])
def test_no_records_is_exit_2_unless_allowed(tmp_path: Path, files: dict[str, str],
                                             command: list[str]) -> None:
    root = write_inventory(tmp_path / "inv", files)
    dated = [] if command == ["validate"] else AS_OF  # validate reads no date
    refused = run(*command, str(root), *dated)
    assert refused.exit_code == 2, refused.output
    assert "no inventory records" in refused.output and "--allow-empty" in refused.output
    assert "findings" not in refused.stdout
    allowed = run(*command, str(root), *dated, "--allow-empty")
    assert allowed.exit_code == 0, allowed.output


def test_a_folder_of_other_yaml_names_the_inventories_below_it(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "repo", {
        "compose.yaml": "services: {web: {image: nginx}}\nnetworks: {}\n",
        "inv/itready.yaml": "organisation: X\n", "inv/sites.yaml": "sites:\n  - id: RH\n"})
    result = run("validate", str(root))
    assert result.exit_code == 2
    assert f"note: {root}/inv has an itready.yaml of its own" in result.output
    assert "not an inventory file: no kind of record" in result.output
    assert "exclude: in itready.yaml" in result.output


@pytest.mark.parametrize("command", [["rules"], ["rules", "DEV003"], ["lifecycle"],
                                     ["schema"], ["init", "new"]])
def test_commands_that_read_no_inventory_need_none(tmp_path: Path, command: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 0, result.output


# --- baselines -----------------------------------------------------------------------------------

def test_writing_a_baseline_exits_0_although_findings_fail(tmp_path: Path) -> None:
    baseline = tmp_path / "itready.baseline"
    failing = run("check", str(EXAMPLE), *AS_OF, "-f", "text")
    assert failing.exit_code == 1
    result = run("check", str(EXAMPLE), *AS_OF, "-f", "text", "--write-baseline", str(baseline))
    assert result.exit_code == 0, result.output
    assert baseline.is_file() and "wrote baseline" in result.stderr


def test_a_baseline_of_an_invalid_inventory_is_not_written_and_exits_2(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {"sites.yaml": "sites:\n  - id: RH\n    x: 1\n"})
    baseline = tmp_path / "itready.baseline"
    result = run("check", str(root), *AS_OF, "--write-baseline", str(baseline))
    assert result.exit_code == 2
    assert not baseline.exists() and "1 input error" in result.stderr


def test_diff_takes_the_scope_too(tmp_path: Path) -> None:
    import subprocess

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "inv")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repo, check=True)
    department = repo / "inv" / "departments" / "50-sozialamt.yaml"
    department.write_text(department.read_text("utf-8").replace(
        "encrypted: true", "encrypted: false", 1), "utf-8")
    inside = run("diff", "--base", "HEAD", str(repo / "inv"), *AS_OF, "-f", "json",
                 "--department", "sozial")
    outside = run("diff", "--base", "HEAD", str(repo / "inv"), *AS_OF, "-f", "json",
                  "--department", "Hauptamt")
    assert inside.exit_code == 1 and outside.exit_code == 0
    assert len(json.loads(inside.stdout)["added"]) == 2
    assert json.loads(outside.stdout)["added"] == []
    nowhere = run("diff", "--base", "HEAD", str(repo / "inv"), *AS_OF, "--site", "XX")
    assert nowhere.exit_code == 2 and "no site is 'XX'" in nowhere.output

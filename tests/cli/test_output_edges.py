"""Output edge cases (issue 11, item 4): closed or odd standard streams, output files that would
clobber the inventory, ``-o -``, and a huge scalar that is not what the error said."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SMALL_INVENTORY, write_inventory

from itready import load
from itready.cli import main
from itready.loader.yaml import MAX_EXACT_CHARACTERS

AS_OF = ["--as-of", "2026-11-27"]


def shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``itready`` (as this interpreter's module) through a shell, for redirections."""
    environment = {**os.environ, **env}
    return subprocess.run(["bash", "-c", f"'{sys.executable}' -m itready {command}"],
                          cwd=cwd, capture_output=True, text=True, env=environment,
                          timeout=120, encoding=env.get("PYTHONIOENCODING", "utf-8"))


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return write_inventory(tmp_path / "inv", SMALL_INVENTORY)


# --- standard streams ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate inv", "check inv --as-of 2026-11-27 -f text",
                                     "check inv --as-of 2026-11-27 -f json",
                                     "rules", "lifecycle"])
def test_closed_standard_output_is_exit_2_without_a_traceback(inventory: Path,
                                                              command: str) -> None:
    result = shell(f"{command} >&-", inventory.parent)
    assert result.returncode == 2, result.stderr
    assert "cannot write standard output" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("command", "code"), [
    ("validate inv", 0), ("check inv --as-of 2026-11-27 -f text", 1),
    ("check inv --as-of 2026-11-27 -f text --fail-on never", 0),
    ("check broken --as-of 2026-11-27 -f text", 2), ("validate broken", 2)])
def test_closed_standard_error_keeps_the_exit_code(inventory: Path, command: str,
                                                  code: int) -> None:
    write_inventory(inventory.parent / "broken", {"sites.yaml": "sites:\n  - id: [\n"})
    result = shell(f"{command} 2>&-", inventory.parent)
    assert result.returncode == code, result.stdout
    assert result.stdout.strip()


def test_with_standard_error_closed_no_library_message_lands_in_a_report(tmp_path: Path
                                                                         ) -> None:
    """rapidyaml reports parse errors on descriptor 2: with it closed, a report opened later
    must not get that descriptor."""
    root = write_inventory(tmp_path / "inv", {**SMALL_INVENTORY,
                                              "bad.yaml": "sites: [\n  - {id: X\n"})
    result = shell("check inv --as-of 2026-11-27 -f json -o report.json --no-cache 2>&-",
                   root.parent)
    assert result.returncode == 2
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["errors"]


def test_text_the_output_encoding_cannot_hold_is_replaced(tmp_path: Path) -> None:
    write_inventory(tmp_path / "inv", {
        "itready.yaml": "organisation: \"Stadt \\u4e2d \\U0001F600\"\n",
        "sites.yaml": "sites:\n  - {id: RH, name: \"Rathaus \\u4e2d\"}\n",
        "w.yaml": "workplaces:\n  - {id: WP-1, department: \"Amt \\u4e2d\", site: RH, "
                  "work_model: hybrid}\n"})
    for fmt in ("table", "text", "markdown", "rich"):
        result = shell(f"check inv --as-of 2026-11-27 -f {fmt}", tmp_path,
                       PYTHONIOENCODING="latin-1")
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
    result = shell("check inv --as-of 2026-11-27 -f table", tmp_path,
                   PYTHONIOENCODING="latin-1")
    assert "Amt ?" in result.stdout


# --- output files --------------------------------------------------------------------------------

def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("target", ["hauptamt/workplaces.yaml", "sites.yaml", "itready.yaml",
                                    "new-report.yaml", "sub/dir/report.yml", "REPORT.YAML",
                                    ".rules/local.rules"])
@pytest.mark.parametrize("how", [["-o"], ["--report", "json="]], ids=["-o", "--report"])
def test_an_output_that_the_run_reads_or_would_read_is_refused(tmp_path: Path, target: str,
                                                               how: list[str]) -> None:
    root = write_inventory(tmp_path / "inv", {
        **SMALL_INVENTORY, "itready.yaml": "rules: {paths: [.rules/local.rules]}\n",
        ".rules/local.rules": "[]\n"})
    before = snapshot(root)
    option = [how[0], f"{how[1]}{root / target}"] if len(how) == 2 else [how[0],
                                                                           str(root / target)]
    for command in (["check", *AS_OF], ["gaps", *AS_OF], ["procure", *AS_OF]):
        if command[0] != "check" and how[0] == "--report":
            continue
        code, output = invoke(command[0], str(root), *command[1:], *option)
        assert code == 2, output
        assert "write the report elsewhere" in output
        assert snapshot(root) == before


def test_a_report_through_a_link_into_the_inventory_is_refused(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", SMALL_INVENTORY)
    (tmp_path / "link.yaml").symlink_to(root / "sites.yaml")
    before = snapshot(root)
    code, output = invoke("check", str(root), *AS_OF, "-o", str(tmp_path / "link.yaml"))
    assert code == 2 and "inside the inventory" in output and snapshot(root) == before


def test_baseline_files_are_not_overwritten(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", SMALL_INVENTORY)
    baseline = tmp_path / "base.txt"
    assert invoke("check", str(root), *AS_OF, "--write-baseline", str(baseline))[0] == 1
    content = baseline.read_bytes()
    code, output = invoke("check", str(root), *AS_OF, "--baseline", str(baseline), "-o",
                          str(baseline))
    assert code == 2 and "this run reads that file" in output
    assert baseline.read_bytes() == content
    code, _ = invoke("check", str(root), *AS_OF, "--write-baseline",
                     str(root / "baseline.yaml"))
    assert code == 2 and not (root / "baseline.yaml").exists()


def test_a_non_yaml_report_inside_the_inventory_is_fine(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", SMALL_INVENTORY)
    code, _ = invoke("check", str(root), *AS_OF, "-o", str(root / "report.txt"))
    assert code == 1 and (root / "report.txt").is_file()


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_inventory(tmp_path / "inv", SMALL_INVENTORY)
    monkeypatch.chdir(tmp_path)
    for command in (["check", *AS_OF, "-f", "json"], ["gaps", *AS_OF, "-f", "json"],
                    ["procure", *AS_OF, "-f", "json"]):
        result = CliRunner().invoke(main, [command[0], str(root), *command[1:], "-o", "-"])
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout)["schema_version"] == 1
        assert not (tmp_path / "-").exists()
    code, output = invoke("check", str(root), *AS_OF, "--report", "json=-")
    assert code == 2 and "--report writes a file" in output


def test_a_symlinked_duplicate_report_is_refused(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", SMALL_INVENTORY)
    out = tmp_path / "out"
    out.mkdir()
    (out / "alias.json").symlink_to(out / "report.json")
    for pair in ([f"json={out / 'report.json'}", f"sarif={out / 'alias.json'}"],
                 [f"json={out / 'report.json'}", f"sarif={out / '.' / 'report.json'}"]):
        code, output = invoke("check", str(root), *AS_OF, "--report", pair[0], "--report",
                              pair[1])
        assert code == 2 and "named more than once" in output
    code, output = invoke("check", str(root), *AS_OF, "-o", str(out / "alias.json"),
                          "--report", f"json={out / 'report.json'}")
    assert code == 2 and "named more than once" in output
    assert not (out / "report.json").exists()


# --- a huge scalar -----------------------------------------------------------------------------

@pytest.mark.parametrize("quote", ['"', "'", ""])
def test_one_scalar_over_4_mib_on_one_line_is_read(tmp_path: Path, quote: str) -> None:
    """Its long line made the fast route decline the file (a line over 1024 characters may hold
    a key longer than YAML allows), and the exact route reads no file over 4 MiB: a line that is
    one short key and one scalar holds no such key."""
    size = MAX_EXACT_CHARACTERS + 1024
    root = write_inventory(tmp_path / "inv", {
        "sites.yaml": f"sites:\n  - id: RH\n    name: {quote}{'a' * size}{quote}\n"})
    result = load(root)
    assert result.errors == []
    assert len(result.inventory.sites[0].name or "") == size


def test_a_huge_file_that_needs_the_exact_route_says_why(tmp_path: Path) -> None:
    size = MAX_EXACT_CHARACTERS + 1024
    root = write_inventory(tmp_path / "inv", {
        "sites.yaml": f"sites:\n  - id: RH\n    address: &a x\n    name: \"{'a' * size}\"\n"})
    [error] = load(root).errors
    assert (error.code, error.location.line, error.location.column) == ("E012", 3, 14)
    assert "anchor or alias at line 3" in error.message
    assert "only the slow exact parser reads" not in error.message
    root = write_inventory(tmp_path / "inv2", {
        "sites.yaml": f"sites:\n  - id: RH\n    name: |\n      {'a' * size}\n"})
    [error] = load(root).errors
    assert (error.code, error.location.line) == ("E012", 4)
    assert "line 4 is" in error.message and "1024 characters" in error.message

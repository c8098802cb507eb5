"""`itready validate`: exit 0 when valid, 2 with located error lines, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, SMALL_INVENTORY, located

from itready import load
from itready.cli import main

ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): error (?P<code>E\d{3}) \S")

VALID = SMALL_INVENTORY

INVALID = {
    "sites.yaml": "sites:\n  - id: RH\n    shared_desks: many\n",
    "hauptamt/workplaces.yaml": """\
workplaces:
  - id: WP-10-0001
    department: "10 Hauptamt"
    site: RZ
    work_model: hybrid
    mobil_days: 3
""",
    "broken.yaml": "devices:\n  - id: NB-1\n    kind: [laptop\n",
    "latin1.yaml": "sites:\n  - id: MS\n    name: M\xfcnster\n".encode("latin-1"),
}

INVALID_ERRORS = {
    ("E005", "sites.yaml", 3, 5),
    ("E004", "hauptamt/workplaces.yaml", 6, 5),
    ("E009", "hauptamt/workplaces.yaml", 4, 5),  # checked although the record is invalid
    ("E001", "broken.yaml", 4, 1),
    ("E002", "latin1.yaml", 3, 12),
}


def invoke(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=True)


def error_lines(output: str) -> list[re.Match[str]]:
    return [m for m in map(ERROR_LINE.match, output.splitlines()) if m]


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("no_cache", [False, True], ids=["cache", "no-cache"])
def test_valid_inventory_exits_0(make_inventory, no_cache: bool) -> None:
    root = make_inventory(VALID)
    result = invoke(str(root), *(["--no-cache"] if no_cache else []))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid: 2 files: 1 site, 0 VPN gateways")
    assert "1 workplace, 1 device, 0 licences" in result.stdout
    assert not error_lines(result.output)


def test_invalid_inventory_exits_2_with_located_errors(make_inventory) -> None:
    root = make_inventory(INVALID)
    result = invoke(str(root))
    no_traceback(result)
    assert result.exit_code == 2, result.output
    lines = error_lines(result.stdout)
    prefix = f"{root.as_posix()}/"
    assert all(m["path"].startswith(prefix) for m in lines)
    reported = {(m["code"], m["path"].removeprefix(prefix), int(m["line"]), int(m["column"]))
                for m in lines}
    assert reported == INVALID_ERRORS
    assert reported == located(load(root).errors)  # exactly what the library reports
    assert len(lines) == len(INVALID_ERRORS)
    assert "5 errors in 4 files" in result.stdout
    assert "(did you mean 'mobile_days'?)" in result.stdout


def test_paths_are_relative_to_where_it_runs(make_inventory,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory(INVALID)
    monkeypatch.chdir(root)
    result = invoke()
    assert result.exit_code == 2
    assert "sites.yaml:3:5: error E005 shared_desks expects a whole number" in result.stdout
    assert "hauptamt/workplaces.yaml:6:5: error E004 unknown key 'mobil_days'" in result.stdout


def test_cache_goes_to_the_cache_dir_and_no_cache_skips_it(
        make_inventory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(cache))
    root = make_inventory(VALID)
    before = sorted(root.rglob("*"))
    assert invoke(str(root), "--no-cache").exit_code == 0
    assert not cache.exists()
    first = invoke(str(root))
    assert [p for p in cache.rglob("*") if p.is_file()]
    second = invoke(str(root))
    assert (first.exit_code, first.output) == (second.exit_code, second.output) == \
        (0, first.output)
    assert sorted(root.rglob("*")) == before  # nothing written into the inventory


def test_hostile_input_never_ends_in_a_traceback(make_inventory, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"hostile/{p.name}": p.read_bytes() for p in (DATA / "hostile-yaml").glob("*.yaml")
    }
    files.update({
        f"pyyaml/{p.name}.yaml": p.read_bytes()
        for p in sorted((DATA / "pyyaml-loader-errors").iterdir())
        if not p.name.startswith("_")
    })
    files["itready.yaml"] = "policy: [not, a, mapping]\n"
    root = make_inventory(files)
    os.symlink(root / "nowhere.yaml", root / "dangling.yaml")
    result = invoke(str(root))
    no_traceback(result)
    assert result.exit_code == 2
    codes = {m["code"] for m in error_lines(result.stdout)}
    assert {"E001", "E002", "E003", "E011", "E012", "E013", "E014"} <= codes


@pytest.mark.parametrize("target", ["missing", "a-file"])
def test_not_an_inventory_directory(tmp_path: Path, target: str) -> None:
    (tmp_path / "a-file").write_text("sites: []\n")
    result = invoke(str(tmp_path / target))
    no_traceback(result)
    assert result.exit_code == 2


def test_subprocess_exit_code_and_output(make_inventory, tmp_path: Path) -> None:
    root = make_inventory(INVALID)
    env = {**os.environ, "ITREADY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "itready", "validate", str(root)],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    prefix = f"{root.as_posix()}/"
    reported = {(m["code"], m["path"].removeprefix(prefix), int(m["line"]), int(m["column"]))
                for m in error_lines(done.stdout)}
    assert reported == INVALID_ERRORS

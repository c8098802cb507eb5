"""Which inventory a path names, and which files belong to it (cli.md, decisions of 2026-12-04):
the root as git finds its repository, other inventories below it left out, ``exclude:``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SMALL_INVENTORY, write_inventory

from itready import load
from itready.cli import main
from itready.loader.discover import discover, find_root
from itready.loader.exclude import Excludes

CI_TEMPLATE = "variables:\n  INVENTORY: .\nstages: [test]\n"


def git_init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# --- the root ------------------------------------------------------------------------------------

def test_the_root_is_the_nearest_folder_with_settings_up_to_the_git_top(tmp_path: Path,
                                                                     ) -> None:
    repo = git_init(tmp_path / "repo")
    write_inventory(repo / "inv", {"itready.yaml": "", "dept/a/b.yaml": ""})
    (repo / "itready.yaml").write_text("")  # farther up: the nearest one wins
    assert find_root(repo / "inv" / "dept" / "a") == repo / "inv"
    assert find_root(repo / "inv") == repo / "inv"
    (repo / "other").mkdir()
    assert find_root(repo / "other") == repo  # not below inv: the repository's own
    (repo / "itready.yaml").unlink()
    (repo / "docs").mkdir()
    assert find_root(repo / "docs") == repo / "docs"  # none on the way up: the path itself


def test_the_search_stops_at_the_top_of_the_work_tree(tmp_path: Path) -> None:
    (tmp_path / "itready.yaml").write_text("")  # above the repository: never taken
    repo = git_init(tmp_path / "repo")
    (repo / "sub").mkdir()
    assert find_root(repo / "sub") == repo / "sub"


def test_outside_a_work_tree_there_is_no_search(tmp_path: Path) -> None:
    if any((p / ".git").exists() for p in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary directory is inside a git work tree")
    write_inventory(tmp_path / "inv", {"itready.yaml": "", "sub/x.yaml": ""})
    assert find_root(tmp_path / "inv" / "sub") == tmp_path / "inv" / "sub"


def test_the_root_is_spelled_from_the_path_given(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_init(tmp_path / "repo")
    write_inventory(repo / "inv", {"itready.yaml": "", "dept/x.yaml": ""})
    monkeypatch.chdir(repo / "inv" / "dept")
    assert find_root(Path(".")) == Path("..")
    assert find_root(Path("../dept")) == Path("..")
    monkeypatch.chdir(repo)
    assert find_root(Path("inv/dept")) == Path("inv")


def test_a_folder_of_the_inventory_checks_the_whole_inventory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_init(tmp_path / "repo")
    write_inventory(repo / "inv", {"itready.yaml": "organisation: X\n", **SMALL_INVENTORY,
                                   "hauptamt/broken.yaml": "devices:\n  - id: NB-9\n    x: 1\n"})
    monkeypatch.chdir(repo / "inv" / "hauptamt")
    result = run("validate")
    assert result.exit_code == 2
    # every file of the inventory was read; paths as an editor opens them from here
    assert "\n../hauptamt/broken.yaml:3:5: error E004" in result.stdout
    assert "3 files: 1 site" in result.stdout
    assert load(".").inventory.root == ".."  # the library door finds it too
    monkeypatch.chdir(repo)
    result = run("check", "inv/hauptamt", "--as-of", "2026-11-27", "-f", "text")
    assert "inv/hauptamt/broken.yaml:3:5: error E004" in result.stdout


# --- other inventories below the root ------------------------------------------------------------

def test_an_inventory_below_the_root_is_left_out_with_a_note(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {
        **SMALL_INVENTORY, "branch/itready.yaml": "organisation: Y\n",
        "branch/sites.yaml": "sites:\n  - id: RH\n"})  # would collide with RH
    result = run("validate", str(root))
    assert result.exit_code == 0, result.output
    assert f"note: {root}/branch has an itready.yaml of its own: another inventory, left " \
           f"out (check it on its own: itready check {root}/branch)" in result.stderr
    nested: list[str] = []
    assert discover(root, [], nested=nested) == ["hauptamt/workplaces.yaml", "sites.yaml"]
    assert nested == ["branch"]
    assert load(root).nested == ("branch",)


# --- exclude: ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("patterns", "path", "is_dir", "excluded"), [
    (["docs/"], "docs", True, True),
    (["docs/"], "a/docs", True, True),
    (["docs/"], "docs", False, False),  # a file named docs: folders only
    (["/docs"], "a/docs", True, False),
    (["/docs"], "docs", True, True),
    (["*.yml"], "a/b/ci.yml", False, True),
    (["*.yml"], "a/b/ci.yaml", False, False),
    (["tools/*.yaml"], "tools/x.yaml", False, True),
    (["tools/*.yaml"], "tools/sub/x.yaml", False, False),
    (["tools/**/x.yaml"], "tools/a/b/x.yaml", False, True),
    (["tools/**/x.yaml"], "tools/x.yaml", False, True),
    (["**/ci"], "a/b/ci", True, True),
    (["tools/**"], "tools/a/b.yaml", False, True),
    (["ci-?.yaml"], "ci-1.yaml", False, True),
    (["ci-[0-9].yaml"], "ci-x.yaml", False, False),
    (["*.yaml", "!keep.yaml"], "keep.yaml", False, False),
    (["*.yaml", "!keep.yaml"], "drop.yaml", False, True),
    (["# a comment", ""], "a.yaml", False, False),
])
def test_exclude_patterns_read_as_gitignore(patterns: list[str], path: str, is_dir: bool,
                                            excluded: bool) -> None:
    assert Excludes(patterns).excluded(path, is_dir) is excluded


def test_exclude_leaves_out_yaml_that_is_not_inventory(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "repo", {**SMALL_INVENTORY,
                                               "docs/ci/gitlab-ci.yml": CI_TEMPLATE})
    before = run("validate", str(root))
    assert before.exit_code == 2
    assert "docs/ci/gitlab-ci.yml:1:1: error E004 not an inventory file: no kind of record " \
           "(sites, vpn, workplaces, devices, licences) but 'variables', 'stages'; if it " \
           "belongs to another tool, leave it out with exclude: in itready.yaml" in before.stdout
    (root / "itready.yaml").write_text("exclude: [docs/]\n")
    after = run("validate", str(root))
    assert after.exit_code == 0, after.output
    assert load(root).inventory.files == ("hauptamt/workplaces.yaml", "sites.yaml")


def test_the_cached_verdict_keys_on_what_decides_the_files(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "repo", {**SMALL_INVENTORY, "itready.yaml": "",
                                               "docs/ci.yml": CI_TEMPLATE})
    assert run("validate", str(root)).exit_code == 2
    (root / "itready.yaml").write_text("exclude: [docs/]\n")
    assert run("validate", str(root)).exit_code == 0
    (root / "itready.yaml").write_text("")
    assert run("validate", str(root)).exit_code == 2  # not the verdict of the other settings
    (root / "docs" / "itready.yaml").write_text("")  # docs/ becomes an inventory of its own
    nested = run("validate", str(root))
    assert nested.exit_code == 0 and "note:" in nested.stderr
    (root / "docs" / "itready.yaml").unlink()
    assert run("validate", str(root)).exit_code == 2


def test_hidden_files_and_folders_stay_out_whatever_exclude_says(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {**SMALL_INVENTORY,
                                              "itready.yaml": "exclude: ['!.hidden/']\n",
                                              ".hidden/x.yaml": CI_TEMPLATE,
                                              ".x.yaml": CI_TEMPLATE})
    assert run("validate", str(root)).exit_code == 0


def test_relative_paths_outside_git_stay_as_given(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_inventory(tmp_path / "inv", {"sites.yaml": "sites:\n  - id: RH\n    y: 1\n"})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "inv")
    assert result.stdout.startswith("inv/sites.yaml:3:5: error E004")
    assert os.path.isdir(root)

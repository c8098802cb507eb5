"""`itready diff --base REV`: findings added and resolved compared with a git revision."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from itready import git as gitdiff
from itready.cli import main

INVENTORY = DATA / "ci-inventory"
AS_OF = ["--as-of", "2026-11-27"]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-c", "user.name=itready tests", "-c",
                           "user.email=tests@example.org", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the CI inventory at ``inv/`` and two commits: the second makes
    NB-00018 unencrypted (adds DEV003 and WP001) and gives it more memory (resolves DEV009)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copytree(INVENTORY, root / "inv")
    (root / "README.md").write_text("not an inventory\n", "utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    devices = root / "inv" / "devices" / "finanzen.yaml"
    edit(devices, "encrypted: true", "encrypted: false")
    edit(devices, "ram_gb: 4", "ram_gb: 16")
    git(root, "commit", "-q", "-am", "second")
    return root


def diff(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def pairs(findings: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["record"]["id"]) for f in findings)


def test_finds_exactly_the_added_and_resolved_findings(repo: Path) -> None:
    code, out, err = diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "-f", "json")
    assert code == 1, err  # DEV003 is critical in this inventory
    document = json.loads(out)
    assert pairs(document["added"]) == [("DEV003", "NB-00018"), ("WP001", "WP-20-0001")]
    assert pairs(document["resolved"]) == [("DEV009", "NB-00018")]
    assert document["base"]["rev"] == "HEAD~1"
    assert document["base"]["commit"] == git(repo, "rev-parse", "HEAD~1").strip()
    assert document["summary"]["added"] == 2 and document["summary"]["resolved"] == 1
    assert document["as_of"] == "2026-11-27"
    assert "2 added, 1 resolved" in err


def test_text_marks_added_and_resolved(repo: Path) -> None:
    code, out, _ = diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "-f", "text")
    assert code == 1
    lines = out.splitlines()
    assert [line[:2] for line in lines[:-1]] == ["+ ", "+ ", "- "]
    assert "DEV003 NB-00018" in lines[0] and "DEV009 NB-00018" in lines[2]
    assert lines[-1].startswith("2 added (1 critical, 1 high), 1 resolved compared with HEAD~1")


def test_no_change_means_nothing_added(repo: Path) -> None:
    code, out, _ = diff("--base", "HEAD", str(repo / "inv"), *AS_OF, "-f", "json")
    assert code == 0
    assert json.loads(out)["added"] == [] and json.loads(out)["resolved"] == []


def test_fail_on_applies_to_added_findings_only(repo: Path) -> None:
    # HEAD has high findings of its own; only the added ones count
    assert diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "--fail-on", "critical")[0] == 1
    edit(repo / "inv" / "devices" / "finanzen.yaml", "encrypted: false", "encrypted: true")
    code, out, _ = diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "-f", "json")
    assert code == 0  # the working tree, not HEAD, is compared: nothing added any more
    assert pairs(json.loads(out)["resolved"]) == [("DEV009", "NB-00018")]


def test_working_tree_and_index_are_untouched(repo: Path) -> None:
    edit(repo / "inv" / "sites.yaml", "name: Rathaus", "name: Rathaus Mitte")
    status = git(repo, "status", "--porcelain")
    index = (repo / ".git" / "index").read_bytes()
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    code, _, _ = diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "-f", "markdown")
    assert code == 1
    assert git(repo, "status", "--porcelain") == status
    assert (repo / ".git" / "index").read_bytes() == index
    assert {p: p.read_bytes() for p in repo.rglob("*")
            if p.is_file() and ".git" not in p.parts} == files


def test_default_path_and_as_of_are_the_same_for_both_runs(repo: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(repo / "inv")
    code, out, _ = diff("--base", "HEAD~1", "-f", "json")
    assert code == 1
    document = json.loads(out)
    assert pairs(document["added"]) == [("DEV003", "NB-00018"), ("WP001", "WP-20-0001")]
    # the base's findings that depend on the date (WP006: training age) match by date
    assert "WP006" not in {f["rule"] for f in document["added"] + document["resolved"]}


def test_markdown_and_ci_formats(repo: Path, tmp_path: Path) -> None:
    gl = tmp_path / "gl.json"
    code, out, _ = diff("--base", "HEAD~1", str(repo / "inv"), *AS_OF, "-f", "markdown",
                        "--report", f"gitlab={gl}")
    assert code == 1
    assert "**2 added findings** (1 critical, 1 high), 1 resolved." in out
    assert "#### Added" in out and "#### Resolved" in out
    assert "`inv/devices/finanzen.yaml:8`" in out  # paths from the repository root
    entries = json.loads(gl.read_text("utf-8"))
    assert sorted(e["check_name"] for e in entries) == ["DEV003", "WP001"]


def test_github_summary_is_the_diff(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(main, ["diff", "--base", "HEAD~1", str(repo / "inv"), *AS_OF],
                                env={"GITHUB_ACTIONS": "true",
                                     "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 2
    assert summary.read_text("utf-8").startswith("### itready diff: ")


def test_inventory_new_since_the_base(repo: Path) -> None:
    git(repo, "mv", "inv", "inventory")
    git(repo, "commit", "-q", "-m", "rename")
    code, out, err = diff("--base", "HEAD~1", str(repo / "inventory"), *AS_OF, "-f", "json")
    assert code == 1
    assert len(json.loads(out)["added"]) == 11  # every unwaived finding is new
    assert "does not exist at HEAD~1" in err


def test_invalid_base_counts_everything_as_added(repo: Path) -> None:
    edit(repo / "inv" / "vpn.yaml", "site: RZ", "site: RZ9")
    git(repo, "commit", "-q", "-am", "broken")
    edit(repo / "inv" / "vpn.yaml", "site: RZ9", "site: RZ")
    code, out, err = diff("--base", "HEAD", str(repo / "inv"), *AS_OF, "-f", "json")
    assert code == 1
    assert "input error" in err and "every finding counts as added" in err
    assert len(json.loads(out)["added"]) == 11


def test_invalid_working_tree_is_exit_2(repo: Path) -> None:
    edit(repo / "inv" / "vpn.yaml", "site: RZ", "site: RZ9")
    code, out, _ = diff("--base", "HEAD", str(repo / "inv"), *AS_OF, "-f", "text")
    assert code == 2
    assert "error E009" in out


def test_not_a_repository_is_exit_2(tmp_path: Path) -> None:
    inventory = shutil.copytree(INVENTORY, tmp_path / "plain")
    result = CliRunner().invoke(main, ["diff", "--base", "HEAD", str(inventory)],
                                env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.exit_code == 2
    assert f"{inventory} is not in a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_revision_is_exit_2(repo: Path) -> None:
    for rev in ("no-such-branch", "--output=x", "HEAD~5"):
        code, out, err = diff("--base", rev, str(repo / "inv"))
        assert code == 2, rev
        assert f"unknown revision '{rev}'" in err or "is not a git revision" in err
        assert out == ""


def test_missing_directory_is_exit_2(repo: Path) -> None:
    code, _, err = diff("--base", "HEAD", str(repo / "nope"))
    assert code == 2 and "is not a directory" in err


def test_base_is_required(repo: Path) -> None:
    code, _, err = diff(str(repo / "inv"))
    assert code == 2 and "--base" in err


def test_export_reads_files_of_a_subdirectory_only(repo: Path, tmp_path: Path) -> None:
    top, prefix = gitdiff.repository(repo / "inv" / "devices")
    assert top.resolve() == repo.resolve() and prefix == "inv/devices/"
    commit = gitdiff.resolve(top, "HEAD~1")
    target = tmp_path / "out"
    target.mkdir()
    assert gitdiff.export(top, commit, "inv/devices/", target) == 2
    assert sorted(p.name for p in target.iterdir()) == ["finanzen.yaml", "hauptamt.yaml"]
    assert "encrypted: true" in (target / "finanzen.yaml").read_text("utf-8")
    assert gitdiff.export(top, commit, "nothing-here", target) == 0
    assert gitdiff.repo_prefix(repo) == ""


def test_repo_prefix_without_git_finds_the_git_directory(repo: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert gitdiff.repo_prefix(repo / "inv" / "devices") == "inv/devices/"
    monkeypatch.setenv("PATH", "")  # git cannot be found: the .git entry still tells
    assert gitdiff.repo_prefix(repo / "inv" / "devices") == "inv/devices/"
    assert gitdiff.repo_prefix(repo) == ""
    with pytest.raises(gitdiff.GitError, match="git is not installed"):
        gitdiff.repository(repo)

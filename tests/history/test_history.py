"""`itready history` on a repository with commits at known dates: each point equals `check` and
`procure` run with that point's date on the inventory of that commit; the inventory missing or
invalid at a revision is a marked point; bad repositories are exit code 2 with the reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from itready import git as gitplumbing
from itready.cli import main

EXAMPLE = ROOT / "inventories" / "musterstadt"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when is not None:
        env.update(GIT_AUTHOR_DATE=f"{when}T12:00:00+01:00",
                   GIT_COMMITTER_DATE=f"{when}T12:00:00+01:00")
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env,
                          check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), "utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example at ``inv/`` and six commits on known dates:

    2026-01-15 the example; 2026-03-10 five laptops of the Hauptamt unencrypted; 2026-05-20 a
    YAML error (invalid); 2026-07-05 inv/ deleted (missing); 2026-08-01 only README.md
    changes; 2026-09-01 the inventory back, with the laptops encrypted again.
    """
    root = tmp_path_factory.mktemp("history") / "repo"
    root.mkdir()
    git(root, "init", "-q")
    inv = root / "inv"
    shutil.copytree(EXAMPLE, inv)
    (root / "README.md").write_text("the inventory of a town\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", when="2026-01-15")
    hauptamt = inv / "departments" / "10-hauptamt.yaml"
    edit(hauptamt, "encrypted: true", "encrypted: false", 5)
    git(root, "commit", "-q", "-am", "laptops unencrypted", when="2026-03-10")
    broken = hauptamt.read_text("utf-8")
    hauptamt.write_text(broken + "  - id: [unclosed\n", "utf-8")
    git(root, "commit", "-q", "-am", "broken", when="2026-05-20")
    shutil.rmtree(inv)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "moved away", when="2026-07-05")
    (root / "README.md").write_text("the inventory of a town, soon back\n", "utf-8")
    git(root, "commit", "-q", "-am", "readme only", when="2026-08-01")
    shutil.copytree(EXAMPLE, inv)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "back", when="2026-09-01")
    return root


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def history(repo: Path, *args: str) -> list[dict[str, Any]]:
    done = run("history", str(repo / "inv"), "-f", "json", "--no-cache", *args)
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert document["schema_version"] == 1
    return document["points"]


def at_commit(repo: Path, revision: str, tmp: Path) -> Path:
    """The inventory as ``revision`` has it, in a directory of its own."""
    commit = gitplumbing.resolve(repo, revision)
    target = tmp / commit
    if not target.exists():
        target.mkdir()
        assert gitplumbing.export(repo, commit, "inv/", target)
    return target


def expected(inventory: Path, day: str) -> dict[str, Any]:
    """What `check` and `procure` say about ``inventory`` on ``day``."""
    check = run("check", str(inventory), "--as-of", day, "-f", "json", "--fail-on", "never",
                "--no-cache")
    procure = run("procure", str(inventory), "--as-of", day, "-f", "json", "--no-cache")
    assert check.exit_code == 0 and procure.exit_code == 0, check.output + procure.output
    report = json.loads(check.stdout)
    return {"readiness": report["readiness"], "findings": report["summary"]["by_severity"],
            "purchase_total": json.loads(procure.stdout)["total"]}


def test_every_commit_that_changed_the_inventory_is_a_point(repo: Path, tmp_path: Path) -> None:
    points = history(repo, "--every", "commit", "--since", "2026-01-01", "--as-of",
                     "2026-10-15")
    assert [(p["date"], p["status"]) for p in points] == [
        ("2026-01-15", "ok"), ("2026-03-10", "ok"), ("2026-05-20", "invalid"),
        ("2026-07-05", "missing"), ("2026-09-01", "ok")]  # not the README commit
    for point in points:
        if point["status"] != "ok":
            continue
        inventory = at_commit(repo, point["revision"], tmp_path)
        figures = {k: point[k] for k in ("readiness", "findings", "purchase_total")}
        assert figures == expected(inventory, point["date"]), point["date"]
    assert points[0]["findings"] != points[1]["findings"]  # the change shows


def test_month_ends_take_the_last_commit_on_or_before_them(repo: Path, tmp_path: Path) -> None:
    points = history(repo, "--since", "2026-01-01", "--as-of", "2026-10-15")
    log = {line.split()[1][:10]: line.split()[0][:7]
           for line in git(repo, "log", "--format=%H %cI").splitlines()}
    assert [(p["date"], p["revision"], p["status"]) for p in points] == [
        ("2026-01-31", log["2026-01-15"], "ok"), ("2026-02-28", log["2026-01-15"], "ok"),
        ("2026-03-31", log["2026-03-10"], "ok"), ("2026-04-30", log["2026-03-10"], "ok"),
        ("2026-05-31", log["2026-05-20"], "invalid"), ("2026-06-30", log["2026-05-20"], "invalid"),
        ("2026-07-31", log["2026-07-05"], "missing"), ("2026-08-31", log["2026-08-01"], "missing"),
        ("2026-09-30", log["2026-09-01"], "ok"), ("2026-10-15", log["2026-09-01"], "ok")]
    # The same revision checked on two dates: the rules see each date (licences expire).
    for point in (points[0], points[1], points[-1]):
        inventory = at_commit(repo, point["revision"], tmp_path)
        figures = {k: point[k] for k in ("readiness", "findings", "purchase_total")}
        assert figures == expected(inventory, point["date"]), point["date"]


def test_a_marked_point_has_no_figures_and_its_error_count(repo: Path) -> None:
    points = history(repo, "--every", "commit", "--since", "2026-05-01", "--as-of",
                     "2026-07-31")
    invalid, missing = points
    assert invalid["status"] == "invalid" and invalid["errors"] >= 1
    assert missing == {"date": "2026-07-05", "revision": missing["revision"],
                       "readiness": None, "findings": None, "purchase_total": None,
                       "status": "missing", "errors": 0}
    text = run("history", str(repo / "inv"), "--every", "commit", "--since", "2026-05-01",
               "--as-of", "2026-07-31", "-f", "text")
    assert text.exit_code == 0
    assert "not valid: " in text.stdout and "no inventory at this revision" in text.stdout


def test_history_of_a_department_equals_check_of_that_department(repo: Path,
                                                                 tmp_path: Path) -> None:
    points = history(repo, "--every", "commit", "--since", "2026-03-01", "--as-of",
                     "2026-03-31", "--department", "10 Hauptamt")
    (point,) = points
    inventory = at_commit(repo, point["revision"], tmp_path)
    check = json.loads(run("check", str(inventory), "--as-of", point["date"], "-f", "json",
                           "--fail-on", "never", "--department", "10 Hauptamt").stdout)
    assert point["readiness"] == check["readiness"]
    assert point["findings"] == check["summary"]["by_severity"]
    procure = json.loads(run("procure", str(inventory), "--as-of", point["date"],
                             "-f", "json").stdout)
    assert point["purchase_total"] == pytest.approx(sum(
        line["total"] or 0 for line in procure["lines"] if line["group"] == "10 Hauptamt"))


def test_a_department_named_by_part_of_its_name_as_for_check(repo: Path) -> None:
    args = ("--every", "commit", "--since", "2026-03-01", "--as-of", "2026-03-31")
    assert history(repo, *args, "--department", "hauptamt") == history(
        repo, *args, "--department", "10 Hauptamt")


def test_history_never_overwrites_the_inventory(repo: Path) -> None:
    target = repo / "inv" / "itready.yaml"
    before = target.read_bytes()
    done = run("history", str(repo / "inv"), "-f", "csv", "-o", str(target))
    assert done.exit_code == 2 and target.read_bytes() == before


def test_a_misspelt_department_is_an_error(repo: Path) -> None:
    done = run("history", str(repo / "inv"), "--department", "10 Haupamt", "--since",
               "2026-09-01", "--as-of", "2026-09-30")
    assert done.exit_code == 2
    assert "did you mean '10 Hauptamt'" in done.output


def test_unchanged_files_are_not_parsed_again(repo: Path) -> None:
    from itready.history import compute, timeline

    line = timeline(repo / "inv", date(2026, 4, 30), date(2026, 1, 1), "month")
    assert len(line.planned) == 4  # Jan, Feb on the first commit; Mar, Apr on the second
    history = compute(line)
    files = len(list((repo / "inv").rglob("*.yaml"))) - 1  # itready.yaml is read each time
    assert [p.status for p in history.points] == ["ok"] * 4
    from itready.history.snapshot import Snapshot

    counted: list[int] = []
    original = Snapshot.put

    def put(self: Snapshot, relative: str, loaded: Any) -> None:
        counted.append(1)
        original(self, relative, loaded)

    Snapshot.put = put  # type: ignore[method-assign]
    try:
        compute(line)
    finally:
        Snapshot.put = original  # type: ignore[method-assign]
    assert len(counted) == files + 1  # every file once, and the one the second commit changed


def test_outside_a_git_repository_history_says_why(tmp_path: Path) -> None:
    inventory = tmp_path / "inv"
    shutil.copytree(EXAMPLE, inventory)
    done = run("history", str(inventory))
    assert done.exit_code == 2
    assert "not in a git repository" in done.output


def test_a_shallow_clone_says_how_to_deepen_it(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)],
                   check=True, capture_output=True)
    done = run("history", str(clone / "inv"), "--as-of", "2026-10-15")
    assert done.exit_code == 2
    assert "shallow clone" in done.output and "git fetch --unshallow" in done.output
    assert "--deepen" in done.output and "--since 2026-09-01" in done.output
    # Asking only for what the clone has works.
    points = history(clone, "--since", "2026-09-01", "--as-of", "2026-10-15")
    assert [p["date"] for p in points] == ["2026-09-30", "2026-10-15"]


def test_since_after_the_check_date_is_a_usage_error(repo: Path) -> None:
    done = run("history", str(repo / "inv"), "--since", "2026-10-01", "--as-of", "2026-09-01")
    assert done.exit_code == 2 and "after the check date 2026-09-01" in done.output
    german = run("history", str(repo / "inv"), "--since", "2026-10-01", "--as-of", "2026-09-01",
                 "--lang", "de")  # the option as typed, the check date as German writes dates
    assert german.exit_code == 2
    assert "--since 2026-10-01 liegt nach dem Stichtag 01.09.2026" in german.output


def test_csv_has_a_row_per_point_and_group(repo: Path) -> None:
    done = run("history", str(repo / "inv"), "--since", "2026-09-01", "--as-of", "2026-09-30",
               "-f", "csv")
    rows = [line.split(",") for line in done.stdout.splitlines()]
    assert rows[0][:6] == ["date", "revision", "status", "errors", "group", "name"]
    overall = [r for r in rows[1:] if r[4] == "overall"]
    assert len(overall) == 1 and overall[0][-1] == f"{expected_total(repo):.2f}"
    assert {r[4] for r in rows[1:]} == {"overall", "department", "site"}


def expected_total(repo: Path) -> float:
    procure = run("procure", str(EXAMPLE), "--as-of", "2026-09-30", "-f", "json")
    return float(json.loads(procure.stdout)["total"])

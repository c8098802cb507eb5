"""Which dates a history looks at, and which commit stands for each (outputs.md, "History")."""

from __future__ import annotations

from datetime import date

from itready.git import Commit
from itready.history.points import Planned, by_commit, by_period, default_since, period_ends

D = date.fromisoformat


def test_month_ends_from_since_to_the_check_date() -> None:
    assert list(period_ends(D("2025-11-27"), D("2026-02-10"), "month")) == [
        D("2025-11-30"), D("2025-12-31"), D("2026-01-31"), D("2026-02-10")]


def test_week_ends_are_sundays() -> None:
    assert list(period_ends(D("2026-11-04"), D("2026-11-20"), "week")) == [
        D("2026-11-08"), D("2026-11-15"), D("2026-11-20")]


def test_a_check_date_on_a_period_end_is_one_point() -> None:
    assert list(period_ends(D("2026-10-01"), D("2026-10-31"), "month")) == [D("2026-10-31")]


def test_since_defaults_to_twelve_months_before() -> None:
    assert default_since(D("2026-11-27")) == D("2025-11-27")
    assert default_since(D("2024-02-29")) == D("2023-02-28")


def test_a_period_takes_the_newest_first_parent_commit_on_or_before_its_end() -> None:
    # newest first, as git log lists them; the oldest carries a later date (a rebase)
    commits = [Commit("c", D("2026-03-05")), Commit("b", D("2026-01-20")),
               Commit("a", D("2026-02-10"))]
    assert by_period(commits, D("2026-01-01"), D("2026-03-31"), "month") == [
        Planned(D("2026-01-31"), "b"), Planned(D("2026-02-28"), "b"),
        Planned(D("2026-03-31"), "c")]
    assert by_period(commits[1:], D("2025-12-01"), D("2026-01-10"), "month") == []


def test_commits_that_changed_the_inventory_tree() -> None:
    commits = [Commit("d", D("2026-04-01")), Commit("c", D("2026-03-01")),
               Commit("b", D("2026-02-01")), Commit("a", D("2026-01-01"))]
    trees = ["t2", "t1", "t1", None]  # a: no inventory yet; c: another file changed
    assert by_commit(commits, trees, D("2026-01-01"), D("2026-12-31")) == [
        Planned(D("2026-02-01"), "b"), Planned(D("2026-04-01"), "d")]
    assert by_commit(commits, ["t2", "t1", "t1", "t0"], D("2026-01-15"), D("2026-03-31")) == [
        Planned(D("2026-02-01"), "b")]

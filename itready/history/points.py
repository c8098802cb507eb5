"""Which revisions of an inventory a history looks at, and on which dates.

A point is a date and the revision of the inventory on that date, along the first-parent line of
the current branch (outputs.md, "History"):

- ``every="commit"``: each commit that changed the inventory directory, dated by its commit date;
- ``every="month"`` or ``"week"``: the last day of each period from ``since`` on (the check date
  for the current period), with the inventory as the last first-parent commit on or before that
  day left it.

Dates before the first commit have no revision and no point.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from itready.git import Commit
from itready.rules.dates import shift


@dataclass(frozen=True, slots=True)
class Planned:
    """One point to compute: its check date and the commit that holds the inventory then."""

    day: date
    commit: str


def period_end(day: date, every: str) -> date:
    """The last day of the month or (ISO, Monday to Sunday) week that holds ``day``."""
    if every == "week":
        return day + timedelta(days=6 - day.weekday())
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_ends(since: date, as_of: date, every: str) -> Iterator[date]:
    """The last day of every period from the one holding ``since`` up to ``as_of``; the
    current period ends on ``as_of``."""
    end = period_end(since, every)
    while end < as_of:
        yield end
        end = period_end(end + timedelta(days=1), every)
    yield as_of


def by_period(commits: Sequence[Commit], since: date, as_of: date, every: str
              ) -> list[Planned]:
    """A point at the end of each period: the newest first-parent commit dated on or before
    it (``commits`` newest first)."""
    points = []
    for end in period_ends(since, as_of, every):
        commit = next((c for c in commits if c.day <= end), None)
        if commit is not None:
            points.append(Planned(end, commit.oid))
    return points


def by_commit(commits: Sequence[Commit], trees: Sequence[str | None], since: date,
              as_of: date) -> list[Planned]:
    """A point for each commit dated from ``since`` to ``as_of`` whose inventory tree differs
    from its first parent's (``commits`` newest first, ``trees`` the inventory's tree at each;
    the oldest commit's parent is taken to have none)."""
    points = []
    for number, commit in enumerate(commits):
        parent = trees[number + 1] if number + 1 < len(trees) else None
        if since <= commit.day <= as_of and trees[number] != parent:
            points.append(Planned(commit.day, commit.oid))
    points.reverse()
    return points


def default_since(as_of: date) -> date:
    """Twelve months before the check date."""
    return shift(as_of, -12, "m")

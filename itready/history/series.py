"""How readiness developed: the figures of ``check`` and ``procure`` at each point of a history.

``timeline`` asks git which revisions to look at (cheap: no inventory is read); ``compute``
loads each of them, with that point's date as the check date, and keeps readiness, findings by
severity and the purchase total. The figures come from the same functions as ``itready check``
and ``itready procure`` (the rules run once per point, and the plan is made from their
findings), so a point equals ``check --as-of DATE`` and ``procure --as-of DATE`` on that
revision. A revision where the inventory does not exist, or does not validate, is a point too,
marked, and the series goes on.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from itready import git
from itready.history.points import Planned, by_commit, by_period, period_end
from itready.history.snapshot import Snapshot

if TYPE_CHECKING:
    from itready.findings import Readiness
    from itready.loader.cache import Cache
    from itready.loader.inventory import LoadResult

OK, INVALID, MISSING = "ok", "invalid", "missing"


@dataclass(frozen=True, slots=True)
class Timeline:
    """The points a history will compute, as git lists them."""

    top: Path
    prefix: str  # the inventory directory relative to ``top`` ("" or "dir/")
    since: date
    as_of: date
    every: str
    planned: tuple[Planned, ...]
    #: In a shallow clone whose history starts after ``since``: the date of its oldest commit.
    #: Points before it are missing; ``git fetch --unshallow`` (or ``--deepen``) brings them.
    shallow_from: date | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """The figures at one point: what ``check`` and ``procure`` said on that date."""

    day: date
    commit: str
    status: str = OK  # ok, invalid (input errors), missing (no inventory at that revision)
    errors: int = 0
    overall: Readiness | None = None
    departments: tuple[Readiness, ...] = ()
    sites: tuple[Readiness, ...] = ()
    #: Unwaived findings per severity, every severity present (None unless ok).
    findings: dict[str, int] | None = None
    purchase_total: Decimal | None = None

    @property
    def revision(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True, slots=True)
class History:
    """The points of one history, oldest first, and what it was asked for."""

    as_of: date
    since: date
    every: str
    points: tuple[Point, ...]
    department: str | None = None
    site: str | None = None
    #: Every department and site that some point's inventory has (to tell a misspelt
    #: ``--department`` from one that did not exist yet).
    departments_seen: frozenset[str] = frozenset()
    sites_seen: frozenset[str] = frozenset()
    shallow_from: date | None = None

    def first_and_last(self, kind: str) -> list[tuple[str, Readiness, Readiness]]:
        """(name, first, last readiness) of each of the points' ``departments`` or ``sites``,
        by name: the first and last point that counts it."""
        first: dict[str, Readiness] = {}
        last: dict[str, Readiness] = {}
        for point in self.points:
            for group in getattr(point, kind):
                first.setdefault(group.name, group)
                last[group.name] = group
        return [(name, first[name], last[name]) for name in sorted(last)]


def timeline(path: Path, as_of: date, since: date, every: str) -> Timeline:
    """The points of the history of the inventory at ``path``: raises ``git.GitError`` when
    ``path`` is not in a git work tree, or git cannot answer."""
    top, prefix = git.repository(path)
    commits = git.first_parent(top)
    if every == "commit":
        planned = by_commit(commits, git.trees(top, [c.oid for c in commits], prefix),
                            since, as_of)
    else:
        planned = by_period(commits, since, as_of, every)
    shallow_from = None
    if commits and commits[-1].oid in git.shallow_commits(top):
        first = since if every == "commit" else min(period_end(since, every), as_of)
        if first < commits[-1].day:
            shallow_from = commits[-1].day
    return Timeline(top, prefix, since, as_of, every, tuple(planned), shallow_from)


def compute(line: Timeline, *, department: str | None = None, site: str | None = None,
            cache: Cache | None = None) -> History:
    """Load the inventory at each point of ``line`` and take its figures (for one department
    and/or site if given). Records of files unchanged since an earlier point are reused."""
    from itready.api import paused
    from itready.loader.inventory import load

    points: list[Point] = []
    departments: set[str] = set()
    sites: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="itready-history-") as tmp, paused():
        root = Path(tmp) / "inventory"
        root.mkdir()
        snapshot = Snapshot(line.top, line.prefix, root)
        for planned in line.planned:
            if not snapshot.switch(planned.commit):
                points.append(Point(planned.day, planned.commit, MISSING))
                continue
            result = load(root, cache=cache, memo=snapshot)
            if result.errors:
                points.append(Point(planned.day, planned.commit, INVALID, len(result.errors)))
                continue
            point = figures(result, planned, department, site)
            points.append(point)
            if point.status == OK:
                departments.update(w.department for w in result.inventory.workplaces)
                sites.update(s.id for s in result.inventory.sites)
    return History(line.as_of, line.since, line.every, tuple(points), department, site,
                   frozenset(departments), frozenset(sites), line.shallow_from)


def figures(result: LoadResult, planned: Planned, department: str | None = None,
            site: str | None = None) -> Point:
    """One point's figures from a loaded, valid inventory: the rules run once; readiness and
    findings as ``check`` reports them, the purchase total as ``procure`` sums it."""
    from itready.plan.gaps import plan
    from itready.plan.procure import procure
    from itready.rules.engine import report_of, run_checks

    day = planned.day
    findings, errors, ctx = run_checks(result, day, located=False)
    if errors:  # a custom rule that cannot run: as check, the inventory is not trusted
        return Point(day, planned.commit, INVALID, len(errors))
    report = report_of(result, findings, errors, ctx, department=department, site=site)
    purchases = plan(result.inventory, day, findings, ctx, ctx.catalogue)
    if department is not None or site is not None:
        purchases = purchases.filtered(ctx, department, site)
    total = procure(purchases, report.findings, ctx).total
    return Point(day, planned.commit, OK, 0, report.overall, report.departments, report.sites,
                 report.counts(), total)

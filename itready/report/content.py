"""The report's whole content: the figures of the check date, and the history where git has it.

A report is written whatever the history: outside a git repository, or in one without commits,
it says so instead of drawing a chart; in a shallow clone it shows what there is and says how to
fetch the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itready.history import History
    from itready.loader.cache import Cache
    from itready.report.figures import Figures

NO_GIT, SHALLOW, NO_POINTS = "no-git", "shallow", "no-points"


@dataclass(frozen=True, slots=True)
class HistoryNote:
    """Why the history is missing or incomplete: ``kind`` (no-git, shallow, no-points), git's
    reason, and the date a shallow clone's history starts on."""

    kind: str
    detail: str = ""
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Management:
    """What the management report shows."""

    figures: Figures
    history: History | None = None
    note: HistoryNote | None = None
    #: the inventory's directory name, for the title when the settings name no organisation
    inventory: str = ""


def history_of(path: Path, as_of: date, since: date, every: str, department: str | None,
               site: str | None, cache: Cache | None
               ) -> tuple[History | None, HistoryNote | None]:
    """The history for the report, or None and a note that says why there is none."""
    from itready import git
    from itready.history import compute, timeline

    try:
        line = timeline(path, as_of, since, every)
    except git.GitError as exc:
        return None, HistoryNote(NO_GIT, str(exc))
    if not line.planned:
        return None, HistoryNote(NO_POINTS)
    history = compute(line, department=department, site=site, cache=cache)
    if line.shallow_from is not None:
        return history, HistoryNote(SHALLOW, day=line.shallow_from)
    return history, None

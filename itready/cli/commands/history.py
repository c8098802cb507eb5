"""`itready history`: readiness, findings and purchase total at each point of the git history."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.localised import command
from itready.cli.options import (
    as_of_option,
    dialect_option,
    format_option,
    lang_option,
    no_cache_option,
    output_option,
    path_argument,
    scope_options,
)
from itready.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    choose_format,
    emit,
    guard_outputs,
    open_cache,
    options_for,
)
from itready.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from itready.history import History, Timeline
    from itready.loader.cache import Cache
    from itready.model import Inventory


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("'{value}' is not a date like 2025-11-27").format(
            value=value)) from None


@command("history", help=N_(
    "How readiness developed: readiness, findings by severity and the purchase total at each "
    "point of the inventory's git history, each computed on the inventory as it was then, with "
    "that point's date as the check date, along the first-parent line of the branch.\n\n"
    "\b\n"
    "  itready history inventory                       # the last 12 months, month by month\n"
    "  itready history inventory --every commit -f json --since 2026-01-01"))
@path_argument
@as_of_option
@click.option("--since", callback=_since, metavar="YYYY-MM-DD",
              help=N_("The first date to look at (default: 12 months before the check date)."))
@click.option("--every", type=click.Choice(("month", "week", "commit")), default="month",
              show_default=True,
              help=N_("A point at the end of each month or week (with the inventory as the last "
                      "commit before it left it), or at each commit that changed the inventory."))
@scope_options
@format_option("history", N_("Output format (auto: rich on a terminal, text otherwise)."))
@dialect_option
@output_option
@lang_option
@no_cache_option
def history_command(path: Path, as_of: date, since: date | None, every: str,
                    department: str | None, site: str | None, format_name: str, dialect: str,
                    output: Path | None, no_cache: bool) -> None:
    """The history of the inventory at ``path`` (help above)."""
    from itready.history import compute

    guard_outputs(path, output)
    line = history_timeline(path, as_of, since, every)
    if line.shallow_from is not None:
        click.echo(shallow_message(line), err=True)
        sys.exit(EXIT_INVALID)
    cache = open_cache(no_cache)
    department, site = _named_today(path, department, site, cache)
    history = compute(line, department=department, site=site, cache=cache)
    _known_scope(history)
    name = choose_format("history", format_name, "text")
    emit("history", history, name,
         options_for("history", path, {name}, output, dialect=dialect), output)
    sys.exit(EXIT_OK)


def history_timeline(path: Path, as_of: date, since: date | None, every: str) -> Timeline:
    """The points to compute; exit code 2 with git's reason when there is no history."""
    from itready import git
    from itready.history import default_since, timeline
    from itready.i18n.formatting import day

    since = since or default_since(as_of)
    if since > as_of:
        raise click.UsageError(_("--since {since} is after the check date {as_of}").format(
            since=since, as_of=day(as_of)))
    try:
        return timeline(path, as_of, since, every)
    except git.GitError as exc:
        click.echo(_("error: no history: {reason}").format(reason=exc), err=True)
        sys.exit(EXIT_INVALID)


def shallow_message(line: Timeline) -> str:
    """Why a shallow clone has too little history, and how to get more."""
    assert line.shallow_from is not None
    return _("error: the repository is a shallow clone: its history starts on {start}, after "
             "{since}. Fetch the rest with `git fetch --unshallow` (or part of it: `git fetch "
             "--deepen=100`), or ask for less: --since {start}").format(
                 start=line.shallow_from, since=line.since)


def _named_today(path: Path, department: str | None, site: str | None, cache: Cache | None
                 ) -> tuple[str | None, str | None]:
    """--department and --site as today's inventory names them (a unique part of a name is
    enough, as for check); a name it does not know stays as given, for the points of the
    history that knew it (_known_scope refuses it when none did)."""
    if department is None and site is None:
        return department, site
    from itready.api import load
    from itready.rules import selection as names

    result = load(path, cache=cache)
    if result.errors:
        return department, site

    def named(resolve: Callable[[str, Inventory], str], value: str | None) -> str | None:
        try:
            return None if value is None else resolve(value, result.inventory)
        except names.ScopeError:
            return value

    return named(names.department, department), named(names.site, site)


def _known_scope(history: History) -> None:
    """--department and --site must name something that some point's inventory has."""
    from itready.errors import did_you_mean

    for option, value, known in (("--department", history.department,
                                  history.departments_seen),
                                 ("--site", history.site, history.sites_seen)):
        if value is not None and known and value not in known:
            click.echo(_("error: {option} '{value}' names nothing in the inventory's history")
                       .format(option=option, value=value) + did_you_mean(value, known),
                       err=True)
            sys.exit(EXIT_INVALID)

"""`itready lifecycle`: the bundled OS lifecycle table, and what ends soon.

One row per release: the OS name as devices spell it, the release, the last day of security
support and its status on the check date. ``--within DAYS`` keeps only releases whose support
ends within DAYS of the check date, soonest first.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

import click

from itready.cli import EXIT_INVALID, as_of_option

#: Without --within, a release whose support ends within this many days shows "ends in N days"
#: (the default of policy.eol_warning_days, rule DEV002).
WARNING_DAYS = 180


def status(eol: date | None, as_of: date, warning_days: int = WARNING_DAYS) -> str:
    """supported / ends today / ends in N days / ended, on ``as_of``."""
    if eol is None:
        return "supported"
    days = (eol - as_of).days
    if days < 0:
        return "ended"
    if days == 0:
        return "ends today"
    if days <= warning_days:
        return f"ends in {days} day{'s' if days != 1 else ''}"
    return "supported"


@click.command("lifecycle")
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only releases whose support ends within DAYS of the check date.")
@as_of_option
@click.option("--os", "os_name", metavar="NAME",
              help="Only this operating system (windows, macos, ios, android, ubuntu, ...).")
def lifecycle_command(within: int | None, as_of: date, os_name: str | None) -> None:
    """The OS lifecycle table: what is supported, what ends soon, what has ended."""
    from tabulate import tabulate

    from itready.errors import did_you_mean
    from itready.lifecycle import LifecycleTable

    table = LifecycleTable.bundled()
    releases = (list(table.releases) if within is None
                else table.ending_within(as_of, within))
    if os_name is not None:
        wanted = "-".join(os_name.strip().lower().replace("_", " ").split())
        known = sorted({r.os for r in table.releases})
        if wanted not in known:
            click.echo(f"error: the lifecycle table has no OS '{os_name}'"
                       f"{did_you_mean(wanted, known)}; it knows {', '.join(known)}", err=True)
            sys.exit(EXIT_INVALID)
        releases = [r for r in releases if r.os == wanted]

    source = f"endoflife.date (MIT licence), snapshot {table.snapshot[:12]}"
    if table.data_as_of is not None:
        source += f", data as of {table.data_as_of.isoformat()}"
    click.echo(f"OS lifecycle table from {source}")
    scope = f"check date {as_of.isoformat()}"
    if within is not None:
        scope += f"; support ending within {within} days (by {_plus(as_of, within)})"
    click.echo(scope)
    click.echo()
    if not releases:
        click.echo("No release matches.")
        return
    warning = WARNING_DAYS if within is None else max(within, 0)
    rows = [[r.os, r.label, r.eol.isoformat() if r.eol else "not announced",
             status(r.eol, as_of, warning)] for r in releases]
    click.echo(tabulate(rows, headers=["OS", "Release", "Support ends", "Status"],
                        tablefmt="simple", disable_numparse=True))
    click.echo()
    ended = sum(1 for r in releases if r.eol is not None and r.eol < as_of)
    count = f"{len(releases)} release{'s' if len(releases) != 1 else ''}"
    click.echo(f"{count}, {ended} ended." if within is None else f"{count}.")
    click.echo("Support ends: the last day with security updates. Extended updates bought by "
               "your organisation\ngo in itready.yaml (lifecycle:) and count for the rules.")


def _plus(day: date, days: int) -> str:
    return (day + timedelta(days=days)).isoformat()

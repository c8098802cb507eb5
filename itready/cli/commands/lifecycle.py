"""`itready lifecycle`: the bundled OS lifecycle table, and what ends soon.

One row per release: the OS name as devices spell it, the release, the last day of security
support and its status on the check date. ``--within DAYS`` keeps only releases whose support
ends within DAYS of the check date, soonest first.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from itready.cli.options import as_of_option, format_option, output_option
from itready.cli.output import EXIT_INVALID, choose_format, emit, options_for


@click.command("lifecycle")
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only releases whose support ends within DAYS of the check date.")
@as_of_option
@click.option("--os", "os_name", metavar="NAME",
              help="Only this operating system (windows, macos, ios, android, ubuntu, ...).")
@format_option("lifecycle", "text")
@output_option
def lifecycle_command(within: int | None, as_of: date, os_name: str | None, format_name: str,
                      output: Path | None) -> None:
    """The OS lifecycle table: what is supported, what ends soon, what has ended."""
    from itready.errors import did_you_mean
    from itready.formats.lifecycle import Listing
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
    listing = Listing(as_of, tuple(releases), source, within)
    name = choose_format("lifecycle", format_name, "text")
    emit("lifecycle", listing, name, options_for("lifecycle", None, {name}, output), output)

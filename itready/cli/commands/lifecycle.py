"""`itready lifecycle [PATH]`: the OS lifecycle table, and what ends soon.

One row per release: the OS name as devices spell it, the release, the last day of security
support and its status on the check date. ``--within DAYS`` keeps only releases whose support
ends within DAYS of the check date, soonest first.

With an inventory at PATH the table is the one its rules use (the bundled table with the
``lifecycle:`` entries of its itready.yaml), and the listing shows the releases its devices in
use run, with how many devices run each, and its own entries even where no device runs them:
the question at an inventory is "what do we run, and until when", not the whole table.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.localised import command
from itready.cli.options import (
    allow_empty_option,
    as_of_option,
    format_option,
    lang_option,
    no_cache_option,
    output_option,
    use_inventory_language,
)
from itready.cli.output import (
    EXIT_INVALID,
    choose_format,
    emit,
    list_errors,
    load_inventory,
    options_for,
)
from itready.i18n import N_, _

if TYPE_CHECKING:
    from itready.formats.lifecycle import Listing
    from itready.lifecycle import LifecycleTable, Release


def _root(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    from itready.loader.discover import find_root

    if value is None:
        return None
    root = find_root(value)
    use_inventory_language(root)
    return root


@command("lifecycle", help=N_(
    "The OS lifecycle table: what is supported, what ends soon, what has ended.\n\n"
    "With PATH (an inventory), its own lifecycle entries apply, and the listing shows the "
    "releases its devices in use run, with the number of devices on each."))
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), required=False,
                callback=_root)
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help=N_("Only releases whose support ends within DAYS of the check date."))
@as_of_option
@click.option("--os", "os_name", metavar="NAME",
              help=N_("Only this operating system (windows, macos, ios, android, ubuntu, "
                      "...)."))
@format_option("lifecycle", N_("Output format (auto: text)."))
@output_option
@allow_empty_option
@no_cache_option
@lang_option
def lifecycle_command(path: Path | None, within: int | None, as_of: date, os_name: str | None,
                      format_name: str, output: Path | None, allow_empty: bool,
                      no_cache: bool) -> None:
    """The lifecycle listing, of the bundled table or an inventory's (help above)."""
    from itready.errors import did_you_mean
    from itready.lifecycle import LifecycleTable

    table = LifecycleTable.bundled()
    listing = _listing(table, as_of, within) if path is None else _inventory_listing(
        path, table, as_of, within, no_cache, allow_empty)
    if os_name is not None:
        wanted = "-".join(os_name.strip().lower().replace("_", " ").split())
        known = sorted({r.os for r in table.releases})
        if wanted not in known:
            click.echo(_("error: the lifecycle table has no OS '{os}'{did_you_mean}; it knows "
                         "{known}").format(os=os_name, did_you_mean=did_you_mean(wanted, known),
                                           known=", ".join(known)), err=True)
            sys.exit(EXIT_INVALID)
        listing = listing.only(lambda r: r.os == wanted)
    name = choose_format("lifecycle", format_name, "text")
    emit("lifecycle", listing, name, options_for("lifecycle", None, {name}, output), output)


def _source(table: LifecycleTable) -> str:
    from itready.i18n.formatting import day

    source = _("endoflife.date (MIT licence), snapshot {snapshot}").format(
        snapshot=table.snapshot[:12])
    if table.data_as_of is not None:
        source += _(", data as of {date}").format(date=day(table.data_as_of))
    return source


def _releases(table: LifecycleTable, as_of: date, within: int | None) -> list[Release]:
    return list(table.releases) if within is None else table.ending_within(as_of, within)


def _listing(table: LifecycleTable, as_of: date, within: int | None) -> Listing:
    from itready.formats.lifecycle import Listing

    return Listing(as_of, tuple(_releases(table, as_of, within)), _source(table), within)


def _inventory_listing(path: Path, bundled: LifecycleTable, as_of: date, within: int | None,
                       no_cache: bool, allow_empty: bool) -> Listing:
    """The releases the inventory's devices in use run (and its own entries), counted."""
    from itready.formats.lifecycle import Listing
    from itready.lifecycle import SOURCE_SETTINGS

    result = load_inventory(path, no_cache, allow_empty=allow_empty)
    if result.errors:
        list_errors(result, path)
        sys.exit(EXIT_INVALID)
    inventory = result.inventory
    table = bundled.with_overrides(inventory.settings.lifecycle)
    counts, unknown = table.usage(
        (d.os.name, d.os.version, d.os.edition) for d in inventory.devices
        if d.os is not None and d.status == "in-use")
    releases = tuple(r for r in _releases(table, as_of, within)
                     if (r.os, r.cycle) in counts or r.source == SOURCE_SETTINGS)
    return Listing(as_of, releases, _source(table), within, devices=counts, unknown=unknown,
                   inventory=str(path))

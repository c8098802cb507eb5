"""`itready procure`: purchase lines with quantity, unit price and total, per group."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from itready.cli.localised import command
from itready.cli.options import (
    allow_empty_option,
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
    list_errors,
    load_inventory,
    options_for,
    scope,
)
from itready.i18n import N_, _


@command("procure", help=N_(
    "Purchase lines: item, quantity, unit price, total, per department / cost centre / site."
    "\n\nStock and free licence seats are used first (see `itready gaps`); waived findings "
    "buy nothing; unused seats (LIC004) are shown as savings, not in the total."))
@path_argument
@as_of_option
@click.option("--group-by", type=click.Choice(("department", "cost_centre", "site", "none")),
              default="department", show_default=True,
              help=N_("Sum lines per department, cost centre or site (none: one list)."))
@scope_options
@dialect_option
@format_option("procure", N_("Output format (auto: rich on a terminal, table otherwise)."))
@output_option
@allow_empty_option
@no_cache_option
@lang_option
def procure_command(path: Path, as_of: date, group_by: str, department: str | None,
                    site: str | None, dialect: str, format_name: str, output: Path | None,
                    allow_empty: bool, no_cache: bool) -> None:
    """The purchase list of the inventory at ``path`` (help above)."""
    from itready.plan.procure import build_procurement

    guard_outputs(path, output)
    result = load_inventory(path, no_cache, allow_empty=allow_empty)
    if result.errors:
        list_errors(result, path)
        sys.exit(EXIT_INVALID)
    department, site = scope(result, department, site)
    procurement, errors = build_procurement(result, as_of, group_by, department=department,
                                            site=site)
    if errors:
        list_errors(errors, path)
        sys.exit(EXIT_INVALID)
    name = choose_format("procure", format_name, "table")
    emit("procure", procurement, name,
         options_for("procure", path, {name}, output, dialect=dialect), output)
    if procurement.unpriced_items and name in ("csv", "json", "xlsx"):
        click.echo(_("note: no price for {items}; their lines have no total (set prices in "
                     "itready.yaml)").format(items=", ".join(procurement.unpriced_items)),
                   err=True)
    sys.exit(EXIT_OK)

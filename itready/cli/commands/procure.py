"""`itready procure`: purchase lines with quantity, unit price and total, per group."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from itready.cli import EXIT_INVALID, EXIT_OK, _load, as_of_option, no_cache_option, path_argument
from itready.cli.commands.gaps import choose, color, emit, list_errors, width


@click.command("procure")
@path_argument
@as_of_option
@click.option("--group-by", type=click.Choice(("department", "cost_centre", "site", "none")),
              default="department", show_default=True,
              help="Sum lines per department, cost centre or site (none: one list).")
@click.option("--dialect", type=click.Choice(("rfc4180", "excel-de")), default="rfc4180",
              show_default=True,
              help="CSV dialect: rfc4180 (',', decimal point) or excel-de (';', decimal "
                   "comma, UTF-8 with BOM, CRLF) for a German Excel.")
@click.option("-f", "--format", "format_name", default="auto", show_default=True,
              type=click.Choice(("auto", "rich", "table", "csv", "json")),
              help="Output format (auto: rich on a terminal, table otherwise).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
@no_cache_option
def procure_command(path: Path, as_of: date, group_by: str, dialect: str, format_name: str,
                    output: Path | None, no_cache: bool) -> None:
    """Purchase lines: item, quantity, unit price, total, per department / cost centre / site.

    Stock and free licence seats are used first (see `itready gaps`); waived findings buy
    nothing; unused seats (LIC004) are shown as savings, not in the total.
    """
    from itready.formats.procure import FORMATS
    from itready.formats.spreadsheet import ListOptions
    from itready.plan.procure import build

    result = _load(path, no_cache)
    if result.errors:
        list_errors(result.errors, path)
        sys.exit(EXIT_INVALID)
    procurement, errors = build(result, as_of, group_by)
    if errors:
        list_errors(errors, path)
        sys.exit(EXIT_INVALID)
    name = choose(format_name, "table")
    options = ListOptions(dialect=dialect, color=color(output), width=width(output))
    text = FORMATS[name](procurement, options)
    emit(text, output, csv=name == "csv")
    if procurement.unpriced_items and name in ("csv", "json"):
        click.echo(f"note: no price for {', '.join(procurement.unpriced_items)}; their lines "
                   "have no total (set prices in itready.yaml)", err=True)
    sys.exit(EXIT_OK)

"""`itready gaps`: what each not-ready workplace misses, and what closes each gap."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from itready.cli import (
    EXIT_INVALID,
    EXIT_OK,
    _display,
    _load,
    as_of_option,
    no_cache_option,
    path_argument,
)

GAPS_FORMATS = ("auto", "rich", "text", "table", "csv", "json")


def list_errors(errors: list[Any], path: Path) -> None:
    """Input errors on standard error, one per line, `file:line:col: error CODE message`."""
    for error in sorted(errors, key=lambda e: e.sort_key()):
        click.echo(f"{_display(path, error.location)}: error {error.code} {error.message}",
                   err=True)
    click.echo(f"{len(errors)} error(s): the inventory is not valid; nothing was written",
               err=True)


def emit(text: str, output: Path | None, csv: bool) -> None:
    """Standard output, or ``output`` written atomically; CSV keeps its bytes (BOM, CRLF)."""
    if output is not None:
        from itready.write import write_atomic

        write_atomic(output, text, newline="" if csv else None)
    elif csv:
        click.echo(text.encode("utf-8"), nl=False)  # bytes: no newline translation, BOM kept
    else:
        click.echo(text, nl=False)


def choose(format_name: str, plain: str) -> str:
    if format_name != "auto":
        return format_name
    return "rich" if sys.stdout.isatty() else plain


def color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def width(output: Path | None) -> int:
    """The terminal's width on a terminal; 100 columns in files and pipes."""
    if output is None and sys.stdout.isatty():
        return max(60, shutil.get_terminal_size((100, 24)).columns)
    return 100


@click.command("gaps")
@path_argument
@as_of_option
@click.option("--department", help="Only workplaces of this department.")
@click.option("--site", help="Only workplaces of this site.")
@click.option("-f", "--format", "format_name", default="auto", show_default=True,
              type=click.Choice(GAPS_FORMATS),
              help="Output format (auto: rich on a terminal, text otherwise).")
@click.option("--dialect", type=click.Choice(("rfc4180", "excel-de")), default="rfc4180",
              show_default=True, help="CSV dialect (excel-de: ';', decimal comma, BOM).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
@no_cache_option
def gaps_command(path: Path, as_of: date, department: str | None, site: str | None,
                 format_name: str, dialect: str, output: Path | None, no_cache: bool) -> None:
    """For each non-office workplace that is not ready: what it misses and what closes each
    gap (hand over from stock, assign a free licence seat, buy)."""
    from itready.formats.gaps import FORMATS
    from itready.formats.spreadsheet import ListOptions
    from itready.plan.gaps import build

    result = _load(path, no_cache)
    if result.errors:
        list_errors(result.errors, path)
        sys.exit(EXIT_INVALID)
    plan, _findings, ctx, errors = build(result, as_of)
    if errors:
        list_errors(errors, path)
        sys.exit(EXIT_INVALID)
    if department is not None or site is not None:
        plan = plan.filtered(ctx, department, site)
    name = choose(format_name, "text")
    options = ListOptions(dialect=dialect, color=color(output), width=width(output))
    text = FORMATS[name](plan, options)
    emit(text, output, csv=name == "csv")
    sys.exit(EXIT_OK)

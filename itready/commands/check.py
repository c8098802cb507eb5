"""`itready check`: run the rules and report findings and readiness."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from itready.cli import (
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    FAIL_ON,
    _choose_format,
    _emit,
    _error_report,
    _load,
    _split,
    as_of_option,
    no_cache_option,
    path_argument,
)


@click.command("check")
@path_argument
@as_of_option
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
              help="Exit 1 when an unwaived finding is at or above this severity.")
@click.option("--select", multiple=True, metavar="IDS",
              help="Only these rules or rule families (DEV003, NET; repeat or separate by ,).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Leave out these rules.")
@click.option("--department", help="Only workplaces (and their devices) of this department.")
@click.option("--site", help="Only workplaces, devices and findings of this site.")
@click.option("-f", "--format", "format_name", default="auto", show_default=True,
              type=click.Choice(["auto", "rich", "text", "table", "json"]),
              help="Report format (auto: rich on a terminal, text otherwise).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--all", "show_all", is_flag=True, help="Show every finding, not only the worst.")
@no_cache_option
def check_command(path: Path, as_of: date, fail_on: str, select: tuple[str, ...],
          ignore: tuple[str, ...], department: str | None, site: str | None, format_name: str,
          output: Path | None, show_all: bool, no_cache: bool) -> None:
    """Load, validate, run the rules, report findings and readiness."""
    from itready.engine import check as run_check
    from itready.formats import RenderOptions, renderer

    result = _load(path, no_cache)
    if result.errors:
        report = _error_report(result, as_of)
    else:
        report = run_check(result, as_of, select=_split(select), ignore=_split(ignore),
                           department=department, site=site)
    name = _choose_format(format_name)
    options = RenderOptions(root=str(path), show_all=show_all,
                            color=output is None and not os.environ.get("NO_COLOR"))
    _emit(renderer(name)(report, options), output)
    if report.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK)


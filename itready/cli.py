"""The command line: parse options, call the core, choose a format, set the exit code.

Kept thin and lazy: each command imports what it needs when it runs, so that ``itready --help``
starts instantly. Bad input never ends in a traceback: input errors are listed and the exit code
is 2; any other failure is a bug and says so.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from itready import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2026-11-27") from None


as_of_option = click.option(
    "--as-of", callback=_as_of, metavar="YYYY-MM-DD",
    help="Check date (default: today), so that a run can be repeated byte for byte.",
)
path_argument = click.argument(
    "path", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Parse every file afresh.")


class _Group(click.Group):
    """Command-line errors exit 2 (click's default), everything else as the commands decide."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="itready")
def main() -> None:
    """Is the IT ready for mobile work, desk sharing and telework?

    Loads a YAML inventory of sites, VPN gateways, workplaces, devices and licences, checks it
    against a rule catalogue and reports readiness, gaps and what to buy.
    """


def _load(path: Path, no_cache: bool, quiet: bool = False) -> Any:
    from itready.cache import Cache
    from itready.inventory import load

    progress = None
    if not quiet and sys.stderr.isatty() and not os.environ.get("CI"):
        from itready.progress import progress_bar

        progress = progress_bar()
    try:
        return load(path, cache=None if no_cache else Cache(), progress=progress)
    finally:
        if progress is not None:
            progress(-1, -1)


def _print_errors(result: Any, path: Path) -> None:
    for error in result.errors:
        click.echo(f"{_display(path, error.location)}: error {error.code} {error.message}")


def _display(root: Path, location: Any) -> str:
    """A location as a user's editor opens it: relative to where the command was run."""
    prefix = "" if str(root) in ("", ".") else f"{root.as_posix().rstrip('/')}/"
    return f"{prefix}{location.path}:{location.line}:{location.column}"


@main.command()
@path_argument
@no_cache_option
def validate(path: Path, no_cache: bool) -> None:
    """Load and validate only: syntax, schema, references. The fast CI gate."""
    result = _load(path, no_cache)
    _print_errors(result, path)
    inv = result.inventory
    counts = (f"{len(inv.files)} files: {len(inv.sites)} sites, {len(inv.vpn)} VPN gateways, "
              f"{len(inv.workplaces)} workplaces, {len(inv.devices)} devices, "
              f"{len(inv.licences)} licences")
    if result.errors:
        click.echo(f"{len(result.errors)} error(s) in {counts}", err=False)
        sys.exit(EXIT_INVALID)
    click.echo(f"valid: {counts}")


FAIL_ON = ("critical", "high", "medium", "low", "info", "never")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _choose_format(name: str) -> str:
    if name != "auto":
        return name
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from itready.formats import FORMATS

        if "github" in FORMATS:
            return "github"
    return "rich" if sys.stdout.isatty() else "text"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        from itready.output import write_atomic

        write_atomic(output, text)


@main.command()
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
def check(path: Path, as_of: date, fail_on: str, select: tuple[str, ...],
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


def _error_report(result: Any, as_of: date) -> Any:
    """A report that carries only input errors: no rule runs on an inventory not trusted."""
    from itready.findings import Readiness, Report

    return Report(organisation=result.inventory.settings.organisation, as_of=as_of,
                  tool_version=__version__, findings=(), errors=tuple(result.errors),
                  overall=Readiness("overall", 0, 0), departments=(), sites=())

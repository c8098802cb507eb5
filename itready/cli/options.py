"""Options that several commands share, defined once so that they read and behave alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FAIL_ON = ("critical", "high", "medium", "low", "info", "never")
DIALECTS = ("rfc4180", "excel-de")


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
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of standard output.")
dialect_option = click.option(
    "--dialect", type=click.Choice(DIALECTS), default="rfc4180", show_default=True,
    help="CSV dialect: rfc4180 (',', decimal point) or excel-de (';', decimal comma, UTF-8 "
         "with BOM, CRLF) for a German Excel.")
fail_on_option = click.option(
    "--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
    help="Exit 1 when an unwaived finding is at or above this severity.")
show_all_option = click.option("--all", "show_all", is_flag=True,
                               help="Show every finding, not only the worst.")


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        from itready.i18n import set_language

        set_language(value)


lang_option = click.option(
    "--lang", type=click.Choice(("de", "en")), callback=_lang, expose_value=False,
    is_eager=True, help="Language of the texts (default: the environment, else English).")


def scope_options(function: F) -> F:
    """``--department`` and ``--site``: narrow a command to one department and/or site."""
    function = click.option("--site", help="Only workplaces (and their devices) of this site.")(
        function)
    return click.option("--department",
                        help="Only workplaces (and their devices) of this department.")(function)


def format_option(subject: str, auto: str) -> Callable[[F], F]:
    """``-f/--format`` with the formats of ``subject`` and ``auto``, explained by ``auto``."""
    from itready.formats import names

    return click.option(
        "-f", "--format", "format_name", default="auto", show_default=True,
        type=click.Choice(["auto", *names(subject)]),
        help=f"Output format (auto: {auto}).")


def report_option(subject: str) -> Callable[[F], F]:
    """``--report FORMAT=FILE`` (repeatable): more formats from the same run."""
    def parse(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
              ) -> tuple[tuple[str, Path], ...]:
        from itready.formats import names

        known = names(subject)
        pairs: list[tuple[str, Path]] = []
        for value in values:
            name, sep, file = value.partition("=")
            name = name.strip()
            if not sep or not file:
                raise click.BadParameter(
                    f"'{value}' is not FORMAT=FILE (e.g. sarif=itready.sarif)")
            if name not in known:
                raise click.BadParameter(f"unknown format '{name}' in '{value}'; choose from "
                                         + ", ".join(known))
            pairs.append((name, Path(file)))
        return tuple(pairs)

    return click.option(
        "--report", "reports", multiple=True, metavar="FORMAT=FILE", callback=parse,
        help="Also write the report in FORMAT to FILE (atomically); repeat for more formats, "
             "e.g. --report sarif=itready.sarif --report junit=itready.xml.")


def split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Values of a repeatable option, each also split at commas: ``--select DEV,NET001``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())

"""`itready report`: the management report, one self-contained HTML file."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click
from click.core import ParameterSource

from itready.cli.localised import command
from itready.cli.options import (
    as_of_option,
    lang_option,
    no_cache_option,
    output_option,
    path_argument,
    scope_options,
)
from itready.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    emit,
    guard_outputs,
    list_errors,
    load_inventory,
    open_cache,
    options_for,
    scope,
)
from itready.i18n import N_, _

_SPAN = re.compile(r"(\d+)([mw])")


def _history(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, str] | None:
    """``12m`` (monthly points over 12 months), ``8w`` (weekly over 8 weeks), or ``none``."""
    if value.strip().lower() in ("none", "0", "off"):
        return None
    found = _SPAN.fullmatch(value.strip().lower())
    if not found or int(found.group(1)) == 0:
        raise click.BadParameter(_("'{value}' is not a span like 12m (months), 8w (weeks) or "
                                   "none").format(value=value))
    return int(found.group(1)), found.group(2)


@command("report", help=N_(
    "The management report: one HTML file with readiness per department and site, what blocks "
    "it, the purchase list, licences, operating systems, waivers, space and how readiness "
    "developed (from the inventory's git history). It needs no network and no script, and "
    "prints to A4.\n\n"
    "\b\n"
    "  itready report inventory -o bericht.html --lang de\n"
    "  itready report inventory -o sozialamt.html --department \"50 Sozialamt\""))
@path_argument
@as_of_option
@scope_options
@click.option("--history", "span", default="12m", show_default=True, callback=_history,
              metavar="SPAN",
              help=N_("The history to show: 12m (month by month over 12 months), 8w (week by "
                      "week), or none."))
@output_option
@lang_option
@no_cache_option
def report_command(path: Path, as_of: date, department: str | None, site: str | None,
                   span: tuple[int, str] | None, output: Path | None, no_cache: bool) -> None:
    """The management report of the inventory at ``path`` (help above)."""
    from itready.report import Management, build_figures, history_of

    asked = click.get_current_context().get_parameter_source("output")
    if output is None and asked is not ParameterSource.COMMANDLINE and sys.stdout.isatty():
        raise click.UsageError(_("the report is an HTML file: name it with -o, e.g. "
                                 "-o bericht.html (or -o - for standard output)"))
    guard_outputs(path, output)
    result = load_inventory(path, no_cache)
    if result.errors:
        list_errors(result, path)
        sys.exit(EXIT_INVALID)
    department, site = scope(result, department, site)
    found, errors = build_figures(result, as_of, department, site)
    if found is None:
        list_errors(errors, path)
        sys.exit(EXIT_INVALID)
    history, note = None, None
    if span is not None:
        history, note = history_of(path, as_of, _since(as_of, span), _every(span), department,
                                   site, open_cache(no_cache))
    management = Management(found, history, note, path.resolve().name)
    emit("report", management, "html", options_for("report", path, {"html"}, output), output)
    if output is not None:
        click.echo(_("wrote the report to {file}").format(file=output), err=True)
    sys.exit(EXIT_OK)


def _since(as_of: date, span: tuple[int, str]) -> date:
    from itready.rules.dates import shift

    amount, unit = span
    return shift(as_of, -amount, "m") if unit == "m" else shift(as_of, -7 * amount, "d")


def _every(span: tuple[int, str]) -> str:
    return "month" if span[1] == "m" else "week"

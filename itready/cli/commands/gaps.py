"""`itready gaps`: what each not-ready workplace misses, and what closes each gap."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

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
from itready.i18n import N_


@command("gaps", help=N_(
    "For each non-office workplace that is not ready: what it misses and what closes each gap "
    "(hand over from stock, assign a free licence seat, buy)."))
@path_argument
@as_of_option
@scope_options
@format_option("gaps", N_("Output format (auto: rich on a terminal, text otherwise)."))
@dialect_option
@output_option
@allow_empty_option
@no_cache_option
@lang_option
def gaps_command(path: Path, as_of: date, department: str | None, site: str | None,
                 format_name: str, dialect: str, output: Path | None, allow_empty: bool,
                 no_cache: bool) -> None:
    """The gap list of the inventory at ``path`` (help above)."""
    from itready.plan.gaps import build_plan

    guard_outputs(path, output)
    result = load_inventory(path, no_cache, allow_empty=allow_empty)
    if result.errors:
        list_errors(result, path)
        sys.exit(EXIT_INVALID)
    department, site = scope(result, department, site)
    plan, _findings, ctx, errors = build_plan(result, as_of)
    if errors:
        list_errors(errors, path)
        sys.exit(EXIT_INVALID)
    if department is not None or site is not None:
        plan = plan.filtered(ctx, department, site)
    name = choose_format("gaps", format_name, "text")
    emit("gaps", plan, name, options_for("gaps", path, {name}, output, dialect=dialect), output)
    sys.exit(EXIT_OK)

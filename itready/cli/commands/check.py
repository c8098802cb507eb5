"""`itready check`: run the rules and report findings and readiness."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.localised import command
from itready.cli.options import (
    allow_empty_option,
    as_of_option,
    dialect_option,
    fail_on_option,
    format_option,
    lang_option,
    no_cache_option,
    output_option,
    path_argument,
    report_option,
    scope_options,
    show_all_option,
    split,
)
from itready.cli.output import (
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    choose_format,
    emit,
    error_report,
    guard_outputs,
    load_inventory,
    options_for,
    rule_patterns,
    scope,
)
from itready.i18n import N_, _, os_reason, plural

FORMAT_HELP = N_("Output format (auto: github in GitHub Actions, rich on a terminal, text "
                 "otherwise).")

if TYPE_CHECKING:
    from itready.findings import Report


def _only_selected(report: Report, select: tuple[str, ...], ignore: tuple[str, ...]) -> Report:
    """The report with only the rules that ran: SARIF and JUnit list them as checked."""
    from itready.rules.engine import selected

    rules = tuple(r for r in report.rules if selected(r.id, select, ignore))
    return dataclasses.replace(report, rules=rules)


@command("check", help=N_(
    "Load, validate, run the rules, report findings and readiness.\n\n"
    "\b\nIn CI, write every report from one run, and fail only on what is new:\n"
    "  itready check inv --format sarif -o itready.sarif --report junit=itready.xml\n"
    "  itready check inv --write-baseline itready.baseline   # accept today's findings\n"
    "  itready check inv --baseline itready.baseline         # fail on new ones only"))
@path_argument
@as_of_option
@fail_on_option
@click.option("--select", multiple=True, metavar="IDS",
              help=N_("Only these rules, or rules starting so (DEV003, NET, DEV0; repeat or "
                      "separate by ,). Each must match a rule: IDs are written in capitals."))
@click.option("--ignore", multiple=True, metavar="IDS",
              help=N_("Leave out these rules (IDs or prefixes, as --select)."))
@scope_options
@format_option("check", FORMAT_HELP)
@dialect_option
@output_option
@report_option("check")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Report and fail only on findings whose fingerprint is not in this "
                      "baseline file."))
@click.option("--write-baseline", "write_baseline_file",
              type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Write the fingerprints of the current unwaived findings to FILE, "
                      "sorted, one per line (before --baseline is applied), and exit 0: the "
                      "findings of today are accepted."))
@show_all_option
@allow_empty_option
@no_cache_option
@lang_option
def check_command(path: Path, as_of: date, fail_on: str, select: tuple[str, ...],
                  ignore: tuple[str, ...], department: str | None, site: str | None,
                  format_name: str, dialect: str, output: Path | None,
                  reports: tuple[tuple[str, Path], ...], baseline_file: Path | None,
                  write_baseline_file: Path | None, show_all: bool, allow_empty: bool,
                  no_cache: bool) -> None:
    """Load, validate, run the rules, report findings and readiness (help above)."""
    from itready.api import check

    guard_outputs(path, output, reports, reads=[baseline_file],
                  writes=[("--write-baseline", write_baseline_file)])
    baseline = None
    if baseline_file is not None:
        from itready.compare import BaselineError, read_baseline

        try:
            baseline = read_baseline(baseline_file)
        except BaselineError as exc:
            click.echo(_("error: {message}").format(message=exc), err=True)
            sys.exit(EXIT_INVALID)
    result = load_inventory(path, no_cache, allow_empty=allow_empty)
    if result.errors:
        report = error_report(result, as_of)
    else:
        selected, ignored = rule_patterns(result, split(select), split(ignore))
        department, site = scope(result, department, site)
        report = check(result, as_of, select=selected, ignore=ignored,
                       department=department, site=site)
        report = _only_selected(report, selected, ignored)
    wrote_baseline = write_baseline_file is not None and _write_baseline(
        report, write_baseline_file)
    if baseline is not None and not report.errors:
        from itready.compare import apply_baseline

        report, applied = apply_baseline(report, baseline)
        click.echo(_("baseline {file}: {known}, {hidden} of them still present and not "
                     "reported, {resolved} resolved").format(
            file=baseline_file, known=plural(applied.known, "{n} known finding",
                                             "{n} known findings"),
            hidden=applied.hidden, resolved=applied.resolved)
            + (_(" (rewrite it with --write-baseline to drop them)")
               if applied.resolved else ""), err=True)
    name = choose_format("check", format_name, "text")
    names = {name, *(fmt for fmt, _file in reports)}
    options = options_for("check", path, names, output, show_all=show_all, dialect=dialect,
                          docs_url=result.inventory.settings.docs_url)

    def step_summary() -> str:
        from itready.formats import render

        return render("check", "markdown", report, options)

    emit("check", report, name, options, output, reports, step_summary)
    if report.errors:
        sys.exit(EXIT_INVALID)
    if wrote_baseline:  # today's findings are accepted: writing them is the run's purpose
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK)


def _write_baseline(report: Report, file: Path) -> bool:
    """Write the baseline (not for an invalid inventory); whether it was written."""
    from itready.compare import write_baseline

    if report.errors:
        click.echo(_("error: baseline {file} not written: the inventory has {errors}").format(
            file=file, errors=plural(len(report.errors), "{n} input error",
                                     "{n} input errors")), err=True)
        return False
    try:
        count = write_baseline(file, report.findings)
    except OSError as exc:
        click.echo(_("error: cannot write baseline {file}: {reason}").format(
            file=file, reason=os_reason(exc)), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(_("wrote baseline {file}: {count}").format(
        file=file, count=plural(count, "{n} fingerprint", "{n} fingerprints")),
        err=True)
    return True

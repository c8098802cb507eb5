"""`itready check`: run the rules and report findings and readiness."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.options import (
    as_of_option,
    fail_on_option,
    format_option,
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
)

AUTO = "github in GitHub Actions, rich on a terminal, text otherwise"

if TYPE_CHECKING:
    from itready.findings import Report


def _only_selected(report: Report, select: tuple[str, ...], ignore: tuple[str, ...]) -> Report:
    """The report with only the rules that ran: SARIF and JUnit list them as checked."""
    from itready.rules.engine import selected

    rules = tuple(r for r in report.rules if selected(r.id, select, ignore))
    return dataclasses.replace(report, rules=rules)


@click.command("check")
@path_argument
@as_of_option
@fail_on_option
@click.option("--select", multiple=True, metavar="IDS",
              help="Only these rules or rule families (DEV003, NET; repeat or separate by ,).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Leave out these rules.")
@scope_options
@format_option("check", AUTO)
@output_option
@report_option("check")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Report and fail only on findings whose fingerprint is not in this "
                   "baseline file.")
@click.option("--write-baseline", "write_baseline_file",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the fingerprints of the current unwaived findings to FILE, sorted, "
                   "one per line (before --baseline is applied).")
@show_all_option
@no_cache_option
def check_command(path: Path, as_of: date, fail_on: str, select: tuple[str, ...],
                  ignore: tuple[str, ...], department: str | None, site: str | None,
                  format_name: str, output: Path | None, reports: tuple[tuple[str, Path], ...],
                  baseline_file: Path | None, write_baseline_file: Path | None,
                  show_all: bool, no_cache: bool) -> None:
    """Load, validate, run the rules, report findings and readiness.

    \b
    In CI, write every report from one run, and fail only on what is new:
      itready check inv --format sarif -o itready.sarif --report junit=itready.xml
      itready check inv --write-baseline itready.baseline   # accept today's findings
      itready check inv --baseline itready.baseline         # fail on new ones only
    """
    from itready.api import check

    guard_outputs(path, output, reports, reads=[baseline_file],
                  writes=[("--write-baseline", write_baseline_file)])
    baseline = None
    if baseline_file is not None:
        from itready.compare import BaselineError, read_baseline

        try:
            baseline = read_baseline(baseline_file)
        except BaselineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INVALID)
    result = load_inventory(path, no_cache)
    selected, ignored = split(select), split(ignore)
    if result.errors:
        report = error_report(result, as_of)
    else:
        report = check(result, as_of, select=selected, ignore=ignored,
                           department=department, site=site)
        report = _only_selected(report, selected, ignored)
    if write_baseline_file is not None:
        _write_baseline(report, write_baseline_file)
    if baseline is not None and not report.errors:
        from itready.compare import apply_baseline

        report, applied = apply_baseline(report, baseline)
        click.echo(f"baseline {baseline_file}: {applied.known} known finding(s), "
                   f"{applied.hidden} of them still present and not reported, "
                   f"{applied.resolved} resolved"
                   + (" (rewrite it with --write-baseline to drop them)"
                      if applied.resolved else ""), err=True)
    name = choose_format("check", format_name, "text")
    names = {name, *(fmt for fmt, _ in reports)}
    options = options_for("check", path, names, output, show_all=show_all)

    def step_summary() -> str:
        from itready.formats import render

        return render("check", "markdown", report, options)

    emit("check", report, name, options, output, reports, step_summary)
    if report.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK)


def _write_baseline(report: Report, file: Path) -> None:
    from itready.compare import write_baseline

    if report.errors:
        click.echo(f"error: baseline {file} not written: the inventory has "
                   f"{len(report.errors)} input error(s)", err=True)
        return
    try:
        count = write_baseline(file, report.findings)
    except OSError as exc:
        click.echo(f"error: cannot write baseline {file}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"wrote baseline {file}: {count} fingerprint(s)", err=True)

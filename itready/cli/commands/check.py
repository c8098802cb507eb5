"""`itready check`: run the rules and report findings and readiness."""

from __future__ import annotations

import dataclasses
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

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
from itready.formats import FORMATS, REPO_FORMATS


def _reports(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
             ) -> tuple[tuple[str, Path], ...]:
    """``FORMAT=FILE`` pairs, checked: a known format, a file name, no file named twice."""
    pairs: list[tuple[str, Path]] = []
    for value in values:
        name, sep, file = value.partition("=")
        name = name.strip()
        if not sep or not file:
            raise click.BadParameter(f"'{value}' is not FORMAT=FILE (e.g. sarif=itready.sarif)")
        if name not in FORMATS:
            raise click.BadParameter(f"unknown format '{name}' in '{value}'; choose from "
                                     + ", ".join(FORMATS))
        pairs.append((name, Path(file)))
    return tuple(pairs)


def distinct_files(output: Path | None, reports: tuple[tuple[str, Path], ...]) -> None:
    """Every report needs a file of its own: -o and each --report."""
    files = [str(file) for _, file in reports] + ([str(output)] if output is not None else [])
    for file in files:
        if files.count(file) > 1:
            raise click.UsageError(f"{file} is named more than once; -o and each --report "
                                   "need a file of their own")


#: Options that ``check`` and ``diff`` share: what to write, and where.
format_option = click.option(
    "-f", "--format", "format_name", default="auto", show_default=True,
    type=click.Choice(["auto", *FORMATS]),
    help="Report format on standard output (auto: github in GitHub Actions, rich on a "
         "terminal, text otherwise).")
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically) instead of standard output.")
report_option = click.option(
    "--report", "reports", multiple=True, metavar="FORMAT=FILE", callback=_reports,
    help="Also write the report in FORMAT to FILE (atomically); repeat for more formats, "
         "e.g. --report sarif=itready.sarif --report junit=itready.xml.")


def render_options(path: Path, names: set[str], show_all: bool) -> Any:
    """Options for rendering; the inventory's place in its git repository only when a format
    that needs it is chosen (it costs a git call)."""
    from itready.formats import RenderOptions

    prefix = ""
    if names & REPO_FORMATS:
        from itready.git import repo_prefix

        prefix = repo_prefix(path)
    return RenderOptions(root=str(path), show_all=show_all, repo_prefix=prefix)


def write_outputs(name: str, output: Path | None, reports: tuple[tuple[str, Path], ...],
                  options: Any, render: Any, step_summary: Any) -> None:
    """Write the chosen format to standard output (or ``output``) and every ``--report``.

    ``render(name, options)`` returns a format's text; ``step_summary()`` the markdown that
    the github format appends to ``$GITHUB_STEP_SUMMARY``. A file that cannot be written is
    an error (exit 2) after the others were written.
    """
    from itready.write import write_atomic

    color = output is None and not os.environ.get("NO_COLOR")
    failed = False
    for fmt, file in reports:
        try:
            write_atomic(file, render(fmt, dataclasses.replace(options, color=False)))
        except OSError as exc:
            click.echo(f"error: cannot write {file}: {exc.strerror or exc}", err=True)
            failed = True
        else:
            click.echo(f"wrote {fmt} report to {file}", err=True)
    try:
        _emit(render(name, dataclasses.replace(options, color=color)), output)
    except OSError as exc:
        click.echo(f"error: cannot write {output or 'standard output'}: "
                   f"{exc.strerror or exc}", err=True)
        failed = True
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "github" in {name, *(fmt for fmt, _ in reports)}:
        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary() + "\n")
        except OSError as exc:
            click.echo(f"warning: cannot append to GITHUB_STEP_SUMMARY {summary_file}: "
                       f"{exc.strerror or exc}", err=True)
    if failed:
        sys.exit(EXIT_INVALID)


def _only_selected(report: Any, select: tuple[str, ...], ignore: tuple[str, ...]) -> Any:
    """The report with only the rules that ran: SARIF and JUnit list them as checked."""
    from itready.rules.engine import _matches

    rules = tuple(r for r in report.rules
                  if (not select or _matches(r.id, select))
                  and not (ignore and _matches(r.id, ignore)))
    return dataclasses.replace(report, rules=rules)


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
@format_option
@output_option
@report_option
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Report and fail only on findings whose fingerprint is not in this "
                   "baseline file.")
@click.option("--write-baseline", "write_baseline_file",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the fingerprints of the current unwaived findings to FILE, sorted, "
                   "one per line (before --baseline is applied).")
@click.option("--all", "show_all", is_flag=True, help="Show every finding, not only the worst.")
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
      itready check inv --write-baseline itready.compare   # accept today's findings
      itready check inv --baseline itready.compare         # fail on new ones only
    """
    from itready.formats import renderer
    from itready.rules.engine import check as run_check

    distinct_files(output, reports)
    baseline = None
    if baseline_file is not None:
        from itready.compare import BaselineError, read_baseline

        try:
            baseline = read_baseline(baseline_file)
        except BaselineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INVALID)
    result = _load(path, no_cache)
    selected, ignored = _split(select), _split(ignore)
    if result.errors:
        report = _error_report(result, as_of)
    else:
        report = run_check(result, as_of, select=selected, ignore=ignored,
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
    name = _choose_format(format_name)
    options = render_options(path, {name, *(fmt for fmt, _ in reports)}, show_all)

    def render(fmt: str, opts: Any) -> str:
        return renderer(fmt)(report, opts)

    def step_summary() -> str:
        return renderer("markdown")(report, options)

    write_outputs(name, output, reports, options, render, step_summary)
    if report.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK)


def _write_baseline(report: Any, file: Path) -> None:
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

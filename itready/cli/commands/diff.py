"""`itready diff --base REV`: the findings the working tree adds and resolves compared with REV."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.commands.check import AUTO
from itready.cli.options import (
    as_of_option,
    fail_on_option,
    format_option,
    no_cache_option,
    output_option,
    path_argument,
    report_option,
    show_all_option,
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

if TYPE_CHECKING:
    from itready.findings import Report


def _run(path: Path, as_of: date, no_cache: bool) -> Report:
    from itready.api import check

    result = load_inventory(path, no_cache)
    if result.errors:
        return error_report(result, as_of)
    return check(result, as_of)


@click.command("diff")
@path_argument
@click.option("--base", "rev", required=True, metavar="REV",
              help="The git revision to compare with: a branch, tag or commit "
                   "(e.g. origin/main, HEAD~1).")
@as_of_option
@fail_on_option
@format_option("diff", AUTO)
@output_option
@report_option("diff")
@show_all_option
@no_cache_option
def diff_command(path: Path, rev: str, as_of: date, fail_on: str, format_name: str,
                 output: Path | None, reports: tuple[tuple[str, Path], ...], show_all: bool,
                 no_cache: bool) -> None:
    """Findings that the working tree adds and resolves compared with the inventory at REV.

    The inventory at REV is read from git into a temporary directory; the working tree and
    the index are not touched. Both runs use the same --as-of date. text, json and markdown
    show added (+) and resolved (-) findings; the other formats show the added findings only,
    so that CI annotations point at what a change adds. --fail-on counts added findings only.

    \b
      itready diff --base origin/main inventory
    """
    from itready import git
    from itready.compare import compare, fails

    guard_outputs(path, output, reports)
    try:
        top, prefix = git.repository(path)
        commit = git.resolve(top, rev)
    except git.GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    head = _run(path, as_of, no_cache)
    try:
        with git.checkout_to_temp(top, commit, prefix) as base_root:
            if base_root is None:
                click.echo(f"note: {prefix or '.'} does not exist at {rev}: every finding is "
                           "new", err=True)
                base = None
            else:
                base = _run(base_root, as_of, no_cache)
                if base.errors:
                    click.echo(f"warning: the inventory at {rev} has {len(base.errors)} input "
                               "error(s) and cannot be checked: every finding counts as added",
                               err=True)
                    base = None
    except git.GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    diff = compare(rev, commit, base, head)
    click.echo(f"compared with {rev} ({commit[:12]}): {len(diff.added)} added, "
               f"{len(diff.resolved)} resolved", err=True)
    # At a terminal: the +/- list, which shows resolved findings too.
    name = choose_format("diff", format_name, "text")
    if format_name == "auto" and name == "rich":
        name = "text"
    names = {name, *(fmt for fmt, _ in reports)}
    options = options_for("diff", path, names, output, show_all=show_all)

    def step_summary() -> str:
        from itready.formats import render

        return render("diff", "markdown", diff, options)

    emit("diff", diff, name, options, output, reports, step_summary)
    if head.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if fails(diff, fail_on) else EXIT_OK)

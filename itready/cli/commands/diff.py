"""`itready diff --base REV`: the findings the working tree adds and resolves compared with REV."""

from __future__ import annotations

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
    _error_report,
    _load,
    as_of_option,
    no_cache_option,
    path_argument,
)
from itready.cli.commands.check import (
    distinct_files,
    format_option,
    output_option,
    render_options,
    report_option,
    write_outputs,
)


def _run(path: Path, as_of: date, no_cache: bool) -> Any:
    from itready.rules.engine import check as run_check

    result = _load(path, no_cache)
    if result.errors:
        return _error_report(result, as_of)
    return run_check(result, as_of)


@click.command("diff")
@path_argument
@click.option("--base", "rev", required=True, metavar="REV",
              help="The git revision to compare with: a branch, tag or commit "
                   "(e.g. origin/main, HEAD~1).")
@as_of_option
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
              help="Exit 1 when an added, unwaived finding is at or above this severity.")
@format_option
@output_option
@report_option
@click.option("--all", "show_all", is_flag=True, help="Show every finding, not only the worst.")
@no_cache_option
def diff_command(path: Path, rev: str, as_of: date, fail_on: str, format_name: str,
                 output: Path | None, reports: tuple[tuple[str, Path], ...], show_all: bool,
                 no_cache: bool) -> None:
    """Findings that the working tree adds and resolves compared with the inventory at REV.

    The inventory at REV is read from git into a temporary directory; the working tree and
    the index are not touched. Both runs use the same --as-of date. text, json and markdown
    show added (+) and resolved (-) findings; the other formats show the added findings only,
    so that CI annotations point at what a change adds.

    \b
      itready diff --base origin/main inventory
    """
    from itready import git as gitdiff
    from itready.formats import renderer

    distinct_files(output, reports)
    try:
        top, prefix = gitdiff.repository(path)
        commit = gitdiff.resolve(top, rev)
    except gitdiff.GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    head = _run(path, as_of, no_cache)
    try:
        with gitdiff.checkout_to_temp(top, commit, prefix) as base_root:
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
    except gitdiff.GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    diff = gitdiff.compare(rev, commit, base, head)
    click.echo(f"compared with {rev} ({commit[:12]}): {len(diff.added)} added, "
               f"{len(diff.resolved)} resolved", err=True)
    name = _choose_format(format_name)
    if format_name == "auto" and name == "rich":
        name = "text"  # at a terminal: the +/- list, which shows resolved findings too
    options = render_options(path, {name, *(fmt for fmt, _ in reports)}, show_all)
    added = gitdiff.added_report(diff)

    def render(fmt: str, opts: Any) -> str:
        special = gitdiff.DIFF_RENDERERS.get(fmt)
        return special(diff, opts) if special else renderer(fmt)(added, opts)

    def step_summary() -> str:
        return gitdiff.render_markdown(diff, options)

    write_outputs(name, output, reports, options, render, step_summary)
    if head.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if gitdiff.fails(diff, fail_on) else EXIT_OK)

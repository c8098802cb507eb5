"""`itready diff --base REV`: the findings the working tree adds and resolves compared with REV."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from itready.cli.commands.check import FORMAT_HELP
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
    scope,
)
from itready.i18n import N_, _, plural

if TYPE_CHECKING:
    from itready.findings import Report
    from itready.loader.inventory import LoadResult


def _run(result: LoadResult, as_of: date, department: str | None, site: str | None
         ) -> Report:
    from itready.api import check

    if result.errors:
        return error_report(result, as_of)
    return check(result, as_of, department=department, site=site)


@command("diff", help=N_(
    "Findings that the working tree adds and resolves compared with the inventory at REV.\n\n"
    "The inventory at REV is read from git into a temporary directory; the working tree and "
    "the index are not touched. Both runs use the same --as-of date. text, json and markdown "
    "show added (+) and resolved (-) findings; the other formats show the added findings only, "
    "so that CI annotations point at what a change adds. --fail-on counts added findings "
    "only.\n\n\b\n  itready diff --base origin/main inventory"))
@path_argument
@click.option("--base", "rev", required=True, metavar="REV",
              help=N_("The git revision to compare with: a branch, tag or commit "
                      "(e.g. origin/main, HEAD~1)."))
@as_of_option
@fail_on_option
@scope_options
@format_option("diff", FORMAT_HELP)
@dialect_option
@output_option
@report_option("diff")
@show_all_option
@allow_empty_option
@no_cache_option
@lang_option
def diff_command(path: Path, rev: str, as_of: date, fail_on: str, department: str | None,
                 site: str | None, format_name: str, dialect: str, output: Path | None,
                 reports: tuple[tuple[str, Path], ...], show_all: bool, allow_empty: bool,
                 no_cache: bool) -> None:
    """The diff of the working tree against ``rev`` (help above)."""
    from itready import git
    from itready.compare import compare, fails

    guard_outputs(path, output, reports)
    try:
        top, prefix = git.repository(path)
        commit = git.resolve(top, rev)
    except git.GitError as exc:
        click.echo(_("error: {message}").format(message=exc), err=True)
        sys.exit(EXIT_INVALID)
    loaded = load_inventory(path, no_cache, allow_empty=allow_empty)
    if not loaded.errors:
        department, site = scope(loaded, department, site)
    head = _run(loaded, as_of, department, site)
    try:
        with git.checkout_to_temp(top, commit, prefix) as base_root:
            if base_root is None:
                click.echo(_("note: {path} does not exist at {rev}: every finding is "
                             "new").format(path=prefix or ".", rev=rev), err=True)
                base = None
            else:
                base = _run(load_inventory(base_root, no_cache, allow_empty=True, notes=False),
                            as_of, department, site)
                if base.errors:
                    click.echo(_("warning: the inventory at {rev} has {errors} and cannot be "
                                 "checked: every finding counts as added").format(
                        rev=rev, errors=plural(len(base.errors), "{n} input error",
                                               "{n} input errors")), err=True)
                    base = None
    except git.GitError as exc:
        click.echo(_("error: {message}").format(message=exc), err=True)
        sys.exit(EXIT_INVALID)
    diff = compare(rev, commit, base, head)
    click.echo(_("compared with {rev} ({commit}): {added} added, {resolved} resolved").format(
        rev=rev, commit=commit[:12], added=len(diff.added), resolved=len(diff.resolved)),
        err=True)
    # At a terminal: the +/- list, which shows resolved findings too.
    name = choose_format("diff", format_name, "text")
    if format_name == "auto" and name == "rich":
        name = "text"
    names = {name, *(fmt for fmt, _file in reports)}
    options = options_for("diff", path, names, output, show_all=show_all, dialect=dialect,
                          docs_url=loaded.inventory.settings.docs_url)

    def step_summary() -> str:
        from itready.formats import render

        return render("diff", "markdown", diff, options)

    emit("diff", diff, name, options, output, reports, step_summary)
    if head.errors:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if fails(diff, fail_on) else EXIT_OK)

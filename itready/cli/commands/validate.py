"""`itready validate`: load and validate only, the fast CI gate."""

from __future__ import annotations

import sys
from pathlib import Path

from itready.cli.localised import command
from itready.cli.options import (
    allow_empty_option,
    lang_option,
    no_cache_option,
    path_argument,
)
from itready.cli.output import (
    EXIT_INVALID,
    error_lines,
    load_inventory,
    no_records,
    note_nested,
    open_cache,
    out,
)
from itready.i18n import N_, _, plural


@command("validate", help=N_(
    "Load and validate only: syntax, schema, references. The fast CI gate.\n\n"
    "PATH is the inventory or any folder in it (default: the current one)."))
@path_argument
@allow_empty_option
@no_cache_option
@lang_option
def validate_command(path: Path, allow_empty: bool, no_cache: bool) -> None:
    """Validate the inventory at ``path``, from the cached verdict while no input changed."""
    from itready.loader import verdict as verdicts

    cache = open_cache(no_cache)
    key = verdicts.inventory_key(path) if cache is not None and path.is_dir() else None
    verdict = verdicts.cached(cache, key) if cache is not None and key else None
    if verdict is None:  # the load says why a cache is not used, if it is not
        result = load_inventory(path, no_cache, allow_empty=True, notes=False)
        verdict = verdicts.Verdict.of(result)
        if cache is not None and key:
            verdicts.remember(cache, key, verdict)
    note_nested(path, verdict.nested)
    for line in error_lines(verdict.errors, path, verdict.unchecked_references):
        out(line, nl=True)
    if verdict.errors:
        out(_("{errors} in {summary}").format(
            errors=plural(len(verdict.errors), "{n} error", "{n} errors"),
            summary=verdict.summary()), nl=True)
        sys.exit(EXIT_INVALID)
    if not allow_empty and not any(verdict.counts):
        no_records(path, verdict.nested)
    out(_("valid: {summary}").format(summary=verdict.summary()), nl=True)

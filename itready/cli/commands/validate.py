"""`itready validate`: load and validate only, the fast CI gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli.options import allow_empty_option, no_cache_option, path_argument
from itready.cli.output import (
    EXIT_INVALID,
    error_lines,
    load_inventory,
    no_records,
    note_nested,
    open_cache,
    out,
)


@click.command("validate")
@path_argument
@allow_empty_option
@no_cache_option
def validate_command(path: Path, allow_empty: bool, no_cache: bool) -> None:
    """Load and validate only: syntax, schema, references. The fast CI gate.

    PATH is the inventory or any folder in it (default: the current one)."""
    from itready.loader import verdict as verdicts
    from itready.words import plural

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
        out(plural(len(verdict.errors), "{n} error", "{n} errors") + f" in {verdict.summary()}",
            nl=True)
        sys.exit(EXIT_INVALID)
    if not allow_empty and not any(verdict.counts):
        no_records(path, verdict.nested)
    out(f"valid: {verdict.summary()}", nl=True)

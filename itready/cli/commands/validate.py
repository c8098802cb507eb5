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
)


@click.command("validate")
@path_argument
@allow_empty_option
@no_cache_option
def validate_command(path: Path, allow_empty: bool, no_cache: bool) -> None:
    """Load and validate only: syntax, schema, references. The fast CI gate.

    PATH is the inventory or any folder in it (default: the current one)."""
    from itready.loader import verdict as verdicts
    from itready.loader.cache import Cache
    from itready.words import plural

    cache = None if no_cache else Cache()
    key = verdicts.inventory_key(path, cache) if cache is not None and path.is_dir() else None
    verdict = verdicts.cached(cache, key) if cache is not None and key else None
    if verdict is None:
        result = load_inventory(path, no_cache, allow_empty=True, notes=False)
        verdict = verdicts.Verdict.of(result)
        if cache is not None and key:
            verdicts.remember(cache, key, verdict)
    note_nested(path, verdict.nested)
    for line in error_lines(verdict.errors, path, verdict.unchecked_references):
        click.echo(line)
    if verdict.errors:
        click.echo(plural(len(verdict.errors), "{n} error", "{n} errors")
                   + f" in {verdict.summary()}")
        sys.exit(EXIT_INVALID)
    if not allow_empty and not any(verdict.counts):
        no_records(path, verdict.nested)
    click.echo(f"valid: {verdict.summary()}")

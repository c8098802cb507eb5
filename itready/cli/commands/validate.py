"""`itready validate`: load and validate only, the fast CI gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli.options import no_cache_option, path_argument
from itready.cli.output import (
    EXIT_INVALID,
    cache_warning,
    display,
    load_inventory,
    open_cache,
    out,
)


@click.command("validate")
@path_argument
@no_cache_option
def validate_command(path: Path, no_cache: bool) -> None:
    """Load and validate only: syntax, schema, references. The fast CI gate."""
    from itready.loader import verdict as verdicts

    cache = open_cache(no_cache)
    key = verdicts.inventory_key(path) if cache is not None and path.is_dir() else None
    verdict = verdicts.cached(cache, key) if cache is not None and key else None
    cache_warning(cache)
    if verdict is None:
        verdict = verdicts.Verdict.of(load_inventory(path, no_cache))
        if cache is not None and key:
            verdicts.remember(cache, key, verdict)
    for error in verdict.errors:
        out(f"{display(path, error.location)}: error {error.code} {error.message}", nl=True)
    if verdict.errors:
        out(f"{len(verdict.errors)} error(s) in {verdict.summary()}", nl=True)
        sys.exit(EXIT_INVALID)
    out(f"valid: {verdict.summary()}", nl=True)

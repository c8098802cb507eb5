"""`itready validate`: load and validate only, the fast CI gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli import (
    EXIT_INVALID,
    _load,
    _print_errors,
    no_cache_option,
    path_argument,
)


@click.command("validate")
@path_argument
@no_cache_option
def validate_command(path: Path, no_cache: bool) -> None:
    """Load and validate only: syntax, schema, references. The fast CI gate."""
    result = _load(path, no_cache)
    _print_errors(result, path)
    inv = result.inventory
    counts = (f"{len(inv.files)} files: {len(inv.sites)} sites, {len(inv.vpn)} VPN gateways, "
              f"{len(inv.workplaces)} workplaces, {len(inv.devices)} devices, "
              f"{len(inv.licences)} licences")
    if result.errors:
        click.echo(f"{len(result.errors)} error(s) in {counts}", err=False)
        sys.exit(EXIT_INVALID)
    click.echo(f"valid: {counts}")

"""`itready init`: a commented starter inventory that passes `validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli.output import EXIT_INVALID


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
def init_command(directory: Path) -> None:
    """Create a new inventory in DIRECTORY: settings, one commented example of each kind."""
    from itready.validate.starter import write_starter

    try:
        written = write_starter(directory)
    except (FileExistsError, OSError) as exc:
        click.echo(f"itready init: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: itready validate {directory}")

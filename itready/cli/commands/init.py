"""`itready init`: a commented starter inventory that passes `validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli.localised import command
from itready.cli.options import lang_option
from itready.cli.output import EXIT_INVALID
from itready.i18n import N_, _


@command("init", help=N_(
    "Create a new inventory in DIRECTORY: settings, one commented example of each kind."))
@click.argument("directory", type=click.Path(path_type=Path))
@lang_option
def init_command(directory: Path) -> None:
    """Write the starter inventory (help above)."""
    from itready.validate.starter import write_starter

    try:
        written = write_starter(directory)
    except (FileExistsError, OSError) as exc:
        click.echo(_("itready init: {message}").format(message=exc), err=True)
        sys.exit(EXIT_INVALID)
    for path in written:
        click.echo(_("created {path}").format(path=path))
    click.echo(_("next: itready validate {directory}").format(directory=directory))

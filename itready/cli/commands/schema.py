"""`itready schema`: the JSON Schema of the format, for editor completion."""

from __future__ import annotations

import click

from itready.cli.localised import command
from itready.cli.options import lang_option
from itready.i18n import N_


@command("schema", help=N_(
    "Print the JSON Schema of inventory files (or of itready.yaml).\n\n"
    "Save it beside the inventory and add the modeline "
    "`# yaml-language-server: $schema=inventory.schema.json` to get completion and validation "
    "in any editor with yaml-language-server (docs/editor.md)."))
@click.option("--kind", type=click.Choice(["inventory", "settings"]), default="inventory",
              show_default=True, help=N_("Schema of inventory files or of itready.yaml."))
@lang_option
def schema_command(kind: str) -> None:
    """The JSON Schema on standard output (help above)."""
    from itready.validate.jsonschema import schema_json

    click.echo(schema_json(kind), nl=False)

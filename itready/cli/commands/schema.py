"""`itready schema`: the JSON Schema of the format, for editor completion."""

from __future__ import annotations

import click


@click.command("schema")
@click.option("--kind", type=click.Choice(["inventory", "settings"]), default="inventory",
              show_default=True, help="Schema of inventory files or of itready.yaml.")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of inventory files (or of itready.yaml).

    Save it beside the inventory and add the modeline
    `# yaml-language-server: $schema=inventory.schema.json` to get completion and validation
    in any editor with yaml-language-server (docs/editor.md).
    """
    from itready.validate.jsonschema import schema_json

    click.echo(schema_json(kind), nl=False)

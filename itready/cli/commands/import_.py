"""`itready import`: bring a source's export into the inventory (a dry run unless --write).

The module is ``import_`` (``import`` is a Python keyword); the command is ``import`` and its
function ``import_command``, as the group finds every command. What an import does lives in
``itready.importer``; this module parses the options and writes the report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from itready.cli.localised import command
from itready.cli.options import format_option, lang_option, no_cache_option, output_option
from itready.cli.output import EXIT_FINDINGS, EXIT_INVALID, choose_format, emit, options_for
from itready.i18n import N_


@command("import", help=N_(
    "Import an export of Intune, Active Directory, Microsoft 365, GLPI, Snipe-IT, i-doit, NetBox "
    "or any CSV/XLSX into the inventory. A dry run unless --write: it prints what it would do "
    "and the diff of every file it would change."))
@click.option("--from", "preset", metavar="PRESET",
              help=N_("The source: intune, ad, m365, glpi, snipeit, idoit, netbox, or csv "
                      "with --mapping."))
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help=N_("The inventory."))
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("A mapping file to use instead of the preset (start from --show-preset)."))
@click.option("--people", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("CSV person,workplace (outside the inventory; never written anywhere)."))
@click.option("--target", metavar="FILE",
              help=N_("The inventory file new records go to (relative to the inventory)."))
@click.option("--write", is_flag=True,
              help=N_("Apply the changes (all files or none, and only when the result "
                      "validates)."))
@click.option("--prefer", type=click.Choice(["inventory", "source"]), default="inventory",
              show_default=True,
              help=N_("Who wins where a field was edited by hand since the last import."))
@click.option("--strict", is_flag=True,
              help=N_("Exit 1 when a row was skipped, a duplicate or in conflict."))
@click.option("--encoding", metavar="ENC",
              help=N_("Encoding of CSV files without BOM that are not UTF-8 (cp1252)."))
@click.option("--sheet", metavar="NAME", help=N_("The XLSX sheet to read (default: the first)."))
@click.option("--show-preset", metavar="PRESET",
              help=N_("Print a preset's mapping file, to copy and adjust, and exit."))
@click.option("--show-people", is_flag=True,
              help=N_("List on the terminal the people the people file lacks (never in reports)."))
@no_cache_option
@format_option("import", N_("Output format (auto: text)."))
@output_option
@lang_option
def import_command(preset: str | None, sources: tuple[Path, ...], into: Path,
                   mapping: Path | None, people: Path | None, target: str | None, write: bool,
                   prefer: str, strict: bool, encoding: str | None, sheet: str | None,
                   show_preset: str | None, show_people: bool, no_cache: bool,
                   format_name: str, output: Path | None) -> None:
    """Import exports into the inventory at ``into`` (help above)."""
    from itready.errors import printable
    from itready.i18n import _
    from itready.importer import BadInput, Request, preset_text, run

    try:
        if show_preset is not None:
            click.echo(preset_text(show_preset), nl=False)
            return
        if preset is None and mapping is None:
            raise BadInput(_("say where the data comes from: --from PRESET (or --mapping FILE)"))
        if not sources:
            raise BadInput(_("name the export files to import"))
        report = run(Request(preset or "csv", sources, into, mapping, people, target,
                             prefer == "source", encoding, sheet, write, no_cache))
    except BadInput as exc:
        click.echo(_("error: {problem}").format(problem=exc), err=True)
        click.echo(_("nothing was written"), err=True)
        sys.exit(EXIT_INVALID)
    name = choose_format("import", format_name, "text")
    emit("import", report, name, options_for("import", into, {name}, output), output)
    if show_people and (report.unmatched_people or report.ambiguous_people):
        click.echo(_("People not in the people file:"), err=True)
        for person in report.unmatched_people:
            click.echo(f"  {printable(person)}", err=True)
        if report.ambiguous_people:
            click.echo(_("People with several workplaces in the people file:"), err=True)
            for person in report.ambiguous_people:
                click.echo(f"  {printable(person)}", err=True)
    if report.errors:
        sys.exit(EXIT_INVALID)
    if strict and any(report.count(a) for a in ("skipped", "duplicate", "conflict")):
        sys.exit(EXIT_FINDINGS)

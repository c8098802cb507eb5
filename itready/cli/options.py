"""Options that several commands share, defined once so that they read and behave alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from itready.i18n import LANGUAGES, N_, _

F = TypeVar("F", bound=Callable[..., Any])

FAIL_ON = ("critical", "high", "medium", "low", "info", "never")
DIALECTS = ("rfc4180", "excel-de")


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("'{value}' is not a date like 2026-11-27").format(
            value=value)) from None


as_of_option = click.option(
    "--as-of", callback=_as_of, metavar="YYYY-MM-DD",
    help=N_("Check date (default: today), so that a run can be repeated byte for byte."),
)


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--lang`` was read before parsing (``itready.i18n.prescan``); set it again for a
    command invoked on its own (tests, library callers of the command objects)."""
    if value is not None:
        from itready.i18n import set_language

        set_language(value)


#: ``--lang``: on the group and on every command that prints.
lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), callback=_lang, expose_value=False,
    is_eager=True, metavar="de|en",
    help=N_("Language of the output: de or en (default: language: in itready.yaml, else the "
            "environment as gettext reads it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG; else "
            "English)."))


def use_inventory_language(root: Path) -> None:
    """The ``language:`` of the inventory's itready.yaml, unless ``--lang`` chose: read before
    the inventory is loaded, so that every message of the load speaks it."""
    from itready.i18n import chosen, set_settings_language

    if chosen() is None:
        from itready.loader.inventory import settings_language

        set_settings_language(settings_language(root))


def _inventory_root(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    from itready.loader.discover import find_root

    root = find_root(value)
    use_inventory_language(root)
    return root


#: PATH: the inventory, or any folder in it (its root is found as git finds a repository).
path_argument = click.argument(
    "path", type=click.Path(file_okay=False, path_type=Path), default=".", required=False,
    callback=_inventory_root,
)
allow_empty_option = click.option(
    "--allow-empty", is_flag=True,
    help=N_("Accept an inventory without records (else exit 2: a gate that checked nothing "
            "must not pass)."))
no_cache_option = click.option("--no-cache", is_flag=True,
                               help=N_("Parse every file afresh."))


def _output(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``-o -`` is standard output, as for most tools."""
    return None if value is None or str(value) == "-" else value


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    callback=_output,
    help=N_("Write to FILE (atomically) instead of standard output ('-': standard output)."))
dialect_option = click.option(
    "--dialect", type=click.Choice(DIALECTS), default="rfc4180", show_default=True,
    help=N_("CSV dialect: rfc4180 (',', decimal point) or excel-de (';', decimal comma, UTF-8 "
            "with BOM, CRLF) for a German Excel."))
fail_on_option = click.option(
    "--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
    help=N_("Exit 1 when an unwaived finding is at or above this severity."))
show_all_option = click.option("--all", "show_all", is_flag=True,
                               help=N_("Show every finding, not only the worst."))


def _nfc(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Names are compared in Unicode normal form C, as the inventory's are kept."""
    from itready.text import nfc

    return None if value is None else nfc(value)


def scope_options(function: F) -> F:
    """``--department`` and ``--site``: narrow a command to one department and/or site."""
    function = click.option(
        "--site", metavar="SITE", callback=_nfc,
        help=N_("Only workplaces (and their devices) of this site: its id or name, or a part "
                "of it that names one site (case-insensitive)."))(function)
    return click.option(
        "--department", metavar="NAME", callback=_nfc,
        help=N_("Only workplaces (and their devices) of this department: its name, or a part "
                "of it that names one department (case-insensitive): Sozialamt."))(function)


def format_option(subject: str, help: str) -> Callable[[F], F]:
    """``-f/--format`` with the formats of ``subject``; ``help`` (an ``N_`` msgid) says what
    ``auto`` stands for."""
    from itready.formats import names

    return click.option(
        "-f", "--format", "format_name", default="auto", show_default=True,
        type=click.Choice(["auto", *names(subject)]), help=help)


def report_option(subject: str) -> Callable[[F], F]:
    """``--report FORMAT=FILE`` (repeatable): more formats from the same run."""
    def parse(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
              ) -> tuple[tuple[str, Path], ...]:
        from itready.formats import names

        known = names(subject)
        pairs: list[tuple[str, Path]] = []
        for value in values:
            name, sep, file = value.partition("=")
            name = name.strip()
            if not sep or not file:
                raise click.BadParameter(_(
                    "'{value}' is not FORMAT=FILE (e.g. sarif=itready.sarif)").format(
                        value=value))
            if name not in known:
                raise click.BadParameter(_(
                    "unknown format '{name}' in '{value}'; choose from {formats}").format(
                        name=name, value=value, formats=", ".join(known)))
            if file.strip() == "-":
                raise click.BadParameter(_(
                    "'{value}': --report writes a file; for standard output use -f FORMAT "
                    "(and -o FILE for the other)").format(value=value))
            pairs.append((name, Path(file)))
        return tuple(pairs)

    return click.option(
        "--report", "reports", multiple=True, metavar="FORMAT=FILE", callback=parse,
        help=N_("Also write the report in FORMAT to FILE (atomically); repeat for more "
                "formats, e.g. --report sarif=itready.sarif --report junit=itready.xml."))


def split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Values of a repeatable option, each also split at commas: ``--select DEV,NET001``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())

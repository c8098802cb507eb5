"""`itready rules [ID] [PATH]`: list the rule catalogue, or explain one rule.

With an inventory at PATH that has an ``itready.yaml``, the listing and the explanation show the
rules in force there: its own rule files, disabled rules, severity overrides and the effective
parameter values. Only ``itready.yaml`` is read, not the whole inventory, so that the command is
instant on large inventories. Output is plain text (bold headings on a terminal).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from itready.cli.localised import command
from itready.cli.options import format_option, lang_option, use_inventory_language
from itready.cli.output import EXIT_INVALID, choose_format, emit, options_for
from itready.i18n import N_, _, os_reason

# --- settings and catalogue ---------------------------------------------------------------------


def _settings(path: Path) -> tuple[Any, list[str]]:
    """Settings from PATH/itready.yaml (None without one), and any problems reading it."""
    from itready.loader.yaml import YamlError, decode, parse
    from itready.model import SETTINGS_FILE
    from itready.validate.settings import validate_settings

    file = path / SETTINGS_FILE
    if not file.is_file():
        return None, []
    try:
        parsed = parse(decode(file.read_bytes()))
    except YamlError as exc:
        return None, [f"{exc.line}:{exc.column}: {exc.code} {exc.message}"]
    except OSError as exc:
        return None, [_("cannot read: {reason}").format(reason=os_reason(exc))]
    settings, problems = validate_settings(parsed.data)
    messages = []
    for problem in problems:
        line, column = parsed.locator.locate(problem.path) if problem.path else (1, 1)
        messages.append(f"{line}:{column}: {problem.code} {problem.message}")
    return settings, messages


def _warn(path: Path, where: str, message: str) -> None:
    prefix = "" if str(path) in ("", ".") else f"{path.as_posix().rstrip('/')}/"
    from itready.errors import printable

    click.echo(printable(_("warning: {where}: {message}").format(
        where=f"{prefix}{where}", message=message)), err=True)


def _is_path(text: str) -> bool:
    """True when the one argument given is a directory rather than a rule ID or family."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", text):
        return True
    if not Path(text).is_dir():
        return False
    from itready.rules.catalogue import load_catalogue

    upper = text.upper()
    return not any(r.startswith(upper) for r in load_catalogue()[0].by_id)


@command("rules", help=N_(
    "List the rules, or explain rule ID: rationale, parameters, remediation, references.\n\n"
    "PATH is an inventory, or a folder in it (default: the current one); if it has an "
    "itready.yaml, its rule settings apply: own rule files, disabled rules, severities, "
    "parameter values."))
@click.argument("rule_id", metavar="[ID]", required=False)
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), required=False)
@format_option("rules", N_("Output format (auto: text)."))
@lang_option
def rules_command(rule_id: str | None, path: Path | None, format_name: str) -> None:
    """The rule catalogue, or one rule explained (help above)."""
    from itready.errors import did_you_mean
    from itready.rules.catalogue import load_catalogue

    if path is None and rule_id is not None and _is_path(rule_id):
        path, rule_id = Path(rule_id), None  # `itready rules DIR`: list the rules of DIR
    from itready.loader.discover import find_root

    root = find_root(path if path is not None else Path("."))
    use_inventory_language(root)
    bundled = load_catalogue()[0]
    settings, problems = _settings(root)
    for problem in problems:
        _warn(root, f"itready.yaml:{problem}", _("(see `itready validate`)"))
    catalogue, errors = load_catalogue(root, settings)
    for error in errors:
        _warn(root, str(error.location), f"{error.code} {error.message}")
    disabled = [bundled.by_id[r] for r in catalogue.disabled
                if r in bundled.by_id and r not in catalogue.by_id]
    settings_file = "itready.yaml" if settings is not None else None
    if settings_file and str(root) not in ("", "."):
        settings_file = f"{root.as_posix().rstrip('/')}/itready.yaml"

    from itready.formats.rules import RuleExplanation, RuleList

    def show(subject: RuleList | RuleExplanation) -> None:
        name = choose_format("rules", format_name, "text")
        emit("rules", subject, name, options_for("rules", None, {name}, None))

    if rule_id is None:
        show(RuleList(catalogue.rules, tuple(disabled), settings_file))
        return
    wanted = rule_id.upper()
    known = {**{r.id: r for r in disabled}, **catalogue.by_id}
    if wanted in known:
        rule = known[wanted]
        show(RuleExplanation(rule, bundled.by_id.get(wanted), settings,
                             wanted not in catalogue.by_id))
        return
    family = [known[r] for r in sorted(known) if r.startswith(wanted)
              and re.fullmatch(r"[A-Z]+", wanted)]
    if family:
        show(RuleList(tuple(r for r in family if r.id in catalogue.by_id),
                      tuple(r for r in family if r.id not in catalogue.by_id), settings_file))
        return
    click.echo(_("error: unknown rule '{rule}'{did_you_mean}; `itready rules` lists them "
                 "all").format(rule=rule_id, did_you_mean=did_you_mean(wanted, known)),
               err=True)
    sys.exit(EXIT_INVALID)

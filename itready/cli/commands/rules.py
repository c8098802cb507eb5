"""`itready rules [ID] [PATH]`: list the rule catalogue, or explain one rule.

With an inventory at PATH that has an ``itready.yaml``, the listing and the explanation show the
rules in force there: its own rule files, disabled rules, severity overrides and the effective
parameter values. Only ``itready.yaml`` is read, not the whole inventory, so that the command is
instant on large inventories. Output is plain text (bold headings on a terminal).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from itready.cli import EXIT_INVALID

WIDTH = 100
_PLAIN = re.compile(r"[A-Za-z_][\w.\-/]*(?: [\w.\-/]+)*")
_KEYWORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def _width() -> int:
    if sys.stdout.isatty():
        return max(60, min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns))
    return WIDTH


def _heading(text: str) -> str:
    return click.style(text, bold=True) if not os.environ.get("NO_COLOR") else text


def _paragraph(text: str, width: int, indent: str = "  ") -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                                     subsequent_indent=indent) for p in paragraphs)


# --- settings and catalogue ---------------------------------------------------------------------


def _settings(path: Path) -> tuple[Any, list[str]]:
    """Settings from PATH/itready.yaml (None without one), and any problems reading it."""
    from itready.load.yaml import YamlError, decode, parse
    from itready.model import SETTINGS_FILE
    from itready.validate.records import validate_settings

    file = path / SETTINGS_FILE
    if not file.is_file():
        return None, []
    try:
        parsed = parse(decode(file.read_bytes()))
    except YamlError as exc:
        return None, [f"{exc.line}:{exc.column}: {exc.code} {exc.message}"]
    except OSError as exc:
        return None, [f"cannot read: {exc.strerror or exc}"]
    settings, problems = validate_settings(parsed.data)
    messages = []
    for problem in problems:
        line, column = parsed.locator.locate(problem.path) if problem.path else (1, 1)
        messages.append(f"{line}:{column}: {problem.code} {problem.message}")
    return settings, messages


def _warn(path: Path, where: str, message: str) -> None:
    prefix = "" if str(path) in ("", ".") else f"{path.as_posix().rstrip('/')}/"
    click.echo(f"warning: {prefix}{where}: {message}", err=True)


# --- YAML for a rule's condition ---------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def yaml_lines(value: Any, width: int, indent: int = 0) -> list[str]:
    """``value`` as YAML: block style, with collections that fit on a line in flow style."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            flow = _flow(item)
            if not isinstance(item, (dict, list)) or indent + len(str(key)) + 2 + len(
                    flow) <= width:
                lines.append(f"{pad}{_scalar(key)}: {flow}")
            else:
                lines.append(f"{pad}{_scalar(key)}:")
                lines.extend(yaml_lines(item, width, indent + 2))
    elif isinstance(value, list):
        for item in value:
            flow = _flow(item)
            if indent + 2 + len(flow) <= width or not isinstance(item, (dict, list)):
                lines.append(f"{pad}- {flow}")
            else:
                inner = yaml_lines(item, width, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
    else:
        lines.append(pad + _scalar(value))
    return lines


# --- listing and explaining --------------------------------------------------------------------


def _list(rules: list[Any], disabled: list[Any], settings_file: str | None) -> str:
    from tabulate import tabulate

    rows = [[r.id, r.severity, r.target, r.title] for r in rules]
    rows += [[r.id, "disabled", r.target, r.title] for r in disabled]
    rows.sort(key=lambda row: row[0])
    table = tabulate(rows, headers=["ID", "Severity", "Target", "Title"], tablefmt="simple",
                     disable_numparse=True)
    total = f"{len(rules)} rules"
    if disabled:
        total += f" in force, {len(disabled)} disabled"
    if settings_file:
        total += f" (settings: {settings_file})"
    return f"{table}\n\n{total}. `itready rules ID` explains one.\n"


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _explain(rule: Any, default_rule: Any, settings: Any, disabled: bool, width: int) -> str:
    from tabulate import tabulate

    from itready.model import Policy

    out = [_heading(f"{rule.id}  {rule.title}")]
    facts = [f"severity: {rule.severity}"]
    if default_rule is not None and default_rule.severity != rule.severity:
        facts[0] += f" (itready.yaml; default {default_rule.severity})"
    facts.append(f"target: {rule.target}")
    if rule.field:
        facts.append(f"field: {rule.field}")
    if rule.requirement:
        facts.append(f"readiness requirement: {rule.requirement}")
    source = "bundled" if rule.builtin else "your rule file"
    facts.append(f"defined in {rule.source}:{rule.line} ({source})")
    out.append("  ".join(facts[:3]) + ("\n" + "  ".join(facts[3:]) if facts[3:] else ""))
    if disabled:
        out.append("This rule is disabled in itready.yaml (rules.disable): it does not run.")

    out.append(_heading("Rationale") + "\n" + _paragraph(rule.rationale, width))
    if rule.parameters:
        defaults = (default_rule or rule).params(Policy())
        effective = rule.params(settings.policy) if settings is not None else defaults
        rows = []
        for parameter in rule.parameters:
            default = _value(defaults[parameter.name])
            if isinstance(parameter.default, str) and parameter.default.startswith("policy."):
                default += f" ({parameter.default})"
            row = [parameter.name, default]
            if settings is not None:
                row.append(_value(effective[parameter.name]))
            row.append(parameter.help)
            rows.append(row)
        headers = ["Parameter", "Default"] + (["Effective"] if settings is not None else [])
        table = tabulate(rows, headers=[*headers, "Meaning"], tablefmt="simple",
                         disable_numparse=True)
        note = ("" if settings is not None else
                "\n  (effective values: run in, or name, an inventory with itready.yaml)")
        out.append(_heading("Parameters") + "\n" + textwrap.indent(table, "  ") + note)
    out.append(_heading("Remediation") + "\n" + _paragraph(rule.remediation, width))
    if rule.references:
        out.append(_heading("References (BSI IT-Grundschutz)") + "\n  "
                   + ", ".join(rule.references))
    if rule.procurement:
        out.append(_heading("Procurement") + "\n" + _paragraph(str(rule.procurement), width))
    if rule.check:
        out.append(_heading("Check") + f"\n  built-in check {rule.check} (it needs the whole "
                   "inventory, not one record)")
    else:
        body: dict[str, Any] = {}
        for key in ("where", "condition", "message"):
            value = getattr(rule, key)
            if value is not None:
                body[key] = value
        out.append(_heading("Condition") + "\n" + "\n".join(yaml_lines(body, width, 2)))
    if rule.example:
        example = str(rule.example).rstrip()
        out.append(_heading("Example") + "\n" + textwrap.indent(example, "  "))
    return "\n\n".join(out) + "\n"


def _is_path(text: str, rule_ids: Any) -> bool:
    """True when the one argument given is a directory rather than a rule ID or family."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", text):
        return True
    upper = text.upper()
    return Path(text).is_dir() and not any(r.startswith(upper) for r in rule_ids)


@click.command("rules")
@click.argument("rule_id", metavar="[ID]", required=False)
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), required=False)
def rules_command(rule_id: str | None, path: Path | None) -> None:
    """List the rules, or explain rule ID: rationale, parameters, remediation, references.

    PATH is an inventory directory (default: the current one); if it has an itready.yaml, its
    rule settings apply: own rule files, disabled rules, severities, parameter values.
    """
    from itready.errors import did_you_mean
    from itready.rules.catalogue import load_catalogue

    bundled, _ = load_catalogue()
    if path is None and rule_id is not None and _is_path(rule_id, bundled.by_id):
        path, rule_id = Path(rule_id), None  # `itready rules DIR`: list the rules of DIR
    root = path if path is not None else Path(".")
    settings, problems = _settings(root)
    for problem in problems:
        _warn(root, f"itready.yaml:{problem}", "(see `itready validate`)")
    catalogue, errors = load_catalogue(root, settings)
    for error in errors:
        _warn(root, str(error.location), f"{error.code} {error.message}")
    disabled = [bundled.by_id[r] for r in catalogue.disabled
                if r in bundled.by_id and r not in catalogue.by_id]
    settings_file = "itready.yaml" if settings is not None else None
    if settings_file and str(root) not in ("", "."):
        settings_file = f"{root.as_posix().rstrip('/')}/itready.yaml"

    if rule_id is None:
        click.echo(_list(list(catalogue.rules), disabled, settings_file), nl=False)
        return
    wanted = rule_id.upper()
    known = {**{r.id: r for r in disabled}, **catalogue.by_id}
    if wanted in known:
        rule = known[wanted]
        click.echo(_explain(rule, bundled.by_id.get(wanted), settings,
                            wanted not in catalogue.by_id, _width()), nl=False)
        return
    family = [known[r] for r in sorted(known) if r.startswith(wanted)
              and re.fullmatch(r"[A-Z]+", wanted)]
    if family:
        click.echo(_list([r for r in family if r.id in catalogue.by_id],
                         [r for r in family if r.id not in catalogue.by_id], settings_file),
                   nl=False)
        return
    click.echo(f"error: unknown rule '{rule_id}'{did_you_mean(wanted, known)}; "
               "`itready rules` lists them all", err=True)
    sys.exit(EXIT_INVALID)

"""Formats of the rule catalogue (``itready rules``): a listing or one rule explained, as text
or JSON. No I/O."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from itready.findings import severity_labels
from itready.formats import Options
from itready.i18n import _, plural
from itready.i18n.formatting import day
from itready.i18n.labels import record_kinds, requirements
from itready.model import Settings
from itready.rules.catalogue import EXAMPLES_AS_OF, Examples, Rule

#: Widest paragraph of an explanation, whatever the terminal: longer lines read badly.
WIDTH = 100
_PLAIN = re.compile(r"[A-Za-z_][\w.\-/]*(?: [\w.\-/]+)*")
_KEYWORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


@dataclass(frozen=True, slots=True)
class RuleList:
    """The rules in force (and those disabled) of an inventory, or the bundled ones."""

    rules: tuple[Rule, ...]
    disabled: tuple[Rule, ...] = ()
    settings_file: str | None = None  # the itready.yaml whose rule settings apply


@dataclass(frozen=True, slots=True)
class RuleExplanation:
    """One rule as in force, beside its bundled default."""

    rule: Rule
    default: Rule | None = None  # the bundled rule of the same ID, if any
    settings: Settings | None = None  # the inventory's settings, if it has itready.yaml
    disabled: bool = False


def _heading(text: str, options: Options) -> str:
    return f"\x1b[1m{text}\x1b[0m" if options.color else text


def _paragraph(text: str, width: int, indent: str = "  ") -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                                     subsequent_indent=indent) for p in paragraphs)


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

    labels, targets = severity_labels(), record_kinds()
    rows = [[r.id, labels[r.severity], targets.get(r.target, r.target), r.title]
            for r in rules]
    rows += [[r.id, _("disabled"), targets.get(r.target, r.target), r.title]
             for r in disabled]
    rows.sort(key=lambda row: row[0])
    table = tabulate(rows, headers=["ID", _("Severity"), _("Target"), _("Title")],
                     tablefmt="simple", disable_numparse=True)
    if disabled:
        total = plural(len(rules), "{n} rule in force, {disabled} disabled",
                       "{n} rules in force, {disabled} disabled", disabled=len(disabled))
    else:
        total = plural(len(rules), "{n} rule", "{n} rules")
    if settings_file:
        total += " " + _("(settings: {file})").format(file=settings_file)
    return f"{table}\n\n" + _("{total}. `itready rules ID` explains one.").format(
        total=total) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _explain(rule: Rule, default_rule: Rule | None, settings: Settings | None, disabled: bool,
             width: int, options: Options) -> str:
    from tabulate import tabulate

    from itready.model import Policy

    labels = severity_labels()
    out = [_heading(f"{rule.id}  {rule.title}", options)]
    facts = [_("severity: {severity}").format(severity=labels[rule.severity])]
    if default_rule is not None and default_rule.severity != rule.severity:
        facts[0] += " " + _("(itready.yaml; default {severity})").format(
            severity=labels[default_rule.severity])
    facts.append(_("target: {target}").format(
        target=record_kinds().get(rule.target, rule.target)))
    if rule.field:
        facts.append(_("field: {field}").format(field=rule.field))
    if rule.requirement:
        label = requirements().get(rule.requirement, rule.requirement)
        facts.append(_("readiness requirement: {requirement}").format(
            requirement=rule.requirement if label == rule.requirement
            else f"{label} ({rule.requirement})"))
    facts.append((_("defined in {place} (bundled)") if rule.builtin
                  else _("defined in {place} (your rule file)")).format(
        place=f"{rule.source}:{rule.line}"))
    out.append("  ".join(facts[:3]) + ("\n" + "  ".join(facts[3:]) if facts[3:] else ""))
    if disabled:
        out.append(_("This rule is disabled in itready.yaml (rules.disable): it does not run."))

    out.append(_heading(_("Rationale"), options) + "\n" + _paragraph(rule.rationale, width))
    if rule.parameters:
        defaults = (default_rule or rule).params(Policy())
        effective = rule.params(settings.policy) if settings is not None else defaults
        rows = []
        for parameter in rule.parameters:
            default = _value(defaults[parameter.name])
            if isinstance(parameter.default, str) and parameter.default.startswith("policy."):
                default += f" ({parameter.default})"  # a setting's name: stays as written
            row = [parameter.name, default]
            if settings is not None:
                row.append(_value(effective[parameter.name]))
            row.append(parameter.help)
            rows.append(row)
        headers = [_("Parameter"), _("Default")] + (
            [_("Effective")] if settings is not None else [])
        table = tabulate(rows, headers=[*headers, _("Meaning")], tablefmt="simple",
                         disable_numparse=True)
        note = ("" if settings is not None else "\n  " + _(
            "(effective values: run in, or name, an inventory with itready.yaml)"))
        out.append(_heading(_("Parameters"), options) + "\n" + textwrap.indent(table, "  ")
                   + note)
    out.append(_heading(_("Remediation"), options) + "\n"
               + _paragraph(rule.remediation, width))
    if rule.references:
        out.append(_heading(_("References (BSI IT-Grundschutz)"), options) + "\n  "
                   + ", ".join(rule.references))
    if rule.procurement:
        out.append(_heading(_("Procurement"), options) + "\n"
                   + _paragraph(str(rule.procurement), width))
    if rule.condition is None:
        out.append(_heading(_("Check"), options) + "\n  " + _(
            "built-in check {rule} (it needs the whole inventory, not one record)").format(
                rule=rule.id))
    else:
        body: dict[str, Any] = {}
        for key in ("where", "condition", "message"):
            value = getattr(rule, key)
            if value is not None:
                body[key] = value
        out.append(_heading(_("Condition"), options) + "\n"
                   + "\n".join(yaml_lines(body, width, 2)))
    if rule.example:
        example = str(rule.example).rstrip()
        out.append(_heading(_("Example"), options) + "\n" + textwrap.indent(example, "  "))
    if rule.examples is not None:
        out.append(_examples(rule.examples, rule.builtin, options))
    return "\n\n".join(out) + "\n"


def _examples(examples: Examples, builtin: bool, options: Options) -> str:
    """The passing and the failing fragment, each with the settings they need."""
    parts = []
    for title, text in ((_("Passing example"), examples.passing),
                        (_("Failing example"), examples.failing)):
        body = text if examples.itready_yaml is None else \
            f"# itready.yaml\n{examples.itready_yaml}# " + _("an inventory file") + f"\n{text}"
        if builtin:
            title = _("{title}, checked on {date}").format(title=title,
                                                           date=day(EXAMPLES_AS_OF))
        parts.append(_heading(title, options) + "\n" + textwrap.indent(body.rstrip(), "  "))
    return "\n\n".join(parts)


def render_text(subject: RuleList | RuleExplanation, options: Options) -> str:
    if isinstance(subject, RuleList):
        return _list(list(subject.rules), list(subject.disabled), subject.settings_file)
    return _explain(subject.rule, subject.default, subject.settings, subject.disabled,
                    min(options.width, WIDTH), options)


def render_json(subject: RuleList | RuleExplanation, options: Options) -> str:
    if isinstance(subject, RuleList):
        document: Any = {
            "schema_version": 1,
            "settings": subject.settings_file,
            "rules": [_rule_dict(r, False) for r in subject.rules]
            + [_rule_dict(r, True) for r in subject.disabled],
        }
        document["rules"].sort(key=lambda r: r["id"])
    else:
        document = {"schema_version": 1, **_rule_dict(subject.rule, subject.disabled),
                    "rationale": subject.rule.rationale,
                    "remediation": subject.rule.remediation,
                    "references": list(subject.rule.references),
                    "procurement": subject.rule.procurement,
                    "examples": _examples_dict(subject.rule.examples)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _examples_dict(examples: Examples | None) -> dict[str, str | None] | None:
    if examples is None:
        return None
    return {"pass": examples.passing, "fail": examples.failing, "settings": examples.itready_yaml}


def _rule_dict(rule: Rule, disabled: bool) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "severity": rule.severity,
            "target": rule.target, "disabled": disabled, "builtin": rule.builtin}

"""The rule catalogue: rules as YAML data with their documentation beside them.

Bundled rules live in ``itready/rules/checks/*.yaml`` (``checks/`` at the repository root); an
organisation adds its own in the same form through ``rules.paths`` in ``itready.yaml``. A rule is
either a *condition* over facts of its target records (the condition language of
``itready.rules.conditions``) or names a built-in *check* that needs the whole inventory (readiness,
licence counts, network overlaps). Settings disable rules and override severities and parameters.
A malformed rule file is an input error with a location, like a malformed inventory.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from itready import model
from itready.errors import InputError, Location, did_you_mean
from itready.findings import SEVERITIES
from itready.loader.files import Unreadable, read_bytes
from itready.loader.locate import Locator
from itready.loader.yaml import YamlError, decode, parse
from itready.model import KINDS, SETTINGS_FILE
from itready.rules.builtin import BUILTINS
from itready.rules.conditions import ConditionError, compile_condition
from itready.rules.facts import FACTS

RULE_ID = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3}")
#: What a rule looks at: one kind of record, or the inventory as a whole.
TARGETS = (*(kind.name for kind in KINDS), "inventory")
_KEYS = {
    "id": True, "title": True, "severity": True, "target": True, "rationale": True,
    "remediation": True, "parameters": False, "references": False, "procurement": False,
    "field": False, "where": False, "condition": False, "message": False, "example": False,
    "examples": False,
    "requirement": False, "replacement": False,
}
#: The check date on which the bundled rules' examples hold; a test checks them on it.
EXAMPLES_AS_OF = date(2026, 11, 27)
_EXAMPLE_KEYS = ("pass", "fail", "settings")


@dataclass(frozen=True, slots=True)
class Examples:
    """A short inventory fragment on which the rule finds nothing (``passing``) and one on
    which it finds something (``failing``); ``itready_yaml`` is the settings both need, if any
    (the key ``settings`` of ``examples:``). ``itready rules ID`` shows them."""

    passing: str
    failing: str
    itready_yaml: str | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    default: Any  # a literal, or "policy.<setting>" for the organisation's policy value
    help: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: str
    target: str
    rationale: str
    remediation: str
    parameters: tuple[Parameter, ...] = ()
    references: tuple[str, ...] = ()
    procurement: str | None = None
    field: str | None = None
    where: Any = None
    condition: Any = None  # None: a built-in check (itready.rules.builtin) of the same ID
    message: str | None = None
    example: str | None = None  # free text, shown as it is
    examples: Examples | None = None
    #: The readiness requirement whose absence the rule finds (WP rules).
    requirement: str | None = None
    #: A finding asks for the device's replacement (procurement counts a device once).
    replacement: bool = False
    source: str = ""
    line: int = 1
    column: int = 1
    builtin: bool = True
    #: settings overrides of parameters
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    def params(self, policy: model.Policy) -> dict[str, Any]:
        """Effective parameter values: settings options, else policy, else the default."""
        values = {}
        for parameter in self.parameters:
            default = parameter.default
            if isinstance(default, str) and default.startswith("policy."):
                default = getattr(policy, default[len("policy."):])
            values[parameter.name] = self.options.get(parameter.name, default)
        return values

    @property
    def readiness(self) -> bool:
        """Whether an unwaived finding makes a workplace not ready: the WP rules, whose IDs
        start with WP, the organisation's own included (rules.md, "Readiness"), and every rule
        about a readiness requirement."""
        return self.target == "workplace" and (self.id.startswith("WP")
                                                or self.requirement is not None)



class Catalogue:
    """The rules in force for one run, in ID order."""

    def __init__(self, rules: list[Rule], disabled: tuple[str, ...] = ()):
        self.rules = tuple(sorted(rules, key=lambda r: r.id))
        self.by_id = {r.id: r for r in self.rules}
        self.disabled = disabled  # IDs of rules that exist but settings switched off

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)


def bundled_files() -> list[tuple[str, str]]:
    """(name, text) of the bundled rule files, in name order."""
    folder = resources.files("itready.rules") / "checks"
    return sorted((f"checks/{entry.name}", entry.read_text(encoding="utf-8"))
                  for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def load_catalogue(root: Path | None = None, settings: model.Settings | None = None,
                   settings_locator: Locator | None = None
                   ) -> tuple[Catalogue, list[InputError]]:
    """Bundled rules plus the organisation's, with settings applied; and any rule-file errors.

    ``settings_locator`` locates errors about the ``rules`` settings in itready.yaml.
    """
    errors: list[InputError] = []

    def in_settings(*path: str | int) -> Location:
        if settings_locator is None:
            return Location(SETTINGS_FILE)
        line, column = settings_locator.locate(("rules", *path))
        return Location(SETTINGS_FILE, line, column)

    rules: dict[str, Rule] = {}
    for name, text in bundled_files():
        for rule in _read_rules(name, text, errors, builtin=True):
            rules[rule.id] = rule
    if settings is None:
        return Catalogue(list(rules.values())), errors
    _add_own_rules(rules, root or Path("."), settings.rules.paths, errors, in_settings)
    _apply_settings(rules, settings.rules, errors, in_settings)
    return Catalogue(list(rules.values()), settings.rules.disable), errors


def _add_own_rules(rules: dict[str, Rule], root: Path, paths: Iterable[str],
                   errors: list[InputError], in_settings: Callable[..., Location]) -> None:
    """The organisation's rule files (``rules.paths``), beside the bundled rules."""
    for number, relative in enumerate(paths):
        try:
            text = decode(read_bytes(root, relative))
        except YamlError as exc:
            errors.append(InputError(exc.code, exc.message, Location(relative, exc.line,
                                                                     exc.column)))
            continue
        except Unreadable as exc:
            errors.append(InputError(exc.code, f"cannot read rule file {relative}: {exc.message}",
                                     in_settings("paths", number)))
            continue
        for rule in _read_rules(relative, text, errors, builtin=False):
            if rule.id in rules and rules[rule.id].builtin:
                errors.append(InputError("E015", f"rule {rule.id} is a bundled rule; give "
                                         "your rule an ID of your own (for example X"
                                         f"{rule.id[-3:]})",
                                         Location(relative, rule.line, rule.column)))
                continue
            rules[rule.id] = rule


def _apply_settings(rules: dict[str, Rule], settings: model.RuleSettings,
                    errors: list[InputError], in_settings: Callable[..., Location]) -> None:
    """Disabled rules out, severities and parameters as ``rules:`` in itready.yaml sets them."""
    known = set(rules)
    named = [(rule_id, ("disable", n)) for n, rule_id in enumerate(settings.disable)]
    named += [(rule_id, (key, rule_id)) for key in ("severity", "options")
              for rule_id in getattr(settings, key)]
    for rule_id, where in named:
        if rule_id not in known:
            errors.append(InputError("E006", f"rules setting names unknown rule {rule_id}"
                                     + did_you_mean(rule_id, known), in_settings(*where)))
    for rule_id, rule in list(rules.items()):
        if rule_id in settings.disable:
            del rules[rule_id]
            continue
        changes: dict[str, Any] = {}
        if rule_id in settings.severity:
            changes["severity"] = settings.severity[rule_id]
        if rule_id in settings.options:
            names = {p.name for p in rule.parameters}
            for option in settings.options[rule_id]:
                if option not in names:
                    errors.append(InputError(
                        "E006", f"rule {rule_id} has no parameter '{option}'"
                        + did_you_mean(option, names), in_settings("options", rule_id, option)))
            changes["options"] = dict(settings.options[rule_id])
        if changes:
            rules[rule_id] = dataclasses.replace(rule, **changes)


def _read_rules(name: str, text: str, errors: list[InputError], builtin: bool) -> list[Rule]:
    """The valid rules of one rule file; an E015 error, located, for each that is not."""
    try:
        parsed = parse(text, guard=not builtin)
    except YamlError as exc:
        errors.append(InputError(exc.code, exc.message, Location(name, exc.line, exc.column)))
        return []

    def error(message: str, path: tuple = ()) -> None:
        line, column = parsed.locator.locate(path)
        errors.append(InputError("E015", message, Location(name, line, column)))

    data = parsed.data
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and set(data) == {"rules"}:
        data, prefix = data["rules"], ("rules",)
    if not isinstance(data, list):
        error("a rule file holds a list of rules (or a mapping with the key 'rules')")
        return []
    rules = []
    for index, raw in enumerate(data):
        path: tuple[str | int, ...] = (*prefix, index)
        before = len(errors)
        _check_rule(raw, path, builtin, error)
        if len(errors) > before:
            continue
        line, column = parsed.locator.locate(path)
        rule = _rule(raw, name, line, column, builtin)
        if rule.condition is not None:
            try:
                probe_conditions(rule)
            except ConditionError as exc:
                error(f"rule {rule.id}: {exc.message}", (*path, *exc.path))
                continue
        rules.append(rule)
    return rules


def _check_rule(raw: Any, path: tuple, builtin: bool, error: Callable[..., None]) -> None:
    """Report what makes ``raw`` no rule; each problem once, at its key."""
    if not isinstance(raw, dict):
        error("a rule is a mapping with id, title, severity, target, …", path)
        return
    for key in raw:
        if key == "check" and not builtin:
            error("only bundled rules use built-in checks; write a 'condition'", (*path, key))
        elif key not in _KEYS:
            error(f"unknown key '{key}' in a rule" + did_you_mean(key, _KEYS), (*path, key))
    for key, required in _KEYS.items():
        if required and not raw.get(key):
            error(f"rule has no '{key}'", path)
    rule_id = raw.get("id")
    if rule_id is not None and not (isinstance(rule_id, str) and RULE_ID.fullmatch(rule_id)):
        error(f"rule id '{rule_id}' must look like ABC123: capitals, then three digits",
              (*path, "id"))
    if raw.get("severity") not in SEVERITIES and "severity" in raw:
        error(f"severity must be one of {', '.join(SEVERITIES)}", (*path, "severity"))
    if raw.get("target") not in TARGETS and "target" in raw:
        error(f"target must be one of {', '.join(TARGETS)}", (*path, "target"))
    if "condition" in raw:
        if builtin and rule_id in BUILTINS:
            error(f"rule {rule_id} has a condition and a built-in check", (*path, "condition"))
        if raw.get("target") == "inventory":
            error("a condition rule targets a record kind: device, workplace, licence, site or "
                  "vpn", (*path, "target"))
    elif builtin:
        if rule_id not in BUILTINS:
            error(f"rule {rule_id} has no 'condition' and no built-in check", path)
    elif "check" not in raw:  # reported at the key above
        error("rule has no 'condition'", path)
    if "field" in raw and raw.get("target") in FACTS and raw["field"] not in FACTS[
            raw["target"]]:
        error(f"field '{raw['field']}' is not a fact of a {raw['target']}", (*path, "field"))
    if not isinstance(raw.get("parameters") or {}, dict):
        error("parameters is a mapping of name to {default, help}", (*path, "parameters"))
    examples = raw.get("examples")
    if "examples" in raw and not (
            isinstance(examples, dict) and set(examples) <= set(_EXAMPLE_KEYS)
            and all(isinstance(examples.get(k), str) for k in ("pass", "fail"))
            and isinstance(examples.get("settings", ""), str)):
        error("examples is a mapping of the YAML texts 'pass' and 'fail' (and 'settings' if "
              "both need an itready.yaml)", (*path, "examples"))


def _rule(raw: dict[str, Any], source: str, line: int, column: int, builtin: bool) -> Rule:
    """The rule of a mapping that ``_check_rule`` found sound."""
    parameters = raw.get("parameters") or {}
    return Rule(
        id=str(raw["id"]), title=str(raw["title"]), severity=raw["severity"],
        target=raw["target"], rationale=str(raw["rationale"]).strip(),
        remediation=str(raw["remediation"]).strip(),
        parameters=tuple(Parameter(str(k), v.get("default") if isinstance(v, dict) else v,
                                   str(v.get("help", "")) if isinstance(v, dict) else "")
                         for k, v in parameters.items()),
        references=tuple(str(r) for r in raw.get("references") or ()),
        procurement=raw.get("procurement"), field=raw.get("field"), where=raw.get("where"),
        condition=raw.get("condition"), message=raw.get("message"), example=raw.get("example"),
        examples=_examples(raw.get("examples")),
        requirement=raw.get("requirement"), replacement=raw.get("replacement") is True,
        source=source, line=line, column=column, builtin=builtin,
    )


def _examples(raw: dict[str, str] | None) -> Examples | None:
    if raw is None:
        return None
    return Examples(raw["pass"].rstrip() + "\n", raw["fail"].rstrip() + "\n",
                    raw["settings"].rstrip() + "\n" if raw.get("settings") else None)


def probe_conditions(rule: Rule) -> None:
    """Compile a rule's conditions and message once, so that a typo is an error at load time,
    not a rule that silently finds nothing."""
    from datetime import date

    from itready import model
    from itready.rules.facts import Context

    ctx = Context(model.Inventory("", model.Settings()), date.today())
    params = rule.params(model.Policy())
    if rule.where is not None:
        compile_condition(rule.where, rule.target, ctx, params, ("where",))
    compile_condition(rule.condition, rule.target, ctx, params, ("condition",))
    facts = FACTS[rule.target]
    for name in re.findall(r"\{([\w.]+)\}", rule.message or ""):
        if name not in facts and name not in params:
            raise ConditionError(f"message names '{{{name}}}', which is neither a fact of a "
                                 f"{rule.target} nor a parameter" + did_you_mean(name, facts),
                                 ("message",))

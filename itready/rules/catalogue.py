"""The rule catalogue: rules as YAML data with their documentation beside them.

Bundled rules live in ``itready/rules/checks/*.yaml`` (``checks/`` at the repository root); an
organisation adds its own in the same form through ``rules.paths`` in ``itready.yaml``. A rule is
either a *condition* over facts of its target records (the condition language of
``itready.rules.conditions``) or names a built-in *check* that needs the whole inventory (readiness,
licence counts, network overlaps). Settings disable rules and override severities and parameters.
A malformed rule file is an input error with a location, like a malformed inventory.

Every text of a rule that people read (title, rationale, remediation, procurement, message,
requirement, a parameter's help) is either one text or a mapping by language,
``title: {en: …, de: …}``: the bundled rules carry both languages, an organisation's own may.
The catalogue is read in the language of the run (``itready.i18n``); where a text lacks it, the
other language is shown, never an empty text (``localised``).
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
from itready.i18n import LANGUAGES, _, current_language
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
#: Keys whose value is a text for people: one text, or a mapping of language to text.
TEXTS = ("title", "rationale", "remediation", "procurement", "message", "requirement")
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


Text = str | dict[str, str]
"""A rule text as written: one text for every language, or a mapping of language to text."""


def localised(value: Text | None, language: str | None = None) -> str | None:
    """A rule text in ``language`` (the run's by default); where it lacks that language, in
    English, else in any language it has: never an empty text for a text that exists."""
    if not isinstance(value, dict):
        return value
    language = language or current_language()
    for candidate in (language, "en", *value):
        text = value.get(candidate)
        if text:
            return str(text)
    return None


def variants(value: Text | None) -> list[str]:
    """Every language's text of a rule text (one text: itself)."""
    if isinstance(value, dict):
        return [str(text) for text in value.values() if text]
    return [] if value is None else [value]


def _text_problem(value: Any) -> str | None:
    """Why ``value`` is no rule text, or None."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return None
    if isinstance(value, dict) and value and all(
            isinstance(text, str) and text.strip() for text in value.values()):
        unknown = [key for key in value if key not in LANGUAGES]
        if not unknown:
            return None
        return _("unknown language '{language}'; texts are given in {languages}").format(
            language=unknown[0], languages=", ".join(LANGUAGES)) + did_you_mean(
                str(unknown[0]), LANGUAGES)
    return _("a text, or a mapping of language ({languages}) to text").format(
        languages=", ".join(LANGUAGES))


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
            errors.append(InputError(exc.code, _("cannot read rule file {file}: {reason}").format(
                file=relative, reason=exc.message), in_settings("paths", number)))
            continue
        for rule in _read_rules(relative, text, errors, builtin=False):
            if rule.id in rules and rules[rule.id].builtin:
                errors.append(InputError("E015", _(
                    "rule {rule} is a bundled rule; give your rule an ID of your own (for "
                    "example {example})").format(rule=rule.id, example=f"X{rule.id[-3:]}"),
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
            errors.append(InputError("E006", _("rules setting names unknown rule {rule}").format(
                rule=rule_id) + did_you_mean(rule_id, known), in_settings(*where)))
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
                        "E006", _("rule {rule} has no parameter '{parameter}'").format(
                            rule=rule_id, parameter=option)
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
        error(_("a rule file holds a list of rules (or a mapping with the key 'rules')"))
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
                probe_conditions(rule, variants(raw.get("message")))
            except ConditionError as exc:
                error(_("rule {rule}: {problem}").format(rule=rule.id, problem=exc.message),
                      (*path, *exc.path))
                continue
        rules.append(rule)
    return rules


def _check_rule(raw: Any, path: tuple, builtin: bool, error: Callable[..., None]) -> None:
    """Report what makes ``raw`` no rule; each problem once, at its key."""
    if not isinstance(raw, dict):
        error(_("a rule is a mapping with id, title, severity, target, …"), path)
        return
    for key in raw:
        if key == "check" and not builtin:
            error(_("only bundled rules use built-in checks; write a 'condition'"),
                  (*path, key))
        elif key not in _KEYS:
            error(_("unknown key '{key}' in a rule").format(key=key)
                  + did_you_mean(key, _KEYS), (*path, key))
    for key, required in _KEYS.items():
        if required and not raw.get(key):
            error(_("rule has no '{key}'").format(key=key), path)
    for key in TEXTS:
        problem = _text_problem(raw[key]) if raw.get(key) is not None else None
        if problem is not None:
            error(_("{key} of a rule: {problem}").format(key=key, problem=problem),
                  (*path, key))
    rule_id = raw.get("id")
    if rule_id is not None and not (isinstance(rule_id, str) and RULE_ID.fullmatch(rule_id)):
        error(_("rule id '{rule}' must look like ABC123: capitals, then three digits").format(
            rule=rule_id), (*path, "id"))
    if raw.get("severity") not in SEVERITIES and "severity" in raw:
        error(_("severity must be one of {choices}").format(choices=", ".join(SEVERITIES)),
              (*path, "severity"))
    if raw.get("target") not in TARGETS and "target" in raw:
        error(_("target must be one of {choices}").format(choices=", ".join(TARGETS)),
              (*path, "target"))
    if "condition" in raw:
        if builtin and rule_id in BUILTINS:
            error(_("rule {rule} has a condition and a built-in check").format(rule=rule_id),
                  (*path, "condition"))
        if raw.get("target") == "inventory":
            error(_("a condition rule targets a record kind: device, workplace, licence, site "
                    "or vpn"), (*path, "target"))
    elif builtin:
        if rule_id not in BUILTINS:
            error(_("rule {rule} has no 'condition' and no built-in check").format(
                rule=rule_id), path)
    elif "check" not in raw:  # reported at the key above
        error(_("rule has no 'condition'"), path)
    if "field" in raw and raw.get("target") in FACTS and raw["field"] not in FACTS[
            raw["target"]]:
        error(_("field '{field}' is not a fact of a {target}").format(
            field=raw["field"], target=raw["target"]), (*path, "field"))
    _check_parameters(raw.get("parameters"), (*path, "parameters"), error)
    examples = raw.get("examples")
    if "examples" in raw and not (
            isinstance(examples, dict) and set(examples) <= set(_EXAMPLE_KEYS)
            and all(isinstance(examples.get(k), str) for k in ("pass", "fail"))
            and isinstance(examples.get("settings", ""), str)):
        error(_("examples is a mapping of the YAML texts 'pass' and 'fail' (and 'settings' if "
                "both need an itready.yaml)"), (*path, "examples"))


def _check_parameters(parameters: Any, path: tuple, error: Callable[..., None]) -> None:
    """A mapping of name to a default, or to {default, help}; a help is a rule text."""
    if not isinstance(parameters or {}, dict):
        error(_("parameters is a mapping of name to {default, help}"), path)
        return
    for name, spec in (parameters or {}).items():
        if isinstance(spec, dict) and spec.get("help") is not None:
            problem = _text_problem(spec["help"])
            if problem is not None:
                error(_("help of parameter {name}: {problem}").format(name=name,
                                                                     problem=problem),
                      (*path, name, "help"))


def _rule(raw: dict[str, Any], source: str, line: int, column: int, builtin: bool) -> Rule:
    """The rule of a mapping that ``_check_rule`` found sound."""
    parameters = raw.get("parameters") or {}
    text = {key: localised(raw.get(key)) for key in TEXTS}
    return Rule(
        id=str(raw["id"]), title=str(text["title"]), severity=raw["severity"],
        target=raw["target"], rationale=str(text["rationale"]).strip(),
        remediation=str(text["remediation"]).strip(),
        parameters=tuple(Parameter(str(k), v.get("default") if isinstance(v, dict) else v,
                                   str(localised(v.get("help")) or "")
                                   if isinstance(v, dict) else "")
                         for k, v in parameters.items()),
        references=tuple(str(r) for r in raw.get("references") or ()),
        procurement=text["procurement"], field=raw.get("field"), where=raw.get("where"),
        condition=raw.get("condition"), message=text["message"], example=raw.get("example"),
        examples=_examples(raw.get("examples")),
        requirement=text["requirement"], replacement=raw.get("replacement") is True,
        source=source, line=line, column=column, builtin=builtin,
    )


def _examples(raw: dict[str, str] | None) -> Examples | None:
    if raw is None:
        return None
    return Examples(raw["pass"].rstrip() + "\n", raw["fail"].rstrip() + "\n",
                    raw["settings"].rstrip() + "\n" if raw.get("settings") else None)


def probe_conditions(rule: Rule, messages: Iterable[str] = ()) -> None:
    """Compile a rule's conditions and message once, so that a typo is an error at load time,
    not a rule that silently finds nothing; ``messages``: the message in every language it is
    written in, each of which must name only facts and parameters."""
    from datetime import date

    from itready import model
    from itready.rules.facts import Context

    ctx = Context(model.Inventory("", model.Settings()), date.today())
    params = rule.params(model.Policy())
    if rule.where is not None:
        compile_condition(rule.where, rule.target, ctx, params, ("where",))
    compile_condition(rule.condition, rule.target, ctx, params, ("condition",))
    facts = FACTS[rule.target]
    for message in (rule.message or "", *messages):
        for name in re.findall(r"\{([\w.]+)\}", message):
            if name not in facts and name not in params:
                raise ConditionError(_(
                    "message names '{placeholder}', which is neither a fact of a {target} nor "
                    "a parameter").format(placeholder=f"{{{name}}}", target=rule.target)
                    + did_you_mean(name, facts), ("message",))

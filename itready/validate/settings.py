"""Settings from itready.yaml: policy, readiness profiles, prices, lifecycle, rule settings.

Every setting has a default (``itready.model.Settings``); a setting that does not fit is a
``Problem`` at its key, and its default stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itready import model
from itready.errors import NodePath as Path
from itready.errors import did_you_mean
from itready.findings import SEVERITIES
from itready.lifecycle import KNOWN_OS, LifecycleEntry, release_key
from itready.validate.convert import Invalid, describe, to_decimal, to_str, to_strings
from itready.validate.schema import LIFECYCLE, POLICY, RULES, SETTINGS_KEYS
from itready.validate.shape import Problem, mapping, shape_of


def validate_settings(data: Any) -> tuple[model.Settings, list[Problem]]:
    """Settings from itready.yaml; every setting has a default."""
    problems: list[Problem] = []
    if data is None:
        return model.Settings(), problems
    if not isinstance(data, dict):
        problems.append(Problem("E003", "itready.yaml is a mapping of settings, got "
                                f"{describe(data)}", ()))
        return model.Settings(), problems
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("x-"):
            continue
        if key not in SETTINGS_KEYS:
            hint = did_you_mean(key, SETTINGS_KEYS)
            if key in model.KIND_BY_KEY:
                hint = " (records belong in other files of the inventory, not in itready.yaml)"
            problems.append(Problem("E004", f"unknown setting '{key}'" + hint, (key,)))
            continue
        if value is None:
            continue
        try:
            kwargs[key] = _SETTING_READERS[key](value, (key,), problems)
        except Invalid as exc:
            problems.append(Problem(exc.code, f"{key} {exc.message}", (key, *exc.subpath)))
    return model.Settings(**{k: v for k, v in kwargs.items() if v is not None}), problems


def _read_policy(value: Any, path: Path, problems: list[Problem]) -> model.Policy | None:
    values = mapping(value, shape_of(POLICY), path, problems, "policy")
    return model.Policy(**values) if values is not None else None


def _read_readiness(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise Invalid("E005", f"expects a mapping of work model to requirements, got "
                       f"{describe(value)}")
    profiles = dict(model.DEFAULT_READINESS)
    for work_model, requirements in value.items():
        if work_model.startswith("x-"):
            continue
        if work_model not in model.WORK_MODELS:
            problems.append(Problem("E004", f"unknown work model '{work_model}'" + did_you_mean(
                work_model, model.WORK_MODELS), (*path, work_model)))
            continue
        try:
            profiles[work_model] = to_strings(requirements or [])
        except Invalid as exc:
            problems.append(Problem(exc.code, f"readiness.{work_model} {exc.message}",
                                    (*path, work_model, *exc.subpath)))
    return profiles


def _read_prices(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise Invalid("E005", f"expects a mapping of item to price, got {describe(value)}")
    prices = {}
    for item, price in value.items():
        if item.startswith("x-"):
            continue
        try:
            prices[item] = to_decimal(price)
        except Invalid as exc:
            problems.append(Problem(exc.code, f"price of {item} {exc.message}", (*path, item)))
    return prices


def _read_lifecycle(value: Any, path: Path, problems: list[Problem]) -> tuple | None:
    if not isinstance(value, list):
        raise Invalid("E005", f"expects a list of releases, got {describe(value)}")
    entries = []
    for index, raw in enumerate(value):
        before = len(problems)
        values = mapping(raw, shape_of(LIFECYCLE), (*path, index), problems, "lifecycle entry")
        if values is None or len(problems) > before:
            continue
        name, version, edition = values["name"], values["version"], values.get("edition")
        if name.lower() in KNOWN_OS and release_key(name, version, edition) is None:
            problems.append(Problem("E006", f"lifecycle entry {name} '{version}' names no release "
                                    "itready knows; check name, version and edition",
                                    (*path, index)))
            continue
        entries.append(LifecycleEntry(name, version, edition, values["eol"]))
    return tuple(entries)


def _read_rules(value: Any, path: Path, problems: list[Problem]) -> model.RuleSettings | None:
    values = mapping(value, shape_of(RULES), path, problems, "rules")
    if values is None:
        return None
    severity = values.get("severity", {})
    for rule, level in severity.items():
        if level not in SEVERITIES:
            problems.append(Problem("E006", f"severity of {rule} must be one of "
                                    f"{', '.join(SEVERITIES)}, got {describe(level)}",
                                    (*path, "severity", rule)))
    options = values.get("options", {})
    for rule, params in options.items():
        if not isinstance(params, dict):
            problems.append(Problem("E005", f"options of {rule} must be a mapping of parameters",
                                    (*path, "options", rule)))
    return model.RuleSettings(
        disable=values.get("disable", ()),
        severity=dict(severity),
        options={k: v for k, v in options.items() if isinstance(v, dict)},
        paths=values.get("paths", ()),
    )


_SETTING_READERS: dict[str, Callable[[Any, Path, list[Problem]], Any]] = {
    "organisation": lambda value, path, problems: to_str(value),
    "policy": _read_policy,
    "readiness": _read_readiness,
    "prices": _read_prices,
    "lifecycle": _read_lifecycle,
    "rules": _read_rules,
    "import": lambda value, path, problems: _read_import(value),
}


def _read_import(value: Any) -> None:
    """``import:`` belongs to ``itready import`` (itready.importer reads its meaning); here
    it only has to be a mapping."""
    if not isinstance(value, dict):
        raise Invalid("E005", f"expects a mapping (owners: field -> preset), got "
                       f"{describe(value)}")

"""Settings from itready.yaml: policy, readiness profiles, prices, lifecycle, rule settings.

Every setting has a default (``itready.model.Settings``); a setting that does not fit is a
``Problem`` at its key, and its default stays.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from itready import model
from itready.errors import NodePath as Path
from itready.errors import did_you_mean
from itready.findings import SEVERITIES
from itready.i18n import _, pgettext
from itready.lifecycle import KNOWN_OS, LifecycleEntry, release_key
from itready.validate.convert import Invalid, describe, to_decimal, to_str, to_strings
from itready.validate.schema import LIFECYCLE, POLICY, RULES, SETTINGS_KEYS
from itready.validate.shape import Problem, mapping, shape_of
from itready.validate.synonyms import suggest


def validate_settings(data: Any) -> tuple[model.Settings, list[Problem]]:
    """Settings from itready.yaml; every setting has a default."""
    problems: list[Problem] = []
    if data is None:
        return model.Settings(), problems
    if not isinstance(data, dict):
        problems.append(Problem("E003", _("itready.yaml is a mapping of settings, got "
                                          "{value}").format(value=describe(data)), ()))
        return model.Settings(), problems
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("x-"):
            continue
        if key not in SETTINGS_KEYS:
            hint = did_you_mean(key, SETTINGS_KEYS)
            if key in model.KIND_BY_KEY:
                hint = _(" (records belong in other files of the inventory, not in "
                         "itready.yaml)")
            problems.append(Problem("E004", _("unknown setting '{key}'").format(key=key) + hint,
                                    (key,)))
            continue
        if value is None:
            continue
        try:
            kwargs[key] = _SETTING_READERS[key](value, (key,), problems)
        except Invalid as exc:
            problems.append(Problem(exc.code, f"{key} {exc.message}", (key, *exc.subpath)))
    prices = kwargs.get("prices")
    if prices and "vat_rate" in prices:  # a rate, not an item's price
        kwargs["vat_rate"] = prices.pop("vat_rate")
    return model.Settings(**{_FIELD.get(k, k): v for k, v in kwargs.items() if v is not None}
                          ), problems


#: Settings key -> its ``model.Settings`` field, where the two differ.
_FIELD = {"import": "imports"}


def _read_policy(value: Any, path: Path, problems: list[Problem]) -> model.Policy | None:
    values = mapping(value, shape_of(POLICY), path, problems,
                     pgettext("settings section", "{key}").format(key="policy"))
    return model.Policy(**values) if values is not None else None


def _read_readiness(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise Invalid("E005", _("expects a mapping of work model to requirements, got "
                                "{value}").format(value=describe(value)))
    profiles = dict(model.DEFAULT_READINESS)
    for work_model, requirements in value.items():
        if work_model.startswith("x-"):
            continue
        if work_model not in model.WORK_MODELS:
            problems.append(Problem("E004", _("unknown work model '{work_model}'").format(
                work_model=work_model) + suggest("work_model", work_model, model.WORK_MODELS),
                (*path, work_model)))
            continue
        try:
            profiles[work_model] = to_strings(requirements or [])
        except Invalid as exc:
            problems.append(Problem(exc.code, f"readiness.{work_model} {exc.message}",
                                    (*path, work_model, *exc.subpath)))
    return profiles


def _read_prices(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise Invalid("E005", _("expects a mapping of item to price, got {value}").format(
            value=describe(value)))
    prices = {}
    for item, price in value.items():
        if item.startswith("x-"):
            continue
        try:
            prices[item] = _vat_rate(price) if item == "vat_rate" else to_decimal(price)
        except Invalid as exc:
            what = "prices.vat_rate" if item == "vat_rate" else _("price of {item}").format(
                item=item)
            problems.append(Problem(exc.code, f"{what} {exc.message}", (*path, item)))
    return prices


def _vat_rate(value: Any) -> Decimal:
    """VAT in percent: 19 for 19 %; a fraction such as 0.19 is a mistake, not 0.19 %."""
    rate = to_decimal(value)
    if rate > 100 or 0 < rate < 1:
        raise Invalid("E006", _("is a percentage between 0 and 100 (19 for 19 %), got "
                                "{value}").format(value=value))
    return rate


def _read_exclude(value: Any, path: Path, problems: list[Problem]) -> tuple[str, ...]:
    """gitignore-style patterns, relative to the inventory root."""
    patterns = (value,) if isinstance(value, str) else to_strings(value)
    return tuple(p.strip() for p in patterns)


def _read_docs_url(value: Any, path: Path, problems: list[Problem]) -> str:
    url = to_str(value).strip()
    if not url.startswith(("https://", "http://")):
        raise Invalid("E006", _("must be an http(s) URL of the docs folder, got {url}").format(
            url=repr(url)))
    return url.rstrip("/")


def _read_language(value: Any, path: Path, problems: list[Problem]) -> str:
    if value not in model.LANGUAGES:
        raise Invalid("E006", _("must be one of {choices}, got {value}").format(
            choices=", ".join(model.LANGUAGES), value=describe(value)))
    return str(value)


def _read_import(value: Any, path: Path, problems: list[Problem]) -> dict[str, Any]:
    """``import:`` (spec import.md), in shape only: ``owners`` maps a field to a preset."""
    if not isinstance(value, dict):
        raise Invalid("E005", _("expects a mapping, got {value}").format(value=describe(value)))
    owners = value.get("owners")
    if owners is not None and not isinstance(owners, dict):
        problems.append(Problem("E005", _("import.owners expects a mapping of field to preset, "
                                          "got {value}").format(value=describe(owners)),
                                (*path, "owners")))
        return {k: v for k, v in value.items() if k != "owners"}
    for field, preset in (owners or {}).items():
        try:
            to_str(preset)
        except Invalid as exc:
            problems.append(Problem(exc.code, _("import.owners.{field} (a preset name) "
                                                "{problem}").format(field=field,
                                                                    problem=exc.message),
                                    (*path, "owners", field)))
    return dict(value)


def _read_lifecycle(value: Any, path: Path, problems: list[Problem]) -> tuple | None:
    if not isinstance(value, list):
        raise Invalid("E005", _("expects a list of releases, got {value}").format(
            value=describe(value)))
    entries = []
    for index, raw in enumerate(value):
        before = len(problems)
        values = mapping(raw, shape_of(LIFECYCLE), (*path, index), problems,
                         _("lifecycle entry"))
        if values is None or len(problems) > before:
            continue
        name, version, edition = values["name"], values["version"], values.get("edition")
        if name.lower() in KNOWN_OS and release_key(name, version, edition) is None:
            problems.append(Problem("E006", _(
                "lifecycle entry {name} '{version}' names no release itready knows; check "
                "name, version and edition").format(name=name, version=version),
                (*path, index)))
            continue
        entries.append(LifecycleEntry(name, version, edition, values["eol"]))
    return tuple(entries)


def _read_rules(value: Any, path: Path, problems: list[Problem]) -> model.RuleSettings | None:
    values = mapping(value, shape_of(RULES), path, problems,
                     pgettext("settings section", "{key}").format(key="rules"))
    if values is None:
        return None
    severity = values.get("severity", {})
    for rule, level in severity.items():
        if level not in SEVERITIES:
            problems.append(Problem("E006", _("severity of {rule} must be one of {choices}, got "
                                              "{value}").format(
                rule=rule, choices=", ".join(SEVERITIES), value=describe(level)),
                (*path, "severity", rule)))
    options = values.get("options", {})
    for rule, params in options.items():
        if not isinstance(params, dict):
            problems.append(Problem("E005", _("options of {rule} must be a mapping of "
                                              "parameters").format(rule=rule),
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
    "exclude": _read_exclude,
    "docs_url": _read_docs_url,
    "language": _read_language,
    "import": _read_import,
}

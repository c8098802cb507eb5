"""Turn parsed YAML into typed records, collecting every input error on the way.

Errors are gathered, never raised one at a time: a user fixes a whole file in one go. Each
error names a path inside its file (``("devices", 3, "encrypted")``); the loader turns paths
into line and column only for the errors it reports, which keeps a clean run fast.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from itready import model
from itready.errors import NodePath as Path
from itready.errors import did_you_mean
from itready.findings import SEVERITIES
from itready.lifecycle import KNOWN_OS, LifecycleEntry, release_key
from itready.validate.schema import (
    FIELDS,
    LIFECYCLE,
    NESTED,
    POLICY,
    RULES,
    SETTINGS_KEYS,
    FieldSpec,
)


@dataclass(slots=True)
class Problem:
    """An input error before it has a line and column."""

    code: str
    message: str
    path: Path


@dataclass(frozen=True, slots=True)
class Reference:
    """A field that names another record: what it names and which kinds it may name."""

    targets: tuple[str, ...]
    allowed: tuple[str, ...]
    field: str
    path: Path  # of the field; a list field's items are at path + (index,)
    listed: bool = False


class _Invalid(Exception):
    def __init__(self, code: str, message: str, subpath: Path = ()):
        self.code, self.message, self.subpath = code, message, subpath


@dataclass(slots=True)
class FileRecords:
    """The valid records of one file and the problems found in it."""

    path: str
    records: list[model.Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (id, kind key, index) of every record that has an id, valid or not: references to an
    #: invalid record are not reported again as unknown.
    ids: list[tuple[str, str, int]] = field(default_factory=list)
    #: Every reference of every record, valid or not, for the cross-file check.
    refs: list[Reference] = field(default_factory=list)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


# --- scalar converters: value -> typed value, or _Invalid -----------------------------------

def to_str(value: Any, spec: FieldSpec | None = None) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise _Invalid("E006", "is empty; give a value or leave the key out")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an unquoted number where text belongs: its digits are the text
    if isinstance(value, float):
        raise _Invalid("E005", f"expects text, got the number {value}; put it in quotes")
    raise _Invalid("E005", f"expects text, got {_describe(value)}")


def to_int(value: Any, spec: FieldSpec) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid("E005", f"expects a whole number, got {_describe(value)}")
    if spec.minimum is not None and value < spec.minimum:
        raise _Invalid("E006", f"must be at least {spec.minimum}, got {value}")
    if spec.maximum is not None and value > spec.maximum:
        raise _Invalid("E006", f"must be at most {spec.maximum}, got {value}")
    return value


def to_bool(value: Any, spec: FieldSpec | None = None) -> bool:
    if isinstance(value, bool):
        return value
    hint = " (YAML 1.2: yes/no/on/off are text)" if isinstance(value, str) else ""
    raise _Invalid("E005", f"expects true or false, got {_describe(value)}{hint}")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_date(value: Any, spec: FieldSpec | None = None) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Invalid("E006", f"'{value}' is not a calendar date") from None
    raise _Invalid("E005", f"expects a date like 2026-03-31, got {_describe(value)}")


def to_decimal(value: Any, spec: FieldSpec | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Invalid("E005", f"expects a number, got {_describe(value)}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _Invalid("E005", f"expects a number, got {_describe(value)}") from None
    if not number.is_finite() or number < 0:
        raise _Invalid("E006", f"must be a finite number of at least 0, got {value}")
    return number


def to_share(value: Any, spec: FieldSpec | None = None) -> Decimal:
    number = to_decimal(value)
    if number > 1:
        raise _Invalid("E006", f"is a share between 0 and 1, got {value}")
    return number


def to_choice(value: Any, spec: FieldSpec) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid("E005", f"expects one of {', '.join(spec.choices)}, got {_describe(value)}")
    if value not in spec.choices:
        raise _Invalid(
            "E006",
            f"'{value}' is not one of {', '.join(spec.choices)}"
            + did_you_mean(value, spec.choices),
        )
    return value


def to_cidr(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    try:
        return str(ipaddress.ip_network(text, strict=True))
    except ValueError as exc:
        if "host bits" in str(exc):
            net = ipaddress.ip_network(text, strict=False)
            raise _Invalid("E006", f"'{text}' has host bits set; the network is {net}") from None
        raise _Invalid("E006", f"'{text}' is not an IPv4 or IPv6 network (CIDR)") from None


def to_ip(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise _Invalid("E006", f"'{text}' is not an IPv4 or IPv6 address") from None


_MAC_DIGITS = re.compile(r"[0-9a-fA-F]{12}")
_MAC_FORMS = re.compile(
    r"(?:[0-9a-fA-F]{2}([:-])){5}[0-9a-fA-F]{2}|(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}"
    r"|[0-9a-fA-F]{12}"
)


def to_mac(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    if not _MAC_FORMS.fullmatch(text):
        raise _Invalid("E006", f"'{text}' is not a MAC address (like 00:1A:2B:3C:4D:5E)")
    digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _to_list(value: Any, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise _Invalid("E005", f"expects a list, got {_describe(value)}")
    out = []
    for index, entry in enumerate(value):
        try:
            out.append(item(entry))
        except _Invalid as exc:
            raise _Invalid(exc.code, exc.message, (index, *exc.subpath)) from None
    return tuple(out)


def to_strings(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    return _to_list(value, to_str)


def to_cidrs(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    return _to_list(value, to_cidr)


def to_capabilities(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    capabilities = to_strings(value)
    if not capabilities:
        raise _Invalid("E006", "names no capability; list what the licence provides")
    return capabilities


CONVERTERS: dict[str, Callable[[Any, Any], Any]] = {
    "str": to_str,
    "int": to_int,
    "bool": to_bool,
    "date": to_date,
    "decimal": to_decimal,
    "share": to_share,
    "choice": to_choice,
    "cidr": to_cidr,
    "cidrs": to_cidrs,
    "ip": to_ip,
    "mac": to_mac,
    "strings": to_strings,
    "capabilities": to_capabilities,
}


# --- mappings --------------------------------------------------------------------------------

class Shape:
    """The fields a mapping may hold, prepared once for the hot loop of validation."""

    __slots__ = ("converters", "excluded", "fields", "required")

    def __init__(self, fields: dict[str, FieldSpec], device_kind: str | None = None):
        self.fields = fields
        applies = {name: spec for name, spec in fields.items()
                   if device_kind is None or spec.device_kinds is None
                   or device_kind in spec.device_kinds}
        self.excluded = frozenset(fields) - frozenset(applies)
        #: name -> (converter, spec); None as converter means a nested mapping or list
        self.converters = {name: (None if spec.nested else CONVERTERS[spec.type], spec)
                           for name, spec in applies.items()}
        self.required = tuple(name for name, spec in applies.items() if spec.required)


_SHAPES: dict[tuple[int, str | None], Shape] = {}


def shape_of(fields: dict[str, FieldSpec], device_kind: str | None = None) -> Shape:
    key = (id(fields), device_kind)
    if key not in _SHAPES:
        _SHAPES[key] = Shape(fields, device_kind)
    return _SHAPES[key]


def _mapping(raw: Any, shape: Shape, path: Path, problems: list[Problem], what: str
             ) -> dict[str, Any] | None:
    """Convert one mapping field by field; None when it is not a mapping at all."""
    if type(raw) is not dict:
        problems.append(Problem("E003", f"{what} must be a mapping of keys, got "
                                f"{_describe(raw)}", path))
        return None
    out: dict[str, Any] = {}
    failed: set[str] = set()
    converters = shape.converters
    for key, value in raw.items():
        entry = converters.get(key)
        if entry is None:
            failed.add(key)
            if key in shape.excluded:
                problems.append(Problem("E006", f"'{key}' does not apply to {what}",
                                        (*path, key)))
            elif not key.startswith("x-"):
                problems.append(Problem(
                    "E004", f"unknown key '{key}' in {what}" + did_you_mean(key, shape.fields),
                    (*path, key)))
            continue
        if value is None:
            continue  # an empty value is the same as an absent key
        convert, spec = entry
        if convert is to_str and type(value) is str and value and not value.isspace():
            out[key] = value  # the common case, without a call
            continue
        try:
            if convert is None:
                out[key] = _nested(value, spec, (*path, key), problems)
            else:
                out[key] = convert(value, spec)
        except _Invalid as exc:
            failed.add(key)
            problems.append(Problem(exc.code, f"{key} {exc.message}", (*path, key, *exc.subpath)))
    for name in shape.required:
        if name not in out and name not in failed:
            problems.append(Problem("E007", f"{what} has no '{name}': {shape.fields[name].help}",
                                    path))
    return out


def _nested(value: Any, spec: FieldSpec, path: Path, problems: list[Problem]) -> Any:
    shape = shape_of(NESTED[spec.nested or ""])
    if spec.type == "mapping":
        converted = _mapping(value, shape, path, problems, spec.name)
        if converted is None or any(name not in converted for name in shape.required):
            return None
        return converted
    if not isinstance(value, list):
        raise _Invalid("E005", f"expects a list, got {_describe(value)}")
    items = []
    for index, entry in enumerate(value):
        converted = _mapping(entry, shape, (*path, index), problems, f"{spec.name} entry")
        if converted is not None and all(name in converted for name in shape.required):
            items.append((index, converted))
    return items


# --- records ---------------------------------------------------------------------------------



def _waivers(items: list[tuple[int, dict[str, Any]]] | None) -> tuple[model.Waiver, ...]:
    if not items:
        return ()
    return tuple(model.Waiver(index=index, **fields) for index, fields in items or ())


def _cross_field(kind: str, values: dict[str, Any], path: Path, problems: list[Problem]) -> None:
    """Rules that tie one field to another (Windows needs an edition; seats by licence model)."""
    os_values = values.get("os")
    if kind == "device" and os_values is not None:
        name, edition = os_values["name"].lower(), os_values.get("edition")
        os_values["name"] = name  # "Windows" and "windows" are the same OS
        if name == "windows" and edition is None:
            problems.append(Problem("E007", "os of a Windows device has no 'edition': enterprise,"
                                    " education, pro, home, ltsc or iot-ltsc", (*path, "os")))
        elif name != "windows" and edition is not None:
            problems.append(Problem("E006", f"edition applies to Windows only, not {name}",
                                    (*path, "os", "edition")))
    if kind == "licence" and "model" in values:
        if values["model"] == "site" and "assigned_to" in values:
            problems.append(Problem("E006", "a site licence covers every workplace; remove "
                                    "assigned_to", (*path, "assigned_to")))
        elif values["model"] != "site" and "seats" not in values:
            problems.append(Problem("E007", f"a {values['model']} licence has no 'seats'", path))


def _references(kind: str, values: dict[str, Any], path: Path) -> list[Reference]:
    """The references a record makes, as far as its fields could be read."""
    if kind in ("workplace", "vpn") and "site" in values:
        return [Reference((values["site"],), ("site",), "site", (*path, "site"))]
    if kind == "device" and "assigned_to" in values:
        return [Reference((values["assigned_to"],), ("workplace", "site"), "assigned_to",
                          (*path, "assigned_to"))]
    if kind == "licence" and "model" in values and values.get("assigned_to"):
        allowed = ("device",) if values["model"] == "per-device" else ("workplace",)
        return [Reference(values["assigned_to"], allowed, "assigned_to",
                          (*path, "assigned_to"), listed=True)]
    return []


def _build(kind: str, values: dict[str, Any], source: model.Source) -> model.Record:
    """The record of converted ``values``: nested mappings as their classes, defaults that
    depend on other fields filled in."""
    waivers = _waivers(values.pop("waivers", None))
    if "networks" in values:
        values["networks"] = tuple(model.Network(**n) for _, n in values["networks"])
    if "os" in values:
        values["os"] = model.OperatingSystem(**values["os"])
    if kind == "workplace":
        work_model = values["work_model"]
        values.setdefault("mobile_days", model.DEFAULT_MOBILE_DAYS[work_model])
        values.setdefault("desk", "assigned" if work_model == "office" else "shared")
    return model.KIND_BY_NAME[kind].cls(source=source, waivers=waivers, **values)


def validate_file(path: str, data: Any) -> FileRecords:
    """Typed records and problems of one inventory file (not itready.yaml)."""
    result = FileRecords(path)
    problems = result.problems
    if data is None:
        return result
    keys = model.KIND_BY_KEY
    if not isinstance(data, dict):
        problems.append(Problem("E003", "an inventory file is a mapping of kinds ("
                                + ", ".join(keys) + f"), got {_describe(data)}", ()))
        return result
    for top, records in data.items():
        if top.startswith("x-"):
            continue
        if top not in keys:
            hint = did_you_mean(top, keys)
            if top in SETTINGS_KEYS:
                hint = " (settings belong in itready.yaml at the inventory root)"
            problems.append(Problem("E004", f"unknown kind '{top}'; a file holds "
                                    + ", ".join(keys) + hint, (top,)))
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            problems.append(Problem("E003", f"'{top}' must be a list of records, got "
                                    f"{_describe(records)}", (top,)))
            continue
        kind = keys[top].name
        fields = FIELDS[kind]
        record_shape, record_what = shape_of(fields), f"a {kind} record"
        device_kinds = fields["kind"].choices if kind == "device" else ()
        for index, raw in enumerate(records):
            record_path = (top, index)
            if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
                result.ids.append((str(raw["id"]), top, index))
            before = len(problems)
            shape, what = record_shape, record_what
            if kind == "device" and type(raw) is dict:
                device_kind = raw.get("kind")
                if isinstance(device_kind, str):
                    what = f"a {device_kind}"
                    if device_kind in device_kinds:
                        shape = shape_of(fields, device_kind)
            values = _mapping(raw, shape, record_path, problems, what)
            if values is None:
                continue
            _cross_field(kind, values, record_path, problems)
            result.refs.extend(_references(kind, values, record_path))
            if len(problems) == before:
                result.records.append(_build(kind, values, model.Source(path, top, index)))
    return result


# --- settings --------------------------------------------------------------------------------

def validate_settings(data: Any) -> tuple[model.Settings, list[Problem]]:
    """Settings from itready.yaml; every setting has a default."""
    problems: list[Problem] = []
    if data is None:
        return model.Settings(), problems
    if not isinstance(data, dict):
        problems.append(Problem("E003", "itready.yaml is a mapping of settings, got "
                                f"{_describe(data)}", ()))
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
        except _Invalid as exc:
            problems.append(Problem(exc.code, f"{key} {exc.message}", (key, *exc.subpath)))
    return model.Settings(**{k: v for k, v in kwargs.items() if v is not None}), problems


def _read_policy(value: Any, path: Path, problems: list[Problem]) -> model.Policy | None:
    values = _mapping(value, shape_of(POLICY), path, problems, "policy")
    return model.Policy(**values) if values is not None else None


def _read_readiness(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise _Invalid("E005", f"expects a mapping of work model to requirements, got "
                       f"{_describe(value)}")
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
        except _Invalid as exc:
            problems.append(Problem(exc.code, f"readiness.{work_model} {exc.message}",
                                    (*path, work_model, *exc.subpath)))
    return profiles


def _read_prices(value: Any, path: Path, problems: list[Problem]) -> dict | None:
    if not isinstance(value, dict):
        raise _Invalid("E005", f"expects a mapping of item to price, got {_describe(value)}")
    prices = {}
    for item, price in value.items():
        if item.startswith("x-"):
            continue
        try:
            prices[item] = to_decimal(price)
        except _Invalid as exc:
            problems.append(Problem(exc.code, f"price of {item} {exc.message}", (*path, item)))
    return prices


def _read_lifecycle(value: Any, path: Path, problems: list[Problem]) -> tuple | None:
    if not isinstance(value, list):
        raise _Invalid("E005", f"expects a list of releases, got {_describe(value)}")
    entries = []
    for index, raw in enumerate(value):
        before = len(problems)
        values = _mapping(raw, shape_of(LIFECYCLE), (*path, index), problems, "lifecycle entry")
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
    values = _mapping(value, shape_of(RULES), path, problems, "rules")
    if values is None:
        return None
    severity = values.get("severity", {})
    for rule, level in severity.items():
        if level not in SEVERITIES:
            problems.append(Problem("E006", f"severity of {rule} must be one of "
                                    f"{', '.join(SEVERITIES)}, got {_describe(level)}",
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


def _as_mapping(value: Any, spec: FieldSpec | None = None) -> dict:
    if not isinstance(value, dict):
        raise _Invalid("E005", f"expects a mapping, got {_describe(value)}")
    return value


CONVERTERS["mapping"] = _as_mapping

_SETTING_READERS: dict[str, Callable[[Any, Path, list[Problem]], Any]] = {
    "organisation": lambda value, path, problems: to_str(value),
    "policy": _read_policy,
    "readiness": _read_readiness,
    "prices": _read_prices,
    "lifecycle": _read_lifecycle,
    "rules": _read_rules,
}

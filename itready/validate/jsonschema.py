"""JSON Schema for inventory files and itready.yaml, generated from the format table.

Why it exists: editors that speak JSON Schema (VS Code with the YAML extension, and every other
editor running yaml-language-server) complete keys and choices, show each field's help on hover
and mark mistakes while a file is typed, long before ``itready validate`` runs. The schema is
built from :mod:`itready.validate.schema` (kinds, fields, types, choices, limits, help) and
the defaults of :mod:`itready.model`, so it cannot drift from the validator. ``itready schema``
prints it.

The schema is draft-07, the newest draft yaml-language-server validates. It accepts what the
validator accepts (an empty value is the same as an absent key, a whole number where text
belongs is its digits), so an editor never flags a file that ``itready validate`` passes. What a
schema cannot express stays with the validator: unique ids, references between records, host
bits in a network, the release names of the lifecycle table.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from itready import model
from itready.findings import SEVERITIES
from itready.lifecycle import KNOWN_OS
from itready.validate.schema import (
    FIELDS,
    LIFECYCLE,
    NESTED,
    POLICY,
    RULES,
    SETTINGS_KEYS,
    FieldSpec,
)

Schema = dict[str, Any]

DRAFT = "http://json-schema.org/draft-07/schema#"
EXTENSION_KEYS = "^x-"
"""Keys beginning with ``x-`` are local extensions: accepted and ignored everywhere."""

# --- scalar patterns (ECMA 262 and Python alike: only [0-9], never \d) ------------------------

_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_HEX = "[0-9A-Fa-f]{1,4}"


def _ipv6() -> str:
    """Every IPv6 text form: full, ``::``-compressed, and with an IPv4 tail."""
    forms = [rf"(?:{_HEX}:){{7}}{_HEX}", rf"(?:{_HEX}:){{6}}{_IPV4}"]
    for left in range(8):  # groups before "::"
        head = "" if left == 0 else rf"{_HEX}(?::{_HEX}){{{left - 1}}}"
        tail = "" if left == 7 else rf"(?:{_HEX}(?::{_HEX}){{0,{6 - left}}})?"
        forms.append(f"{head}::{tail}")
        if left <= 5:
            forms.append(rf"{head}::(?:{_HEX}:){{0,{5 - left}}}{_IPV4}")
    return "(?:" + "|".join(forms) + ")"


_IPV6 = _ipv6()
_IPV4_PREFIX = "(?:3[0-2]|[12]?[0-9])"
_IPV6_PREFIX = "(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])"

IP_PATTERN = f"^(?:{_IPV4}|{_IPV6})$"
CIDR_PATTERN = f"^(?:{_IPV4}(?:/{_IPV4_PREFIX})?|{_IPV6}(?:/{_IPV6_PREFIX})?)$"
"""A network; like the validator, a bare address is accepted as a single-address network."""
MAC_PATTERN = (
    "^(?:(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|(?:[0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}"
    "|[0-9A-Fa-f]{12})$"
)
DATE_PATTERN = "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
NUMBER_TEXT_PATTERN = r"^\s*\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$"
"""A non-negative number written as text (``cost_per_seat: "24.00"``), which the validator reads."""
TEXT_PATTERN = r"\S"
"""Text must hold more than white space."""

# The record type each kind builds: its field defaults become the schema's defaults.
_MODELS: dict[str, type] = {
    "site": model.Site,
    "vpn": model.VpnGateway,
    "workplace": model.Workplace,
    "device": model.Device,
    "licence": model.Licence,
}
_NESTED_MODELS: dict[str, type] = {"waiver": model.Waiver, "network": model.Network,
                                   "os": model.OperatingSystem}

_SETTINGS_HELP = {
    "organisation": "name of the organisation, shown in reports",
    "policy": "thresholds the rules apply; every one has a default",
    "readiness": "what a workplace needs, by work model",
    "prices": "EUR per unit, by item (laptop, headset, monitor, …), for procurement lines",
    "lifecycle": "additions to or overrides of the bundled OS lifecycle table",
    "rules": "which rules run, at what severity, with what parameters",
    "import": "how itready import treats several sources (owners: field -> preset)",
}


# --- building blocks ---------------------------------------------------------------------------

def _text() -> Schema:
    # The validator reads an unquoted whole number as its digits (cost_centre: 1000).
    return {"type": ["string", "integer"], "pattern": TEXT_PATTERN}


def _number(maximum: int | None = None) -> Schema:
    schema: Schema = {"type": ["number", "string"], "minimum": 0, "pattern": NUMBER_TEXT_PATTERN}
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def _choice(choices: tuple[str, ...]) -> Schema:
    values: list[Any] = list(choices)
    for choice in choices:  # an unquoted 2.0 reads as the number, which the validator accepts
        if re.fullmatch(r"[0-9]+\.[0-9]+", choice) and str(float(choice)) == choice:
            values.append(float(choice))
    return {"enum": values}


def _scalar(spec: FieldSpec) -> Schema:
    """The schema of a field that has no nested mapping."""
    kind = spec.type
    if kind == "str":
        return _text()
    if kind == "int":
        schema: Schema = {"type": "integer"}
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
        return schema
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if kind == "decimal":
        return _number()
    if kind == "share":
        return _number(maximum=1)
    if kind == "choice":
        return _choice(spec.choices)
    if kind == "cidr":
        return {"type": "string", "pattern": CIDR_PATTERN}
    if kind == "ip":
        return {"type": "string", "pattern": IP_PATTERN}
    if kind == "mac":
        return {"type": "string", "pattern": MAC_PATTERN}
    if kind == "cidrs":
        return {"type": "array", "items": {"type": "string", "pattern": CIDR_PATTERN}}
    if kind == "strings":
        return {"type": "array", "items": _text()}
    if kind == "capabilities":
        return {"type": "array", "items": _text(), "minItems": 1}
    if kind == "mapping":
        return {"type": "object"}
    raise ValueError(f"no JSON Schema for field type '{kind}' of '{spec.name}'")


def _nullable(schema: Schema) -> Schema:
    """Allow an empty value: the validator treats ``key:`` with nothing as an absent key."""
    schema = dict(schema)
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    elif isinstance(schema.get("type"), list):
        schema["type"] = [*schema["type"], "null"]
    elif "type" in schema:
        schema["type"] = [schema["type"], "null"]
    else:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


NOT_NULL: Schema = {"not": {"type": "null"}}


def _json_default(value: Any) -> Any:
    """A model default as JSON, or None where there is none worth showing."""
    if value is None or value == () or value == {}:
        return None
    if isinstance(value, tuple):
        return [_json_default(v) for v in value]
    if isinstance(value, bool | int | str):
        return value
    return float(value)  # Decimal


def _defaults(cls: type | None) -> dict[str, Any]:
    if cls is None:
        return {}
    out = {}
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            value = _json_default(field.default)
        elif field.default_factory is not dataclasses.MISSING:
            value = _json_default(field.default_factory())
        else:
            continue
        if value is not None:
            out[field.name] = value
    return out


def _ref(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


def _describe(spec: FieldSpec) -> str:
    text = spec.help
    if spec.required:
        text += " (required)"
    if spec.device_kinds is not None:
        kinds = [k for k in FIELDS["device"]["kind"].choices if k in spec.device_kinds]
        text += f"; only for {', '.join(kinds)}"
    return text


def _field(spec: FieldSpec, default: Any = None) -> Schema:
    """The schema of one field, with its help as description."""
    if spec.nested is not None:
        inner = _ref(spec.nested)
        if spec.type == "list":
            inner = {"type": "array", "items": inner}
        schema: Schema = {"anyOf": [inner, {"type": "null"}]} if not spec.required else inner
        if "$ref" in schema:  # draft-07 ignores keywords beside $ref
            schema = {"allOf": [schema]}
    else:
        schema = _scalar(spec)
        if not spec.required:
            schema = _nullable(schema)
    schema["description"] = _describe(spec)
    if default is not None:
        schema["default"] = default
    return schema


def _object(fields: dict[str, FieldSpec], cls: type | None = None,
            extensions: bool = True) -> Schema:
    """A mapping of known keys: required ones required, unknown ones refused."""
    defaults = _defaults(cls)
    schema: Schema = {
        "type": "object",
        "properties": {name: _field(spec, defaults.get(name)) for name, spec in fields.items()},
        "additionalProperties": False,
    }
    if extensions:
        schema["patternProperties"] = {EXTENSION_KEYS: {}}
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        schema["required"] = required
    return schema


# --- rules that tie one field to another (mirrors validate._cross_field) -----------------------

def _if_value(key: str, values: list[str]) -> Schema:
    return {"properties": {key: {"enum": values}}, "required": [key]}


def _device_applicability(fields: dict[str, FieldSpec]) -> list[Schema]:
    """Fields that do not apply to a device kind (an ``os`` on a headset) are errors."""
    all_kinds = fields["kind"].choices
    groups: dict[tuple[str, ...], list[str]] = {}
    for name, spec in fields.items():
        if spec.device_kinds is not None:
            others = tuple(k for k in all_kinds if k not in spec.device_kinds)
            if others:
                groups.setdefault(others, []).append(name)
    rules = []
    for others, names in groups.items():
        allowed = ", ".join(k for k in all_kinds if k not in others)
        rules.append({
            "if": _if_value("kind", list(others)),
            "then": {"properties": {
                name: {"not": {}, "description": f"{name} applies only to {allowed}"}
                for name in names}},
        })
    return rules


def _windows_edition() -> list[Schema]:
    """A Windows ``os`` needs an edition; any other OS has none."""
    return [{
        "if": _if_value("name", ["windows"]),
        "then": {"required": ["edition"], "properties": {"edition": dict(NOT_NULL)}},
        "else": {"properties": {"edition": {"type": "null"}}},
    }]


def _licence_seats(fields: dict[str, FieldSpec]) -> list[Schema]:
    """A site licence covers every workplace (no assigned_to); the others count seats."""
    counted = [m for m in fields["model"].choices if m != "site"]
    return [
        {"if": _if_value("model", ["site"]),
         "then": {"properties": {"assigned_to": {"type": "null"}}}},
        {"if": _if_value("model", counted),
         "then": {"required": ["seats"], "properties": {"seats": dict(NOT_NULL)}}},
    ]


# --- the two schemas ---------------------------------------------------------------------------

def _definitions() -> dict[str, Schema]:
    definitions: dict[str, Schema] = {}
    for name, fields in NESTED.items():
        definitions[name] = _object(fields, _NESTED_MODELS.get(name))
    definitions["os"]["properties"]["name"]["examples"] = sorted(KNOWN_OS)
    definitions["os"]["allOf"] = _windows_edition()
    for kind_of in model.KINDS:
        kind, fields = kind_of.name, FIELDS[kind_of.name]
        record = _object(fields, _MODELS.get(kind))
        record["description"] = f"one record of '{kind_of.key}'"
        if kind == "device":
            record["allOf"] = _device_applicability(fields)
        elif kind == "licence":
            record["allOf"] = _licence_seats(fields)
        definitions[kind] = record
    return definitions


def inventory_schema() -> Schema:
    """JSON Schema of one inventory file (any file of an inventory but itready.yaml)."""
    properties = {
        kind.key: {
            "description": f"a list of {kind.name} records",
            "type": ["array", "null"],
            "items": _ref(kind.name),
        }
        for kind in model.KINDS
    }
    return {
        "$schema": DRAFT,
        "title": "itready inventory file",
        "description": "Records of an itready inventory under one or more of the keys "
                       + ", ".join(model.KIND_BY_KEY) + ". Keys beginning with x- are ignored.",
        "type": ["object", "null"],
        "properties": properties,
        "patternProperties": {EXTENSION_KEYS: {}},
        "additionalProperties": False,
        "definitions": _definitions(),
    }


def _settings_properties() -> dict[str, Schema]:
    work_models = model.WORK_MODELS
    requirements = sorted({r for needs in model.DEFAULT_READINESS.values() for r in needs})
    readiness: Schema = {
        "type": "object",
        "properties": {
            work_model: {
                "type": ["array", "null"],
                "items": {**_text(), "examples": requirements},
                "description": f"what a workplace with work model {work_model} needs",
                **({"default": list(model.DEFAULT_READINESS[work_model])}
                   if work_model in model.DEFAULT_READINESS else {}),
            }
            for work_model in work_models
        },
        "additionalProperties": False,  # the validator takes no x- keys here
    }
    rules = _object(RULES, model.RuleSettings)
    rules["properties"]["severity"]["additionalProperties"] = {"enum": list(SEVERITIES)}
    rules["properties"]["options"]["additionalProperties"] = {"type": "object"}
    lifecycle_entry = _object(LIFECYCLE)
    built: dict[str, Schema] = {
        "organisation": _text(),
        "policy": _object(POLICY, model.Policy),
        "readiness": readiness,
        "prices": {"type": "object", "additionalProperties": _number()},
        "lifecycle": {"type": "array", "items": lifecycle_entry},
        "rules": rules,
        "import": {"type": "object"},
    }
    properties = {}
    for key in SETTINGS_KEYS:  # a KeyError here means a new setting needs a schema
        schema = _nullable(built[key])
        schema["description"] = _SETTINGS_HELP[key]
        properties[key] = schema
    return properties


def settings_schema() -> Schema:
    """JSON Schema of the settings file itready.yaml at the root of an inventory."""
    return {
        "$schema": DRAFT,
        "title": "itready settings (itready.yaml)",
        "description": "Settings of an itready inventory; every setting has a default. "
                       "Keys beginning with x- are ignored.",
        "type": ["object", "null"],
        "properties": _settings_properties(),
        "patternProperties": {EXTENSION_KEYS: {}},
        "additionalProperties": False,
    }


SCHEMAS = {"inventory": inventory_schema, "settings": settings_schema}


def schema_json(which: str) -> str:
    """The schema ``which`` ("inventory" or "settings") as pretty JSON text, keys sorted."""
    try:
        build = SCHEMAS[which]
    except KeyError:
        raise ValueError(f"no schema '{which}'; choose one of {', '.join(SCHEMAS)}") from None
    return json.dumps(build(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

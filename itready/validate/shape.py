"""Mappings by the format table: each key converted, unknown keys named, required keys missed.

``mapping`` converts one YAML mapping field by field and collects a ``Problem`` for each key that
does not fit, so that a user sees every problem of a file in one run. ``Shape`` prepares the
fields of a mapping once, for the hot loop over hundreds of thousands of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itready.errors import NodePath as Path
from itready.errors import did_you_mean
from itready.i18n import _, pgettext
from itready.validate.convert import CONVERTERS, Invalid, describe, to_id, to_name, to_str
from itready.validate.schema import NESTED, FieldSpec


@dataclass(slots=True)
class Problem:
    """An input error before it has a line and column."""

    code: str
    message: str
    path: Path


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
#: Converters whose work printable ASCII text does not need: an ID of printable ASCII shows
#: as it is, and ASCII is in normal form C.
_PLAIN_ASCII = (to_id, to_name)


def shape_of(fields: dict[str, FieldSpec], device_kind: str | None = None) -> Shape:
    key = (id(fields), device_kind)
    if key not in _SHAPES:
        _SHAPES[key] = Shape(fields, device_kind)
    return _SHAPES[key]


def mapping(raw: Any, shape: Shape, path: Path, problems: list[Problem], what: str
             ) -> dict[str, Any] | None:
    """Convert one mapping field by field; None when it is not a mapping at all. ``what``
    names the mapping in messages, translated: "a device record", "os" (in German a masculine
    noun without its article, "Datensatz der Art device", which each message declines)."""
    if type(raw) is not dict:
        problems.append(Problem("E003", _("{what} must be a mapping of keys, got {value}").format(
            what=what, value=describe(raw)), path))
        return None
    out: dict[str, Any] = {}
    failed: set[str] = set()
    converters = shape.converters
    for key, value in raw.items():
        entry = converters.get(key)
        if entry is None:
            failed.add(key)
            if key in shape.excluded:
                problems.append(Problem("E006", _("'{key}' does not apply to {what}").format(
                    key=key, what=what), (*path, key)))
            elif not key.startswith("x-"):
                problems.append(Problem(
                    "E004", _("unknown key '{key}' in {what}").format(key=key, what=what)
                    + did_you_mean(key, shape.fields), (*path, key)))
            continue
        if value is None:
            continue  # an empty value is the same as an absent key
        convert, spec = entry
        if type(value) is str and (convert is to_str or (
                convert in _PLAIN_ASCII and value.isascii() and value.isprintable())) \
                and value and not value.isspace():
            out[key] = value  # the common case, without a call
            continue
        try:
            if convert is None:
                out[key] = nested(value, spec, (*path, key), problems)
            else:
                out[key] = convert(value, spec)
        except Invalid as exc:
            failed.add(key)
            problems.append(Problem(exc.code, f"{key} {exc.message}", (*path, key, *exc.subpath)))
    for name in shape.required:
        if name not in out and name not in failed:
            problems.append(Problem("E007", _("{what} has no '{key}': {help}").format(
                what=what, key=name, help=_(shape.fields[name].help)), path))
    return out


def nested(value: Any, spec: FieldSpec, path: Path, problems: list[Problem]) -> Any:
    shape = shape_of(NESTED[spec.nested or ""])
    if spec.type == "mapping":
        converted = mapping(value, shape, path, problems,
                            pgettext("nested mapping", "{field}").format(field=spec.name))
        if converted is None or any(name not in converted for name in shape.required):
            return None
        return converted
    if not isinstance(value, list):
        raise Invalid("E005", _("expects a list, got {value}").format(value=describe(value)))
    items = []
    what = _("{field} entry").format(field=spec.name)
    for index, entry in enumerate(value):
        converted = mapping(entry, shape, (*path, index), problems, what)
        if converted is not None and all(name in converted for name in shape.required):
            items.append((index, converted))
    return items

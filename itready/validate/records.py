"""Turn parsed YAML into typed records, collecting every input error on the way.

Errors are gathered, never raised one at a time: a user fixes a whole file in one go. Each
error names a path inside its file (``("devices", 3, "encrypted")``); the loader turns paths
into line and column only for the errors it reports, which keeps a clean run fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itready import model
from itready.errors import NodePath as Path
from itready.errors import did_you_mean
from itready.i18n import _, pgettext
from itready.validate.convert import describe
from itready.validate.schema import FIELDS, SETTINGS_KEYS
from itready.validate.shape import Problem, mapping, shape_of


@dataclass(frozen=True, slots=True)
class Reference:
    """A field that names another record: what it names and which kinds it may name."""

    targets: tuple[str, ...]
    allowed: tuple[str, ...]
    field: str
    path: Path  # of the field; a list field's items are at path + (index,)
    listed: bool = False


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


def _waivers(items: list[tuple[int, dict[str, Any]]] | None) -> tuple[model.Waiver, ...]:
    if not items:
        return ()
    waiver = model.MAKE[model.Waiver]
    return tuple(waiver(index=index, **fields) for index, fields in items or ())


def _cross_field(kind: str, values: dict[str, Any], path: Path, problems: list[Problem]) -> None:
    """Rules that tie one field to another (Windows needs an edition; seats by licence model)."""
    os_values = values.get("os")
    if kind == "device" and os_values is not None:
        name, edition = os_values["name"].lower(), os_values.get("edition")
        os_values["name"] = name  # "Windows" and "windows" are the same OS
        if name == "windows" and edition is None:
            problems.append(Problem("E007", _("os of a Windows device has no 'edition': "
                                              "enterprise, education, pro, home, ltsc or "
                                              "iot-ltsc"), (*path, "os")))
        elif name != "windows" and edition is not None:
            problems.append(Problem("E006", _("edition applies to Windows only, not "
                                              "{os}").format(os=name),
                                    (*path, "os", "edition")))
    if kind == "licence" and values.get("assigned_to"):
        _listed_once(values["assigned_to"], (*path, "assigned_to"), problems)
    if kind == "licence" and "model" in values:
        if values["model"] == "site" and "assigned_to" in values:
            problems.append(Problem("E006", _("a site licence covers every workplace; remove "
                                              "assigned_to"), (*path, "assigned_to")))
        elif values["model"] != "site" and "seats" not in values:
            problems.append(Problem("E007", _("a {model} licence has no 'seats'").format(
                model=values["model"]), path))


def _listed_once(targets: tuple[str, ...], path: Path, problems: list[Problem]) -> None:
    """Each id once in an ``assigned_to`` list: a repeat would count one seat twice and hide a
    missing assignment elsewhere. The error stands at the repeat."""
    first: dict[str, int] = {}
    for index, target in enumerate(targets):
        if target in first:
            problems.append(Problem("E006", _(
                "assigned_to names '{id}' twice (items {first} and {second}); list each "
                "once").format(id=target, first=first[target] + 1, second=index + 1),
                (*path, index)))
        else:
            first[target] = index


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
        network = model.MAKE[model.Network]
        values["networks"] = tuple(network(**n) for _index, n in values["networks"])
    if "os" in values:
        values["os"] = model.MAKE[model.OperatingSystem](**values["os"])
    if kind == "workplace":
        work_model = values["work_model"]
        values.setdefault("mobile_days", model.DEFAULT_MOBILE_DAYS[work_model])
        values.setdefault("desk", model.DEFAULT_DESK[work_model])
    return model.MAKE[model.KIND_BY_NAME[kind].cls](source=source, waivers=waivers, **values)


def _foreign(data: dict[str, Any]) -> bool:
    """A file of another tool (a CI pipeline, a compose file): no key is a kind of record or a
    setting, and not every key is a near miss of a kind (``devics:`` is a typo)."""
    keys = [top for top in data if not top.startswith("x-")]
    return (bool(keys) and not any(top in model.KIND_BY_KEY or top in SETTINGS_KEYS
                                   for top in keys)
            and not all(did_you_mean(top, model.KIND_BY_KEY) for top in keys))


def validate_file(path: str, data: Any) -> FileRecords:
    """Typed records and problems of one inventory file (not itready.yaml)."""
    result = FileRecords(path)
    problems = result.problems
    if data is None:
        return result
    keys = model.KIND_BY_KEY
    if not isinstance(data, dict):
        problems.append(Problem("E003", _("an inventory file is a mapping of kinds ({kinds}), "
                                          "got {value}").format(kinds=", ".join(keys),
                                                                value=describe(data)), ()))
        return result
    if _foreign(data):
        names = ", ".join(f"'{top}'" for top in data if not top.startswith("x-"))
        problems.append(Problem("E004", _(
            "not an inventory file: no kind of record ({kinds}) but {keys}; if it belongs to "
            "another tool, leave it out with exclude: in itready.yaml").format(
                kinds=", ".join(keys), keys=names), (next(iter(data)),)))
        return result
    for top, records in data.items():
        if top.startswith("x-"):
            continue
        if top not in keys:
            hint = did_you_mean(top, keys)
            if top in SETTINGS_KEYS:
                hint = _(" (settings belong in itready.yaml at the inventory root)")
            problems.append(Problem("E004", _("unknown kind '{kind}'; a file holds {kinds}").format(
                kind=top, kinds=", ".join(keys)) + hint, (top,)))
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            problems.append(Problem("E003", _("'{kind}' must be a list of records, got "
                                              "{value}").format(kind=top,
                                                                value=describe(records)),
                                    (top,)))
            continue
        kind = keys[top].name
        fields = FIELDS[kind]
        record_shape = shape_of(fields)
        record_what = _("a {kind} record").format(kind=kind)
        device_kinds = fields["kind"].choices if kind == "device" else ()
        device_whats: dict[str, str] = {}  # device kind -> "a laptop", worded once
        source = model.MAKE[model.Source]
        for index, raw in enumerate(records):
            record_path = (top, index)
            if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
                result.ids.append((str(raw["id"]), top, index))
            before = len(problems)
            shape, what = record_shape, record_what
            if kind == "device" and type(raw) is dict:
                device_kind = raw.get("kind")
                if isinstance(device_kind, str):
                    what = device_whats.get(device_kind) or device_whats.setdefault(
                        device_kind, pgettext("device kind", "a {kind}").format(
                            kind=device_kind))
                    if device_kind in device_kinds:
                        shape = shape_of(fields, device_kind)
            values = mapping(raw, shape, record_path, problems, what)
            if values is None:
                continue
            _cross_field(kind, values, record_path, problems)
            result.refs.extend(_references(kind, values, record_path))
            if len(problems) == before:
                result.records.append(_build(kind, values, source(path, top, index)))
    return result

"""Decide what an import does with each row: create, update, leave, or tell why not.

Every row ends as exactly one ``Outcome``: created, updated, unchanged, conflict, duplicate or
skipped (with its reason). A row finds its record by the mapping's keys; two rows for one
record keep the newest (``newest:``) and report the others as duplicates. On an existing record
only the fields the mapping owns change, and only where no one edited them by hand since this
source last wrote them (its ``State``), and where no other source owns them (``import.owners``
in itready.yaml, else the first source that wrote the field). A value that would not validate
is left unwritten; a new record that would not validate is skipped. The changes are ``Edit``s
of record fields and new items: ``itready.importer.apply`` turns them into text.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from itready import model
from itready.i18n import _, ngettext
from itready.importer import state as states
from itready.importer.convert import Unreadable, text
from itready.importer.errors import BadInput
from itready.importer.evaluate import Context, Problem, Row, _template, evaluate, holds
from itready.importer.inputs import SourceRow
from itready.importer.mapping import NETWORKS, Mapping, Preset, target_fields
from itready.importer.records import Index, canonical, current, plain_record, same, with_values
from itready.validate.records import validate_file
from itready.validate.schema import FIELDS

ACTIONS = ("created", "updated", "unchanged", "conflict", "duplicate", "skipped")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source row."""

    source: str
    row: int
    kind: str  # what the mapping writes: devices, workplaces, ..., sites.networks
    action: str
    record: str | None = None
    fields: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(slots=True)
class Edit:
    """A change to one file: fields of the item at ``node`` set to ``values``, or (``new``)
    an item appended to the list at ``node``."""

    path: str
    node: tuple[str | int, ...]
    values: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] | None = None
    outcome: int = -1  # the row's outcome in ``Plan.outcomes``
    state_key: str = ""  # the record's key in the source's state, and its entry before
    state_before: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Options:
    prefer_source: bool = False
    target: str | None = None  # --target: the file new records go to
    owners: dict[str, str] = field(default_factory=dict)  # import.owners


@dataclass(slots=True)
class Plan:
    """Everything an import would do, before anything is written."""

    source: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[tuple[str, int, Problem]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    not_in_export: dict[str, list[str]] = field(default_factory=dict)
    state: states.State | None = None
    lookup_rows: int = 0


@dataclass(slots=True)
class _Candidate:
    row: SourceRow
    evaluated: Row
    record: Any  # the record (or site, for a network) it matched, or None
    network: int | None = None  # index of the matched network in its site
    new_id: str | None = None
    newest: datetime | None = None


def make_plan(preset: Preset, rows: dict[str, list[SourceRow]], inventory: model.Inventory,
              state: states.State, others: dict[str, states.State], context: Context,
              options: Options) -> Plan:
    """What importing ``rows`` into ``inventory`` would do."""
    planner = _Planner(preset, Index(inventory), state, others, context, options)
    for mapping in preset.mappings:
        inputs = [name for name in mapping.inputs if not preset.inputs[name].lookup]
        planner.mapping(mapping, [r for name in inputs for r in rows.get(name, [])])
    planner.plan.lookup_rows = sum(len(rows.get(name, [])) for name, spec in
                                   preset.inputs.items() if spec.lookup)
    planner.not_in_export()
    return planner.plan


class _Planner:
    def __init__(self, preset: Preset, index: Index, state: states.State,
                 others: dict[str, states.State], context: Context, options: Options):
        self.preset, self.index, self.state, self.others = preset, index, state, others
        self.context, self.options = context, options
        self.plan = Plan(preset.name, state=state)
        self.seen: set[str] = set()  # state keys of the records this export names
        self.kind = ""  # of the mapping at work
        self.created: set[str] = set()

    def outcome(self, candidate: _Candidate | SourceRow, action: str, record: str | None = None,
                fields: tuple[str, ...] = (), reason: str | None = None) -> None:
        row = candidate.row if isinstance(candidate, _Candidate) else candidate
        self.plan.outcomes.append(Outcome(row.source, row.number, self.kind, action, record,
                                          fields, reason))
        if isinstance(candidate, _Candidate) and action != "duplicate":  # why, where it helps
            self.plan.problems += [(row.source, row.number, p)
                                   for p in candidate.evaluated.problems]

    # -- reading rows ------------------------------------------------------------------------

    def mapping(self, mapping: Mapping, rows: list[SourceRow]) -> None:
        self.kind = mapping.kind
        groups: dict[tuple[str, str], list[_Candidate]] = {}
        for source_row in rows:
            row = Row(mapping, source_row.layout, source_row.cells, self.context,
                      source_row.source, source_row.number)
            try:
                found = self.read(mapping, source_row, row)
            except Unreadable as exc:
                found = str(exc)
            if isinstance(found, str):
                self.outcome(source_row, "skipped", reason=found)
                continue
            groups.setdefault(self.identity(mapping, found), []).append(found)
        for candidates in groups.values():
            self.decide(mapping, candidates)

    def read(self, mapping: Mapping, source_row: SourceRow, row: Row) -> _Candidate | str:
        """The row's candidate record, or the reason it is skipped."""
        for condition, reason in mapping.skips:
            if holds(condition, row):
                # The bundled presets' reasons are in the catalogue (scripts/i18n.py extracts
                # them); a mapping file's own reason is shown as it is written.
                return _(reason) if reason else reason
        for name, expr in mapping.fields.items():
            if expr.required and row.value(name) is None:
                return _("no value for {field}").format(field=name)
        candidate = _Candidate(source_row, row, None)
        if mapping.kind == NETWORKS:
            return self.match_network(mapping, row, candidate)
        return self.match(mapping, row, candidate)

    def key_value(self, mapping: Mapping, row: Row, key: str) -> Any:
        if key == "id" and "id" not in mapping.fields:
            return self.new_id(mapping, row)
        return row.value(key)

    def new_id(self, mapping: Mapping, row: Row) -> str | None:
        if not mapping.ids and "id" in mapping.fields:
            found = row.value("id")
            return text(found) or None
        for template in mapping.ids:
            found = _template(template, row)
            if found:
                return found
        return None

    def match(self, mapping: Mapping, row: Row, candidate: _Candidate) -> _Candidate | str:
        found: dict[str, tuple[str, Any]] = {}
        keyed = False
        for key in mapping.key:
            value = self.key_value(mapping, row, key)
            if value is None or text(value) == "":
                continue
            keyed = True
            hits = self.index.find(mapping.kind, key, value)
            if len(hits) == 1:
                found.setdefault(hits[0].id, (key, hits[0]))
        if len(found) > 1:
            return _("the keys disagree: {which}").format(which=", ".join(
                _("{key} finds {record}").format(key=key, record=record_id)
                for record_id, (key, _record) in found.items()))
        if found:
            candidate.record = next(iter(found.values()))[1]
            return candidate
        candidate.new_id = self.new_id(mapping, row) if mapping.create else None
        if mapping.create and candidate.new_id is None:
            return _("no id for a new record (no value for {templates})").format(
                templates=", ".join(mapping.ids) or "id") if keyed or mapping.ids else \
                _("nothing to find the record by ({keys})").format(keys=", ".join(mapping.key))
        if not mapping.create:
            return _("no record in the inventory matches")
        return candidate

    def match_network(self, mapping: Mapping, row: Row, candidate: _Candidate
                      ) -> _Candidate | str:
        assert mapping.parent is not None
        site_id = evaluate(mapping.parent, row)
        site = self.index.by_id.get(text(site_id)) if site_id else None
        if not isinstance(site, model.Site):
            return _("unknown parent: the site {site} is not in the inventory").format(
                site=text(site_id) or _("(none given)"))
        cidr = _network_text(row.value("cidr"))
        if cidr is None:
            return _("no network address")
        candidate.record = site
        for number, network in enumerate(site.networks):
            if _network_text(network.cidr) == cidr:
                candidate.network = number
        candidate.new_id = cidr
        return candidate

    def identity(self, mapping: Mapping, candidate: _Candidate) -> tuple[str, str]:
        if mapping.kind == NETWORKS:
            return ("net", f"{candidate.record.id}/{candidate.new_id}")
        if candidate.record is not None:
            return ("record", candidate.record.id)
        return ("new", candidate.new_id or "")

    # -- deciding ----------------------------------------------------------------------------

    def decide(self, mapping: Mapping, candidates: list[_Candidate]) -> None:
        """The newest row of a record wins, the others are duplicates."""
        if len(candidates) > 1 and mapping.newest is not None:
            for candidate in candidates:
                newest = evaluate(mapping.newest, candidate.evaluated)
                candidate.newest = newest if isinstance(newest, datetime) else None
        ranked = sorted(range(len(candidates)), key=lambda i: (
            candidates[i].newest is None, -(candidates[i].newest or datetime.min).timestamp()
            if candidates[i].newest else 0, i))
        winner = candidates[ranked[0]]
        for number in ranked[1:]:
            other = candidates[number]
            self.outcome(other, "duplicate", self.label(mapping, winner),
                         reason=_("{source} row {row} is for the same record").format(
                             source=winner.row.source, row=winner.row.number)
                         + (_(" and is newer") if winner.newest else ""))
        if mapping.kind == NETWORKS:
            self.network(mapping, winner)
        elif winner.record is not None:
            self.update(mapping, winner)
        else:
            self.create(mapping, winner)

    def label(self, mapping: Mapping, candidate: _Candidate) -> str | None:
        if mapping.kind == NETWORKS:
            return f"{candidate.record.id}/{candidate.new_id}"
        return candidate.record.id if candidate.record is not None else candidate.new_id

    def owner(self, name: str, key: str) -> str | None:
        """The source that may write ``name`` of the record ``key``: the one import.owners
        names, else the first that wrote it (None: no one yet)."""
        owners = self.options.owners
        owner = owners.get(name) or owners.get(name.split(".")[0])
        if owner is not None:
            return owner
        if self.state.has(key, name):
            return self.preset.name
        return next((other for other, state in self.others.items() if state.has(key, name)),
                    None)

    def changes(self, mapping: Mapping, row: Row, record: Any, key: str
                ) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """(values to write, values seen equal, conflicts) for an existing record."""
        values: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        kept: dict[str, list[str]] = {}  # another source -> the fields it keeps
        hand: list[str] = []
        explicit = self.options.owners
        for name in sorted(mapping.owns):
            value = row.value(name) if name in mapping.fields else None
            if value is None or name == "id":
                continue
            owner = self.owner(name, key)
            now = current(record, name)
            if owner not in (None, self.preset.name):
                if not same(name, now, value) and name not in explicit and \
                        name.split(".")[0] not in explicit:
                    kept.setdefault(owner, []).append(name)
                continue
            if same(name, now, value):
                seen[name] = value
            elif (self.state.has(key, name) and not same(name, now, self.state.last(key, name))
                  and not self.options.prefer_source):
                hand.append(name)
            else:
                values[name] = value
        conflicts = [ngettext(
            "{fields} was changed by hand since the last import; left as it is (--prefer "
            "source overwrites)", "{fields} were changed by hand since the last import; left "
            "as they are (--prefer source overwrites)", len(hand)).format(
            fields=", ".join(hand))] if hand else []
        conflicts += [ngettext(
            "{fields} is kept by the import from {other}, which wrote it first (import.owners "
            "in itready.yaml decides)", "{fields} are kept by the import from {other}, which "
            "wrote them first (import.owners in itready.yaml decides)", len(names)).format(
            fields=", ".join(names), other=other) for other, names in sorted(kept.items())]
        return values, seen, conflicts

    def record(self, key: str, values: dict[str, Any], path: str,
               node: tuple[str | int, ...], new: dict[str, Any] | None = None) -> None:
        """Remember what the source wrote of ``key`` and plan the change, if any."""
        before = self.state.entry(key)
        for name, value in values.items():
            if name not in ("id", "cidr"):
                self.state.remember(key, name, value)
        if new is not None or values:
            self.plan.edits.append(Edit(path, node, {} if new is not None else dict(values),
                                        new, len(self.plan.outcomes), key, before))

    def update(self, mapping: Mapping, candidate: _Candidate) -> None:
        record = candidate.record
        self.seen.add(record.id)
        values, seen, conflicts = self.changes(mapping, candidate.evaluated, record, record.id)
        values = self.valid(mapping.kind, record, values, candidate.evaluated, record.id)
        for name, value in seen.items():
            self.state.remember(record.id, name, value)
        self.record(record.id, values, record.source.path,
                    (record.source.kind, record.source.index))
        action = "conflict" if conflicts else "updated" if values else "unchanged"
        self.outcome(candidate, action, record.id, tuple(values),
                     "; ".join(conflicts) if conflicts else None)

    def create(self, mapping: Mapping, candidate: _Candidate) -> None:
        row, new_id = candidate.evaluated, candidate.new_id
        assert new_id is not None
        if new_id in self.index.kinds:
            self.outcome(candidate, "skipped", new_id, reason=_(
                "id {id} is taken by another record, which no key of this row found").format(
                id=new_id))
            return
        names = [n for n in target_fields(mapping.kind) if n != "id"]
        values = {n: row.value(n) for n in names if n in mapping.fields or n in mapping.defaults}
        values = {"id": new_id, **{n: v for n, v in values.items() if v is not None}}
        if mapping.kind == "devices" and values.get("kind") is None:
            self.outcome(candidate, "skipped", new_id, reason=_("unknown kind of device"))
            return
        values = self.checked(mapping.kind, values, row, new_id)
        plain = _in_order(mapping.kind, with_values({}, values))
        reasons = [message for _name, message in _problems(mapping.kind, plain)]
        if reasons:
            self.outcome(candidate, "skipped", new_id, reason=_(
                "a new record would not validate: {why}").format(why="; ".join(reasons)))
            return
        self.record(new_id, values, self.target(mapping, row), (mapping.kind,), new=plain)
        self.index.kinds[new_id] = model.KIND_BY_KEY[mapping.kind].name
        if values.get("hostname"):
            self.index.hosts[canonical("hostname", values["hostname"])] = new_id
        self.seen.add(new_id)
        self.outcome(candidate, "created", new_id, tuple(n for n in values if n != "id"))

    def network(self, mapping: Mapping, candidate: _Candidate) -> None:
        site, row = candidate.record, candidate.evaluated
        key = f"{site.id}/{candidate.new_id}"
        self.seen.add(key)
        node: tuple[str | int, ...] = (site.source.kind, site.source.index, "networks")
        if candidate.network is not None:
            values, seen, conflicts = self.changes(mapping, row, site.networks[
                candidate.network], key)
            for name, value in seen.items():
                self.state.remember(key, name, value)
            self.record(key, values, site.source.path, (*node, candidate.network))
            action = "conflict" if conflicts else "updated" if values else "unchanged"
            self.outcome(candidate, action, key, tuple(values), "; ".join(conflicts) or None)
            return
        values = {n: row.value(n) for n in mapping.fields}
        values = {"cidr": candidate.new_id, **{n: v for n, v in values.items()
                                               if v is not None and n != "cidr"}}
        plain = plain_record(site)
        plain["networks"] = [*plain.get("networks", []), values]
        reasons = [m for _n, m in _problems("sites", plain)]
        if reasons:
            self.outcome(candidate, "skipped", key, reason=_(
                "a new network would not validate: {why}").format(why="; ".join(reasons)))
            return
        self.record(key, values, site.source.path, node, new=values)
        self.outcome(candidate, "created", key, tuple(n for n in values if n != "cidr"))

    # -- checks ------------------------------------------------------------------------------

    def valid(self, kind: str, record: Any, values: dict[str, Any], row: Row,
              record_id: str) -> dict[str, Any]:
        """``values`` less those that would make the record invalid (each reported)."""
        values = self.checked(kind, values, row, record_id)
        if not values:
            return values
        plain = plain_record(record)
        for _attempt in range(len(values) + 1):
            problems = _problems(kind, with_values(plain, values))
            if not problems:
                return values
            dropped = False
            for name, message in problems:
                for bad in [f for f in values if name and (f == name or f.startswith(name + "."))]:
                    row.problem(bad, values.pop(bad), _("not written: {why}").format(why=message))
                    dropped = True
            if not dropped:
                break
        return {}

    def checked(self, kind: str, values: dict[str, Any], row: Row, record_id: str
                ) -> dict[str, Any]:
        """``values`` less references to records the inventory lacks and host names another
        device has (each reported)."""
        out = dict(values)
        host = out.get("hostname")
        if host is not None:
            owner = self.index.hosts.get(canonical("hostname", host))
            if owner is not None and owner != record_id:
                row.problem("hostname", out.pop("hostname"), _(
                    "not written: device {id} has this host name").format(id=owner))
        name, wanted = _REFERENCES.get(kind, ("", ()))
        if name not in out:
            return out
        if kind == "licences" and out.get("model") == "per-device":
            wanted = ("device",)
        listed = out[name] if isinstance(out[name], list) else [out[name]]
        known = [t for t in listed if self.index.kinds.get(text(t)) in wanted]
        for unknown in [t for t in listed if t not in known]:
            row.problem(name, unknown, _("not written: {id} is not {what} of the inventory")
                        .format(id=unknown, what=_(" or ").join(wanted)))
        if known and isinstance(out[name], list):
            out[name] = known
        elif not known:
            del out[name]
        return out

    def target(self, mapping: Mapping, row: Row) -> str:
        templates = (self.options.target,) if self.options.target else mapping.target
        for template in templates:
            found = _template(template, row)
            if found:
                return _checked_path(found)
        raise BadInput(_("no file for new records: none of {targets} could be filled").format(
            targets=", ".join(templates)), mapping.where)

    def not_in_export(self) -> None:
        for key in sorted(self.state.written):
            if key in self.seen:
                continue
            if "/" in key and key.split("/", 1)[0] in self.index.by_id:
                self.plan.not_in_export.setdefault("networks", []).append(key)
            elif key in self.index.by_id:
                kind = model.KIND_BY_NAME[self.index.kinds[key]].key
                self.plan.not_in_export.setdefault(kind, []).append(key)


#: Kind -> the field that names other records, and the kinds it may name.
_REFERENCES = {"devices": ("assigned_to", ("workplace", "site")),
               "licences": ("assigned_to", ("workplace",)),
               "workplaces": ("site", ("site",)), "vpn": ("site", ("site",))}


def _problems(kind: str, plain: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for what the validator says of one record in plain form."""
    found = []
    for problem in validate_file("import", {kind: [plain]}).problems:
        path = problem.path[2:]
        name = ".".join(str(p) for p in path[:2]) if path[:1] == ("os",) and len(path) > 1 \
            else str(path[0]) if path else ""
        found.append((name, problem.message))
    return found


def _in_order(kind: str, plain: dict[str, Any]) -> dict[str, Any]:
    """A new record's keys in the order the format lists them (``os`` before ``encrypted``)."""
    order = list(FIELDS[model.KIND_BY_KEY[kind].name])
    return dict(sorted(plain.items(), key=lambda item: order.index(item[0])
                       if item[0] in order else len(order)))


def _network_text(value: Any) -> str | None:
    try:
        return str(ipaddress.ip_network(text(value), strict=False)) if value else None
    except ValueError:
        return text(value) or None


def _checked_path(found: str) -> str:
    path = PurePosixPath(found)
    if (path.is_absolute() or ".." in path.parts or path.suffix not in (".yaml", ".yml")
            or any(p.startswith(".") for p in path.parts) or str(path) == model.SETTINGS_FILE):
        raise BadInput(_("'{path}' is not a place for new records: a .yaml file inside the "
                         "inventory, not hidden, not itready.yaml").format(path=found))
    return str(path)

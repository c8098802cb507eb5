"""Turn a plan's edits into the new text of each file, and check the result before anything
is written.

Each changed file is edited at exact positions (``yamltext``), parsed again and validated
whole; its records must be the old ones with exactly the planned changes (a safety net for
text the editor misreads: such a record is left alone and its row reported as skipped). Then
ids, references and host names are checked across the whole inventory, with the unchanged
files as the load validated them. An error here is one the import would cause: ``--write``
refuses, the dry run shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itready.errors import InputError, Location, NodePath
from itready.i18n import _
from itready.importer.mapping import target_fields
from itready.importer.plan import Edit, Outcome, Plan
from itready.importer.records import current, same
from itready.importer.yamltext import Document, Unsupported
from itready.loader.files import Unreadable, read_bytes
from itready.loader.inventory import LoadResult
from itready.loader.locate import Locator, PositionTree
from itready.loader.yaml import YamlError, decode, parse
from itready.validate.records import FileRecords, validate_file
from itready.validate.references import cross_check


@dataclass(slots=True)
class Result:
    """The files an import would write: path -> (old text or None for a new file, new text,
    the edits as (start, end, new text) on the old one)."""

    files: dict[str, tuple[str | None, str, list[tuple[int, int, str]]]] = field(
        default_factory=dict)
    errors: list[InputError] = field(default_factory=list)


def render(root: Path, loaded: LoadResult, plan: Plan) -> Result:
    """The new text of every file the plan changes, checked; failed edits become skipped
    rows in ``plan``."""
    result = Result()
    by_file: dict[str, list[tuple[int, Edit]]] = {}
    for number, edit in enumerate(plan.edits):
        by_file.setdefault(edit.path, []).append((number, edit))
    results = dict(loaded.files)
    locators: dict[str, Locator] = dict(loaded.locators)
    for path, edits in sorted(by_file.items()):
        old = _old_text(root, path, loaded)
        text, applied = _edited(old or "", edits, plan, loaded)
        if not applied:
            continue
        parsed_ok = _check(path, text, applied, results, locators, plan, loaded, result)
        if parsed_ok:
            document = applied[0][2]
            result.files[path] = (old, text, document.ordered())
    result.errors += cross_check(list(results.values()), _where(locators))
    result.errors.sort(key=InputError.sort_key)
    return result


def _old_text(root: Path, path: str, loaded: LoadResult) -> str | None:
    if path not in loaded.files and not (root / path).exists():
        return None
    try:
        return decode(read_bytes(root, path))
    except (Unreadable, YamlError) as exc:
        from itready.importer.errors import BadInput

        raise BadInput(_("cannot read the file new records go to: {why}").format(
            why=exc.message), path) from None


def _edited(old: str, edits: list[tuple[int, Edit]], plan: Plan, loaded: LoadResult
            ) -> tuple[str, list[tuple[int, Edit, Document]]]:
    """The text with every edit that could be made; each failed one skips its row."""
    document = Document(old)
    applied = []
    for number, edit in edits:
        point = document.checkpoint()
        try:
            _apply(document, edit, loaded)
        except (Unsupported, IndexError) as exc:
            document.rollback(point)
            _fail(plan, edit, _("the record is written in a form the import does not edit "
                                "({why}); change it by hand").format(why=exc))
            continue
        applied.append((number, edit, document))
    return document.result(), applied


def _order(kind: str) -> dict[str, tuple[str, ...]]:
    """Key -> the keys the format lists before it, for keys added to a record of ``kind``."""
    names = [n for n in target_fields(kind) if not n.startswith("os.")]
    if kind == "devices":
        names.insert(names.index("encrypted"), "os")
    order = {name: tuple(names[:number]) for number, name in enumerate(names)}
    if kind == "devices":
        order.update({"name": (), "version": ("name",), "edition": ("name", "version")})
    if kind == "sites":
        order["networks"] = tuple(names[:names.index("networks")])
    return order


def _apply(document: Document, edit: Edit, loaded: LoadResult) -> None:
    node = edit.node
    kind = str(node[0])
    document.order = _order(kind if len(node) < 3 else "sites.networks")
    if edit.new is not None and len(node) == 1:
        document.append(kind, edit.new)
        return
    section = document.section(kind)
    if section is None:
        raise Unsupported(f"no {kind} in the file")
    spans, dash = document.items(*section)
    record = document.record(spans[int(node[1])], dash)
    expected = _record_id(loaded, edit.path, kind, int(node[1]))
    entry = record.entry("id")
    if entry is None or document.text[entry.value_start:entry.value_end].strip("'\"") \
            != expected:
        raise Unsupported(_("its id is not where the file says"))
    if len(node) == 2:
        _set_values(record, edit.values)
        return
    _network(document, record, node, edit)


def _network(document: Document, site: Any, node: NodePath, edit: Edit) -> None:
    entry = site.entry("networks")
    if edit.new is not None and entry is None:
        from itready.importer.emit import item

        pad = site.column
        document.insert_under(site.entries[-1].end, f"\n{' ' * pad}networks:",
                              "\n" + item(edit.new, pad + 2).rstrip("\n"))
        return
    if entry is None or entry.inline:
        raise Unsupported("networks in flow style")
    spans, dash = document.items(entry.value_start, entry.end)
    if edit.new is not None:
        from itready.importer.emit import item

        document.insert(spans[-1][1], "\n" + item(edit.new, dash).rstrip("\n"))
        return
    _set_values(document.record(spans[int(node[3])], dash), edit.values)


def _set_values(record: Any, values: dict[str, Any]) -> None:
    system = {k[3:]: v for k, v in values.items() if k.startswith("os.")}
    order = record.doc.order  # keys added at one place go in the format's order
    for name, value in sorted(values.items(), key=lambda i: len(order.get(i[0], ()))):
        if not name.startswith("os."):
            record.set(name, value)
    if system:
        record.set("os", system)


def _record_id(loaded: LoadResult, path: str, kind: str, index: int) -> str:
    for record_id, top, number in loaded.files[path].ids:
        if top == kind and number == index:
            return record_id
    raise Unsupported("no such record")


def _fail(plan: Plan, edit: Edit, reason: str) -> None:
    """The row of a failed edit becomes skipped, with the reason, and the import does not
    remember values it did not write."""
    outcome = plan.outcomes[edit.outcome]
    plan.outcomes[edit.outcome] = Outcome(outcome.source, outcome.row, outcome.kind,
                                          "skipped", outcome.record, (), reason)
    if plan.state is not None and edit.state_key:
        plan.state.restore(edit.state_key, edit.state_before)


def _check(path: str, text: str, applied: list[tuple[int, Edit, Document]],
           results: dict[str, FileRecords], locators: dict[str, Locator], plan: Plan,
           loaded: LoadResult, result: Result) -> bool:
    """Parse and validate the new text; its records must be exactly what was planned."""
    try:
        parsed = parse(text)
    except YamlError as exc:
        for _number, edit, _doc in applied:
            _fail(plan, edit, _("the change would break the file's YAML: {why}").format(
                why=exc.message))
        return False
    validated = validate_file(path, parsed.data)
    mismatch = _mismatch(validated, loaded.files.get(path), applied)
    if mismatch:
        for _number, edit, _doc in applied:
            _fail(plan, edit, _("the file could not be edited exactly ({why}); change it by "
                                "hand").format(why=mismatch))
        return False
    results[path] = validated
    locators[path] = parsed.locator
    for problem in validated.problems:
        line, column = parsed.locator.locate(problem.path) if problem.path else (1, 1)
        result.errors.append(InputError(problem.code, problem.message,
                                        Location(path, line, column)))
    return True


def _mismatch(new: FileRecords, old: FileRecords | None,
              applied: list[tuple[int, Edit, Document]]) -> str | None:
    """Why the new records are not the old ones with the planned changes, or None."""
    edits = [edit for _number, edit, _document in applied]
    appended: dict[str, list[str]] = {}
    changes: dict[tuple[str, int], dict[str, Any]] = {}
    networks = set()
    for edit in edits:
        kind = str(edit.node[0])
        if edit.new is not None and len(edit.node) == 1:
            appended.setdefault(kind, []).append(edit.new["id"])
        elif len(edit.node) == 2:
            changes.setdefault((kind, int(edit.node[1])), {}).update(edit.values)
        else:
            networks.add((kind, int(edit.node[1])))
    old_ids = old.ids if old is not None else []
    for kind in {t for _i, t, _n in old_ids} | set(appended):
        before = [i for i, t, _n in old_ids if t == kind]
        if [i for i, t, _n in new.ids if t == kind] != before + appended.get(kind, []):
            return _("the records of {kind} are not where they were").format(kind=kind)
    new_records = {(r.source.kind, r.source.index): r for r in new.records}
    for record in old.records if old is not None else []:
        place = (record.source.kind, record.source.index)
        now = new_records.get(place)
        if now is None:
            return _("record {id} does not validate after the change").format(id=record.id)
        if place in changes or place in networks:
            if not _as_planned(record, now, changes.get(place, {})):
                return _("record {id} reads differently after the change").format(
                    id=record.id)
        elif now != record:
            return _("record {id} changed although it was not to").format(id=record.id)
    return None


def _as_planned(old: Any, new: Any, changed: dict[str, Any]) -> bool:
    import dataclasses

    for spec in dataclasses.fields(old):
        name = spec.name
        if name == "source":
            continue
        if name == "os":
            for part in ("name", "version", "edition"):
                key = f"os.{part}"
                expected = changed[key] if key in changed else current(old, key)
                if not same(key, current(new, key), expected):
                    return False
            continue
        expected = changed[name] if name in changed else getattr(old, name)
        if name in changed and not same(name, getattr(new, name), expected):
            return False
        if name not in changed and name != "networks" and getattr(new, name) != expected:
            return False
    return True


def _where(locators: dict[str, Locator]) -> Any:
    def where(path: str, node: NodePath) -> Location:
        line, column = (locators.get(path) or PositionTree(1, 1)).locate(node)
        return Location(path, line, column)
    return where

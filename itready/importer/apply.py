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
from itready.importer.check import Place, check_file
from itready.importer.mapping import target_fields
from itready.importer.plan import Edit, Outcome, Plan
from itready.importer.yamltext import Document, Unsupported
from itready.loader.files import Unreadable, read_bytes
from itready.loader.inventory import LoadResult
from itready.loader.locate import Locator, PositionTree
from itready.loader.yaml import YamlError, decode, parse
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
        document, applied = _edited(old or "", edits, plan, _record_ids(loaded, path))
        if not applied:
            continue
        checked = check_file(path, document, applied, loaded.files.get(path))
        if isinstance(checked, str):
            for edit, _place in applied:
                _fail(plan, edit, checked)
            continue
        records, errors = checked
        results[path] = records
        text = document.result()
        locators[path] = _Later(text)
        result.errors += errors
        result.files[path] = (old, text, document.ordered())
    result.errors += cross_check(list(results.values()), _where(locators))[0]
    result.errors.sort(key=InputError.sort_key)
    return result


class _Later:
    """Positions in a new text, parsed only if an error must be located in it."""

    def __init__(self, text: str):
        self.text = text
        self._locator: Locator | None = None

    def locate(self, path: NodePath) -> tuple[int, int]:
        if self._locator is None:
            self._locator = parse(self.text).locator
        return self._locator.locate(path)


def _old_text(root: Path, path: str, loaded: LoadResult) -> str | None:
    if path not in loaded.files and not (root / path).exists():
        return None
    try:
        return decode(read_bytes(root, path))
    except (Unreadable, YamlError) as exc:
        from itready.importer.errors import BadInput

        raise BadInput(_("cannot read the file new records go to: {why}").format(
            why=exc.message), path) from None


def _edited(old: str, edits: list[tuple[int, Edit]], plan: Plan,
            ids: dict[tuple[str, int], str]) -> tuple[Document, list[tuple[Edit, Place]]]:
    """The file with every edit that could be made (each failed one skips its row), and
    where each made one stands."""
    document = Document(old)
    applied = []
    for _number, edit in edits:
        point = document.checkpoint()
        try:
            place = _apply(document, edit, ids)
        except (Unsupported, IndexError) as exc:
            document.rollback(point)
            _fail(plan, edit, _("the record is written in a form the import does not edit "
                                "({why}); change it by hand").format(why=exc))
            continue
        applied.append((edit, place))
    return document, applied


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


def _apply(document: Document, edit: Edit, ids: dict[tuple[str, int], str]) -> Place:
    node = edit.node
    kind = str(node[0])
    document.order = _order(kind if len(node) < 3 else "sites.networks")
    if edit.new is not None and len(node) == 1:
        document.append(kind, edit.new)
        return None
    section = document.section(kind)
    if section is None:
        raise Unsupported(_("no {kind} in the file").format(kind=kind))
    items = document.items(*section)
    record = document.record(items, int(node[1]))
    place = (kind, int(node[1]), *items.span(int(node[1])))
    expected = ids.get((kind, int(node[1])))
    if expected is None:
        raise Unsupported(_("no such record"))
    entry = record.entry("id")
    if entry is None or document.text[entry.value_start:entry.value_end].strip("'\"") \
            != expected:
        raise Unsupported(_("its id is not where the file says"))
    if len(node) == 2:
        _set_values(record, edit.values)
    else:
        _network(document, record, node, edit)
    return place


def _network(document: Document, site: Any, node: NodePath, edit: Edit) -> None:
    entry = site.entry("networks")
    if edit.new is not None and entry is None:
        from itready.importer.emit import item

        pad = site.column
        document.insert_under(site.entries[-1].end, f"\n{' ' * pad}networks:",
                              "\n" + item(edit.new, pad + 2).rstrip("\n"))
        return
    if entry is None or entry.inline:
        raise Unsupported(_("networks in flow style"))
    items = document.items(entry.value_start, entry.end)
    if edit.new is not None:
        from itready.importer.emit import item

        document.insert(items.span(len(items) - 1)[1], "\n" + item(edit.new, items.dash)
                        .rstrip("\n"))
        return
    _set_values(document.record(items, int(node[3])), edit.values)


def _set_values(record: Any, values: dict[str, Any]) -> None:
    system = {k[3:]: v for k, v in values.items() if k.startswith("os.")}
    order = record.doc.order  # keys added at one place go in the format's order
    for name, value in sorted(values.items(), key=lambda i: len(order.get(i[0], ()))):
        if not name.startswith("os."):
            record.set(name, value)
    if system:
        record.set("os", system)


def _record_ids(loaded: LoadResult, path: str) -> dict[tuple[str, int], str]:
    """(kind, index) -> id of the file's records as the load read them (one look-up an edit)."""
    files = loaded.files.get(path)
    return {(top, number): record_id for record_id, top, number in files.ids} if files else {}


def _fail(plan: Plan, edit: Edit, reason: str) -> None:
    """The row of a failed edit becomes skipped, with the reason, and the import does not
    remember values it did not write."""
    outcome = plan.outcomes[edit.outcome]
    plan.outcomes[edit.outcome] = Outcome(outcome.source, outcome.row, outcome.kind,
                                          "skipped", outcome.record, (), reason)
    if plan.state is not None and edit.state_key:
        plan.state.restore(edit.state_key, edit.state_before)


def _where(locators: dict[str, Locator]) -> Any:
    def where(path: str, node: NodePath) -> Location:
        line, column = (locators.get(path) or PositionTree(1, 1)).locate(node)
        return Location(path, line, column)
    return where

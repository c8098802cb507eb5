"""One import from start to end: read the exports, plan, check the result, write or not.

``run`` is what ``itready import`` calls. It never writes unless asked, and then all changed
files or none, and only when the result validates. Bad input raises ``BadInput`` before
anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itready.errors import InputError, did_you_mean
from itready.i18n import _, ngettext
from itready.importer import state as states
from itready.importer.errors import BadInput
from itready.importer.evaluate import Context, Problem
from itready.importer.mapping import (
    KINDS,
    PRESETS,
    Preset,
    load_file,
    load_preset,
    target_fields,
)
from itready.importer.plan import Options, Outcome, make_plan
from itready.model import SETTINGS_FILE

if TYPE_CHECKING:
    from itready.model import Settings


@dataclass(frozen=True, slots=True)
class Request:
    """What the user asked for (the options of ``itready import``)."""

    preset: str
    sources: tuple[Path, ...]
    root: Path
    mapping: Path | None = None
    people: Path | None = None
    target: str | None = None
    prefer_source: bool = False
    encoding: str | None = None
    sheet: str | None = None
    write: bool = False
    no_cache: bool = False


@dataclass(slots=True)
class Report:
    """What an import did or would do: every row accounted for, the files, the diff."""

    preset: str
    written: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[tuple[str, int, Problem]] = field(default_factory=list)
    not_in_export: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    memory: str = ""  # the state file, and how many records it remembers
    unmatched_people: list[str] = field(default_factory=list)  # personal: --show-people only
    ambiguous_people: list[str] = field(default_factory=list)
    lookup_rows: int = 0

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)


def run(request: Request) -> Report:
    """Import ``request.sources`` into the inventory (a dry run unless ``request.write``)."""
    from itready.importer.apply import render
    from itready.importer.inputs import assign, joins
    from itready.importer.read import read_source

    preset = _preset(request)
    loaded = _inventory(request.root, request.no_cache)
    people = _people(request)
    preamble = _preamble(preset)
    sheets = [s for source in request.sources for s in read_source(
        source, encoding=request.encoding, sheet=request.sheet, preamble=preamble)]
    rows = assign(preset, sheets)
    context = Context(preset.tables, people)
    joins(preset, rows, context)
    state = states.load(request.root, preset.name)
    others = states.others(request.root, preset.name)
    owners = _owners(loaded.inventory.settings)
    for field_name, owner in owners.items():
        known = {*PRESETS, *others, preset.name}
        if owner not in known:
            raise BadInput(_("import.owners names {owner} for {field}, a source that has not "
                             "imported here{hint}").format(
                owner=owner, field=field_name, hint=did_you_mean(owner, known)), "itready.yaml")
    options = Options(request.prefer_source, request.target, owners)
    plan = make_plan(preset, rows, loaded.inventory, state, others, context, options)
    _stated_dates(context)
    plan.problems += [(s.name, row, Problem(column, "", why)) for s in sheets
                      for row, column, why in s.notes]
    result = render(request.root, loaded, plan)
    report = Report(preset.name, outcomes=plan.outcomes, problems=plan.problems,
                    not_in_export=plan.not_in_export, errors=result.errors,
                    lookup_rows=plan.lookup_rows)
    if people is not None:
        report.unmatched_people = sorted(people.unmatched)
        report.ambiguous_people = sorted(people.ambiguous)
    changes = _changes(request.root, result.files, state, loaded.inventory, plan, report)
    if request.write and changes and not report.errors:
        from itready.write import write_all

        write_all({request.root / path: text.encode("utf-8") for path, text in changes.items()})
        report.written = True
    return report


def _stated_dates(context: Context) -> None:
    """A date column of which no row matches the stated format: the mapping does not fit the
    file (one odd date in a column is a bad value, reported, and the import goes on)."""
    for (source, column), dates in sorted(context.dates.items()):
        if dates.failed and not dates.read and dates.first is not None:
            row, value, why = dates.first
            raise BadInput(_("no date in column {column} matches the format the mapping states; "
                             "row {row} has '{value}', which {why}; state the format this file "
                             "uses").format(column=column, row=row, value=value, why=why),
                           source)


def _preset(request: Request) -> Preset:
    if request.mapping is not None:
        return load_file(request.mapping)
    if request.preset == "csv":
        raise BadInput(_("the csv preset needs a mapping: --mapping FILE (itready import "
                         "--show-preset csv prints an example to start from)"))
    return load_preset(request.preset)  # an unknown name is refused there, with did-you-mean


def _inventory(root: Path, no_cache: bool) -> Any:
    from itready.api import load
    from itready.loader.cache import Cache

    if not root.is_dir():
        raise BadInput(_("not an inventory directory"), str(root))
    loaded = load(root, cache=None if no_cache else Cache())
    if loaded.errors:
        raise BadInput(ngettext(
            "the inventory has {n} error; fix it first (itready validate shows it)",
            "the inventory has {n} errors; fix them first (itready validate shows them)",
            len(loaded.errors)).format(n=len(loaded.errors)), str(root))
    return loaded


def _people(request: Request) -> Any:
    if request.people is None:
        return None
    from itready.importer.people import load_people

    return load_people(request.people, request.root, request.encoding)


def _preamble(preset: Preset) -> re.Pattern[str] | None:
    patterns = [i.preamble.pattern for i in preset.inputs.values() if i.preamble is not None]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _owners(settings: Settings) -> dict[str, str]:
    """``import.owners`` of itready.yaml (its shape checked by the load): field -> the source
    that may write it."""
    owners = settings.imports.get("owners") or {}
    known = {f for kind in KINDS for f in target_fields(kind)} | {"os"}
    for name in owners:
        if name not in known:
            raise BadInput(_("import.owners names unknown field '{name}'{hint}").format(
                name=name, hint=did_you_mean(str(name), known)), SETTINGS_FILE)
    return {str(k): str(v) for k, v in owners.items()}


def _changes(root: Path, files: dict[str, tuple[str | None, str, list[tuple[int, int, str]]]],
             state: states.State, inventory: Any, plan: Any, report: Report) -> dict[str, str]:
    """Path -> new text of every file to write (the state file too), and the report's files
    and diffs."""
    from itready.importer.diff import unified

    changes = {path: new for path, (_old, new, _edits) in files.items()}
    for path, (old, _new, edits) in sorted(files.items()):
        report.diffs.append(unified(path, old, edits))
    known = {r.id for r in inventory.records()} | {o.record for o in plan.outcomes
                                                    if o.action == "created"}
    for key in list(state.written):
        if key.split("/", 1)[0] not in known:
            del state.written[key]
    memory = f"{states.FOLDER}/{state.source}.json"
    new_memory = state.text()
    old_path = states.path_of(root, state.source)
    old_memory = old_path.read_text(encoding="utf-8") if old_path.is_file() else None
    if new_memory != old_memory and (changes or state.written):
        changes[memory] = new_memory
        report.memory = memory
    report.files = sorted(changes)
    return changes

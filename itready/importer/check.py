"""Check an edited file by what changed in it: each edited record read and validated again
from its new text, each new record too, the rest as the load validated it.

Edits never leave the records they are for (``yamltext`` replaces spans inside a record's
lines, or inserts whole lines after them), so the text of every other record is byte for byte
what the load read. Parsing and validating only the changed records keeps a monthly import of a
state-sized inventory near the cost of one ``validate``. Each changed record must read back as
the old record with exactly the planned changes, else the file is not written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from itready.errors import InputError, Location
from itready.i18n import _
from itready.importer.records import current, same
from itready.importer.yamltext import Document
from itready.loader.yaml import YamlError, parse
from itready.model import Source
from itready.validate.records import FileRecords, Reference, validate_file

Place = tuple[str, int, int, int] | None
"""(kind, index, start, end) of the existing record an edit changed; None for new records."""


def check_file(path: str, document: Document, applied: list[tuple[Any, Place]],
               old: FileRecords | None) -> tuple[FileRecords, list[InputError]] | str:
    """The file's records after the edits and the errors they cause; or why the edits do not
    read back as planned."""
    patched = FileRecords(path, list(old.records) if old else [], [],
                          list(old.ids) if old else [], list(old.refs) if old else [])
    places = {(r.source.kind, r.source.index): n for n, r in enumerate(patched.records)}
    changes: dict[tuple[str, int], dict[str, Any]] = {}
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for edit, place in applied:
        if place is not None:
            kind, index, start, end = place
            spans[(kind, index)] = (start, end)
            if len(edit.node) == 2:
                changes.setdefault((kind, index), {}).update(edit.values)
    errors: list[InputError] = []
    appends = {id(edit) for edit in document.appended()}
    inner = [e for e in document.ordered() if id(e) not in appends]
    refs: dict[tuple[str, int], list[Reference]] = {}  # the edited records' new references
    for (kind, index), (start, end) in sorted(spans.items()):
        why = _record(path, document, (kind, index, start, end), inner,
                      changes.get((kind, index)), patched, places.get((kind, index)), errors,
                      refs)
        if why is not None:
            return why
    if refs:  # one pass over the file's references, not one per edited record
        patched.refs = [r for r in patched.refs if r.path[:2] not in refs] + [
            r for found in refs.values() for r in found]
    why = _appended(path, document, applied, patched, errors)
    return why if why is not None else (patched, errors)


def _record(path: str, document: Document, place: tuple[str, int, int, int],
            edits: list[tuple[int, int, str]], changes: dict[str, Any] | None,
            patched: FileRecords, position_of_old: int | None, errors: list[InputError],
            refs: dict[tuple[str, int], list[Reference]]) -> str | None:
    """Read and validate one edited record again; it replaces the old one in ``patched``, its
    references go to ``refs``."""
    kind, index, start, end = place
    text = document.text
    parts, position = [], start
    for edit_start, edit_end, inserted in edits:
        if start <= edit_start and edit_end <= end:
            parts += [text[position:edit_start], inserted]
            position = edit_end
    snippet = "".join(parts) + text[position:end]
    validated = _validated(path, kind, snippet)
    if isinstance(validated, str):
        return validated
    old = patched.records[position_of_old] if position_of_old is not None else None
    if validated.problems:
        errors += _located(path, document, start, snippet, validated)
        return None
    new = dataclasses.replace(validated.records[0], source=Source(path, kind, index))
    if old is None or not _as_planned(old, new, changes or {}):
        return _("record {id} reads differently after the change").format(
            id=getattr(old, "id", index))
    assert position_of_old is not None
    patched.records[position_of_old] = new
    refs[(kind, index)] = [dataclasses.replace(r, path=(kind, index, *r.path[2:]))
                           for r in validated.refs]
    return None


def _appended(path: str, document: Document, applied: list[tuple[Any, Place]],
              patched: FileRecords, errors: list[InputError]) -> str | None:
    """Validate the new records; their ids must be those planned, in order."""
    planned: dict[str, list[str]] = {}
    for edit, place in applied:
        if place is None:
            planned.setdefault(str(edit.node[0]), []).append(edit.new["id"])
    added: dict[str, list[str]] = {}
    for kind, offset, text in document.appended_texts():
        validated = _validated(path, kind, text)
        if isinstance(validated, str):
            return validated
        count = sum(1 for _i, top, _n in patched.ids if top == kind)
        if validated.problems:
            errors += _located(path, document, offset, text, validated)
        added.setdefault(kind, []).extend(i for i, _top, _n in validated.ids)
        patched.ids += [(record_id, kind, count + n) for record_id, _t, n in validated.ids]
        patched.records += [dataclasses.replace(r, source=Source(path, kind, count
                                                                 + r.source.index))
                            for r in validated.records]
        patched.refs += [dataclasses.replace(r, path=(kind, count + int(r.path[1]), *r.path[2:]))
                         for r in validated.refs]
    if added != planned:
        return _("the new records do not read back as planned")
    return None


def _validated(path: str, kind: str, snippet: str) -> FileRecords | str:
    """The records of a piece of text: one or more items of ``kind``, or a whole section."""
    try:
        data = parse(snippet).data
    except YamlError as exc:
        return _("the change would break the file's YAML: {why}").format(why=exc.message)
    if isinstance(data, dict) and list(data) == [kind]:
        data = data[kind]
    if not isinstance(data, list):
        return _("the change does not read back as records")
    return validate_file(path, {kind: data})


def _located(path: str, document: Document, start: int, snippet: str,
             validated: FileRecords) -> list[InputError]:
    """The problems of changed text that starts at ``start`` of the old text, located in the
    new text (only when there are problems)."""
    shift = sum(len(new) - (end - begin) for begin, end, new in document.ordered()
                if end <= start and begin < start)
    first_line = document.result().count("\n", 0, start + shift)
    locator = parse(snippet).locator
    located = []
    for problem in validated.problems:
        line, column = locator.locate(problem.path)
        located.append(InputError(problem.code, problem.message,
                                  Location(path, first_line + line, column)))
    return located


def _as_planned(old: Any, new: Any, changes: dict[str, Any]) -> bool:
    """Whether ``new`` is ``old`` with exactly ``changes``."""
    for spec in dataclasses.fields(old):
        name = spec.name
        if name in ("source", "networks"):
            continue
        if name == "os":
            for part in ("name", "version", "edition"):
                key = f"os.{part}"
                expected = changes[key] if key in changes else current(old, key)
                if not same(key, current(new, key), expected):
                    return False
        elif name in changes:
            if not same(name, getattr(new, name), changes[name]):
                return False
        elif getattr(new, name) != getattr(old, name):
            return False
    return True

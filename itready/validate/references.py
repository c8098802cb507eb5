"""Checks across files: every id once, every reference to a record of the right kind."""

from __future__ import annotations

from collections.abc import Callable

from itready import model
from itready.errors import InputError, Location, NodePath, did_you_mean
from itready.validate.records import FileRecords, Reference


def cross_check(results: list[FileRecords], where: Callable[[str, NodePath], Location]
                ) -> list[InputError]:
    """Errors that span files: duplicate ids and references to unknown or wrong records.
    ``where(file, node path)`` locates a node of a file."""
    errors: list[InputError] = []

    kinds: dict[str, str] = {}
    first_seen: dict[str, tuple[str, tuple]] = {}
    for result in results:
        for record_id, top, index in result.ids:
            here = (result.path, (top, index, "id"))
            if record_id in first_seen:
                other = where(*first_seen[record_id])
                errors.append(InputError("E008", f"id '{record_id}' is used twice; the other "
                                         f"is at {other}", where(*here)))
                continue
            first_seen[record_id] = here
            kinds[record_id] = model.KIND_BY_KEY[top].name

    errors.extend(_duplicate_hostnames(results, where))
    suggestions: dict[str, str] = {}
    for result in results:
        for ref in result.refs:
            for number, target in enumerate(ref.targets):
                kind = kinds.get(target)
                if kind in ref.allowed:
                    continue
                path = (*ref.path, number) if ref.listed else ref.path
                errors.append(_reference_error(ref, target, kind, kinds, suggestions,
                                               where(result.path, path)))
    return errors


def _duplicate_hostnames(results: list[FileRecords],
                         where: Callable[[str, NodePath], Location]) -> list[InputError]:
    """Hostnames are unique among devices, compared case-insensitively (``PC-0815`` and
    ``pc-0815`` are one computer): a duplicate names both places."""
    errors: list[InputError] = []
    first_seen: dict[str, tuple[str, NodePath]] = {}
    for result in results:
        for record in result.records:
            hostname = getattr(record, "hostname", None)
            if hostname is None:
                continue
            here = (result.path, ("devices", record.source.index, "hostname"))
            other = first_seen.setdefault(hostname.casefold(), here)
            if other is not here:
                errors.append(InputError("E008", f"hostname '{hostname}' is used twice (case "
                                         f"does not matter); the other is at {where(*other)}",
                                         where(*here)))
    return errors


SUGGESTED_REFERENCES = 50
"""Unknown references that get a "did you mean": each costs a pass over the ids, and 50,000
broken references (a file pasted twice) must not take minutes."""


def _reference_error(ref: Reference, target: str, kind: str | None, kinds: dict[str, str],
                     suggestions: dict[str, str], location: Location) -> InputError:
    wanted = " or ".join(model.KIND_BY_NAME[a].label for a in ref.allowed)
    if kind is not None:
        label = model.KIND_BY_NAME[kind].label
        return InputError("E010", f"{ref.field} '{target}' is {label}, not {wanted}", location)
    if target not in suggestions and len(suggestions) < SUGGESTED_REFERENCES:
        candidates = [i for i, k in kinds.items() if k in ref.allowed and i[:2] == target[:2]
                      and abs(len(i) - len(target)) <= 2]
        suggestions[target] = did_you_mean(target, candidates)
    return InputError("E009", f"{ref.field} '{target}' is not {wanted} of this inventory"
                      + suggestions.get(target, ""), location)



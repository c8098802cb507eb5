"""Checks across files: every id once, every hostname once (whatever the case), every reference
to a record of the right kind."""

from __future__ import annotations

from collections.abc import Callable, Collection

from itready import model
from itready.errors import InputError, Location, NodePath, did_you_mean
from itready.i18n import _
from itready.text import skeleton, spelled
from itready.validate.records import FileRecords, Reference


def cross_check(results: list[FileRecords], where: Callable[[str, NodePath], Location],
                unread: Collection[str] = ()) -> tuple[list[InputError], int]:
    """Errors that span files: duplicate ids, ids that only look alike, and references to
    unknown or wrong records. ``where(file, node path)`` locates a node of a file.

    A reference to one of the ``unread`` ids (records of files that could not be read) is no
    error of its own: the unreadable file is the cause, and listing hundreds of references to
    its records would bury it. Such references are counted: (errors, references not checked).
    """
    errors: list[InputError] = []
    unchecked = 0
    kinds = _kinds(results, where, errors)
    errors.extend(_duplicate_hostnames(results, where))
    suggestions: dict[str, str] = {}
    kind_of = kinds.get
    for result in results:
        for ref in result.refs:
            allowed = ref.allowed
            for number, target in enumerate(ref.targets):
                kind = kind_of(target)
                if kind in allowed:
                    continue
                if kind is None and target in unread:
                    unchecked += 1
                    continue
                path = (*ref.path, number) if ref.listed else ref.path
                errors.append(_reference_error(ref, target, kind, kinds, suggestions,
                                               where(result.path, path)))
    return errors, unchecked


_KIND_NAMES = {kind.key: kind.name for kind in model.KINDS}


def _kinds(results: list[FileRecords], where: Callable[[str, NodePath], Location],
           errors: list[InputError]) -> dict[str, str]:
    """Record id -> its record kind; an E008 for an id used twice or one that only looks like
    another. One dict and one set answer for a clean inventory; only one with a collision is
    walked again."""
    names = _KIND_NAMES
    kinds = {record_id: names[top] for result in results for record_id, top, _ in result.ids}
    count = sum(len(result.ids) for result in results)
    if len(kinds) == count and len({i.strip() if i.isascii() else skeleton(i)
                                    for i in kinds}) == count:
        return kinds
    kinds = {}
    first_seen: dict[str, tuple[str, tuple]] = {}
    #: skeleton -> the first id with it: ids that only look alike collide (itready.text)
    looks: dict[str, str] = {}
    for result in results:
        for record_id, top, index in result.ids:
            here = (result.path, (top, index, "id"))
            if record_id in first_seen:
                other = where(*first_seen[record_id])
                errors.append(InputError("E008", _("id '{id}' is used twice; the other is at "
                                                   "{place}").format(id=record_id, place=other),
                                         where(*here)))
                continue
            first_seen[record_id] = here
            kinds[record_id] = names[top]
            look = record_id.strip() if record_id.isascii() else skeleton(record_id)
            twin = looks.setdefault(look, record_id)
            if twin != record_id:
                errors.append(InputError("E008", _(
                    "id {id} looks like id {other} at {place}; IDs must look different (spaces "
                    "around them, invisible characters, Unicode forms and look-alike letters "
                    "of other scripts do not count)").format(
                        id=spelled(record_id), other=spelled(twin),
                        place=where(*first_seen[twin])), where(*here)))
    return kinds


def _duplicate_hostnames(results: list[FileRecords],
                         where: Callable[[str, NodePath], Location]) -> list[InputError]:
    """A hostname used by two devices, compared case-insensitively (DNS and Active Directory
    do not tell ``NB-17`` from ``nb-17``): an error at the second, naming the first. One set
    answers for a clean inventory; only one with a duplicate is walked again."""
    device = model.Device
    named = [(name.casefold(), result.path, record) for result in results
             for record in result.records
             if type(record) is device and (name := record.hostname) is not None]
    if len({key for key, _path, _record in named}) == len(named):
        return []
    errors: list[InputError] = []
    first_seen: dict[str, tuple[str, NodePath]] = {}
    for key, path, record in named:
        here = (path, (record.source.kind, record.source.index, "hostname"))
        if key not in first_seen:
            first_seen[key] = here
            continue
        errors.append(InputError("E008", _("hostname '{hostname}' is used twice (case does not "
                                           "count); the other is at {place}").format(
            hostname=record.hostname, place=where(*first_seen[key])), where(*here)))
    return errors


SUGGESTED_REFERENCES = 50
"""Unknown references that get a "did you mean": each costs a pass over the ids, and 50,000
broken references (a file pasted twice) must not take minutes."""


def _reference_error(ref: Reference, target: str, kind: str | None, kinds: dict[str, str],
                     suggestions: dict[str, str], location: Location) -> InputError:
    wanted = _(" or ").join(_(model.KIND_BY_NAME[a].label) for a in ref.allowed)
    if kind is not None:
        label = _(model.KIND_BY_NAME[kind].label)
        return InputError("E010", _("{field} '{id}' is {kind}, not {wanted}").format(
            field=ref.field, id=target, kind=label, wanted=wanted), location)
    if target not in suggestions and len(suggestions) < SUGGESTED_REFERENCES:
        candidates = [i for i, k in kinds.items() if k in ref.allowed and i[:2] == target[:2]
                      and abs(len(i) - len(target)) <= 2]
        suggestions[target] = did_you_mean(target, candidates)
    return InputError("E009", _("{field} '{id}' is not {wanted} of this inventory").format(
        field=ref.field, id=target, wanted=wanted) + suggestions.get(target, ""), location)



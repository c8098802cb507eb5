"""Load an inventory directory: find its files, parse, validate, resolve references.

``load`` is the library's front door. It never raises for bad input: it returns every input
error, located, beside whatever it could read, so that a user sees all problems in one run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itready import model
from itready.errors import InputError, Location, did_you_mean
from itready.loader import codec as recordcodec
from itready.loader import files as safe_files
from itready.loader.cache import Cache
from itready.loader.files import Unreadable, read_bytes
from itready.loader.locate import Locator, PositionTree, TextLocator
from itready.loader.yaml import YamlError, decode, parse, parse_exact
from itready.model import SETTINGS_FILE
from itready.rules.catalogue import Catalogue, load_catalogue
from itready.validate.records import (
    FileRecords,
    Problem,
    Reference,
    validate_file,
    validate_settings,
)


@dataclass(slots=True)
class LoadResult:
    """What a load produced: the inventory (None if nothing usable) and every input error."""

    inventory: model.Inventory
    errors: list[InputError]
    locators: dict[str, Locator] = field(default_factory=dict)
    #: The rules in force: bundled, the organisation's own, settings applied.
    catalogue: Catalogue | None = None

    def locate(self, record: model.Record, *fields: str | int) -> Location:
        """Where a record, or a field of it, stands in its file."""
        source = record.source
        locator = self.locators.get(source.path)
        if locator is None:
            return Location(source.path)
        line, column = locator.locate((source.kind, source.index, *fields))
        return Location(source.path, line, column)


def discover(root: Path, errors: list[InputError]) -> list[str]:
    """Inventory files below ``root``, as sorted POSIX paths relative to it.

    Hidden files and folders are skipped, symbolic links to directories are not followed (no
    loops), and ``itready.yaml`` at the root holds settings, not records. What cannot be an
    inventory file is an error in ``errors``, not listed, and the walk goes on with the rest:
    a folder that cannot be listed, a pipe, socket or device (which could block or never end),
    a symbolic link to a file outside the inventory (E013), a file over ``MAX_FILE_BYTES``
    (E012). So whoever reads the files listed reads regular files of bounded size. A root that
    cannot be listed or entered raises its OSError.
    """
    import stat

    def report(code: str, message: str, relative: str) -> None:
        errors.append(InputError(code, message, Location(relative)))

    def unreadable(error: OSError) -> None:
        folder = os.path.relpath(error.filename or root, root)
        if folder == ".":
            raise error
        report("E013", f"cannot read directory: {error.strerror or error}",
               Path(folder).as_posix())

    os.stat(os.path.join(root, os.curdir))  # a root listed but not entered (mode r--) raises
    real_root = os.path.realpath(root)
    found = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            full = os.path.join(folder, name)
            relative = Path(full).relative_to(root).as_posix()
            if relative == SETTINGS_FILE:
                continue
            try:
                info = os.stat(full)
            except OSError:  # a broken link: _read says why it cannot be read
                found.append(relative)
                continue
            if not stat.S_ISREG(info.st_mode):
                report("E013", "not a regular file (a pipe, socket or device); not read",
                       relative)
            elif os.path.islink(full) and not Path(os.path.realpath(full)).is_relative_to(
                    real_root):
                report("E013", "symbolic link to a file outside the inventory; not read "
                       "(copy the file into the inventory)", relative)
            elif info.st_size > safe_files.MAX_FILE_BYTES:
                report("E012", f"file is larger than {safe_files.size_limit()}; split it",
                       relative)
            else:
                found.append(relative)
    return sorted(found)


def _record_ids(validated: FileRecords | None) -> dict[str, list[str]] | None:
    """Kind key -> the id of each record in file order, when every record is valid (so every
    record has its id); else None."""
    if validated is None or validated.problems:
        return None
    ids: dict[str, list[str]] = {}
    for record_id, top, _index in validated.ids:
        ids.setdefault(top, []).append(record_id)
    return ids


def _relative_or_root(filename: str | None, root: Path) -> str:
    relative = os.path.relpath(filename or root, root)
    return "" if relative == "." else Path(relative).as_posix()


@dataclass(slots=True)
class _File:
    path: str
    data: Any
    locator: Locator
    #: the file's validation result, when the cache had it (then ``data`` is not read)
    validated: FileRecords | None = None
    validated_key: str | None = None


def _read(root: Path, relative: str, cache: Cache | None, fast: bool,
          errors: list[InputError]) -> _File | None:
    """Parse one file (or take it from the cache); record an error and return None if it fails.

    ``read_bytes`` makes the checks of ``discover`` again, for ``itready.yaml`` and for a file
    replaced since it was listed.
    """
    try:
        raw = read_bytes(root, relative)
    except Unreadable as exc:
        errors.append(InputError(exc.code, exc.message, Location(relative)))
        return None
    try:
        text = decode(raw)
        if cache is None:
            parsed = parse(text, fast=fast)
            return _File(relative, parsed.data, parsed.locator)
        key = cache.key(raw)
        validated_key = f"{key}-v{recordcodec.FORMAT}"
        packed = cache.get(validated_key)
        validated = recordcodec.decode(relative, packed) if packed is not Cache.MISS else None
        cached = Cache.MISS if validated is not None else cache.get(key)
        if validated is not None or cached is not Cache.MISS:
            def data() -> Any:
                value = cache.get(key)
                return parse(text, fast=fast).data if value is Cache.MISS else value

            locator = TextLocator(text, cached, lambda: parse_exact(text)[1],
                                  data_factory=data if validated is not None else None,
                                  ids=_record_ids(validated))
            return _File(relative, cached, locator, validated, validated_key)
        parsed = parse(text, fast=fast)
        cache.put(key, parsed.data)
        return _File(relative, parsed.data, parsed.locator, None, validated_key)
    except YamlError as exc:
        errors.append(InputError(exc.code, exc.message, Location(relative, exc.line, exc.column)))
        return None


def load(root: Path, *, cache: Cache | None = None, fast: bool = True,
         progress: Callable[[int, int], None] | None = None) -> LoadResult:
    """Read, validate and cross-check the inventory at ``root`` (``itready.load`` is the
    door that library users take)."""
    errors: list[InputError] = []
    locators: dict[str, Locator] = {}
    settings = model.Settings()
    if not root.is_dir():
        errors.append(InputError("E013", "not an inventory directory", Location("")))
        return LoadResult(model.Inventory(str(root), settings), errors)
    try:
        paths = discover(root, errors)
    except OSError as exc:
        errors.append(InputError("E013", f"cannot read directory: {exc.strerror or exc}",
                                 Location(_relative_or_root(exc.filename, root))))
        return LoadResult(model.Inventory(str(root), settings), errors)

    if (root / SETTINGS_FILE).is_file():
        settings_file = _read(root, SETTINGS_FILE, cache, fast, errors)
        if settings_file is not None:
            locators[SETTINGS_FILE] = settings_file.locator
            settings, problems = validate_settings(settings_file.data)
            errors.extend(_located(SETTINGS_FILE, settings_file.locator, problems))

    catalogue, rule_errors = load_catalogue(root, settings, locators.get(SETTINGS_FILE))
    errors.extend(rule_errors)
    rule_files = {Path(p).as_posix().removeprefix("./") for p in settings.rules.paths}
    paths = [p for p in paths if p not in rule_files]

    results: list[FileRecords] = []
    for number, relative in enumerate(paths):
        if progress is not None:
            progress(number, len(paths))
        file = _read(root, relative, cache, fast, errors)
        if file is None:
            continue
        locators[relative] = file.locator
        result = file.validated
        if result is None:
            result = validate_file(relative, file.data)
            if cache is not None and file.validated_key is not None:
                cache.put(file.validated_key, recordcodec.encode(result))
        if file.validated is None and isinstance(file.locator, TextLocator):
            file.locator.use_ids(_record_ids(result))  # locate without the parsed data
        errors.extend(_located(relative, file.locator, result.problems))
        results.append(result)
    if progress is not None:
        progress(len(paths), len(paths))

    records: dict[str, list[Any]] = {kind.key: [] for kind in model.KINDS}
    for result in results:
        for record in result.records:
            records[record.source.kind].append(record)
    inventory = model.Inventory(
        root=str(root), settings=settings, files=tuple(paths),
        **{kind: tuple(items) for kind, items in records.items()},
    )
    errors.extend(cross_check(results, locators))
    errors.extend(_unknown_waiver_rules(inventory, catalogue, locators))
    errors.sort(key=InputError.sort_key)
    return LoadResult(inventory, errors, locators, catalogue)


def _located(path: str, locator: Locator, problems: list[Problem]) -> list[InputError]:
    located = []
    for problem in problems:
        line, column = locator.locate(problem.path) if problem.path else (1, 1)
        located.append(InputError(problem.code, problem.message, Location(path, line, column)))
    return located


def cross_check(results: list[FileRecords], locators: dict[str, Locator]) -> list[InputError]:
    """Errors that span files: duplicate ids and references to unknown or wrong records."""
    errors: list[InputError] = []

    def where(path: str, yaml_path: tuple) -> Location:
        locator = locators.get(path) or PositionTree(1, 1)
        line, column = locator.locate(yaml_path)
        return Location(path, line, column)

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


def _unknown_waiver_rules(inventory: model.Inventory, catalogue: Catalogue,
                          locators: dict[str, Locator]) -> list[InputError]:
    """A waiver must name a rule that exists (bundled or the organisation's, even if disabled)."""
    known = set(catalogue.by_id) | set(catalogue.disabled)
    errors = []
    for record in inventory.records():
        for waiver in record.waivers:
            if waiver.rule not in known:
                source = record.source
                line, column = locators[source.path].locate(
                    (source.kind, source.index, "waivers", waiver.index, "rule"))
                errors.append(InputError("E006", f"waiver names unknown rule {waiver.rule}"
                                         + did_you_mean(waiver.rule, known),
                                         Location(source.path, line, column)))
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



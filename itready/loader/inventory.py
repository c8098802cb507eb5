"""Load an inventory directory: find its files, parse, validate, resolve references.

``load`` is the library's front door. It never raises for bad input: it returns every input
error, located, beside whatever it could read, so that a user sees all problems in one run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from itready import model
from itready.errors import InputError, Location, NodePath, did_you_mean
from itready.loader import codec as recordcodec
from itready.loader.cache import Cache
from itready.loader.discover import discover
from itready.loader.files import Unreadable, read_bytes
from itready.loader.locate import Locator, PositionTree, TextLocator
from itready.loader.yaml import YamlError, decode, parse, parse_exact
from itready.model import SETTINGS_FILE
from itready.rules.catalogue import Catalogue, load_catalogue
from itready.validate.records import FileRecords, validate_file
from itready.validate.references import cross_check
from itready.validate.settings import validate_settings
from itready.validate.shape import Problem


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


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading one inventory file gave: its records, its locator and its own errors."""

    records: FileRecords
    locator: Locator
    errors: tuple[InputError, ...]


class Memo(Protocol):
    """Files loaded before, kept in memory by a caller that loads many versions of one
    inventory (``itready history``), which knows best which files are unchanged (git's blob
    ids). ``get`` returns what loading ``relative`` gave before, or None; ``put`` keeps it.
    A file that could not be read or parsed is not kept."""

    def get(self, relative: str) -> Loaded | None: ...

    def put(self, relative: str, loaded: Loaded) -> None: ...


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
         progress: Callable[[int, int], None] | None = None,
         memo: Memo | None = None) -> LoadResult:
    """Read, validate and cross-check the inventory at ``root`` (``itready.load`` is the
    door that library users take). Files that ``memo`` knows are not read again."""
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
        settings = _settings(root, cache, fast, errors, locators)
    catalogue, rule_errors = load_catalogue(root, settings, locators.get(SETTINGS_FILE))
    errors.extend(rule_errors)
    rule_files = {Path(p).as_posix().removeprefix("./") for p in settings.rules.paths}
    paths = [p for p in paths if p not in rule_files]
    results = _record_files(root, paths, cache, fast, errors, locators, progress, memo)

    records: dict[str, list[Any]] = {kind.key: [] for kind in model.KINDS}
    for result in results:
        for record in result.records:
            records[record.source.kind].append(record)
    inventory = model.Inventory(
        root=str(root), settings=settings, files=tuple(paths),
        **{kind: tuple(items) for kind, items in records.items()},
    )

    def where(path: str, node: NodePath) -> Location:
        line, column = (locators.get(path) or PositionTree(1, 1)).locate(node)
        return Location(path, line, column)

    errors.extend(cross_check(results, where))
    errors.extend(_unknown_waiver_rules(inventory, catalogue, locators))
    errors.sort(key=InputError.sort_key)
    return LoadResult(inventory, errors, locators, catalogue)


def _settings(root: Path, cache: Cache | None, fast: bool, errors: list[InputError],
              locators: dict[str, Locator]) -> model.Settings:
    """The settings of ``itready.yaml`` (defaults where it cannot be read)."""
    settings_file = _read(root, SETTINGS_FILE, cache, fast, errors)
    if settings_file is None:
        return model.Settings()
    locators[SETTINGS_FILE] = settings_file.locator
    settings, problems = validate_settings(settings_file.data)
    errors.extend(_located(SETTINGS_FILE, settings_file.locator, problems))
    return settings


def _record_files(root: Path, paths: list[str], cache: Cache | None, fast: bool,
                  errors: list[InputError], locators: dict[str, Locator],
                  progress: Callable[[int, int], None] | None,
                  memo: Memo | None = None) -> list[FileRecords]:
    """The validated records of each inventory file, from the memo or the cache where they
    have them."""
    results: list[FileRecords] = []
    for number, relative in enumerate(paths):
        if progress is not None:
            progress(number, len(paths))
        loaded = memo.get(relative) if memo is not None else None
        if loaded is None:
            loaded = _load_file(root, relative, cache, fast, errors)
            if loaded is None:
                continue
            if memo is not None:
                memo.put(relative, loaded)
        locators[relative] = loaded.locator
        errors.extend(loaded.errors)
        results.append(loaded.records)
    if progress is not None:
        progress(len(paths), len(paths))
    return results


def _load_file(root: Path, relative: str, cache: Cache | None, fast: bool,
               errors: list[InputError]) -> Loaded | None:
    """One file's records and errors; None (and the reason in ``errors``) when it cannot be
    read or parsed."""
    file = _read(root, relative, cache, fast, errors)
    if file is None:
        return None
    result = file.validated
    if result is None:
        result = validate_file(relative, file.data)
        if cache is not None and file.validated_key is not None:
            cache.put(file.validated_key, recordcodec.encode(result))
    if file.validated is None and isinstance(file.locator, TextLocator):
        file.locator.use_ids(_record_ids(result))  # locate without the parsed data
    return Loaded(result, file.locator, tuple(_located(relative, file.locator, result.problems)))


def _located(path: str, locator: Locator, problems: list[Problem]) -> list[InputError]:
    located = []
    for problem in problems:
        line, column = locator.locate(problem.path) if problem.path else (1, 1)
        located.append(InputError(problem.code, problem.message, Location(path, line, column)))
    return located


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

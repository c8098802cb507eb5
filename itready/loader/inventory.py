"""Load an inventory directory: find its files, parse, validate, resolve references.

``load`` is the library's front door. It never raises for bad input: it returns every input
error, located, beside whatever it could read, so that a user sees all problems in one run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from itready import model
from itready.errors import InputError, Location, NodePath, did_you_mean
from itready.i18n import _, os_reason
from itready.loader import codec as recordcodec
from itready.loader.cache import Cache, digest, plain_data
from itready.loader.discover import discover
from itready.loader.files import Unreadable, read_bytes
from itready.loader.locate import Locator, PositionTree, TextLocator
from itready.loader.yaml import YamlError, decode, fast_json, parse, parse_exact
from itready.model import SETTINGS_FILE
from itready.rules.catalogue import Catalogue, load_catalogue
from itready.validate.records import FileRecords, validate_file
from itready.validate.references import cross_check
from itready.validate.settings import validate_settings
from itready.validate.shape import Problem

_LOCATION = model.maker(Location)


@dataclass(slots=True)
class LoadResult:
    """What a load produced: the inventory (None if nothing usable) and every input error."""

    inventory: model.Inventory
    errors: list[InputError]
    locators: dict[str, Locator] = field(default_factory=dict)
    #: The rules in force: bundled, the organisation's own, settings applied.
    catalogue: Catalogue | None = None
    #: Folders below the root with an itready.yaml of their own: other inventories, left out.
    nested: tuple[str, ...] = ()
    #: References to records of files that could not be read: counted, not errors of their own.
    unchecked_references: int = 0
    #: Each inventory file's validated records, ids and references, by path: what the
    #: checks across files read (an import checks its result with them).
    files: dict[str, FileRecords] = field(default_factory=dict)

    def locate(self, record: model.Record, *fields: str | int) -> Location:
        """Where a record, or a field of it, stands in its file."""
        source = record.source
        locator = self.locators.get(source.path)
        if locator is None:
            return Location(source.path)
        line, column = locator.locate((source.kind, source.index, *fields))
        return _LOCATION(source.path, line, column)


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
    #: the digest of its content, under which its validated records are cached
    content: str | None = None


#: An ``id:`` key and its value, in block or flow style, in text that is not valid YAML.
_ID = re.compile(r"""(?:^|[\s{,])id[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s,}#\[\]]+))""",
                 re.MULTILINE)


def _ids_in(raw: bytes) -> set[str]:
    """The record ids a file seems to define, read from text that does not parse: references
    to them are not errors of their own (``cross_check``)."""
    text = raw.decode("utf-8", "replace")
    return {"".join(groups) for groups in _ID.findall(text)}


def _read(root: Path, relative: str, cache: Cache | None, fast: bool,
          errors: list[InputError], settings: bool = False, unread: set[str] | None = None
          ) -> _File | None:
    """Parse one file (or take it from the cache); record an error and return None if it fails
    (and add the ids it seems to define to ``unread``).

    ``settings`` says that the file is read as itready.yaml, not as a records file: the cache
    keeps the two apart, as the same bytes mean different things in each role. ``read_bytes``
    makes the checks of ``discover`` again, for ``itready.yaml`` and for a file replaced since
    it was listed.
    """
    try:
        raw = read_bytes(root, relative)
    except Unreadable as exc:
        errors.append(InputError(exc.code, exc.message, Location(relative)))
        return None
    try:
        text = decode(raw)
        content = digest(raw) if cache is not None else None
        role = "settings-data" if settings else "records-data"
        if cache is not None and content is not None:
            found = _cached(cache, relative, text, content, role, fast, settings)
            if found is not None:
                return found
        emitted = fast_json(text) if fast and not settings else None
        if emitted is not None:
            typed = _typed(relative, text, emitted)
            if typed is not None:
                if cache is not None and content is not None:
                    cache.put("records", content, recordcodec.encode(typed.records))
                return _File(relative, None, typed.locator, typed.records, content)
        parsed = parse(text, fast=fast, emitted=emitted)
        if cache is not None and content is not None:
            cache.put(role, content, parsed.data)
        return _File(relative, parsed.data, parsed.locator, None, content)
    except YamlError as exc:
        errors.append(InputError(exc.code, exc.message, Location(relative, exc.line, exc.column)))
        if unread is not None:
            unread.update(_ids_in(raw))
        return None


def _cached(cache: Cache, relative: str, text: str, content: str, role: str, fast: bool,
            settings: bool) -> _File | None:
    """The file from the cache: its validated records (with the parsed data read only if the
    locator needs it), else its parsed data; None for a miss."""
    validated = None
    if not settings:
        packed = cache.get("records", content)
        validated = recordcodec.decode(relative, packed) if packed is not Cache.MISS else None
    cached = Cache.MISS if validated is not None else cache.get(role, content, plain_data)
    if validated is None and cached is Cache.MISS:
        return None

    def data() -> Any:
        value = cache.get(role, content, plain_data)
        return parse(text, fast=fast).data if value is Cache.MISS else value

    locator = TextLocator(text, cached, lambda: parse_exact(text)[1],
                          data_factory=data if validated is not None else None,
                          ids=_record_ids(validated))
    return _File(relative, cached, locator, validated, content)


def _typed(relative: str, text: str, emitted: str) -> Loaded | None:
    """The file validated from rapidyaml's JSON by typed decoding (``validate.typed``); None
    when the validator must decide. Its parsed data is read only if the locator needs it."""
    from itready.validate.typed import validate_json  # msgspec: only a cold run needs it

    validated = validate_json(relative, emitted)
    if validated is None:
        return None
    locator = TextLocator(text, None, lambda: parse_exact(text)[1],
                          data_factory=lambda: parse(text).data, ids=_record_ids(validated))
    return Loaded(validated, locator, ())


def load(root: Path, *, cache: Cache | None = None, fast: bool = True,
         progress: Callable[[int, int], None] | None = None,
         memo: Memo | None = None) -> LoadResult:
    """Read, validate and cross-check the inventory at ``root`` (``itready.load`` is the
    door that library users take). Files that ``memo`` knows are not read again."""
    errors: list[InputError] = []
    locators: dict[str, Locator] = {}
    settings = model.Settings()
    if not root.is_dir():
        errors.append(InputError("E013", _("not an inventory directory"), Location("")))
        return LoadResult(model.Inventory(str(root), settings), errors)
    nested: list[str] = []
    try:
        if (root / SETTINGS_FILE).is_file():  # first: its exclude patterns decide the files
            settings = _settings(root, cache, fast, errors, locators)
        paths = discover(root, errors, settings.exclude, nested)
    except OSError as exc:
        errors.append(InputError("E013", _("cannot read directory: {reason}").format(
            reason=os_reason(exc)), Location(_relative_or_root(exc.filename, root))))
        return LoadResult(model.Inventory(str(root), settings), errors)
    catalogue, rule_errors = load_catalogue(root, settings, locators.get(SETTINGS_FILE))
    errors.extend(rule_errors)
    rule_files = {Path(p).as_posix().removeprefix("./") for p in settings.rules.paths}
    paths = [p for p in paths if p not in rule_files]
    unread: set[str] = set()
    results = _record_files(root, paths, cache, fast, errors, locators, progress, unread, memo)

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

    reference_errors, unchecked = cross_check(results, where, unread)
    errors.extend(reference_errors)
    errors.extend(_unknown_waiver_rules(inventory, catalogue, locators))
    errors.sort(key=InputError.sort_key)
    return LoadResult(inventory, errors, locators, catalogue, tuple(sorted(nested)), unchecked,
                      {result.path: result for result in results})


def settings_language(root: Path) -> str | None:
    """The ``language:`` of the itready.yaml at ``root``, when it names one of ours; None
    without a file, for one that cannot be read, or another value (the load says why). Read
    apart from the load, which must already speak it."""
    try:
        data = parse(decode(read_bytes(root, SETTINGS_FILE))).data
    except (Unreadable, YamlError, OSError):
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in model.LANGUAGES else None


def _settings(root: Path, cache: Cache | None, fast: bool, errors: list[InputError],
              locators: dict[str, Locator]) -> model.Settings:
    """The settings of ``itready.yaml`` (defaults where it cannot be read)."""
    settings_file = _read(root, SETTINGS_FILE, cache, fast, errors, settings=True)
    if settings_file is None:
        return model.Settings()
    locators[SETTINGS_FILE] = settings_file.locator
    settings, problems = validate_settings(settings_file.data)
    errors.extend(_located(SETTINGS_FILE, settings_file.locator, problems))
    return settings


def _record_files(root: Path, paths: list[str], cache: Cache | None, fast: bool,
                  errors: list[InputError], locators: dict[str, Locator],
                  progress: Callable[[int, int], None] | None, unread: set[str],
                  memo: Memo | None = None) -> list[FileRecords]:
    """The validated records of each inventory file, from the memo or the cache where they
    have them; the ids of files that do not parse go to ``unread``."""
    results: list[FileRecords] = []
    for number, relative in enumerate(paths):
        if progress is not None:
            progress(number, len(paths))
        loaded = memo.get(relative) if memo is not None else None
        if loaded is None:
            loaded = _load_file(root, relative, cache, fast, errors, unread)
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
               errors: list[InputError], unread: set[str]) -> Loaded | None:
    """One file's records and errors; None (and the reason in ``errors``, the ids it seems to
    define in ``unread``) when it cannot be read or parsed."""
    file = _read(root, relative, cache, fast, errors, unread=unread)
    if file is None:
        return None
    result = file.validated
    if result is None:
        result = validate_file(relative, file.data)
        if cache is not None and file.content is not None:
            cache.put("records", file.content, recordcodec.encode(result))
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
                errors.append(InputError("E006", _("waiver names unknown rule {rule}").format(
                    rule=waiver.rule) + did_you_mean(waiver.rule, known),
                                         Location(source.path, line, column)))
    return errors

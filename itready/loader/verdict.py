"""Remember what ``itready validate`` said about an inventory whose files have not changed.

A CI pipeline validates the inventory on every merge request, and a person re-runs it after
every edit. When no input changed (the same bytes in every file, the same settings and rule
files, the same itready version) the verdict cannot change either: it is read back from the
cache instead of parsing and validating tens of megabytes again. The key covers every input,
so a cached verdict is never stale; anything odd (an unreadable folder) skips the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itready import model
from itready.errors import InputError, Location
from itready.i18n import plural
from itready.loader.cache import Cache, digest
from itready.loader.discover import discover
from itready.loader.files import Unreadable, read_bytes
from itready.loader.inventory import LoadResult
from itready.loader.yaml import YamlError, decode, parse
from itready.model import SETTINGS_FILE


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of validating an inventory: its errors and what it holds."""

    errors: tuple[InputError, ...]
    files: int
    counts: tuple[int, ...]  # sites, vpn, workplaces, devices, licences
    nested: tuple[str, ...] = ()  # other inventories below the root, left out
    unchecked_references: int = 0  # references into files that could not be read

    @classmethod
    def of(cls, result: LoadResult) -> Verdict:
        inventory = result.inventory
        return cls(tuple(result.errors), len(inventory.files),
                   tuple(len(getattr(inventory, kind.key)) for kind in model.KINDS),
                   result.nested, result.unchecked_references)

    def summary(self) -> str:
        files = plural(self.files, "{n} file", "{n} files")
        counts = ", ".join(plural(n, *kind.count)
                           for kind, n in zip(model.KINDS, self.counts, strict=True))
        return f"{files}: {counts}"

    def _pack(self) -> tuple[Any, ...]:
        errors = tuple((e.code, e.message, e.location.path, e.location.line, e.location.column)
                       for e in self.errors)
        return (errors, self.files, self.counts, self.nested, self.unchecked_references)

    @classmethod
    def _unpack(cls, packed: Any) -> Verdict | None:
        """The verdict back, or None for data of any other shape or type."""
        errors, files, counts, nested, unchecked = packed
        if not (type(files) is int and type(counts) is tuple and len(counts) == len(model.KINDS)
                and all(type(n) is int for n in counts) and type(errors) is tuple
                and type(nested) is tuple and all(type(n) is str for n in nested)
                and type(unchecked) is int):
            return None
        unpacked = []
        for code, message, path, line, column in errors:
            if not (type(code) is str and type(message) is str and type(path) is str
                    and type(line) is int and type(column) is int):
                return None
            unpacked.append(InputError(code, message, Location(path, line, column)))
        return cls(tuple(unpacked), files, counts, nested, unchecked)


def inventory_key(root: Path) -> str | None:
    """A digest of every input of a validation, or None when the tree cannot be read cleanly.

    The inputs: the settings and the rule files they name, and the files of the inventory as
    ``discover`` finds them with the settings' ``exclude`` patterns (which the settings' bytes
    cover), and the other inventories below the root that it leaves out."""
    settings_file = root / SETTINGS_FILE
    settings = model.Settings()
    inputs = hashlib.blake2b(digest_size=20)
    try:
        if settings_file.is_file():
            raw = read_bytes(root, SETTINGS_FILE)
            inputs.update(f"{SETTINGS_FILE}\0{digest(raw)}\0".encode())
            settings = settings_of(raw)
            for rule_file in settings.rules.paths:
                content = read_bytes(root, rule_file)
                inputs.update(f"rules:{rule_file}\0{digest(content)}\0".encode())
        problems: list[InputError] = []
        nested: list[str] = []
        paths = discover(root, problems, settings.exclude, nested)
        if problems:
            return None
        inputs.update("nested:{}\0".format("\0".join(sorted(nested))).encode())
        for relative in paths:
            raw = read_bytes(root, relative)
            inputs.update(f"{relative}\0{digest(raw)}\0".encode())
    except (Unreadable, OSError):
        return None  # the full load says why
    return inputs.hexdigest()


def settings_of(raw: bytes) -> model.Settings:
    """The settings as the full load reads them (defaults where it cannot), for the rule files
    and ``exclude`` patterns that decide which files are inputs."""
    from itready.validate.settings import validate_settings

    try:
        data = parse(decode(raw)).data
    except YamlError:
        return model.Settings()
    return validate_settings(data)[0]


def cached(cache: Cache, key: str) -> Verdict | None:
    packed = cache.get("verdict", key)
    if packed is Cache.MISS:
        return None
    try:
        return Verdict._unpack(packed)
    except Exception:  # an entry of another shape: rebuilt, never trusted
        return None


def remember(cache: Cache, key: str, verdict: Verdict) -> None:
    cache.put("verdict", key, verdict._pack())

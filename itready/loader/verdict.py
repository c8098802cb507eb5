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

    @classmethod
    def of(cls, result: LoadResult) -> Verdict:
        inventory = result.inventory
        return cls(tuple(result.errors), len(inventory.files),
                   tuple(len(getattr(inventory, kind.key)) for kind in model.KINDS))

    def summary(self) -> str:
        sites, vpn, workplaces, devices, licences = self.counts
        return (f"{self.files} files: {sites} sites, {vpn} VPN gateways, {workplaces} "
                f"workplaces, {devices} devices, {licences} licences")

    def _pack(self) -> tuple[Any, ...]:
        errors = tuple((e.code, e.message, e.location.path, e.location.line, e.location.column)
                       for e in self.errors)
        return (errors, self.files, self.counts)

    @classmethod
    def _unpack(cls, packed: Any) -> Verdict | None:
        """The verdict back, or None for data of any other shape or type."""
        errors, files, counts = packed
        if not (type(files) is int and type(counts) is tuple and len(counts) == len(model.KINDS)
                and all(type(n) is int for n in counts) and type(errors) is tuple):
            return None
        unpacked = []
        for code, message, path, line, column in errors:
            if not (type(code) is str and type(message) is str and type(path) is str
                    and type(line) is int and type(column) is int):
                return None
            unpacked.append(InputError(code, message, Location(path, line, column)))
        return cls(tuple(unpacked), files, counts)


def inventory_key(root: Path) -> str | None:
    """A digest of every input of a validation, or None when the tree cannot be read cleanly."""
    problems: list[InputError] = []
    try:
        paths = discover(root, problems)
    except OSError:
        return None
    if problems:
        return None
    inputs_digest = hashlib.blake2b(digest_size=20)
    settings = root / SETTINGS_FILE
    inputs = [SETTINGS_FILE, *paths] if settings.is_file() else paths
    try:
        for relative in inputs:
            raw = read_bytes(root, relative)
            inputs_digest.update(f"{relative}\0{digest(raw)}\0".encode())
            if relative == SETTINGS_FILE:
                for rule_file in _rule_files(raw):
                    content = read_bytes(root, rule_file)
                    inputs_digest.update(f"rules:{rule_file}\0{digest(content)}\0".encode())
    except Unreadable:
        return None  # the full load says why
    return inputs_digest.hexdigest()


def _rule_files(settings: bytes) -> list[str]:
    """The rule files itready.yaml names, as far as it can be read (else none)."""
    try:
        data = parse(decode(settings)).data
    except YamlError:
        return []
    rules = data.get("rules") if isinstance(data, dict) else None
    paths = rules.get("paths") if isinstance(rules, dict) else None
    return [str(p) for p in paths] if isinstance(paths, list) else []


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

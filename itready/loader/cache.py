"""A cache of parsed files, keyed on their content and the tool version: never stale.

A warm run (files unchanged) skips YAML parsing and reads marshal data instead, which is what
makes a re-run on a state-sized inventory take a fraction of a second. Entries are checked by a
digest and rebuilt when anything is wrong with them; a cache is a convenience, never trusted.
The cache lives outside the inventory (``$ITREADY_CACHE_DIR``, else ``$XDG_CACHE_HOME/itready``,
else ``~/.cache/itready``): itready never writes into a user's inventory.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from itready import __version__
from itready.write import signals_deferred

_MISS = object()
_DIGEST = 16


def default_dir() -> Path:
    explicit = os.environ.get("ITREADY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "itready"


class Cache:
    """Parsed data by content digest; ``get`` returns ``MISS`` for anything it cannot vouch for."""

    MISS = _MISS

    def __init__(self, directory: Path | None = None, salt: str = ""):
        self.directory = directory or default_dir()
        self._salt = f"{__version__}\0{marshal.version}\0{salt}".encode()

    def key(self, content: bytes) -> str:
        return hashlib.blake2b(content, digest_size=20, key=self._salt[:64]).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key[2:]

    def get(self, key: str) -> Any:
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return _MISS
        digest, payload = blob[:_DIGEST], blob[_DIGEST:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != digest:
            return _MISS
        try:
            return marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return _MISS

    def put(self, key: str, data: Any) -> None:
        """Store ``data`` atomically; a cache that cannot be written is silently skipped."""
        try:
            payload = marshal.dumps(data)
        except ValueError:
            return
        blob = hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        target = self._path(key)
        with signals_deferred():
            self._write(target, blob)

    @staticmethod
    def _write(target: Path, blob: bytes) -> None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return

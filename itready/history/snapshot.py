"""The inventory at one revision after another, in one directory, parsed once per file version.

A history loads the same inventory a dozen times or more, and from one point to the next most
files are unchanged. git's blob ids say which: ``Snapshot.switch`` writes only the files whose
blob changed (and removes those that went), and, as the loader's ``Memo``, hands back the
records of every file whose blob it has loaded before, so that only changed files are parsed
and validated and only the rules run again. One version per file is kept in memory.
"""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from itready import git

if TYPE_CHECKING:
    from itready.loader.inventory import Loaded


class Snapshot:
    """The inventory directory ``prefix`` of the repository ``top``, kept in ``root``."""

    def __init__(self, top: Path, prefix: str, root: Path):
        self.top, self.prefix, self.root = top, prefix, root
        self.blobs: dict[str, str] = {}  # path relative to root -> blob id, as written
        self._loaded: dict[str, tuple[str, Loaded]] = {}  # path -> (blob id, what it gave)

    def switch(self, commit: str) -> bool:
        """Make ``root`` hold the inventory as ``commit`` has it; False when it has none."""
        wanted = {path.as_posix(): oid for oid, path in
                  git.files_at(self.top, commit, self.prefix)}
        for gone in self.blobs.keys() - wanted.keys():
            self._remove(gone)
        changed = [(oid, PurePosixPath(path)) for path, oid in sorted(wanted.items())
                   if self.blobs.get(path) != oid]
        if changed:
            git.write_blobs(self.top, changed, self.root)
        self.blobs = wanted
        return bool(wanted)

    def _remove(self, relative: str) -> None:
        """Remove a file, and the folders it leaves empty (a file may take their name)."""
        path = self.root / relative
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        for parent in path.parents:
            if parent == self.root or any(parent.iterdir()):
                break
            parent.rmdir()

    # --- the loader's Memo --------------------------------------------------------------------

    def get(self, relative: str) -> Loaded | None:
        kept = self._loaded.get(relative)
        if kept is None or kept[0] != self.blobs.get(relative):
            return None
        return kept[1]

    def put(self, relative: str, loaded: Loaded) -> None:
        blob = self.blobs.get(relative)
        if blob is not None:
            self._loaded[relative] = (blob, loaded)

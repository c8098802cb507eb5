"""Find an inventory and its files: the root as git finds a repository, then every YAML file
below it that belongs to it and can be read safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from itready.errors import InputError, Location
from itready.i18n import _, os_reason
from itready.loader import files as safe_files
from itready.loader.exclude import Excludes
from itready.model import SETTINGS_FILE


def find_root(path: Path) -> Path:
    """The root of the inventory that ``path`` names or lies in, spelled from ``path``.

    As git finds its repository: from ``path`` upward to the nearest folder holding
    ``itready.yaml``, but not past the top of the git work tree (the folder with ``.git``).
    Outside a git work tree there is no search: ``path`` itself, so that a folder in ``/tmp``
    never picks up a stray ``itready.yaml`` above it. Without an ``itready.yaml`` on the way up,
    ``path`` itself. The root found above ``path`` is spelled relative to ``path``
    (``devices`` → ``.``, ``.`` → ``..``), so that paths shown open in the user's editor.
    """
    start = Path(os.path.abspath(path))
    found = None
    for folder in (start, *start.parents):
        # os.path answers False where a folder cannot be looked into; Path.is_file raises
        if found is None and os.path.isfile(folder / SETTINGS_FILE):
            found = folder
        if os.path.exists(folder / ".git"):
            break
    else:
        return path  # not in a git work tree
    if found is None or found == start:
        return path
    up = len(start.relative_to(found).parts)
    return Path(os.path.normpath(os.path.join(path, *[os.pardir] * up)))


def discover(root: Path, errors: list[InputError], exclude: Iterable[str] = (),
             nested: list[str] | None = None) -> list[str]:
    """Inventory files below ``root``, as sorted POSIX paths relative to it.

    Hidden files and folders are skipped, and so is whatever an ``exclude`` pattern (gitignore
    style, ``itready.loader.exclude``) names. A folder below the root with an ``itready.yaml``
    of its own is another inventory: it is left out, and its path added to ``nested``. Symbolic
    links to directories are not followed (no loops), and ``itready.yaml`` at the root holds
    settings, not records. What cannot be an
    inventory file is an error in ``errors``, not listed, and the walk goes on with the rest:
    a folder that cannot be listed, a pipe, socket or device (which could block or never end),
    a symbolic link to a file outside the inventory (E013), a file over ``MAX_FILE_BYTES``
    (E012). So whoever reads the files listed reads regular files of bounded size. A root that
    cannot be listed or entered raises its OSError.
    """
    def report(code: str, message: str, relative: str) -> None:
        errors.append(InputError(code, message, Location(relative)))

    def unreadable(error: OSError) -> None:
        folder = os.path.relpath(error.filename or root, root)
        if folder == ".":
            raise error
        report("E013", _("cannot read directory: {reason}").format(reason=os_reason(error)),
               Path(folder).as_posix())

    os.stat(os.path.join(root, os.curdir))  # a root listed but not entered (mode r--) raises
    real_root = os.path.realpath(root)
    excludes = Excludes(exclude)
    found = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        base = Path(folder).relative_to(root).as_posix()
        prefix = "" if base == "." else f"{base}/"
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") or excludes.excluded(prefix + name, True):
                continue
            if os.path.isfile(os.path.join(folder, name, SETTINGS_FILE)):
                if nested is not None:
                    nested.append(prefix + name)
                continue
            kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            full = os.path.join(folder, name)
            relative = prefix + name
            if relative == SETTINGS_FILE or excludes.excluded(relative, False):
                continue
            try:
                info = os.stat(full)
            except OSError:  # a broken link: _read says why it cannot be read
                found.append(relative)
                continue
            if not stat.S_ISREG(info.st_mode):
                report("E013", _("not a regular file (a pipe, socket or device); not read"),
                       relative)
            elif os.path.islink(full) and not Path(os.path.realpath(full)).is_relative_to(
                    real_root):
                report("E013", _("symbolic link to a file outside the inventory; not read "
                                 "(copy the file into the inventory)"), relative)
            elif info.st_size > safe_files.MAX_FILE_BYTES:
                report("E012", _("file is larger than {limit}; split it").format(
                    limit=safe_files.size_limit()), relative)
            else:
                found.append(relative)
    return sorted(found)

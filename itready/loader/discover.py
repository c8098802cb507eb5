"""Find the files of an inventory: every YAML file below its root that can be read safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from itready.errors import InputError, Location
from itready.loader import files as safe_files
from itready.model import SETTINGS_FILE


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

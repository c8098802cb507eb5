"""Read a file of an inventory safely: a regular file, inside the inventory, of bounded size.

An inventory arrives through merge requests from many hands. Whatever a file is (a named pipe
that never ends, a link to /dev/zero or to a secret outside the repository, a 200 MB export),
reading it must neither block, nor exhaust memory, nor echo foreign content into CI logs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from itready.i18n import _, os_reason

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest file read; a bigger one is an E012 error rather than a long wait."""


class Unreadable(Exception):
    """A file that is not read, with the error code and message that say why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def size_limit() -> str:
    return (f"{MAX_FILE_BYTES >> 20} MiB" if MAX_FILE_BYTES >= 1 << 20
            else _("{n} bytes").format(n=MAX_FILE_BYTES))


def inside(root: Path, relative: str) -> bool:
    """Whether ``relative`` names a place inside ``root``, symbolic links resolved."""
    real_root = _real_root(root)
    real = os.path.realpath(os.path.join(root, relative))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


#: str(root) -> (device, inode, real path) of roots resolved before
_REAL_ROOTS: dict[str, tuple[int, int, str]] = {}


def _real_root(root: Path) -> str:
    """``realpath(root)``, resolved again only when ``root`` stands for another directory
    than before (a stat costs a seventh of a realpath, which every file of a load needs)."""
    info = os.stat(root)
    known = _REAL_ROOTS.get(str(root))
    if known is None or known[:2] != (info.st_dev, info.st_ino):
        known = _REAL_ROOTS[str(root)] = (info.st_dev, info.st_ino, os.path.realpath(root))
    return known[2]


#: Where Linux tells the path of each open file
_OPEN_FILES = "/proc/self/fd"


def _outside() -> Unreadable:
    return Unreadable("E013", _("outside the inventory (a link or a path leading out of it); "
                                "not read (copy the file into the inventory)"))


def _opened_inside(fd: int, root: Path, relative: str) -> bool:
    """Whether the file open as ``fd`` lies inside ``root``: the path the kernel opened, where
    it tells it (one call, where ``realpath`` looks at every component), else ``inside``."""
    try:
        real = os.readlink(f"{_OPEN_FILES}/{fd}")
    except OSError:
        return inside(root, relative)
    real_root = _real_root(root)
    return real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_capped(handle: BinaryIO, size: int) -> bytes:
    """The bytes of an open file, at most ``MAX_FILE_BYTES + 1``: first as many as its
    ``size`` says (asking for ``MAX_FILE_BYTES`` would allocate them), then on where it grew
    or its size was not told."""
    raw = handle.read(size + 1)
    if len(raw) > size:
        raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    return raw


def read_bytes(root: Path, relative: str) -> bytes:
    """The bytes of ``root/relative``; raises ``Unreadable`` for anything but a regular file
    inside the inventory of at most ``MAX_FILE_BYTES``, whatever the file system says."""
    full = root / relative
    try:
        if not stat.S_ISREG(full.stat().st_mode):
            if not inside(root, relative):
                raise _outside()
            raise Unreadable("E013", _("not a regular file (a pipe, socket or device); not "
                                       "read"))
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not _opened_inside(fd, root, relative):
                raise _outside()
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # replaced since it was looked at
                raise Unreadable("E013", _("not a regular file (a pipe, socket or device); "
                                           "not read"))
            if info.st_size > MAX_FILE_BYTES:
                raise Unreadable("E012", _("file is larger than {limit}; split it").format(
                    limit=size_limit()))
            raw = read_capped(handle, info.st_size)
    except OSError as exc:
        raise Unreadable("E013", _("cannot read: {reason}").format(
            reason=os_reason(exc))) from None
    if len(raw) > MAX_FILE_BYTES:  # grew while read, or its size was not told
        raise Unreadable("E012", _("file is larger than {limit}; split it").format(
            limit=size_limit()))
    return raw

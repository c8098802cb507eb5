"""Writing files: whole or not at all, never a partial file; several files all or none."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM while a file is written and renamed into place: the signal
    then arrives right after, with the file complete and no temporary file left."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomic(path: str | Path, data: str | bytes, newline: str | None = None) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    An interrupted run (Ctrl-C, SIGTERM, a full disk) leaves the old file or none, never half
    a report, and no temporary file. ``newline=""`` keeps line ends exactly as given (CSV with
    CRLF). The report gets the permissions of the file it replaces, or those a new file gets
    (the umask applies), not the private mode of a temporary file.
    """
    target = Path(path)
    if isinstance(data, str):
        if newline != "":  # line ends as a text file writes them
            data = data.replace("\n", os.linesep if newline is None else newline)
        data = data.encode("utf-8")
    if _special(target):  # /dev/null, /dev/stdout, a named pipe: write to it, never replace it
        with open(target, "wb") as handle:
            handle.write(data)
        return
    with signals_deferred():
        _replace(target, data)


def _replace(target: Path, data: bytes) -> None:
    tmp = _temporary(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _special(target: Path) -> bool:
    """An existing target that is not a regular file (a device or pipe)."""
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return False


def _mode(target: Path) -> int:
    """The permission bits of the file ``target`` replaces, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files all or nothing (an import changes several files of an inventory).

    Each file is first written whole to a temporary file beside it; then all are renamed into
    place. If anything fails on the way, the files already replaced get their old content back,
    files that did not exist are removed again, and no temporary file is left.
    """
    old = {target: target.read_bytes() if target.is_file() else None for target in files}
    made: list[Path] = []
    temporary: dict[Path, str] = {}
    replaced: list[Path] = []
    with signals_deferred():
        try:
            for target, data in files.items():
                made += _folders(target.parent)
                temporary[target] = _temporary(target, data)
            for target, tmp in temporary.items():
                os.replace(tmp, target)
                replaced.append(target)
        except BaseException:
            for target in replaced:
                with contextlib.suppress(OSError):
                    previous = old[target]
                    if previous is None:
                        os.unlink(target)
                    else:
                        _replace(target, previous)
            for target, tmp in temporary.items():
                if target not in replaced:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise


def _folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir()
    return list(reversed(missing))


def _temporary(target: Path, data: bytes) -> str:
    """``data`` written whole to a new temporary file beside ``target``, with the permissions
    ``target`` has (or a new file gets); its name. Nothing is left behind if that fails."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), _mode(target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp

"""Writing reports: whole or not at all, never a partial file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes, newline: str | None = None) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    An interrupted run (Ctrl-C, SIGTERM, a full disk) leaves the old file or none, never half
    a report. ``newline=""`` keeps line ends exactly as given (CSV with CRLF).
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.",
                               suffix=".tmp")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
                handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

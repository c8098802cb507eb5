"""A cache of parsed and validated files, bound to what decides their meaning: never stale,
never another file's answer.

A warm run (files unchanged) skips YAML parsing and validation and reads marshal data instead,
which is what makes a re-run on a state-sized inventory take a fraction of a second. The cache
lives outside the inventory (``$ITREADY_CACHE_DIR``, else ``$XDG_CACHE_HOME/itready``, else
``~/.cache/itready``): itready never writes into a user's inventory.

What an entry means depends on more than the bytes of a file, so every entry is stored under a
key made of all of it (``Cache.entry``):

* the **role**: the same ``itready.yaml`` bytes are settings at the root of an inventory and a
  records file when a parent folder is validated; parsed data, validated records and a verdict
  are different things (``ROLES``);
* a **digest of the content** (``digest``);
* the **tool**: itready's version, the record codec's format, a stamp of the code that reads and
  validates (file sizes and times of the package and its message catalogues, so that an edited
  checkout never reads entries of its previous self), Python's version and marshal's;
* the **language**, for entries that hold messages for people (validated records carry their
  input errors' messages, a verdict too): a German run never shows English messages a run
  before it cached, nor the other way round (``WORDED``).

Each entry is ``MAGIC + tag + payload``, where the tag is a keyed BLAKE2b over the entry's key
*and* payload, with a random secret kept in the cache directory (``secret``, mode 0600). The tag
is checked before a byte of the payload is decoded (``marshal`` is not safe against crafted
data: it may crash the interpreter, not only raise), so an entry copied over another one, an
entry planted by someone who cannot read the secret, or a damaged file is a miss. Whatever then
comes out of ``marshal`` is type-checked by the caller (``get(..., check=)``); any exception on
the way is a miss, never an error.

The directory is created private (0700); a directory that is not owned by the user, or that
group or others may write to, is not used (``Cache.unusable`` says why), and a cache home that
is not an absolute path (no ``HOME``, no passwd entry, a relative ``XDG_CACHE_HOME``) means no
cache at all, never a folder relative to where itready runs. A writer with the user's own rights
can read the secret and is trusted, as with every other file the user owns (docs/security.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itready import __version__
from itready.i18n import _, os_reason
from itready.write import signals_deferred

_MISS = object()
MAGIC = b"itready-cache-1\n"
_TAG = 32
_SECRET = "secret"
_SECRET_BYTES = 32

#: What an entry holds; part of its key. ``records-data``: the parsed YAML of an inventory file;
#: ``settings-data``: the parsed YAML of itready.yaml; ``records``: an inventory file's validated
#: records (``itready.loader.codec``); ``verdict``: what ``validate`` said about a whole inventory.
ROLES = ("records-data", "settings-data", "records", "verdict")
#: Roles whose entries hold messages in the language of the run that wrote them.
WORDED = frozenset({"records", "verdict"})


def digest(content: bytes) -> str:
    """The digest of a file's content (or any input) that entries are keyed on."""
    return hashlib.blake2b(content, digest_size=20).hexdigest()


def default_dir() -> Path | None:
    """The cache directory the environment names, or None when there is no absolute one.

    ``$ITREADY_CACHE_DIR`` (made absolute: the user named it), else ``$XDG_CACHE_HOME/itready``
    when that is absolute (the XDG specification says to ignore a relative one), else
    ``~/.cache/itready`` when the home directory is known and absolute.
    """
    explicit = os.environ.get("ITREADY_CACHE_DIR")
    if explicit:
        return Path(os.path.abspath(explicit))
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "itready"
    home = os.path.expanduser("~")  # HOME, else the passwd entry; "~" itself when neither
    if home and os.path.isabs(home):
        return Path(home) / ".cache" / "itready"
    return None


def _code_stamp() -> bytes:
    """Sizes and modification times of itready's own files: a changed checkout is a new tool."""
    package = Path(__file__).resolve().parent.parent
    stamp = hashlib.blake2b(digest_size=16)
    try:
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".yaml", ".mo")):
                    info = os.stat(os.path.join(folder, name))
                    relative = os.path.relpath(os.path.join(folder, name), package)
                    stamp.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    except OSError:
        return b""
    return stamp.digest()


class Cache:
    """Entries by (role, content digest); ``get`` returns ``MISS`` for anything it cannot
    vouch for, and a cache that cannot be used safely is skipped (``unusable`` says why)."""

    MISS = _MISS

    def __init__(self, directory: Path | None = None):
        self.directory = directory if directory is not None else default_dir()
        self.unusable: str | None = None if self.directory is not None else (
            _("no absolute cache directory (no HOME, no XDG_CACHE_HOME, no "
              "ITREADY_CACHE_DIR)"))
        self._secret: bytes | None = None
        self._opened = False
        from itready.loader import codec

        self._tool = b"\0".join((
            __version__.encode(), str(codec.FORMAT).encode(), _code_stamp(),
            f"{sys.version_info[0]}.{sys.version_info[1]}".encode(),
            str(marshal.version).encode()))

    # --- keys and files ------------------------------------------------------------------

    def entry(self, role: str, content_digest: str) -> bytes:
        """The full key of an entry: the role, the content digest, the tool and, for entries
        with messages, the language."""
        if role not in ROLES:
            raise ValueError(f"unknown cache role {role!r}")
        language = b""
        if role in WORDED:
            from itready.i18n import current_language

            language = current_language().encode()
        return b"\0".join((b"itready", role.encode(), content_digest.encode(), self._tool,
                            language))

    def _path(self, key: bytes) -> Path:
        assert self.directory is not None
        name = hashlib.blake2b(key, digest_size=20).hexdigest()
        return self.directory / name[:2] / name[2:]

    def _tag(self, key: bytes, payload: bytes) -> bytes:
        assert self._secret is not None
        mac = hashlib.blake2b(key=self._secret, digest_size=_TAG)
        mac.update(len(key).to_bytes(8, "big"))
        mac.update(key)
        mac.update(payload)
        return mac.digest()

    # --- the directory and its secret -------------------------------------------------------

    def _open(self) -> bool:
        """Create or check the directory and read (or make) its secret, once; False when the
        cache cannot be used safely."""
        if self._opened:
            return self._secret is not None
        self._opened = True
        if self.directory is None:
            return False
        try:
            problem = _private_directory(self.directory)
            if problem is None:
                self._secret = _secret(self.directory)
                if self._secret is None:
                    problem = _("its secret cannot be read or made")
        except OSError as exc:
            problem = os_reason(exc)
        if problem is not None:
            self.unusable = f"{self.directory}: {problem}"
            self._secret = None
        return self._secret is not None

    # --- entries ----------------------------------------------------------------------------

    def get(self, role: str, content_digest: str,
            check: Callable[[Any], bool] | None = None) -> Any:
        """The entry's data, or ``MISS``: for no entry, an entry whose tag does not match its
        key and payload, undecodable data, data that ``check`` refuses, or any error."""
        try:
            if not self._open():
                return _MISS
            key = self.entry(role, content_digest)
            with open(self._path(key), "rb") as handle:
                blob = handle.read()
            if not blob.startswith(MAGIC):
                return _MISS
            body = blob[len(MAGIC):]
            tag, payload = body[:_TAG], body[_TAG:]
            if len(tag) != _TAG or not hmac.compare_digest(tag, self._tag(key, payload)):
                return _MISS
            data = marshal.loads(payload)
            if check is not None and not check(data):
                return _MISS
            return data
        except Exception:  # a cache is a convenience: anything odd is a miss
            return _MISS

    def put(self, role: str, content_digest: str, data: Any) -> None:
        """Store ``data`` atomically; a cache that cannot be written is silently skipped."""
        try:
            if not self._open():
                return
            payload = marshal.dumps(data)
            key = self.entry(role, content_digest)
            blob = MAGIC + self._tag(key, payload) + payload
            target = self._path(key)
        except (ValueError, OSError):
            return
        with signals_deferred():
            _write(target, blob)


def _private_directory(directory: Path) -> str | None:
    """Make ``directory`` (0700 where it is created) and say why it must not be used, if so:
    not a directory, not owned by the user, or writable by group or others. A directory of
    the user's that others may only read is made private."""
    os.makedirs(directory, mode=0o700, exist_ok=True)
    info = os.stat(directory)
    if not stat.S_ISDIR(info.st_mode):
        return _("not a directory")
    if not hasattr(os, "geteuid"):  # no POSIX owners and modes to check
        return None
    if info.st_uid != os.geteuid():
        return _("not owned by you; not used")
    if info.st_mode & 0o022:
        return _("group or others may write to it; not used (make it private: chmod 700 "
                 "{directory})").format(directory=directory)
    if info.st_mode & 0o077:
        os.chmod(directory, 0o700)  # the cache holds inventory data: nobody else reads it
    parent = os.stat(directory.parent)
    if parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX:
        return _("others may write to {directory} and replace the cache; not used").format(
            directory=directory.parent)
    return None


def _secret(directory: Path) -> bytes | None:
    """The directory's secret: read, or made once (atomically, 0600) when there is none."""
    path = directory / _SECRET
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            _make_secret(directory, path)
            continue
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            value = handle.read(_SECRET_BYTES + 1)
        if (stat.S_ISREG(info.st_mode) and len(value) == _SECRET_BYTES
                and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())):
            return value
        os.unlink(path)  # damaged or foreign: a new secret, and every entry is a miss
    return None


def _make_secret(directory: Path, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_SECRET_BYTES))
        try:
            os.link(tmp, path)  # never over a secret another run made meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def plain_data(value: Any) -> bool:
    """Whether ``value`` is parsed YAML as itready's parsers make it: mappings with text keys,
    lists, text, whole numbers, floats, booleans and nothing else (no bytes, no other types)."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            if not all(type(k) is str for k in item):
                return False
            push(item.values())
        elif kind is list:
            push(item)
        elif kind not in _SCALARS:
            return False
    return True


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _write(target: Path, blob: bytes) -> None:
    try:
        target.parent.mkdir(mode=0o700, exist_ok=True)
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

"""git plumbing: where an inventory stands in its repository, and its files at a revision.

``itready diff`` and ``itready history`` read an inventory as it was at a revision from git's
object store: ``git ls-tree`` lists the files below the inventory directory (with their blob
ids, which tell unchanged files apart), ``git cat-file --batch`` hands over their contents, into
a temporary directory; ``git log --first-parent`` lists the revisions of a branch with their
dates. The working tree, the index and the repository's refs are never touched.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from itready.i18n import _

#: Modes of the tree entries that are files with content (not links, not submodules).
_FILE_MODES = frozenset({"100644", "100755"})


class GitError(Exception):
    """git cannot answer: not a repository, an unknown revision, git missing."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # a read-only command takes no lock on the index
    env["LC_ALL"] = "C"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _git(args: list[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=_env(),
                              check=False, **kwargs)
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH)")) from None


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else ""


def repository(path: Path) -> tuple[Path, str]:
    """The top level of the git work tree holding ``path``, and ``path`` relative to it
    (POSIX, with a trailing slash, or "" at the top level)."""
    if not path.is_dir():
        raise GitError(_("{path} is not a directory").format(path=path))
    done = _git(["rev-parse", "--show-toplevel", "--show-prefix"], path)
    if done.returncode != 0:
        why = _first_line(done.stderr)
        raise GitError(_("{path} is not in a git repository").format(path=path)
                       + (_(" (git: {reason})").format(reason=why) if why else ""))
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 2:
        raise GitError(_("{path} is not in a git work tree").format(path=path))
    return Path(lines[0]), lines[1]


def repo_prefix(path: Path) -> str:
    """``path`` relative to the root of its git repository ("dir/sub/"), or "" when it is the
    root or not in a repository.

    Asks git; where git is missing or refuses (a CI container that does not own the checkout:
    "dubious ownership"), the nearest parent with a ``.git`` entry is taken as the root.
    """
    try:
        return repository(path)[1]
    except GitError:
        pass
    try:
        here = path.resolve()
    except OSError:
        return ""
    for parent in (here, *here.parents):
        if (parent / ".git").exists():
            relative = here.relative_to(parent).as_posix()
            return "" if relative == "." else f"{relative}/"
    return ""


def resolve(top: Path, rev: str) -> str:
    """The commit that ``rev`` names (a branch, tag, hash, ``HEAD~1``, ...)."""
    if not rev or rev.startswith("-") or "\0" in rev:
        raise GitError(_("'{rev}' is not a git revision").format(rev=rev))
    done = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if done.returncode != 0:
        raise GitError(_("unknown revision '{rev}': no such branch, tag or commit in this "
                         "repository (in CI, fetch it first, e.g. `git fetch origin main`, and "
                         "check out with full history)").format(rev=rev))
    return done.stdout.decode().strip()


def export(top: Path, commit: str, prefix: str, dest: Path) -> int:
    """Write the files below ``prefix`` (relative to ``top``) at ``commit`` into ``dest``.

    Returns how many files were written; 0 when the directory does not exist at ``commit``.
    Symbolic links and submodules are skipped.
    """
    wanted = files_at(top, commit, prefix)
    if wanted:
        write_blobs(top, wanted, dest)
    return len(wanted)


def files_at(top: Path, commit: str, prefix: str) -> list[tuple[str, PurePosixPath]]:
    """(blob id, path relative to ``prefix``) of every regular file below ``prefix`` at
    ``commit``; no links, no submodules, no path that leads out."""
    prefix = prefix.strip("/")
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    done = _git(args, top)
    if done.returncode != 0:
        raise GitError(_("cannot list {what} at {commit}: {reason}").format(
            what=prefix or _("the repository"), commit=commit[:12],
            reason=_first_line(done.stderr)))
    wanted: list[tuple[str, PurePosixPath]] = []
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _tab, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind != "blob" or mode not in _FILE_MODES:
            continue
        path = raw_path.decode("utf-8", "surrogateescape")
        if prefix:
            if not path.startswith(prefix + "/"):
                continue
            path = path[len(prefix) + 1:]
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            continue
        wanted.append((oid, relative))
    return wanted


def write_blobs(top: Path, wanted: list[tuple[str, PurePosixPath]], dest: Path) -> None:
    """The contents of ``wanted`` blobs (id, path relative to ``dest``) into ``dest``, through
    one ``git cat-file --batch``."""
    with tempfile.TemporaryFile() as request:
        request.write("".join(f"{oid}\n" for oid, _path in wanted).encode())
        request.seek(0)
        try:
            process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=request,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=_env())
        except FileNotFoundError:
            raise GitError(_("git is not installed (or not on PATH)")) from None
        assert process.stdout is not None
        with process:
            for oid, relative in wanted:
                header = process.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    process.kill()
                    raise GitError(_("git cat-file could not read {file} ({oid})").format(
                        file=relative, oid=oid))
                target = dest.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    remaining = int(header[2])
                    while remaining:
                        chunk = process.stdout.read(min(remaining, 1 << 20))
                        if not chunk:
                            raise GitError(_("git cat-file ended early reading {file}").format(
                                file=relative))
                        out.write(chunk)
                        remaining -= len(chunk)
                process.stdout.read(1)  # the newline after each object
            process.stdout.read()
            stderr = process.stderr.read() if process.stderr else b""
            if process.wait():
                raise GitError(_("git cat-file failed: {reason}").format(
                    reason=_first_line(stderr)))


@contextlib.contextmanager
def checkout_to_temp(top: Path, commit: str, prefix: str) -> Iterator[Path | None]:
    """A temporary copy of the inventory directory at ``commit``, removed afterwards; None
    when the directory does not exist at ``commit``."""
    with tempfile.TemporaryDirectory(prefix="itready-base-") as tmp:
        root = Path(tmp) / "inventory"
        root.mkdir()
        yield root if export(top, commit, prefix, root) else None


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit of a first-parent line and its commit date (in the committer's time zone)."""

    oid: str
    day: date


def first_parent(top: Path) -> list[Commit]:
    """The commits of the first-parent line that ends at HEAD, newest first."""
    done = _git(["log", "--first-parent", "--no-show-signature", "--format=%H %cI", "HEAD",
                 "--"], top)
    if done.returncode != 0:
        why = _first_line(done.stderr)
        if "does not have any commits" in why or "bad revision" in why:
            raise GitError(_("the repository has no commits yet"))
        raise GitError(_("cannot list the commits of HEAD: {reason}").format(reason=why))
    commits = []
    for line in done.stdout.decode().splitlines():
        oid, _sep, stamp = line.partition(" ")
        commits.append(Commit(oid, date.fromisoformat(stamp[:10])))
    return commits


def shallow_commits(top: Path) -> frozenset[str]:
    """The commits whose parents a shallow clone lacks (none in a full clone)."""
    done = _git(["rev-parse", "--git-path", "shallow"], top)
    if done.returncode != 0:
        return frozenset()
    path = top / done.stdout.decode().strip()
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return frozenset()


def trees(top: Path, commits: list[str], prefix: str) -> list[str | None]:
    """The tree id of the directory ``prefix`` at each of ``commits`` (None where it does not
    exist): equal ids mean an unchanged directory. One ``git cat-file --batch-check``."""
    prefix = prefix.strip("/")
    names = "".join(f"{c}:{prefix}\n" if prefix else f"{c}^{{tree}}\n" for c in commits)
    done = _git(["cat-file", "--batch-check"], top, input=names.encode())
    if done.returncode != 0:
        raise GitError(_("git cat-file failed: {reason}").format(
            reason=_first_line(done.stderr)))
    found: list[str | None] = []
    for line in done.stdout.decode().splitlines():
        oid, _sep, kind = line.partition(" ")
        found.append(oid if kind.startswith("tree ") else None)
    if len(found) != len(commits):
        raise GitError(_("git cat-file --batch-check answered for fewer commits than asked"))
    return found

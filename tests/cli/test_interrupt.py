"""Nothing lost: commands write only their reports and the cache; interrupted runs leave the old
report or none, and never a temporary file.

* every command but ``init`` leaves the inventory byte for byte as it was, and the working
  directory without a new file; reports go only where ``-o``/``--report`` send them;
* ``write_atomic`` leaves the old file (or none) when the write fails or is interrupted at any
  step, and removes its temporary file;
* a real ``itready check -o`` process, sent SIGTERM or SIGINT at several moments of its run,
  exits 130 and leaves the old report or the complete new one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, generate_inventory

from itready import write as output
from itready.cli import main
from itready.write import write_atomic


def snapshot(root: Path) -> dict[str, tuple[str, str]]:
    """Every entry below ``root`` (hidden ones too): its kind and its content's digest."""
    entries: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                entries[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                entries[relative] = ("dir", oct(stat.S_IMODE(info.st_mode)))
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                entries[relative] = (oct(stat.S_IMODE(info.st_mode)), digest)
    return entries


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """A writable copy of the small CI inventory (the test data itself is read-only)."""
    root = tmp_path / "inventory"
    shutil.copytree(DATA / "ci-inventory", root, copy_function=shutil.copyfile)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            Path(folder, name).chmod(0o755)
        for name in files:
            Path(folder, name).chmod(0o644)
    root.chmod(0o755)
    return root


AS_OF = ("--as-of", "2026-11-27")

#: Commands as run from an empty working directory on the inventory ``{inv}``, with reports
#: into ``{out}``; ``files`` are what each one may write there.
COMMANDS: list[tuple[list[str], set[str]]] = [
    (["check", "{inv}", *AS_OF], set()),
    (["check", "{inv}", *AS_OF, "-f", "json", "--all"], set()),
    (["check", "{inv}", *AS_OF, "-f", "sarif", "-o", "{out}/r.sarif",
      "--report", "junit={out}/r.xml", "--report", "markdown={out}/r.md",
      "--write-baseline", "{out}/base.txt"], {"r.sarif", "r.xml", "r.md", "base.txt"}),
    (["check", "{inv}", *AS_OF, "--baseline", "{out}/base.txt", "-o", "{out}/again.txt"],
     {"again.txt"}),
    (["validate", "{inv}"], set()),
    (["validate", "{inv}", "--no-cache"], set()),
    (["gaps", "{inv}", *AS_OF], set()),
    (["gaps", "{inv}", *AS_OF, "-f", "csv", "--dialect", "excel-de", "-o", "{out}/gaps.csv"],
     {"gaps.csv"}),
    (["procure", "{inv}", *AS_OF, "-f", "json"], set()),
    (["procure", "{inv}", *AS_OF, "-f", "csv", "-o", "{out}/buy.csv"], {"buy.csv"}),
    (["rules"], set()),
    (["rules", "DEV003", "{inv}"], set()),
    (["rules", "{inv}"], set()),
    (["lifecycle", *AS_OF, "--within", "365"], set()),
    (["schema"], set()),
    (["schema", "--kind", "settings"], set()),
]


def invoke(args: list[str]) -> Any:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args}: {result.exception!r}"
    assert "Traceback" not in result.output
    return result


def test_commands_write_only_their_reports_and_the_cache(
        inventory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        _private_cache_dir: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    out.mkdir()
    monkeypatch.chdir(work)
    before = snapshot(inventory)
    expected: set[str] = set()
    for args, files in COMMANDS:
        result = invoke([a.format(inv=inventory, out=out) for a in args])
        assert result.exit_code in (0, 1), f"{args}: {result.output}"
        expected |= files
        assert snapshot(inventory) == before, f"{args} changed the inventory"
        assert snapshot(work) == {}, f"{args} wrote into the working directory"
        assert set(snapshot(out)) == expected, f"{args} wrote {set(snapshot(out)) - expected}"
    cached = [p for p in _private_cache_dir.rglob("*") if p.is_file()]
    assert cached, "the cache was not used"
    assert not [p for p in cached if p.name.startswith(".tmp-")]


def test_commands_run_inside_the_inventory_leave_it_alone(
        inventory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(inventory)
    before = snapshot(inventory)
    for args in (["check", *AS_OF], ["check", ".", *AS_OF, "-f", "github"], ["validate"],
                 ["gaps", *AS_OF], ["procure", *AS_OF], ["rules"], ["rules", "NET"]):
        invoke(args)
        assert snapshot(inventory) == before, f"{args} changed the inventory"


def test_cache_goes_to_xdg_cache_home_and_nowhere_else(
        inventory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, xdg, work = tmp_path / "home", tmp_path / "xdg", tmp_path / "work"
    for folder in (home, xdg, work):
        folder.mkdir()
    monkeypatch.delenv("ITREADY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    before = snapshot(inventory)
    assert invoke(["check", str(inventory), *AS_OF]).exit_code == 1
    assert snapshot(inventory) == before
    assert snapshot(work) == {} and snapshot(home) == {}
    assert {p.split("/")[0] for p in snapshot(xdg)} == {"itready"}

    monkeypatch.delenv("XDG_CACHE_HOME")
    assert invoke(["validate", str(inventory)]).exit_code == 0
    assert {p.split("/")[0] for p in snapshot(home)} == {".cache"}
    assert ".cache/itready" in snapshot(home)


# --- write_atomic ----------------------------------------------------------------------------

def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("old", [b"old report\n", None], ids=["replacing", "new"])
@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     KeyboardInterrupt()], ids=["disk-full", "interrupt"])
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_write_atomic_leaves_the_old_file_or_none(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  old: bytes | None, failure: BaseException,
                                                  step: str) -> None:
    target = tmp_path / "report.json"
    if old is not None:
        target.write_bytes(old)
    if step == "write":  # half the data reaches the file, then the write fails
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _HalfWrite(real_fdopen(*a, **k),
                                                                     failure))
    else:
        def fail(*args: Any) -> None:
            raise failure

        monkeypatch.setattr(os, step, fail)
    with pytest.raises(type(failure)):
        write_atomic(target, '{"findings": ["' + "x" * 100_000 + '"]}\n')
    assert (target.read_bytes() if target.exists() else None) == old
    assert leftovers(tmp_path) == []


class _HalfWrite:
    """A file handle that writes half of what it is given, then fails."""

    def __init__(self, handle: Any, failure: BaseException):
        self._handle, self._failure = handle, failure

    def write(self, data: Any) -> int:
        self._handle.write(data[:len(data) // 2])
        self._handle.flush()
        raise self._failure

    def __enter__(self) -> _HalfWrite:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_write_atomic_interrupted_before_the_temporary_file_exists(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.tempfile, "mkstemp", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "r.txt", "text")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_writes_whole_files_with_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "a\nb\n")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    finally:
        os.umask(umask)
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o604)
    write_atomic(kept, "a;b\r\nc;d\r\n", newline="")
    assert kept.read_bytes() == b"a;b\r\nc;d\r\n"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604
    write_atomic(tmp_path / "raw.bin", b"\0\xff")
    assert (tmp_path / "raw.bin").read_bytes() == b"\0\xff"
    assert leftovers(tmp_path) == []


def test_interrupted_report_through_the_cli(inventory: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the report is renamed into place: exit 130, the old report stays."""
    report = tmp_path / "out.json"
    report.write_text("old report\n")

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = CliRunner().invoke(main, ["check", str(inventory), *AS_OF, "-f", "json",
                                       "-o", str(report)])
    assert result.exit_code == 130
    assert "interrupted" in result.output
    assert "Traceback" not in result.output
    assert report.read_text() == "old report\n"
    assert leftovers(tmp_path) == []


# --- a real process, a real signal -----------------------------------------------------------

@pytest.fixture(scope="module")
def big_inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big") / "inventory"
    generate_inventory(root, workplaces=3000)
    return root


def _default_sigint() -> None:
    """Ctrl-C as at a terminal: a shell starts background jobs with SIGINT ignored, and Python
    then leaves it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run(root: Path, workdir: Path, cache: Path, sig: int | None = None,
         delay: float = 0.0) -> tuple[int, str, float]:
    env = {**os.environ, "ITREADY_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "itready", "check", str(root), *AS_OF, "-f", "json",
         "-o", "out.json"], cwd=workdir, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
    if sig is not None:
        time.sleep(delay)
        process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout + stderr, time.perf_counter() - started


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_mid_run_leaves_the_old_report_or_the_whole_new_one(
        big_inventory: Path, tmp_path: Path, sig: int) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    code, text, duration = _run(big_inventory, reference, tmp_path / "cache-reference")
    assert code == 1, text
    complete = (reference / "out.json").read_bytes()
    json.loads(complete)

    outcomes = []
    for number, share in enumerate((0.2, 0.35, 0.5, 0.65, 0.8, 0.95)):
        work = tmp_path / f"run{number}"
        work.mkdir()
        old = number % 2 == 0
        if old:
            (work / "out.json").write_text("old report\n")
        cache = tmp_path / f"cache{number}"
        code, text, _ = _run(big_inventory, work, cache, sig, delay=share * duration)
        outcomes.append(code)
        left = sorted(p.name for p in work.iterdir())
        assert left in ([], ["out.json"]), (code, left, text)  # never a temporary file
        report = (work / "out.json").read_bytes() if left else None
        if code == 130:
            assert "itready: interrupted" in text
            assert "Traceback" not in text, text
            # Interrupted before the report was renamed into place: the old one, or none;
            # after it (while leaving): the whole new one. Never a part of it.
            assert report in ((b"old report\n" if old else None), complete), (code, text)
        elif code == -sig:  # the signal came before Python had set up its handler
            assert report == (b"old report\n" if old else None)
        else:  # the run was over before the signal
            assert code == 1, text
            assert (work / "out.json").read_bytes() == complete
        if cache.exists():  # an interrupted cache write leaves no temporary file either
            assert not [p for p in cache.rglob(".tmp-*")]
    assert 130 in outcomes, f"no run was interrupted: {outcomes} (a run takes {duration:.2f} s)"


def test_reports_to_a_device_or_pipe_are_written_into_it_not_over_it(tmp_path: Path) -> None:
    """`-o /dev/null` as root must not replace /dev/null with a regular file."""
    from itready.write import write_atomic

    write_atomic("/dev/null", "report\n")
    assert not Path("/dev/null").is_file() and Path("/dev/null").exists()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(5)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)

"""Hostile and broken input through the real CLI: never a traceback, never a hang.

Every input of the three corpora in ``tests/data`` (the yaml-test-suite, PyYAML's loader errors
and our hostile samples) is dropped as one file into an otherwise valid small inventory and
run through ``itready check``: exit 0 or 2, no traceback, every error located in the dropped
file within its lines, and a bounded time. A handful run in a subprocess under a memory limit.
Then the odd kinds of file an inventory tree may hold, each with its defined behaviour
(docs/security.md lists them).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import (
    DATA,
    ROOT,
    SMALL_INVENTORY,
    assert_error,
    assert_only_error,
    write_inventory,
)

import itready.loader.files as files_module
from itready import load
from itready.cli import main
from itready.loader.discover import discover

#: The inventory each input is dropped into; valid on its own.
BASE = SMALL_INVENTORY
DROPPED = "dropped/case.yaml"

CORPORA = ("yaml-test-suite", "pyyaml-loader-errors", "hostile-yaml")
CASES = [p for corpus in CORPORA for p in sorted((DATA / corpus).iterdir())
         if not p.name.startswith(("_", "README"))]
INVALID_YAML = set((DATA / "yaml-test-suite" / "_errors.txt").read_text().split())

#: PyYAML loader errors that are acceptable YAML 1.2: a reserved directive is ignored (spec
#: 6.8.1), and '#' is a valid URI character in a %TAG prefix.
ACCEPTED = {"invalid-directive-name-2.loader-error", "invalid-tag-directive-prefix.loader-error"}

#: The error each hostile sample must give.
HOSTILE = {
    "billion_laughs_9x9.yaml": "E012", "merge_key_bomb_16.yaml": "E012",
    "deep_block_seq_1100.yaml": "E012", "deep_flow_seq_5000.yaml": "E012",
    "recursive_alias.yaml": "E012", "python_tag_apply.yaml": "E014",
    "duplicate_keys.yaml": "E011", "implicit_typing_pitfalls.yaml": "E004",
    "invalid_date.yaml": "E004",
}

ERROR_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error (?P<code>E\d{3})\b")
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

#: What one file may take in process; the slowest input takes about a sixth of it.
SECONDS_IN_PROCESS = 2.0
#: The same for a whole subprocess, Python's start-up included, on a busy CI machine.
SECONDS_IN_SUBPROCESS = 10.0
MEMORY_LIMIT = 500 << 20


def check(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["check", str(root), "--as-of", "2026-11-27",
                                     "--fail-on", "never", "-f", "text", *args])


def no_traceback(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output


def lines_of(raw: bytes) -> int:
    """Lines of a file as any reader counts them: a position may stand after the last break."""
    return len(LINE_BREAK.findall(raw.decode("utf-8", "replace"))) + 1


def error_lines(output: str) -> list[re.Match[str]]:
    return [m for m in map(ERROR_LINE.match, output.splitlines()) if m]


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# --- every corpus input, in process ----------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_corpus_input_in_an_inventory(case: Path, tmp_path: Path) -> None:
    raw = case.read_bytes()
    root = write_inventory(tmp_path / "inv", {**BASE, DROPPED: raw})
    started = time.perf_counter()
    result = check(root)
    elapsed = time.perf_counter() - started
    no_traceback(result)
    assert result.exit_code in (0, 2), result.output
    assert elapsed < SECONDS_IN_PROCESS, f"{case_id(case)} took {elapsed:.2f} s"
    found = error_lines(result.output)
    assert (result.exit_code == 2) == bool(found), result.output
    for match in found:  # the valid rest of the inventory stays valid
        assert match["path"] == f"{root}/{DROPPED}", match.group(0)
        assert 1 <= int(match["line"]) <= lines_of(raw), match.group(0)
        assert int(match["column"]) >= 1
    corpus = case.parent.name
    if corpus == "yaml-test-suite" and case.stem in INVALID_YAML:
        assert result.exit_code == 2
    elif corpus == "pyyaml-loader-errors":
        assert result.exit_code == (0 if case.name in ACCEPTED else 2), result.output
    elif corpus == "hostile-yaml":
        assert {m["code"] for m in found} == {HOSTILE[case.name]}, result.output


def test_corpus_covers_every_input() -> None:
    counts = {corpus: sum(p.parent.name == corpus for p in CASES) for corpus in CORPORA}
    assert counts == {"yaml-test-suite": 402, "pyyaml-loader-errors": 88,
                      "hostile-yaml": len(HOSTILE)}


def test_whole_yaml_test_suite_in_one_inventory_validates(tmp_path: Path) -> None:
    """`validate` on all 402 inputs at once: every invalid one is named, none crashes."""
    files = {f"suite/{p.name}": p.read_bytes() for p in CASES if p.parent.name == CORPORA[0]}
    root = write_inventory(tmp_path / "inv", {**BASE, **files})
    result = CliRunner().invoke(main, ["validate", str(root)])
    no_traceback(result)
    assert result.exit_code == 2
    named = {Path(m["path"]).stem for m in error_lines(result.output)}
    assert named >= INVALID_YAML
    assert re.search(r"^\d+ errors in 404 files", result.output, re.MULTILINE)


# --- a few in a real process, under a memory limit -------------------------------------------

def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


GENERATED = {
    "brackets_1e6.yaml": "[" * 1_000_000 + "]" * 1_000_000 + "\n",
    "unclosed_1e6.yaml": "sites: " + "{" * 1_000_000 + "\n",
    "block_seq_line.yaml": "- " * 200_000 + "x\n",
    "backslashes_1e6.yaml": '"' + "\\" * 1_000_000 + '"\n',
    "nul_1e6.yaml": "\0" * 1_000_000,
    "documents_1e5.yaml": "---\n" * 100_000,
    "anchors_chain.yaml": "a0: &x0 [1]\n" + "".join(f"a{i}: &x{i} [*x{i - 1}, *x{i - 1}]\n"
                                                   for i in range(1, 40)),
}
SUBPROCESS_CASES = [DATA / "hostile-yaml" / name for name in (
    "billion_laughs_9x9.yaml", "merge_key_bomb_16.yaml", "deep_block_seq_1100.yaml",
    "deep_flow_seq_5000.yaml", "recursive_alias.yaml", "python_tag_apply.yaml")]


@pytest.mark.parametrize("name", [*(p.name for p in SUBPROCESS_CASES), *GENERATED])
def test_hostile_input_in_a_process_with_limited_memory(name: str, tmp_path: Path) -> None:
    sample = DATA / "hostile-yaml" / name
    raw = sample.read_bytes() if sample.exists() else GENERATED[name].encode()
    root = write_inventory(tmp_path / "inv", {**BASE, DROPPED: raw})
    env = {**os.environ, "ITREADY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "itready", "check", str(root), "-f", "json",
                           "--as-of", "2026-11-27"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60, preexec_fn=_limit_memory, check=False)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert elapsed < SECONDS_IN_SUBPROCESS, f"{name} took {elapsed:.2f} s"
    report = json.loads(done.stdout)
    assert report["errors"], report
    assert {e["location"]["path"] for e in report["errors"]} == {DROPPED}


# --- odd kinds of file in the inventory tree -------------------------------------------------

SITES = "sites:\n  - id: RH\n    name: Rathaus\n"


def site_ids(root: Path) -> list[str]:
    return [s.id for s in load(root).inventory.sites]


def test_directory_symlink_loop_is_not_followed(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "sub/more.yaml": "devices: []\n"})
    os.symlink("..", root / "sub" / "loop")
    os.symlink(root, root / "again")
    started = time.perf_counter()
    assert discover(root, []) == ["sites.yaml", "sub/more.yaml"]
    result = load(root)
    assert result.errors == []
    assert time.perf_counter() - started < 2
    assert check(root).exit_code == 0


def test_symlinked_directory_is_skipped(make_inventory, tmp_path: Path) -> None:
    outside = write_inventory(tmp_path / "elsewhere", {"devices.yaml": "devices: []\n"})
    root = make_inventory({"sites.yaml": SITES})
    os.symlink(outside, root / "linked")
    assert discover(root, []) == ["sites.yaml"]


def _without_proc(monkeypatch: pytest.MonkeyPatch, proc: bool) -> None:
    """Where the kernel does not tell the path of an open file, the loader resolves it."""
    if not proc:
        monkeypatch.setattr("itready.loader.files._OPEN_FILES", "/nonexistent/proc/self/fd")


PROC = pytest.mark.parametrize("proc", [True, False], ids=["proc", "no-proc"])


@PROC
def test_symlinked_file_inside_the_inventory_is_read(make_inventory, proc: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _without_proc(monkeypatch, proc)
    root = make_inventory({".shared/sites.yaml": SITES})
    os.symlink(".shared/sites.yaml", root / "sites.yaml")
    result = load(root)
    assert result.errors == []
    assert site_ids(root) == ["RH"]


@PROC
def test_symlinked_file_outside_the_inventory_is_e013_and_not_read(
        make_inventory, tmp_path: Path, proc: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    _without_proc(monkeypatch, proc)
    secret = tmp_path / "secret.txt"
    secret.write_text("token-4711: do not print me\n")
    root = make_inventory({"sites.yaml": SITES})
    os.symlink(secret, root / "leak.yaml")
    os.symlink(secret, root / "itready.yaml")
    result = load(root)
    assert_error(result.errors, "E013", "leak.yaml", 1, 1, "outside the inventory")
    assert_error(result.errors, "E013", "itready.yaml", 1, 1, "outside the inventory")
    assert len(result.errors) == 2
    assert site_ids(root) == ["RH"]
    output = check(root).output
    assert "token-4711" not in output


def test_broken_symlink_is_e013(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES})
    os.symlink("/nonexistent/itready-test.yaml", root / "broken.yaml")
    assert_only_error(load(root).errors, "E013", "broken.yaml", 1, 1,
                      "cannot read: No such file or directory")
    assert site_ids(root) == ["RH"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_e013_without_blocking(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES})
    os.mkfifo(root / "pipe.yaml")
    started = time.perf_counter()
    assert_only_error(load(root).errors, "E013", "pipe.yaml", 1, 1, "not a regular file")
    assert time.perf_counter() - started < 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_e013_and_never_read(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES})
    os.symlink("/dev/zero", root / "zero.yaml")  # endless: reading it would fill the memory
    os.symlink(os.devnull, root / "null.yaml")
    result = load(root)
    assert_error(result.errors, "E013", "zero.yaml", 1, 1, "not a regular file")
    assert_error(result.errors, "E013", "null.yaml", 1, 1, "not a regular file")
    assert len(result.errors) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                    reason="no named pipes or no /dev/zero")
def test_odd_files_are_never_opened_by_any_command(make_inventory, tmp_path: Path) -> None:
    """Every command, `validate` with its cached verdict too, sees only what discover lists."""
    root = make_inventory({"sites.yaml": SITES})
    os.mkfifo(root / "pipe.yaml")
    os.symlink("/dev/zero", root / "zero.yaml")
    errors: list = []
    assert discover(root, errors) == ["sites.yaml"]
    assert sorted((e.code, e.location.path) for e in errors) == [("E013", "pipe.yaml"),
                                                                  ("E013", "zero.yaml")]
    env = {**os.environ, "ITREADY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    for command in (["validate"], ["validate"], ["check", "-f", "text"], ["gaps"]):
        done = subprocess.run([sys.executable, "-m", "itready", *command, str(root)],
                              capture_output=True, text=True, env=env, timeout=30,
                              preexec_fn=_limit_memory, check=False)
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "pipe.yaml:1:1: error E013" in done.stdout + done.stderr


def test_directory_named_like_a_file_is_a_folder(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "x.yaml/devices.yaml": "devices: []\n"})
    (root / "empty.yaml").mkdir()
    assert discover(root, []) == ["sites.yaml", "x.yaml/devices.yaml"]
    assert load(root).errors == []


@pytest.mark.parametrize("raw", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
                                 b"\x7fELF\x02\x01\x01\0", b"PK\x03\x04\x14\0\0\0"],
                         ids=["all-bytes", "png", "elf", "zip"])
def test_binary_file_with_a_yaml_name_is_a_located_error(make_inventory, raw: bytes) -> None:
    root = make_inventory({"sites.yaml": SITES, "binary.yaml": raw})
    result = load(root)
    assert [e.location.path for e in result.errors] == ["binary.yaml"]
    error = result.errors[0]
    assert error.code in ("E001", "E002")
    assert 1 <= error.location.line <= lines_of(raw)
    assert site_ids(root) == ["RH"]
    cli = check(root)
    no_traceback(cli)
    assert cli.exit_code == 2


def test_binary_file_is_e002_at_its_first_bad_byte(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "data.yaml": b"ok: 1\n\n  x\xff\xfe\0"})
    assert_only_error(load(root).errors, "E002", "data.yaml", 3, 4, "byte 0xff at offset 10")


def test_empty_and_comment_only_files_are_valid_and_hold_no_records(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "empty.yaml": "", "later.yaml": "# soon\n",
                           "itready.yaml": "# defaults\n"})
    result = load(root)
    assert result.errors == []
    assert result.inventory.files == ("empty.yaml", "later.yaml", "sites.yaml")
    assert site_ids(root) == ["RH"]
    cli = CliRunner().invoke(main, ["validate", str(root)])
    assert cli.exit_code == 0
    assert cli.output.startswith("valid: 3 files: 1 site, ")


def test_second_document_is_e014_and_the_rest_is_read(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES,
                           "docs.yaml": "---\ndevices: []\n...\n---\nlicences: []\n"})
    result = check(root)
    no_traceback(result)
    assert result.exit_code == 2
    assert [m.group(0) for m in error_lines(result.output)] == [f"{root}/docs.yaml:4:1: error E014"]
    assert site_ids(root) == ["RH"]


def test_file_over_the_size_limit_is_e012_and_not_read(make_inventory,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory({"sites.yaml": SITES})
    with open(root / "huge.yaml", "wb") as handle:  # sparse: no disk space, no time
        handle.truncate(files_module.MAX_FILE_BYTES + 1)
    reads: list[int] = []
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _ReadSpy(real_fdopen(*a, **k), reads))
    started = time.perf_counter()
    assert_only_error(load(root).errors, "E012", "huge.yaml", 1, 1,
                      f"file is larger than {files_module.MAX_FILE_BYTES >> 20} MiB")
    assert time.perf_counter() - started < 2
    assert sum(reads) < 1 << 20, "the big file was read"

    (root / "huge.yaml").unlink()
    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", len(SITES) - 1)
    assert_only_error(load(root).errors, "E012", "sites.yaml", 1, 1,
                      f"file is larger than {len(SITES) - 1} bytes")
    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", len(SITES))
    assert load(root).errors == []


class _ReadSpy:
    """A file handle whose reads are counted (in bytes returned)."""

    def __init__(self, handle: Any, reads: list[int]):
        self._handle, self._reads = handle, reads

    def read(self, *args: Any) -> bytes:
        data = self._handle.read(*args)
        self._reads.append(len(data))
        return data

    def __enter__(self) -> _ReadSpy:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_file_larger_than_its_size_says_is_read_no_further_than_the_limit(
        make_inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file may grow while it is read, and /proc files say they are empty."""
    root = make_inventory({"sites.yaml": SITES + "# " + "x" * 1000 + "\n"})
    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", 100)
    real_fstat = os.fstat

    real_stat = os.stat

    def size_zero(real: Any) -> Any:
        def stat(*args: Any, **kwargs: Any) -> os.stat_result:
            info = list(real(*args, **kwargs))
            info[6] = 0  # st_size
            return os.stat_result(info)
        return stat

    monkeypatch.setattr(os, "fstat", size_zero(real_fstat))
    monkeypatch.setattr(os, "stat", size_zero(real_stat))
    assert_only_error(load(root).errors, "E012", "sites.yaml", 1, 1, "larger than 100 bytes")


# --- unreadable files and folders ------------------------------------------------------------

AS_ROOT = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                             reason="root reads files whatever their mode")


@AS_ROOT
def test_unreadable_file_is_e013(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "secret.yaml": "devices: []\n"})
    (root / "secret.yaml").chmod(0)
    try:
        assert_only_error(load(root).errors, "E013", "secret.yaml", 1, 1, "Permission denied")
    finally:
        (root / "secret.yaml").chmod(0o644)


@AS_ROOT
def test_unreadable_directory_is_e013_and_the_rest_is_read(make_inventory) -> None:
    root = make_inventory({"a/sites.yaml": SITES, "b/locked/x.yaml": "devices: []\n",
                           "c/devices.yaml": "devices: []\n"})
    (root / "b" / "locked").chmod(0)
    try:
        result = load(root)
        assert_only_error(result.errors, "E013", "b/locked", 1, 1, "cannot read directory")
        assert result.inventory.files == ("a/sites.yaml", "c/devices.yaml")
    finally:
        (root / "b" / "locked").chmod(0o755)


def test_unreadable_file_simulated(make_inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory({"sites.yaml": SITES, "secret.yaml": "devices: []\n"})
    real_open = os.open

    def deny(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "secret.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = load(root)
    assert_only_error(result.errors, "E013", "secret.yaml", 1, 1, "cannot read: Permission denied")
    assert site_ids(root) == ["RH"]


def test_unreadable_directories_simulated(make_inventory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder that cannot be listed is an E013 error; the others are read."""
    root = make_inventory({"a/sites.yaml": SITES, "b/locked/x.yaml": "devices: []\n",
                           "c/devices.yaml": "devices: []\n", "d/x.yaml": "devices: []\n"})
    real_scandir = os.scandir

    def deny(path: Any = ".") -> Any:
        if Path(path).name in ("locked", "d"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    result = load(root)
    assert_error(result.errors, "E013", "b/locked", 1, 1, "cannot read directory: Permission")
    assert_error(result.errors, "E013", "d", 1, 1, "cannot read directory")
    assert len(result.errors) == 2
    assert result.inventory.files == ("a/sites.yaml", "c/devices.yaml")
    assert [s.id for s in result.inventory.sites] == ["RH"]
    cli = CliRunner().invoke(main, ["validate", str(root)])
    no_traceback(cli)
    assert cli.exit_code == 2
    assert f"{root}/b/locked:1:1: error E013 cannot read directory" in cli.output


def test_unlistable_inventory_directory_is_e013(make_inventory,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory({"sites.yaml": SITES})
    real_scandir = os.scandir

    def deny(path: Any = ".") -> Any:
        if Path(path) == root:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    result = load(root)
    assert [(e.code, e.message) for e in result.errors] == [
        ("E013", "cannot read directory: Permission denied")]


@AS_ROOT
def test_inventory_directory_that_can_be_listed_but_not_entered_is_e013(make_inventory) -> None:
    root = make_inventory({"sites.yaml": SITES, "sub/devices.yaml": "devices: []\n"})
    root.chmod(0o444)
    try:
        result = load(root)
    finally:
        root.chmod(0o755)
    assert [(e.code, e.message) for e in result.errors] == [
        ("E013", "cannot read directory: Permission denied")]


def test_inventory_directory_not_entered_simulated(make_inventory,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_inventory({"sites.yaml": SITES, "sub/devices.yaml": "devices: []\n"})
    real_stat = os.stat

    def deny(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(path).parent == root or os.fspath(path) == os.path.join(root, os.curdir):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", deny)
    result = load(root)
    assert [(e.code, e.message) for e in result.errors] == [
        ("E013", "cannot read directory: Permission denied")]


# --- known gaps, kept visible ----------------------------------------------------------------

def test_implicit_key_over_1024_characters(make_inventory) -> None:
    root = make_inventory({**BASE, DROPPED: "k" * 1100 + ": v\n"})
    result = check(root)
    no_traceback(result)
    assert result.exit_code == 2


@pytest.mark.parametrize("key", ["x\\n::error file=evil.yaml::forged", "x\\e]0;title\\ax",
                                 "x\\r\\nsites.yaml:1:1: error E999 forged"])
def test_error_messages_are_one_printable_line(make_inventory, key: str) -> None:
    root = make_inventory({"sites.yaml": f'sites:\n  - id: RH\n    name: R\n    "{key}": 1\n'})
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 2, lines
    assert all(c.isprintable() for c in result.output.replace("\n", "")), repr(result.output)

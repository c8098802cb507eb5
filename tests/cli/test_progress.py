"""The loading progress bar: on a terminal after a second's wait, never in pipes or CI logs."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, generate_inventory

from itready.cli import progress

#: Runs ``itready validate`` with the bar's delay set to zero, so that a small inventory that
#: loads in a blink shows the bar as a large one would after its first second.
SCRIPT = """
import sys
import itready.cli.progress
itready.cli.progress.progress_bar.__defaults__ = (0.0,)
from itready.cli import main
main(["validate", "--no-cache", sys.argv[1]])
"""


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress") / "inventory"
    generate_inventory(root, workplaces=300)
    return root


def run(inventory: Path, tmp_path: Path, *, terminal: bool, ci: bool = False
        ) -> tuple[int, bytes, bytes]:
    """Exit code, standard output (a pipe) and standard error (a terminal or a pipe)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "GITHUB_ACTIONS")}
    env.update(ITREADY_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT),
               TERM="xterm-256color", COLUMNS="100")
    if ci:
        env["CI"] = "true"
    if not terminal:
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(inventory)], env=env,
                              capture_output=True, timeout=120, check=False)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    drawn: list[bytes] = []

    def read_terminal() -> None:  # while the process runs: a full terminal would block it
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    try:
        process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(inventory)], env=env,
                                   stdout=subprocess.PIPE, stderr=follower)
        os.close(follower)
        reader.start()
        assert process.stdout is not None
        stdout = process.stdout.read()
        code = process.wait(timeout=120)
        reader.join(timeout=10)
    finally:
        os.close(leader)
    return code, stdout, b"".join(drawn)


def test_a_terminal_sees_the_bar_and_the_output_stays_clean(inventory: Path,
                                                            tmp_path: Path) -> None:
    code, stdout, stderr = run(inventory, tmp_path, terminal=True)
    assert code == 0
    assert b"loading" in stderr and b"\x1b[" in stderr  # drawn with terminal sequences
    files = len(list(inventory.rglob("*.yaml"))) - 1  # itready.yaml holds settings
    assert f"{files}/{files}".encode() in stderr
    assert stdout.startswith(b"valid:") and b"\x1b" not in stdout


@pytest.mark.parametrize(("terminal", "ci"), [(False, False), (True, True)],
                         ids=["pipe", "ci-terminal"])
def test_no_bar_in_pipes_or_ci(inventory: Path, tmp_path: Path, terminal: bool,
                               ci: bool) -> None:
    code, stdout, stderr = run(inventory, tmp_path, terminal=terminal, ci=ci)
    assert code == 0 and stdout.startswith(b"valid:")
    assert b"loading" not in stderr and b"\x1b" not in stderr


def test_a_quick_load_shows_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a second, nothing is drawn; after it, the bar starts with the next file."""
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    started: list[int] = []

    class FakeProgress:
        def __init__(self, *columns, **options) -> None:
            pass

        def add_task(self, name: str, total: int) -> int:
            started.append(total)
            return 0

        def start(self) -> None:
            pass

        def update(self, task: int, completed: int) -> None:
            started.append(completed)

        def stop(self) -> None:
            started.append(-1)

    monkeypatch.setattr("rich.progress.Progress", FakeProgress)
    update = progress.progress_bar()
    update(0, 10)
    now[0] += 0.5
    update(3, 10)
    assert started == []  # half a second in: nothing yet
    now[0] += 0.6
    update(4, 10)
    update(10, 10)
    update(-1, -1)
    assert started == [10, 4, 10, -1]

"""The ``itready`` program (``cli.run``): it leaves with ``os._exit``, so nothing may be lost.

Exit codes, every byte of a long report on a pipe, and a reader that goes away early.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, generate_inventory

MUSTERSTADT = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]


def itready(*args: str, tmp_path: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "ITREADY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "itready", *args], env=env, timeout=120,
                          check=False, **kwargs)


def test_exit_codes_pass_through(tmp_path: Path) -> None:
    assert itready("--version", tmp_path=tmp_path).returncode == 0
    assert itready("check", str(MUSTERSTADT), *AS_OF, "-f", "text",
                   tmp_path=tmp_path).returncode == 1  # findings at or above high
    assert itready("check", str(MUSTERSTADT), *AS_OF, "--fail-on", "never", "-f", "text",
                   tmp_path=tmp_path).returncode == 0
    bad_option = itready("check", "--no-such-option", tmp_path=tmp_path)
    assert bad_option.returncode == 2
    assert b"No such option" in bad_option.stderr


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thousand") / "inventory"
    generate_inventory(root, workplaces=1000)
    return root


def test_a_long_report_on_a_pipe_arrives_whole(thousand: Path, tmp_path: Path) -> None:
    done = itready("check", str(thousand), *AS_OF, "-f", "json", tmp_path=tmp_path)
    assert len(done.stdout) > 128 * 1024  # more than a pipe buffer (64 KiB): flushed before leaving
    report = json.loads(done.stdout)
    assert report["findings"] and done.stdout.endswith(b"\n")


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "ITREADY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "itready", "check", str(MUSTERSTADT), *AS_OF, "-f", "json",
         "--fail-on", "never"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b'{\n  "schem'
    process.stdout.close()  # like `| head -c 10`
    stderr = process.stderr.read()
    assert process.wait(timeout=120) in (0, 1)
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr, stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["rules"], ["schema"], ["validate", str(MUSTERSTADT)],
                                  ["check", str(MUSTERSTADT), *AS_OF, "-f", "text"],
                                  ["gaps", str(MUSTERSTADT), *AS_OF]],
                         ids=lambda args: args[0])
def test_a_full_disk_is_an_error_not_a_traceback(args: list[str], tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = itready(*args, tmp_path=tmp_path, stdout=full)
    assert done.returncode == 2
    assert b"No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr, done.stderr


def test_help_imports_no_stage_of_the_pipeline() -> None:
    """`itready --help` lists every command without loading rules, YAML or formats' helpers:
    start-up stays instant (docs/performance.md)."""
    code = ("import sys\n"
            "from itready.cli import main\n"
            "try:\n"
            "    main(['--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('itready'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = done.stdout.split("\n")[-2].split()
    heavy = [m for m in loaded if m.startswith(("itready.rules", "itready.loader",
                                                "itready.validate", "itready.plan"))]
    assert heavy == [], heavy


@pytest.mark.parametrize("language", ["en", "de"])
def test_help_in_either_language_stays_within_its_start_up_budget(language: str,
                                                                 tmp_path: Path) -> None:
    """German help reads the catalogue lazily (one .mo, no Babel, no stage of the pipeline)
    and stays within the 150 ms start-up budget (docs/performance.md); a loose bound for a busy
    machine, the import list is the sharp check."""
    import time

    code = ("import sys\n"
            "from itready.cli import main\n"
            "try:\n"
            f"    main(['--help', '--lang', '{language}'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = done.stdout.split("\n")[-2].split()
    assert ("Aufruf:" if language == "de" else "Usage:") in done.stdout
    heavy = [m for m in loaded if m.startswith(("babel", "ruamel", "rich", "itready.rules",
                                                "itready.loader", "itready.validate"))]
    assert heavy == [], heavy
    times = []
    for _ in range(5):
        started = time.perf_counter()
        itready("--help", "--lang", language, tmp_path=tmp_path)
        times.append(time.perf_counter() - started)
    assert sorted(times)[2] < 0.5, times


def test_only_a_cold_load_imports_msgspec(tmp_path: Path) -> None:
    """Typed decoding (validate/typed.py) serves cold loads; a run that reads the cache does
    not pay for importing msgspec, nor does --help."""
    code = ("import sys\n"
            "from itready.cli import main\n"
            "try:\n"
            "    main(sys.argv[1:])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('msgspec' in sys.modules, file=sys.stderr)\n")
    env = dict(os.environ, ITREADY_CACHE_DIR=str(tmp_path / "cache"))

    def imported(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, env=env, check=False)
        return done.stderr.strip().splitlines()[-1]

    check = ["check", str(MUSTERSTADT), *AS_OF, "-f", "json", "-o", str(tmp_path / "r.json")]
    assert imported("--help") == "False"
    assert imported(*check) == "True"  # cold: the cache is filled
    assert imported(*check) == "False"  # warm

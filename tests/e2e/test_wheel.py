"""End to end: the wheel holds everything itready reads at run time.

The package is built as a wheel, installed (not editable) into a fresh virtual environment with
its dependencies from the package index, and run on the example inventory from a folder outside
the repository: its report must equal the report of the development install byte for byte.
A file the package reads (rule YAML, the lifecycle table, …) but the wheel lacks fails here.

Run: ``make e2e``. Needs the package index (or pip's cache) for the build backend and the
dependencies; skipped when pip cannot build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e

ARGS = ["check", str(ROOT / "inventories" / "musterstadt"), "--as-of", "2026-11-27",
        "-f", "json", "--no-cache", "--fail-on", "never"]
#: The management report reads its templates from the package.
REPORT = ["report", str(ROOT / "inventories" / "musterstadt"), "--as-of", "2026-11-27",
          "--history", "none", "-o", "-"]


def test_the_installed_wheel_runs_the_example(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"pip cannot build the wheel here: {built.stderr.strip()[-300:]}")
    wheel, = (tmp_path / "dist").glob("itready-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import itready; print(itready.__file__)"],
                           cwd=outside, capture_output=True, text=True, check=True, env=env)
    assert str(env_dir) in where.stdout, "the test must run the installed package"
    for args in (ARGS, REPORT):
        installed = subprocess.run([str(env_dir / "bin" / "itready"), *args], cwd=outside,
                                   capture_output=True, text=True, env=env)
        assert installed.returncode == 0, installed.stderr
        developed = subprocess.run([sys.executable, "-m", "itready", *args], cwd=outside,
                                   capture_output=True, text=True)
        assert installed.stdout == developed.stdout and installed.stdout

"""End to end: the CI templates' install line works as written, from the repository at the tag
the pre-commit hooks name (itready is on no package index).

pip installs ``git+file://<this repository>@<tag>`` into a fresh virtual environment, as
``pip install "git+https://github.com/itready/itready@v0.1.0"`` does in CI, and the installed
program validates the example inventory. Run: ``make e2e``. Needs git and the package index (or
pip's cache) for the build backend and the dependencies; skipped when pip cannot install.
"""

from __future__ import annotations

import re
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e


def test_pip_installs_the_tag_from_git_and_it_runs(tmp_path: Path) -> None:
    rev = re.search(r"^#\s+rev: (\S+)$", (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"),
                    re.MULTILINE)
    assert rev is not None
    tag = rev.group(1)
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}"],
                      cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip(f"no tag {tag} in this clone")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    installed = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q",
                                f"git+file://{ROOT}@{tag}"], capture_output=True, text=True)
    if installed.returncode != 0:
        pytest.skip(f"pip cannot install here: {installed.stderr.strip()[-300:]}")
    done = subprocess.run([str(env_dir / "bin" / "itready"), "validate",
                           str(ROOT / "inventories" / "musterstadt")], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("valid: ")

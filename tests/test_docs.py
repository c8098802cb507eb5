"""Generated documents are up to date with their sources."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script", ["build_rule_docs.py", "build_error_docs.py"])
def test_generated_docs_are_current(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run: python scripts/{script}"

"""Generated documents are up to date with their sources, and example output in README.md and
docs/*.md is what the documented command prints today (scripts/build_doc_examples.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script", ["build_rule_docs.py", "build_error_docs.py",
                                    "build_doc_examples.py"])
def test_generated_docs_are_current(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run: python scripts/{script}"


def test_the_examples_are_marked_where_output_is_shown() -> None:
    """Every ```text block of output in the docs is an example the script keeps current."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_doc_examples import DOCUMENTS, EXAMPLE
    finally:
        sys.path.pop(0)
    marked = {path.name: len(EXAMPLE.findall(path.read_text("utf-8"))) for path in DOCUMENTS}
    assert marked["README.md"] >= 1 and marked["procurement.md"] >= 1
    assert marked["ci.md"] >= 2 and marked["inventory.md"] >= 1
    for path in DOCUMENTS:
        text = path.read_text("utf-8")
        shown = text.count("```text\n$ itready ")
        assert shown == len(EXAMPLE.findall(text)), f"{path.name}: output without a marker"


def test_a_stale_example_is_found(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_doc_examples import rewrite
    finally:
        sys.path.pop(0)
    stale = ("<!-- output: itready validate inventories/musterstadt -->\n```text\n"
             "valid: 1 file\n```\n")
    fresh = rewrite(stale, str(tmp_path))
    assert fresh != stale
    assert fresh.endswith("```text\n$ itready validate inventories/musterstadt\nvalid: 16 files: "
                          "5 sites, 2 VPN gateways, 391 workplaces, 1600 devices, 13 licences\n"
                          "```\n")
    assert rewrite(fresh, str(tmp_path)) == fresh

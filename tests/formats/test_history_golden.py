"""Golden files of the history formats and of the management report, on the demonstration
repository that ``scripts/demo_history.py`` builds from the example inventory (a year of monthly
commits; fixed dates, author and contents, so fixed commit ids).

After an intended change of a format, the report's template, the example inventory or the
script, regenerate and review the diff:

    ITREADY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats/test_history_golden.py
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import workbooks
from conftest import ROOT, TESTS

from itready import load
from itready.formats import FORMATS, Options, render
from itready.history import History, compute, timeline
from itready.report import Management, build_figures

GOLDEN = TESTS / "golden" / "formats"
AS_OF = date(2026, 11, 27)
OPTIONS = Options(root="musterstadt-history", color=False, width=100)
EXTENSIONS = {"json": "json", "csv": "csv", "html": "html"}
UPDATE = os.environ.get("ITREADY_UPDATE_GOLDEN") == "1"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("golden") / "musterstadt-history"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_history.py"), str(target)],
                   check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def history(demo: Path) -> History:
    return compute(timeline(demo, AS_OF, date(2025, 11, 27), "month"))


def compare(text: str, path: Path) -> None:
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with ITREADY_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs; if intended, regenerate with ITREADY_UPDATE_GOLDEN=1 and review "
        "the diff")


@pytest.mark.parametrize("name", sorted(FORMATS["history"]))
def test_history_format_matches_its_golden_file(name: str, history: History) -> None:
    rendered = render("history", name, history, OPTIONS)
    if FORMATS["history"][name].writes_bytes:  # a workbook: its cells and formats as text
        rendered = workbooks.dump(rendered)
    compare(rendered, GOLDEN / f"history.{name}.{EXTENSIONS.get(name, 'txt')}")


def test_report_matches_its_golden_file(demo: Path, history: History) -> None:
    result = load(demo, cache=None)
    figures, errors = build_figures(result, AS_OF)
    assert figures is not None and errors == []
    figures = dataclasses.replace(figures, report=dataclasses.replace(figures.report,
                                                                      tool_version="0.0.0"))
    html = render("report", "html", Management(figures, history, None, demo.name), OPTIONS)
    compare(html, GOLDEN / "report.html.html")


def test_the_german_table_widens_rather_than_cut_a_cell(history: History) -> None:
    """German headings and amounts are longer than English ones ("zu beschaffen",
    "22.672,00 €"): the rich table takes the width they need and cuts no cell."""
    from itready import i18n

    i18n.set_language("de")
    rendered = render("history", "rich", history, OPTIONS)
    assert "…" not in rendered
    assert "zu beschaffen" in rendered and "22.672,00 €" in rendered and "87,4 %" in rendered

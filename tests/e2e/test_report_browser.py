"""End to end: the management report in a real browser (headless Chromium).

It renders (a screenshot, no sideways scrolling at desktop width), prints to A4 PDF with no table
row and no chart cut by a page break and the header row repeated on every page a table goes on
to, asks for nothing outside its own file (at desktop and phone width and in print), and axe-core
finds no accessibility violation on screen or in print. The report is the German one of the
demonstration repository (scripts/demo_history.py), with its year of history, and a
department's own report. Screenshots are kept in ``tests/e2e/out/`` for a person to look at.

Run: ``make e2e`` (it installs Debian's chromium and the e2e extras); skipped without them.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import browser
import pytest
from click.testing import CliRunner
from conftest import ROOT

from itready.cli import main

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(browser.missing() is not None, reason=browser.missing() or ""),
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]
needs_axe = pytest.mark.skipif(browser.missing(need_axe=True) is not None,
                               reason=browser.missing(need_axe=True) or "")

OUT = Path(__file__).resolve().parent / "out"
AS_OF = "2026-11-27"

#: Marks the first and last cell of every table row, and the start and end of every chart, with
#: a word the PDF's text shows: QT<table>R<row><H|B><A|Z>, QF<figure><A|Z>.
MARK = """() => {
  document.querySelectorAll('table').forEach((table, t) => {
    table.querySelectorAll('tr').forEach((row, r) => {
      const part = row.parentElement.tagName === 'THEAD' ? 'H' : 'B';
      row.firstElementChild.append(' QT' + t + 'R' + r + part + 'A');
      row.lastElementChild.append(' QT' + t + 'R' + r + part + 'Z');
    });
  });
  document.querySelectorAll('figure').forEach((figure, f) => {
    figure.prepend('QF' + f + 'A ');
    figure.append(' QF' + f + 'Z');
  });
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The German report of the demonstration repository, and the Kämmerei's own."""
    folder = tmp_path_factory.mktemp("browser")
    demo = folder / "musterstadt-history"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_history.py"), str(demo)],
                   check=True, capture_output=True)
    found = {}
    for name, extra in (("bericht", []), ("kaemmerei", ["--department", "20 Kämmerei"])):
        out = folder / f"{name}.html"
        done = CliRunner().invoke(main, ["report", str(demo), "--as-of", AS_OF, "--lang", "de",
                                         "-o", str(out), *extra])
        assert done.exit_code == 0, done.output
        found[name] = out
    return found


@pytest.mark.parametrize("name", ["bericht", "kaemmerei"])
def test_it_renders_without_sideways_scrolling(reports: dict[str, Path], name: str) -> None:
    OUT.mkdir(exist_ok=True)
    png = browser.screenshot(reports[name], OUT / f"{name}.png")
    width, height = struct.unpack(">II", png.read_bytes()[16:24])
    assert width == 1280 and height > 2000
    assert browser.scroll_width(reports[name], 1280) <= 1280


@pytest.mark.parametrize("name", ["bericht", "kaemmerei"])
def test_it_asks_for_nothing_outside_the_file(reports: dict[str, Path], name: str) -> None:
    assert browser.requests_made(reports[name]) == []


@needs_axe
@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("name", ["bericht", "kaemmerei"])
def test_axe_finds_no_violation(reports: dict[str, Path], name: str, media: str) -> None:
    assert browser.axe_violations(reports[name], media=media) == []


def test_it_prints_to_a4_with_no_row_or_chart_cut(reports: dict[str, Path],
                                                   tmp_path: Path) -> None:
    pdf = browser.print_pdf(reports["bericht"], tmp_path / "bericht.pdf", script=MARK)
    pages = browser.pdf_pages(pdf)
    assert len(pages) > 3
    assert all(browser.is_a4(width, height) for width, height, _ in pages)
    where: dict[str, list[int]] = {}
    for number, (_w, _h, text) in enumerate(pages):
        for mark in re.findall(r"Q(?:T\d+R\d+[HB]|F\d+)[AZ]", text):
            where.setdefault(mark, []).append(number)
    rows = {m[:-1] for m in where if m.startswith("QT") and m[-2] == "B"}
    figures = {m[:-1] for m in where if m.startswith("QF")}
    html = reports["bericht"].read_text("utf-8")
    assert len(rows) == html.count("<tr") - html.count("<thead><tr")  # every row was found
    assert len(figures) == html.count("<figure") == 7
    for row in sorted(rows | figures):
        assert where.get(row + "A") == where.get(row + "Z") and len(where[row + "A"]) == 1, (
            f"{row} is cut: starts on page {where.get(row + 'A')}, ends on {where.get(row + 'Z')}")
    for table in {re.match(r"QT\d+", row).group() for row in rows}:  # type: ignore[union-attr]
        body = {where[m][0] for m in where if m.startswith(table + "R") and m[-2] == "B"}
        head = {p for m in where if m.startswith(table + "R") and m[-2] == "H" for p in where[m]}
        assert body <= head, f"table {table}: rows on pages {body}, header on {head}"

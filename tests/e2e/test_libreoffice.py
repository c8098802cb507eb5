"""End to end: the excel-de procurement CSV opens in a German spreadsheet with numbers as numbers.

LibreOffice Calc stands in for a German Excel: it imports the CSV headless with the settings a
double click uses in a German locale (separator ``;``, text delimiter ``"``, UTF-8, language
German (1031), so decimal comma), converts it to .xlsx, and the test reads the sheet's XML:
quantities, prices and totals must be numeric cells with the right values, and no cell may be
a formula. Skipped unless ``soffice`` or ``libreoffice`` is on PATH.

Run: ``make e2e`` (``pytest -m e2e tests/e2e``). On Debian/Ubuntu:
``apt-get install -y --no-install-recommends libreoffice-calc``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from conftest import GOLDEN

from itready.cli import main

pytestmark = pytest.mark.e2e

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
INVENTORY = GOLDEN / "procure" / "inventory"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# CSV import filter options: separator 59 (;), text delimiter 34 ("), charset 76 (UTF-8),
# first line 1, no column formats, language 1031 (German: decimal comma).
CSV_FILTER = "CSV:59,34,76,1,,1031"


def column(ref: str) -> str:
    return re.sub(r"\d", "", ref)


def read_sheet(xlsx: Path) -> list[dict[str, tuple[str, str, bool]]]:
    """Rows of the first sheet: column letter -> (type, value, has formula)."""
    with zipfile.ZipFile(xlsx) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")))
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind(".//m:sheetData/m:row", NS):
        cells = {}
        for cell in row.iterfind("m:c", NS):
            kind = cell.get("t", "n")
            value = cell.findtext("m:v", default="", namespaces=NS)
            if kind == "s":
                value = shared[int(value)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
            cells[column(cell.get("r", ""))] = (kind, value, cell.find("m:f", NS) is not None)
        rows.append(cells)
    return rows


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
def test_excel_de_csv_numbers_are_numbers_in_a_german_calc(tmp_path: Path) -> None:
    source = tmp_path / "procure.csv"
    run = CliRunner().invoke(main, ["procure", str(INVENTORY), "--as-of", "2026-11-27",
                                    "-f", "csv", "--dialect", "excel-de", "--group-by",
                                    "cost_centre", "-o", str(source)])
    assert run.exit_code == 0, run.output
    expected = list(csv.reader(io.StringIO(source.read_bytes().decode("utf-8-sig"),
                                           newline=""), delimiter=";"))

    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8",
           "HOME": str(tmp_path)}
    profile = (tmp_path / "profile").as_uri()
    completed = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--norestore",
         f"--infilter={CSV_FILTER}", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
         str(source)], env=env, capture_output=True, text=True, timeout=300, check=False)
    xlsx = tmp_path / "out" / "procure.xlsx"
    assert xlsx.exists(), completed.stdout + completed.stderr

    rows = read_sheet(xlsx)
    assert len(rows) == len(expected)
    header = expected[0]
    assert [rows[0][c][1] for c in "ABCDEFGHIJ"] == header  # BOM gone, header intact
    numeric = {header.index(name) for name in ("quantity", "unit_price", "total")}
    for written, imported in zip(expected[1:], rows[1:], strict=True):
        for index, text in enumerate(written):
            letter = "ABCDEFGHIJ"[index]
            kind, value, formula = imported.get(letter, ("", "", False))
            assert not formula, f"{letter}: {text!r} became a formula"
            if not text:
                continue
            if index in numeric:
                assert kind == "n", f"{letter}: {text!r} was imported as text"
                assert Decimal(value) == Decimal(text.replace(",", ".")), (text, value)
            else:
                assert kind != "n" or text.isdigit(), f"{letter}: {text!r} became a number"
    total_row = rows[-1]
    assert total_row["A"][1] == "total"
    assert total_row["F"][0] == "n" and Decimal(total_row["F"][1]) == Decimal("4946.96")
    texts = {cells[c][1] for cells in rows for c in cells}
    assert "E-Akte; Modul \"Bau\"" in texts
    assert not any(t.startswith(("=", "@")) for t in texts)  # neutralised cells stay text

"""End to end: the excel-de procurement CSV and the workbook open in a German spreadsheet with
numbers as numbers.

LibreOffice Calc stands in for a German Excel: it imports the CSV headless with the settings a
double click uses in a German locale (separator ``;``, text delimiter ``"``, UTF-8, language
German (1031), so decimal comma), converts it to .xlsx, and the test reads the sheet's XML:
quantities, prices and totals must be numeric cells with the right values, the due date a date,
and no cell may be a formula. The workbook (``-f xlsx``) is opened and saved again the same way,
and read back with openpyxl: every cell, type and money or date format as itready wrote it.
Skipped unless ``soffice`` or ``libreoffice`` is on PATH.

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
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import workbooks
from click.testing import CliRunner
from conftest import GOLDEN

from itready.cli import main
from itready.formats.columns import headings

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


def convert(source: Path, out: Path, *options: str) -> Path:
    """``source`` converted to xlsx by a headless LibreOffice Calc in a German locale, with a
    private profile below the test's temporary folder; the converted file."""
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "HOME": str(out)}
    profile = (out / "profile").as_uri()
    completed = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--norestore",
         *options, "--convert-to", "xlsx", "--outdir", str(out / "out"), str(source)],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    converted = out / "out" / f"{source.stem}.xlsx"
    assert converted.exists(), completed.stdout + completed.stderr
    return converted


def export(tmp_path: Path, name: str, *args: str) -> Path:
    """``itready procure`` of the golden inventory on 2026-11-27, by cost centre, to a file."""
    target = tmp_path / name
    run = CliRunner().invoke(main, ["procure", str(INVENTORY), "--as-of", "2026-11-27",
                                    "--group-by", "cost_centre", *args, "-o", str(target)])
    assert run.exit_code == 0, run.output
    return target


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
def test_excel_de_csv_numbers_are_numbers_in_a_german_calc(tmp_path: Path) -> None:
    source = export(tmp_path, "procure.csv", "-f", "csv", "--dialect", "excel-de")
    expected = list(csv.reader(io.StringIO(source.read_bytes().decode("utf-8-sig"),
                                           newline=""), delimiter=";"))
    rows = read_sheet(convert(source, tmp_path, f"--infilter={CSV_FILTER}"))
    assert len(rows) == len(expected)
    header = expected[0]
    letters = [chr(ord("A") + i) for i in range(len(header))]
    assert [rows[0][c][1] for c in letters] == header  # BOM gone, header intact
    by_heading = {heading: key for key, heading in headings().items()}
    keys = [by_heading[heading] for heading in header]
    numeric = {keys.index(name) for name in ("quantity", "unit_price", "total")}
    for written, imported in zip(expected[1:], rows[1:], strict=True):
        for index, text in enumerate(written):
            letter = letters[index]
            kind, value, formula = imported.get(letter, ("", "", False))
            assert not formula, f"{letter}: {text!r} became a formula"
            if not text:
                continue
            if index in numeric:
                assert kind == "n", f"{letter}: {text!r} was imported as text"
                assert Decimal(value) == Decimal(text.replace(",", ".")), (text, value)
            elif keys[index] == "due":  # 01.11.2026: a date, as a German Calc reads it
                assert kind == "n" and date(1899, 12, 30) + timedelta(int(value)) == \
                    datetime.strptime(text, "%d.%m.%Y").date(), (text, value)
            else:
                assert kind != "n" or text.isdigit(), f"{letter}: {text!r} became a number"
    net, vat, gross = rows[-3:]
    total = letters[keys.index("total")]
    assert [row["A"][1] for row in (net, vat, gross)] == [
        "Total (net)", "VAT 19%", "Total (gross)"]
    assert [Decimal(row[total][1]) for row in (net, vat, gross)] == [
        Decimal("4946.96"), Decimal("939.92"), Decimal("5886.88")]
    texts = {cells[c][1] for cells in rows for c in cells}
    assert "E-Akte; Modul \"Bau\"" in texts
    assert not any(t.startswith(("=", "@")) for t in texts)  # neutralised cells stay text


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
def test_the_workbook_opens_in_calc_with_numbers_formats_and_text_intact(tmp_path: Path
                                                                       ) -> None:
    """The workbook opened and saved again by a German LibreOffice Calc: what it read is what
    itready wrote, cell by cell (types, values, money and date formats), with the sheets and
    autofilters kept and no formula anywhere. (Frozen panes are view settings, which a headless
    conversion has no view to keep; tests/formats/test_xlsx.py checks them in the file.)"""
    source = export(tmp_path, "einkauf.xlsx", "-f", "xlsx")
    original = workbooks.read(source.read_bytes())
    opened = workbooks.read(convert(source, tmp_path, "--infilter=Calc MS Excel 2007 XML")
                            .read_bytes())
    assert opened.sheetnames == original.sheetnames
    assert "=6000" in opened.sheetnames  # a cost centre that looks like a formula
    for mine, theirs in zip(original, opened, strict=True):
        assert theirs.auto_filter.ref == mine.auto_filter.ref
        for row in mine.iter_rows():
            for cell in row:
                other = theirs[cell.coordinate]
                assert other.data_type != "f", f"{theirs.title}!{cell.coordinate}"
                assert other.value == cell.value, f"{theirs.title}!{cell.coordinate}"
                if cell.data_type == "n" and "€" in cell.number_format:
                    assert "€" in other.number_format and "0.00" in other.number_format
                if cell.is_date:
                    assert other.is_date, f"{theirs.title}!{cell.coordinate}"
    summary = opened["Summary"]
    assert [c.value for c in summary[summary.max_row]][2:] == [4946.96, 939.92, 5886.88]
    central = opened["(central)"]
    office = next(r for r in central.iter_rows(min_row=2) if r[0].value == "LIC-OFFICE")
    assert office[2].value == "@Office Suite" and office[6].value == datetime(2026, 11, 1)

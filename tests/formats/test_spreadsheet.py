"""The procurement CSV: golden files in both dialects, read back, formulas neutralised.

Regenerate the golden files after an intended change with
``ITREADY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats/test_spreadsheet.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GOLDEN as GOLDEN_ROOT

from itready.cli import main
from itready.formats import Options
from itready.formats.columns import headings
from itready.formats.procure import render_csv as render
from itready.formats.spreadsheet import neutralise, write_rows
from itready.plan.procure import Line, Procurement

GOLDEN = GOLDEN_ROOT / "procure"
INVENTORY = GOLDEN / "inventory"
AS_OF = "2026-11-27"
CASES = {  # golden file -> options
    "rfc4180.csv": ["--dialect", "rfc4180", "--group-by", "department"],
    "excel-de.csv": ["--dialect", "excel-de", "--group-by", "cost_centre"],
}
UPDATE = os.environ.get("ITREADY_UPDATE_GOLDEN") == "1"


def export(tmp_path: Path, *options: str) -> bytes:
    """`itready procure -f csv -o FILE` on the golden inventory; the file's bytes."""
    target = tmp_path / "procure.csv"
    run = CliRunner().invoke(main, ["procure", str(INVENTORY), "--as-of", AS_OF, "-f", "csv",
                                    "-o", str(target), *options])
    assert run.exit_code == 0, run.output
    return target.read_bytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(tmp_path: Path, name: str) -> None:
    data = export(tmp_path, *CASES[name])
    golden = GOLDEN / name
    if UPDATE:
        golden.write_bytes(data)
    assert golden.exists(), "run with ITREADY_UPDATE_GOLDEN=1 to create the golden file"
    assert data == golden.read_bytes(), f"{name} changed; ITREADY_UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("name", sorted(CASES))
def test_stdout_and_file_are_the_same_bytes(tmp_path: Path, name: str) -> None:
    run = CliRunner().invoke(main, ["procure", str(INVENTORY), "--as-of", AS_OF, "-f", "csv",
                                    *CASES[name]])
    assert run.exit_code == 0
    assert run.stdout_bytes == export(tmp_path, *CASES[name])


def read_back(data: bytes, dialect: str) -> list[dict[str, str]]:
    """What a spreadsheet import sees: the rows as dicts, BOM removed; keyed by the column
    keys in either dialect (excel-de's headings are for people, in the run's language)."""
    text = data.decode("utf-8-sig")
    delimiter = ";" if dialect == "excel-de" else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    keys = rows[0]
    if dialect == "excel-de":
        by_heading = {heading: key for key, heading in headings().items()}
        keys = [by_heading[heading] for heading in keys]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def to_decimal(cell: str, dialect: str) -> Decimal:
    return Decimal(cell.replace(",", ".") if dialect == "excel-de" else cell)


@pytest.mark.parametrize("dialect", ["rfc4180", "excel-de"])
def test_read_back_with_the_csv_module(tmp_path: Path, dialect: str) -> None:
    data = export(tmp_path, "--dialect", dialect)
    assert data.startswith(b"\xef\xbb\xbf") is (dialect == "excel-de")
    assert data.count(b"\n") == data.count(b"\r\n") and data.endswith(b"\r\n")
    rows = read_back(data, dialect)
    people = ["titles"] if dialect == "excel-de" else []
    assert list(rows[0]) == ["item", "kind", "product", "quantity", "unit_price", "total",
                             "currency", "department", "reasons", *people, "records", "due",
                             "budget_year"]
    *lines, last, vat, gross = rows
    if dialect == "rfc4180":  # words that programs match
        assert [last["item"], vat["item"], gross["item"]] == ["total", "vat", "gross total"]
        assert vat["product"] == "19%"
    else:
        assert [last["item"], vat["item"], gross["item"]] == [
            "Total (net)", "VAT 19%", "Total (gross)"]
    assert last["total"] and last["currency"] == "EUR"
    assert last["product"] == "without unpriced items: desktop"
    assert to_decimal(vat["total"], dialect) == Decimal("939.92")  # 19 % of 4946.96, to the cent
    assert to_decimal(gross["total"], dialect) == Decimal("5886.88")
    priced = [r for r in lines if r["unit_price"]]
    for row in priced:
        assert to_decimal(row["unit_price"], dialect) * int(row["quantity"]) == \
            to_decimal(row["total"], dialect)
    assert sum(to_decimal(r["total"], dialect) for r in priced) == \
        to_decimal(last["total"], dialect) == Decimal("4946.96")
    unpriced = [r for r in lines if not r["unit_price"]]
    assert [(r["item"], r["total"], r["records"]) for r in unpriced] == [
        ("desktop", "", "PC-0001")]
    products = {r["product"] for r in lines}
    assert 'E-Akte; Modul "Bau"' in products  # quoted where needed, read back whole
    assert "'@Office Suite" in products  # neutralised
    renewal = next(r for r in lines if r["reasons"] == "LIC002")
    assert (renewal["due"], renewal["budget_year"]) == (
        "01.11.2026" if dialect == "excel-de" else "2026-11-01", "2026")
    assert all(not r["due"] and not r["budget_year"] for r in lines if r is not renewal)
    if dialect == "excel-de":
        assert "89,90" in {r["unit_price"] for r in lines}
        assert all("." not in r["total"] for r in rows)
        assert renewal["titles"] == "Licence expired and still assigned"
        desktop = next(r for r in lines if r["item"] == "desktop")
        assert desktop["titles"] == ("Computer older than the replacement cycle; "
                                     "Windows computer cannot run Windows 11")


def test_group_by_cost_centre_neutralises_the_group(tmp_path: Path) -> None:
    rows = read_back(export(tmp_path, "--dialect", "excel-de", "--group-by", "cost_centre"),
                     "excel-de")
    assert "'=6000" in {r["cost_centre"] for r in rows}
    assert "(no cost centre)" in {r["cost_centre"] for r in rows}


def test_group_by_none_has_no_group_column(tmp_path: Path) -> None:
    rows = read_back(export(tmp_path, "--group-by", "none"), "rfc4180")
    assert list(rows[0]) == ["item", "kind", "product", "quantity", "unit_price", "total",
                             "currency", "reasons", "records", "due", "budget_year"]
    assert [(r["item"], r["total"]) for r in rows[-3:]] == [
        ("total", "4946.96"), ("vat", "939.92"), ("gross total", "5886.88")]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+49 30 1234", "-1+1", "@SUM(A1)",
                                  "\tcmd", "\r=1"])
@pytest.mark.parametrize("dialect", ["rfc4180", "excel-de"])
def test_formula_cells_neutralised_in_every_dialect(cell: str, dialect: str) -> None:
    data = write_rows([["a", cell, "b"]], dialect)
    (row,) = list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline=""),
                             delimiter=";" if dialect == "excel-de" else ","))
    assert row == ["a", "'" + cell, "b"]
    assert neutralise("Office") == "Office" and neutralise("") == ""


def test_line_ends_bom_and_numbers_without_io() -> None:
    procurement = Procurement(
        as_of=date(2026, 11, 27), organisation=None, group_by="site",
        lines=(Line("monitor", "device", None, 1234, Decimal("189.5"), Decimal("233843.00"),
                    "RH", ("SPC003",), ("RH",)),
               Line("e-file", "licence", None, 2, None, None, "RH", ("WP008",),
                    ("WP-1", "WP-2"))))
    rfc = render(procurement, Options(dialect="rfc4180"))
    assert rfc.splitlines() == [
        "item,kind,product,quantity,unit_price,total,currency,site,reasons,records,due,"
        "budget_year",
        "monitor,device,,1234,189.50,233843.00,EUR,RH,SPC003,RH,,",
        "e-file,licence,,2,,,EUR,RH,WP008,WP-1 WP-2,,",
        "total,,without unpriced items: e-file,,,233843.00,EUR,,,,,",
        "vat,,19%,,,44430.17,EUR,,,,,",
        "gross total,,,,,278273.17,EUR,,,,,",
    ]
    de = render(procurement, Options(dialect="excel-de"))
    assert de.startswith("\ufeffItem;Kind;") and de.endswith("\r\n")
    assert "monitor;device;;1234;189,50;233843,00;EUR;RH;SPC003;;RH;;\r\n" in de

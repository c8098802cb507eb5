"""Excel workbooks (-f xlsx): read back with openpyxl as a spreadsheet program reads them.

Cell types and number formats, frozen headers, autofilters, sheet names, totals equal to the JSON
of the same run, text that stays text (never a formula), the same bytes for the same run, and the
CLI's handling of a file format (a terminal refused, a pipe, -o, --report). The golden files are
the workbooks' contents as text (``workbooks.dump``); regenerate them after an intended change
with ``ITREADY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats/test_xlsx.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import workbooks
from click.testing import CliRunner
from conftest import GOLDEN, ROOT

from itready import i18n
from itready.cli import main
from itready.formats import FORMATS, Format, Options
from itready.formats.columns import headings
from itready.formats.workbook import Book, Sheet, as_book, sheet_names
from itready.formats.xlsx import write
from itready.plan.procure import Totals

INVENTORY = GOLDEN / "procure" / "inventory"
EXAMPLE = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]
UPDATE = os.environ.get("ITREADY_UPDATE_GOLDEN") == "1"
MONEY = "#,##0.00 [$€-407]"


def run(*args: str) -> bytes:
    """The standard output of ``itready ARGS`` (exit code 0 or 1), as bytes."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout_bytes


def procure(*options: str) -> tuple[dict, object]:
    """The JSON and the workbook of the same procure run on the golden inventory."""
    args = ["procure", str(INVENTORY), *AS_OF, *options]
    return json.loads(run(*args, "-f", "json")), workbooks.read(run(*args, "-f", "xlsx"))


# --- golden files -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "args"), [
    ("procure.xlsx.txt", ["procure", "--group-by", "cost_centre"]),
    ("gaps.xlsx.txt", ["gaps"]),
])
def test_golden(name: str, args: list[str]) -> None:
    text = workbooks.dump(run(args[0], str(INVENTORY), *AS_OF, *args[1:], "-f", "xlsx"))
    golden = GOLDEN / "procure" / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text, \
        f"{name} changed; ITREADY_UPDATE_GOLDEN=1 to accept"


# --- procure ------------------------------------------------------------------------------------

def test_procure_totals_equal_the_json_of_the_same_run() -> None:
    doc, book = procure()
    summary = book["Summary"]
    last = summary.max_row
    assert [c.value for c in summary[last]] == [
        "Total", len(doc["lines"]), doc["total"], doc["vat"], doc["gross_total"]]
    assert (doc["total"], doc["vat"], doc["gross_total"]) == (4946.96, 939.92, 5886.88)
    groups = {}
    for line in doc["lines"]:
        groups.setdefault(line["group"], []).append(line)
    assert book.sheetnames == ["Summary", *groups, "Savings (LIC004)"]
    for group, lines in groups.items():
        sheet = book[group]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert [(r[0], r[3], r[5]) for r in rows[:len(lines)]] == [
            (x["item"], x["quantity"], x["total"]) for x in lines]
        net = Decimal(str(sum(x["total"] or 0 for x in lines))).quantize(Decimal("0.01"))
        totals = Totals.of(net, Decimal(19))
        assert [(r[0], r[5]) for r in rows[len(lines):]] == [
            ("Total (net)", float(totals.net)), ("VAT 19%", float(totals.vat)),
            ("Total (gross)", float(totals.gross))]
        summary_row = next(r for r in summary.iter_rows(values_only=True) if r[0] == group)
        assert summary_row == (group, len(lines), float(totals.net), float(totals.vat),
                               float(totals.gross))


def test_procure_cells_are_typed_and_formatted() -> None:
    _doc, book = procure("--group-by", "cost_centre")
    central = book["(central)"]
    header = [c.value for c in central[1]]
    assert header == ["Item", "Kind", "Product", "Quantity", "Unit price (net)", "Total (net)",
                      "Due", "Budget year", "Rules", "Rule titles", "Records"]
    assert all(c.font.b for c in central[1])
    office = next(row for row in central.iter_rows(min_row=2) if row[0].value == "LIC-OFFICE")
    _item, _kind, product, quantity, price, total, due, year, rules, titles, records = office
    assert product.data_type == "s" and product.value == "@Office Suite"  # text, as it is
    assert (quantity.data_type, quantity.value, quantity.number_format) == ("n", 2, "0")
    assert (price.value, price.number_format) == (99.99, MONEY)
    assert (total.value, total.number_format) == (199.98, MONEY)
    assert due.is_date and due.value == datetime(2026, 11, 1) and "yy" in due.number_format
    assert (year.value, year.number_format) == (2026, "0")
    assert (rules.value, titles.value) == ("LIC002", "Licence expired and still assigned")
    assert records.value == "LIC-OFFICE"
    assert central.freeze_panes == "A2"
    assert central.auto_filter.ref == f"A1:K{1 + 3}"  # header and the three lines, not totals
    assert all(central.column_dimensions[letter].width >= len(heading)
               for letter, heading in zip("ABCDEFGHIJK", header, strict=True))
    formula = book["=6000"]  # a cost centre that looks like a formula names a sheet as text
    assert [c.value for c in formula["A"][1:2]] == ["desktop"]
    summary = book["Summary"]
    assert summary["B2"].is_date and summary["B2"].value == datetime(2026, 11, 27)
    assert "=6000" in [c.value for c in summary["A"]]
    unpriced = next(r for r in summary.iter_rows(values_only=True)
                    if r[0] == "Without a price (not in the totals)")
    assert unpriced[1] == "desktop"


def test_no_cell_is_a_formula() -> None:
    data = run("procure", str(INVENTORY), *AS_OF, "--group-by", "cost_centre", "-f", "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, name
    book = workbooks.read(data)
    texts = {c.value for sheet in book for row in sheet.iter_rows() for c in row
             if c.data_type == "s"}
    assert "=6000" in texts and "@Office Suite" in texts  # text cells, exactly the data
    assert not any(c.data_type == "f" for sheet in book for row in sheet.iter_rows()
                   for c in row)


def test_group_by_none_and_a_scope() -> None:
    doc, book = procure("--group-by", "none")
    assert book.sheetnames == ["Summary", "Purchase list", "Savings (LIC004)"]
    assert book["Purchase list"].max_row == 1 + len(doc["lines"]) + 3
    doc, book = procure("--department", "Hauptamt")
    assert book.sheetnames == ["Summary", "10 Hauptamt", "Shared", "Savings (LIC004)"]
    shared = list(book["Shared"].iter_rows(values_only=True))
    assert [(r[0], r[5]) for r in shared[-3:]] == [
        ("Total (net)", doc["shared_total"]), ("VAT 19%", doc["shared_vat"]),
        ("Total (gross)", doc["shared_gross_total"])]


def test_the_vat_rate_of_the_settings(tmp_path: Path) -> None:
    import shutil

    root = Path(shutil.copytree(INVENTORY, tmp_path / "inv"))
    settings = root / "itready.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"^prices:\n", "prices:\n  vat_rate: 7.5\n", text, flags=re.M),
                        encoding="utf-8")
    doc = json.loads(run("procure", str(root), *AS_OF, "-f", "json"))
    assert (doc["vat_rate"], doc["vat"], doc["gross_total"]) == (7.5, 371.02, 5317.98)
    book = workbooks.read(run("procure", str(root), *AS_OF, "-f", "xlsx"))
    assert [r[0] for r in book["(central)"].iter_rows(values_only=True)][-2] == "VAT 7.5%"


def test_totals_round_half_up_to_the_cent() -> None:
    assert Totals.of(Decimal("10.50"), Decimal(7)) == Totals(
        Decimal("10.50"), Decimal("0.74"), Decimal("11.24"))  # 0.735 up
    assert Totals.of(Decimal(0), Decimal(19)) == Totals(Decimal(0), Decimal(0), Decimal(0))


# --- gaps and check -----------------------------------------------------------------------------

def test_gaps_workbook_has_a_sheet_per_department() -> None:
    doc = json.loads(run("gaps", str(INVENTORY), *AS_OF, "-f", "json"))
    book = workbooks.read(run("gaps", str(INVENTORY), *AS_OF, "-f", "xlsx"))
    departments = sorted({g["department"] for g in doc["gaps"]})
    assert book.sheetnames == ["Summary", *departments, "Concurrent licences"]
    summary = book["Summary"]
    notes = {r[0]: r[1] for r in summary.iter_rows(max_row=6, values_only=True)}
    assert notes["Gaps"] == doc["summary"]["gaps"] == len(doc["gaps"])
    for department in departments:
        rows = list(book[department].iter_rows(min_row=2, values_only=True))[:-1]
        gaps = [g for g in doc["gaps"] if g["department"] == department]
        assert [(r[0], r[4], r[6]) for r in rows] == [
            (g["workplace"], g["rule"], g["action"]["kind"]) for g in gaps]
    assert all(r[5] for r in book["20 Kämmerei"].iter_rows(min_row=2, max_row=3,
                                                           values_only=True))  # rule titles


def test_check_workbook_counts_equal_the_json() -> None:
    doc = json.loads(run("check", str(EXAMPLE), *AS_OF, "-f", "json"))
    book = workbooks.read(run("check", str(EXAMPLE), *AS_OF, "-f", "xlsx"))
    assert book.sheetnames == ["Summary", "Departments", "Sites", "Findings"]
    counts = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=7, values_only=True)}
    assert counts == {**doc["summary"]["by_severity"], "Total": doc["summary"]["findings"]}
    findings = list(book["Findings"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[7]) for r in findings] == [
        (f["rule"], f["record"]["id"], f["waived"]) for f in doc["findings"]]
    departments = list(book["Departments"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in departments[:-1]] == [d["share"] for d in
                                                doc["readiness"]["departments"]]
    assert departments[-1][1:] == tuple(doc["readiness"]["overall"].values())
    assert book["Sites"]["D2"].number_format == "0.0%"


# --- the file itself ----------------------------------------------------------------------------

def test_the_same_run_gives_the_same_bytes() -> None:
    args = ["procure", str(INVENTORY), *AS_OF, "-f", "xlsx"]
    first = run(*args)
    assert first == run(*args)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == [
        "2026-11-27T00:00:00Z", "2026-11-27T00:00:00Z"]  # the check date, not the clock
    other = run("procure", str(INVENTORY), "--as-of", "2026-11-28", "-f", "xlsx")
    assert other != first


def test_sheet_names_are_what_excel_accepts() -> None:
    long = "Amt für Digitalisierung, Organisation und Personal"
    assert sheet_names([long, long, "a/b:c*d?e[f]g\\h", "'quoted'", "", "History",
                        "SUMMARY", "summary"]) == [
        "Amt für Digitalisierung, Organi", "Amt für Digitalisierung, Or (2)", "a_b_c_d_e_f_g_h",
        "quoted", "_", "History (2)", "SUMMARY", "summary (2)"]
    assert all(len(n) <= 31 for n in sheet_names([long] * 12))
    book = Book("t", date(2026, 11, 27), tuple(Sheet(n, ("item",), (("x",),))
                                             for n in (long, long, "a/b", "History")))
    assert workbooks.read(write(book)).sheetnames == [
        "Amt für Digitalisierung, Organi", "Amt für Digitalisierung, Or (2)", "a_b",
        "History (2)"]


def test_a_csv_format_becomes_a_workbook_with_one_registry_entry() -> None:
    """What `-f xlsx` of a subject with a CSV format (the history) takes: one Format line."""
    fmt = Format("itready.formats.gaps:render_csv", workbook=True, people=True)
    from itready import load
    from itready.plan.gaps import build_plan

    plan = build_plan(load(INVENTORY), date(2026, 11, 27))[0]
    book = workbooks.read(fmt.renderer()(plan, Options()))
    (sheet,) = book
    rows = list(sheet.iter_rows(min_row=2))
    prices = [r[10] for r in rows if r[10].value is not None]
    assert prices and all(c.data_type == "n" and c.number_format == MONEY for c in prices)
    assert sheet["A1"].value == "Workplace" and sheet.freeze_panes == "A2"
    typed = as_book("date,revision,share,purchase_total,counted\r\n"
                    "2026-09-30,1234567,0.853,23120.00,293\r\n,,,,\r\n")
    assert typed.sheets[0].rows == (
        (date(2026, 9, 30), "1234567", Decimal("0.853"), Decimal("23120.00"), 293),
        (None, None, None, None, None))
    assert typed.created == date(2026, 9, 30)


# --- the command line ---------------------------------------------------------------------------

def test_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import itready.cli.output as output

    monkeypatch.setattr(output, "_terminal", lambda: True)
    for args in (["procure", str(INVENTORY)], ["gaps", str(INVENTORY), "-o", "-"],
                 ["check", str(INVENTORY)]):
        result = CliRunner().invoke(main, [*args, *AS_OF, "-f", "xlsx"])
        assert result.exit_code == 2, result.output
        assert "xlsx is a file format" in result.stderr and "-o FILE" in result.stderr
        assert result.stdout_bytes == b""


def test_a_pipe_and_a_file_get_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "einkauf.xlsx"
    piped = run("procure", str(INVENTORY), *AS_OF, "-f", "xlsx")
    run("procure", str(INVENTORY), *AS_OF, "-f", "xlsx", "-o", str(target))
    assert target.read_bytes() == piped and piped.startswith(b"PK\x03\x04")


def test_check_writes_a_workbook_as_a_report(tmp_path: Path) -> None:
    target = tmp_path / "pruefung.xlsx"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), *AS_OF, "-f", "json",
                                       "--report", f"xlsx={target}"])
    assert result.exit_code == 1, result.output  # findings at or above high
    assert json.loads(result.stdout)["summary"]["findings"] == 90
    assert workbooks.read(target.read_bytes()).sheetnames[0] == "Summary"
    assert f"wrote xlsx report to {target}" in result.stderr


# --- language -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "de"])
def test_headings_are_in_the_run_language(language: str) -> None:
    """The workbook's and the excel-de CSV's headings come from the catalogue of the run's
    language; German runs once the catalogue has the column headings."""
    i18n.set_language(language)
    shown = headings()
    if language == "de" and shown["unit_price"] == "Unit price (net)":
        pytest.skip("the German catalogue has no column headings yet")
    if language == "en":
        assert (shown["item"], shown["unit_price"], shown["budget_year"]) == (
            "Item", "Unit price (net)", "Budget year")
    else:
        assert shown["unit_price"] != "Unit price (net)"
    from itready import load
    from itready.formats import render
    from itready.plan.procure import build_procurement

    procurement = build_procurement(load(INVENTORY), date(2026, 11, 27))[0]
    book = workbooks.read(render("procure", "xlsx", procurement, Options()))
    assert [c.value for c in book.worksheets[1][1]][:5] == [
        shown[k] for k in ("item", "kind", "product", "quantity", "unit_price")]
    csv = render("procure", "csv", procurement, Options(dialect="excel-de"))
    assert csv.lstrip("\ufeff").split("\r\n")[0].split(";")[8:10] == [
        shown["reasons"], shown["titles"]]
    rfc = render("procure", "csv", procurement, Options(dialect="rfc4180"))
    assert rfc.startswith("item,kind,product,quantity,unit_price,total,currency,department,"
                          "reasons,records,due,budget_year\r\n")  # a contract: never translated


def test_every_subject_with_a_workbook_offers_xlsx() -> None:
    assert {s for s, formats in FORMATS.items() if "xlsx" in formats} == {
        "check", "diff", "gaps", "history", "procure"}
    assert all(formats["xlsx"].writes_bytes and formats["xlsx"].people
               for formats in FORMATS.values() if "xlsx" in formats)

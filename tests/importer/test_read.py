"""Exports as they come: encodings, delimiters, line breaks in cells, PowerShell's type line,
XLSX (leading zeros kept, dates as dates, merged cells reported), the Intune ZIP."""

from __future__ import annotations

import codecs
import zipfile
from datetime import date
from pathlib import Path

import pytest
from importing import inventory, report, run

from itready import load
from itready.importer.errors import BadInput
from itready.importer.read import read_source

MAPPING = """\
format: itready-mapping/1
name: sheet
inputs:
  sheet: {format: csv, detect: [id]}
mappings:
  - input: sheet
    kind: devices
    target: devices/sheet.yaml
    fields:
      id: {from: [Inventarnummer], required: true}
      kind: {const: monitor}
      model: {from: [Modell]}
      serial: {from: [Seriennummer], convert: serial}
      purchased: {from: [Kaufdatum], convert: {date: "%d.%m.%Y"}}
    owns: [model, serial, purchased]
"""
ROWS = [["Inventarnummer", "Modell", "Seriennummer", "Kaufdatum"],
        ["MON-0001", "Dell P2422H; 24\" Zoll", "0012345", "04.06.2024"],
        ["MON-0002", "Eizo EV2495\nmit Standfuß", "CN77", "05.06.2024"]]


def _csv(delimiter: str) -> str:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(
            c in value for c in (delimiter, '"', "\n")) else value
    return "\r\n".join(delimiter.join(cell(v) for v in r) for r in ROWS) + "\r\n"


def _imported(tmp_path: Path, export: Path, *extra: str) -> dict[str, object]:
    mapping = tmp_path / "sheet.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    root = inventory(tmp_path, f"inv-{export.name}")
    report("--mapping", mapping, "--into", root, export, "--write", *extra)
    return {d.id: d for d in load(root).inventory.devices if d.id.startswith("MON-000")}


@pytest.mark.parametrize(("encoding", "bom", "delimiter"), [
    ("utf-8", b"", ","), ("utf-8", codecs.BOM_UTF8, ";"), ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),
    ("utf-16-be", codecs.BOM_UTF16_BE, ";"),
])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, bom: bytes,
                                  delimiter: str) -> None:
    export = tmp_path / "monitors.csv"
    export.write_bytes(bom + _csv(delimiter).encode(encoding))
    devices = _imported(tmp_path, export)
    assert devices["MON-0001"].model == 'Dell P2422H; 24" Zoll'  # type: ignore[attr-defined]
    assert devices["MON-0002"].model == "Eizo EV2495\nmit Standfuß"  # type: ignore[attr-defined]
    assert devices["MON-0001"].serial == "0012345"  # type: ignore[attr-defined]
    assert devices["MON-0002"].purchased == date(2024, 6, 5)  # type: ignore[attr-defined]


def test_cp1252_only_when_named(tmp_path: Path) -> None:
    export = tmp_path / "monitors.csv"
    export.write_bytes(_csv(";").encode("cp1252"))
    with pytest.raises(BadInput, match="not UTF-8; if the file is Windows-1252"):
        read_source(export)
    devices = _imported(tmp_path, export, "--encoding", "cp1252")
    assert devices["MON-0002"].model == "Eizo EV2495\nmit Standfuß"  # type: ignore[attr-defined]


def test_powershell_type_line_is_skipped(tmp_path: Path) -> None:
    import re

    export = tmp_path / "computers.csv"
    export.write_text("#TYPE Microsoft.ActiveDirectory.Management.ADComputer\n"
                      '"Name";"Enabled"\n"MS-NB-1";"True"\n', encoding="utf-8")
    sheet = read_source(export, preamble=re.compile("^#TYPE "))[0]
    assert sheet.headers == ["Name", "Enabled"] and sheet.rows == [["MS-NB-1", "True"]]


def test_intune_zip_is_read_as_it_downloads(tmp_path: Path) -> None:
    archive = tmp_path / "DevicesWithInventory_x.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("DevicesWithInventory_x.csv", _csv(","))
    sheets = read_source(archive)
    assert [s.name for s in sheets] == ["DevicesWithInventory_x.zip/DevicesWithInventory_x.csv"]
    assert sheets[0].rows[1][0] == "MON-0002"


def _workbook(path: Path, merged: bool = False) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["not this sheet"])
    sheet = book.create_sheet("Bestand")
    sheet.append(ROWS[0])
    for values in ROWS[1:]:
        day, month, year = values[3].split(".")
        sheet.append([*values[:3], date(int(year), int(month), int(day))])
    for cell in sheet["C"][1:]:
        cell.number_format = "@"  # text: "0012345" keeps its zeros
    for cell in sheet["D"][1:]:
        cell.number_format = "DD.MM.YYYY"
    if merged:
        sheet.merge_cells("B2:B3")
    book.save(path)


def test_xlsx_keeps_text_and_dates(tmp_path: Path) -> None:
    export = tmp_path / "Monitore.xlsx"
    _workbook(export)
    devices = _imported(tmp_path, export, "--sheet", "Bestand")
    assert devices["MON-0001"].serial == "0012345"  # type: ignore[attr-defined]
    assert devices["MON-0001"].purchased == date(2024, 6, 4)  # type: ignore[attr-defined]


def test_xlsx_merged_cells_are_reported_not_guessed(tmp_path: Path) -> None:
    export = tmp_path / "Monitore.xlsx"
    _workbook(export, merged=True)
    mapping = tmp_path / "sheet.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    root = inventory(tmp_path)
    found = report("--mapping", mapping, "--into", root, export, "--sheet", "Bestand")
    merged = [p for p in found["problems"] if "merged" in p["reason"]]
    assert [(p["row"], p["column"]) for p in merged] == [(1, "B"), (2, "B")]
    result = run("--mapping", mapping, "--into", root, export, "--sheet", "Bestand", "--write")
    assert "cells B2:B3 are merged" in result.stdout
    devices = {d.id: d for d in load(root).inventory.devices}
    assert devices["MON-0002"].model is None  # never guessed from the cell above


def test_xlsx_unknown_sheet(tmp_path: Path) -> None:
    export = tmp_path / "Monitore.xlsx"
    _workbook(export)
    with pytest.raises(BadInput, match="has no sheet 'Inventar'; it has Deckblatt, Bestand"):
        read_source(export, sheet="Inventar")


def test_sources_are_size_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import itready.importer.read as read

    monkeypatch.setattr(read, "MAX_FILE_BYTES", 200)
    export = tmp_path / "big.csv"
    export.write_text("a,b\n" + "1,2\n" * 200, encoding="utf-8")
    with pytest.raises(BadInput, match=r"big\.csv: file is larger than"):
        read_source(export)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("x.csv", "a,b\n" + "0" * 10_000)
    assert archive.stat().st_size < 200
    with pytest.raises(BadInput, match="unpacks to more than"):
        read_source(archive)
    with pytest.raises(BadInput, match="not a regular file"):
        read_source(tmp_path)

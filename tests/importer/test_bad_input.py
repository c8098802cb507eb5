"""Bad input stops an import before anything is written: exit 2, a message with the file
(and row, line and column where there are), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing import PEOPLE, SOURCES, files, inventory, run

ZIP = SOURCES / "intune" / "DevicesWithInventory_2026-12-01.zip"


def _fails(root: Path, *args: str | Path) -> str:
    before = files(root)
    result = run("--into", root, *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert files(root) == before
    return result.stderr


def test_unreadable_file(tmp_path: Path) -> None:
    message = _fails(inventory(tmp_path), "--from", "intune", tmp_path / "missing.csv",
                     "--write")
    assert "missing.csv: cannot read" in message


def test_missing_required_column_names_it_and_the_columns_found(tmp_path: Path) -> None:
    export = tmp_path / "devices.csv"
    export.write_text("Name,Owner\nPC-1,x\n", encoding="utf-8")
    message = _fails(inventory(tmp_path), "--from", "intune", export, "--write")
    assert "devices.csv: missing required column" in message
    assert "device name" in message.lower() and "the columns found are Name, Owner" in message


def test_mapping_with_an_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    mapping = tmp_path / "monitors.yaml"
    mapping.write_text("""\
format: itready-mapping/1
name: monitors
inputs:
  sheet: {format: csv, detect: [id]}
mappings:
  - input: sheet
    kind: devices
    fields:
      id: {from: [Tag]}
      serail: {from: [Serial]}
""", encoding="utf-8")
    export = tmp_path / "m.csv"
    export.write_text("Tag,Serial\nMON-1,X\n", encoding="utf-8")
    message = _fails(inventory(tmp_path), "--mapping", mapping, export)
    assert "monitors.yaml:10:7: unknown field 'serail' (did you mean 'serial'?)" in message


def test_mapping_with_a_bad_conversion(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("format: itready-mapping/1\nname: m\ninputs:\n  s: {format: csv, "
                       "detect: [id]}\nmappings:\n  - input: s\n    kind: devices\n    fields:\n"
                       "      id: {from: [Tag], convert: uper}\n", encoding="utf-8")
    message = _fails(inventory(tmp_path), "--mapping", mapping, SOURCES / "people.csv")
    assert "m.yaml:9:25: unknown conversion 'uper' (did you mean 'upper'?)" in message


def test_a_date_format_no_row_matches(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("""\
format: itready-mapping/1
name: monitors
inputs:
  s: {format: csv, detect: [id]}
mappings:
  - input: s
    kind: devices
    target: monitors.yaml
    fields:
      id: {from: [Tag]}
      kind: {const: monitor}
      purchased: {from: [Bought], convert: {date: "%d.%m.%Y"}}
    owns: [purchased]
""", encoding="utf-8")
    export = tmp_path / "m.csv"
    export.write_text("Tag,Bought\nMON-1,2024-06-04\nMON-2,2024-06-05\n", encoding="utf-8")
    message = _fails(inventory(tmp_path), "--mapping", mapping, export, "--write")
    assert "m.csv: no date in column Bought matches the format the mapping states; row 1 " \
           "has '2024-06-04'" in message
    export.write_text("Tag,Bought\nMON-1,04.06.2024\nMON-2,31.02.2024\n", encoding="utf-8")
    root = inventory(tmp_path, "other")
    result = run("--into", root, "--mapping", mapping, export, "--write")
    assert result.exit_code == 0  # one bad date: reported, the row still imported
    assert "m.csv row 2, Bought '31.02.2024': does not match the date format" in result.stdout


def test_people_file_inside_the_inventory_is_refused(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    inside = root / "people.csv"
    inside.write_bytes(PEOPLE.read_bytes())
    message = _fails(root, "--from", "intune", "--people", inside, ZIP, "--write")
    assert "people.csv: the people file lies inside the inventory" in message


def test_people_file_without_its_columns(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("upn;wp\na;b\n", encoding="utf-8")
    message = _fails(inventory(tmp_path), "--from", "intune", "--people", people, ZIP)
    assert "needs the columns person and workplace; found upn, wp" in message


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("e.json", b"{not json", "e.json: is not JSON"),
    ("e.zip", b"PK\x03\x04 broken", "e.zip: is not a readable ZIP"),
    ("e.csv", b"Device name,Serial number\n\xff\xfe\xfa,1\n", "e.csv: byte 0xff at offset 26 "
              "is not UTF-8; if the file is Windows-1252"),
    ("e.xlsx", b"PK\x03\x04 not a workbook", "e.xlsx: cannot read the workbook"),
    ("e.json", b'{"value": [{"foo": 1}]}', "e.json: does not look like an export of intune"),
])
def test_files_that_are_not_exports(tmp_path: Path, name: str, content: bytes,
                                    expected: str) -> None:
    export = tmp_path / name
    export.write_bytes(content)
    assert expected in _fails(inventory(tmp_path), "--from", "intune", export)


def test_unknown_preset_and_csv_without_mapping(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    assert "unknown preset 'intnue' (did you mean 'intune'?)" in _fails(
        root, "--from", "intnue", ZIP)
    assert "the csv preset needs a mapping" in _fails(root, "--from", "csv", ZIP)


@pytest.mark.parametrize("memory", ["[1]", "{", '{"schema_version": 1, "written": []}'])
def test_a_damaged_import_memory_is_named_not_a_traceback(tmp_path: Path, memory: str) -> None:
    root = inventory(tmp_path)
    (root / ".itready-import").mkdir()
    (root / ".itready-import" / "intune.json").write_text(memory, encoding="utf-8")
    assert ".itready-import/intune.json: the import's memory" in _fails(
        root, "--from", "intune", ZIP)


def test_an_invalid_inventory_is_not_imported_into(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    (root / "broken.yaml").write_text("devices:\n  - id: X\n", encoding="utf-8")
    assert "the inventory has 1 error" in _fails(root, "--from", "intune", ZIP)


def test_show_preset_prints_a_mapping_that_loads(tmp_path: Path) -> None:
    from itready.importer.mapping import PRESETS, parse_mapping

    for name in PRESETS:
        result = run("--show-preset", name)
        assert result.exit_code == 0
        assert parse_mapping(result.stdout, name).name in (name, "monitors")


def test_owners_naming_an_unknown_source(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    settings = root / "itready.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "import:\n  owners: {encrypted: intnue}\n", encoding="utf-8")
    assert "import.owners names intnue for encrypted, a source that has not imported here " \
           "(did you mean 'intune'?)" in _fails(root, "--from", "intune", ZIP)
    settings.write_text("import:\n  owners: {encrpyted: intune}\n", encoding="utf-8")
    assert "unknown field 'encrpyted' (did you mean 'encrypted'?)" in _fails(
        root, "--from", "intune", ZIP)


def test_terminal_escapes_in_an_export_are_shown_escaped(tmp_path: Path) -> None:
    export = tmp_path / "m.csv"
    export.write_text("Device name,Serial number,Encrypted,OS,Model\n"
                      "MS-NB-10234,PF3ABC12,\x1b[31mja\x1b[0m,Windows,ThinkPad\n",
                      encoding="utf-8")
    result = run("--from", "intune", "--into", inventory(tmp_path), export)
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mja\\x1b[0m" in result.stdout

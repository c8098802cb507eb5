"""--write writes every changed file or none, and only a result that validates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from importing import PEOPLE, SOURCES, files, inventory, run

from itready.write import write_all

ZIP = SOURCES / "intune" / "DevicesWithInventory_2026-12-01.zip"


def test_a_failure_midway_restores_every_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = inventory(tmp_path)
    before = files(root)
    real = os.replace
    calls = []

    def failing(source: str, target: object) -> None:
        if Path(str(target)).is_relative_to(root):  # not the parse cache's files
            calls.append(target)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    result = run("--from", "intune", "--into", root, "--people", PEOPLE, ZIP, "--write")
    monkeypatch.setattr(os, "replace", real)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert files(root) == before
    assert len(calls) >= 3
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [] and not (root / "devices").exists()


def test_write_all_writes_new_files_and_folders(tmp_path: Path) -> None:
    write_all({tmp_path / "a.yaml": b"a\n", tmp_path / "new" / "b.yaml": b"b\n"})
    assert (tmp_path / "new" / "b.yaml").read_bytes() == b"b\n"


def test_a_result_that_would_not_validate_is_not_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import itready.importer.plan as plan

    # The plan checks each record before it plans it; take that check away, and the check
    # of the whole result must still refuse the write.
    monkeypatch.setattr(plan, "_problems", lambda kind, values: [])
    root = inventory(tmp_path)
    before = files(root)
    export = tmp_path / "managedDevices.json"  # a Windows laptop whose edition is unknown
    export.write_text('{"value": [{"deviceName": "MS-NB-99999", "operatingSystem": "Windows", '
                      '"osVersion": "10.0.22631.1", "chassisType": "laptop", '
                      '"serialNumber": "X1"}]}', encoding="utf-8")
    result = run("--from", "intune", "--into", root, export, "--write")
    assert result.exit_code == 2
    assert "The result would not validate" in result.stdout
    assert "Nothing written: the result would not validate." in result.stdout
    assert "devices/intune-new.yaml:6:5: E007 os of a Windows device has no 'edition'" in \
        result.stdout
    assert files(root) == before

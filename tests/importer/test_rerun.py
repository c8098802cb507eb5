"""The monthly re-run: hand edits win, nothing is deleted, the newest row wins, junk serials
never match, owners decide between sources, and people stay out of every file and report."""

from __future__ import annotations

import json
from pathlib import Path

from importing import PEOPLE, SOURCES, files, inventory, report, row, run

from itready import load

ZIP = SOURCES / "intune" / "DevicesWithInventory_2026-12-01.zip"
CSV = SOURCES / "intune" / "DevicesWithInventory_d7c1e6a2-3b4f-4e8a-9c2d-5f6a7b8c9d0e.csv"
GRAPH = [SOURCES / "intune" / "managedDevices-page1.json",
         SOURCES / "intune" / "managedDevices-page2.json"]


def _intune(root: Path, *extra: str | Path, sources: list[Path] | None = None) -> dict:
    return report("--from", "intune", "--into", root, "--people", PEOPLE,
                  *(sources or [ZIP]), *extra)


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hand_edit_since_the_last_import_is_a_conflict_left_alone(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    _intune(root, "--write")
    _edit(root, "departments/20-kaemmerei.yaml", "encrypted: false", "encrypted: true ")
    before = files(root)
    found = _intune(root, "--write")
    conflict = row(found, record="NB-10237")
    assert conflict["action"] == "conflict"
    assert "encrypted" in conflict["reason"] and "by hand" in conflict["reason"]
    assert files(root) == before  # left alone, and the memory unchanged
    overwritten = _intune(root, "--write", "--prefer", "source")
    assert row(overwritten, record="NB-10237")["action"] == "updated"
    assert {d.id: d for d in load(root).inventory.devices}["NB-10237"].encrypted is False


def test_strict_exits_1_on_conflicts_skips_and_duplicates(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    assert run("--from", "intune", "--into", root, ZIP).exit_code == 0
    assert run("--from", "intune", "--into", root, ZIP, "--strict").exit_code == 1


def test_never_deletes_records_not_in_the_export(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    _intune(root, "--write")
    page = json.loads(GRAPH[0].read_text(encoding="utf-8"))
    page["value"] = [d for d in page["value"] if d["deviceName"] != "MS-NB-10234"]
    shorter = tmp_path / "page1.json"
    shorter.write_text(json.dumps(page), encoding="utf-8")
    found = _intune(root, "--write", sources=[shorter, GRAPH[1]])
    assert found["not_in_export"] == ["NB-10234"]
    assert "NB-10234" in {d.id for d in load(root).inventory.devices}
    text = run("--from", "intune", "--into", root, "--people", PEOPLE, shorter, GRAPH[1])
    assert "Not in this export: 1 devices record imported before (NB-10234)" in text.stdout


def test_duplicates_keep_the_newest_row_across_files(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    found = _intune(root, sources=GRAPH)
    duplicate = row(found, action="duplicate")
    assert duplicate["record"] == "NB-10251"
    assert duplicate["source"] == "managedDevices-page1.json"  # the older enrolment
    assert row(found, record="NB-10251", action="updated")["source"] == \
        "managedDevices-page2.json"
    both = _intune(root, sources=[ZIP, CSV])  # one export given twice: every row twice
    assert both["counts"]["duplicate"] == both["counts"]["rows"] // 2


def test_junk_serials_never_match_and_are_never_written(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    _edit(root, "departments/20-kaemmerei.yaml", "    model: Eigenbau Mini-PC\n",
          "    model: Eigenbau Mini-PC\n    serial: Default string\n")
    found = _intune(root, "--write")
    assert row(found, record="PC-20117")["action"] == "updated"
    # PC-20118's serial is "Default string" too: it would match PC-20117 if junk matched
    assert row(found, record="PC-20118")["action"] == "skipped"
    memory = (root / ".itready-import" / "intune.json").read_text(encoding="utf-8")
    assert "Default string" not in memory and "O.E.M." not in memory


def test_owners_decide_between_sources(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    glpi = SOURCES / "glpi" / "agent" / "MS-NB-10237-2026-11-28-11-00-00.json"
    report("--from", "glpi", "--into", root, glpi, "--write")  # glpi writes ram, secure boot
    _edit(root, "departments/20-kaemmerei.yaml", "encrypted: false", "encrypted: true ")
    first = report("--from", "glpi", "--into", root, glpi)
    assert row(first, record="NB-10237")["action"] == "conflict"  # a hand edit
    (root / "itready.yaml").write_text((root / "itready.yaml").read_text(encoding="utf-8")
                                       + "import:\n  owners: {encrypted: intune}\n",
                                       encoding="utf-8")
    assert not load(root).errors
    quiet = report("--from", "glpi", "--into", root, glpi)
    assert row(quiet, record="NB-10237")["action"] == "unchanged"  # intune's field now
    intune = _intune(root)
    assert "encrypted" in row(intune, record="NB-10237")["fields"]


def test_first_source_keeps_a_field_another_reports_differently(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    _intune(root, "--write")
    ad = report("--from", "ad", "--into", root, SOURCES / "ad" / "computers-ps7.csv")
    conflict = row(ad, record="NB-10252")
    assert conflict["action"] == "conflict" and "intune" in conflict["reason"]
    assert row(ad, record="NB-10234")["action"] == "unchanged"  # same values: no conflict


def test_no_personal_data_in_files_or_reports(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    outputs = []
    for preset, sources in (("intune", [ZIP, *GRAPH]), ("snipeit", [SOURCES / "snipeit" /
                                                                   "hardware.json"]),
                            ("m365", sorted((SOURCES / "m365").glob("*.json")))):
        for fmt in ("text", "json"):
            result = run("--from", preset, "--into", root, "--people", PEOPLE, *sources,
                         "-f", fmt, "--write")
            outputs.append(result.stdout + result.stderr)
    everything = "".join(outputs) + "".join(data.decode("utf-8", "replace")
                                            for data in files(root).values())
    for personal in ("@musterstadt.example", "Lena", "Hoffmann", "owolf", "oliver.wolf",
                     "ABecker", "Mitarbeiter/in", "anna.becker"):
        assert personal not in everything


def test_show_people_lists_them_on_the_terminal_only(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    result = run("--from", "intune", "--into", root, "--people", PEOPLE, ZIP, "--show-people",
                 "-o", tmp_path / "report.txt")
    assert "oliver.wolf@musterstadt.example" in result.stderr
    assert "oliver.wolf" not in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "1 not in the people file" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_ambiguous_person_is_not_written(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    found = report("--from", "m365", "--into", root, "--people", PEOPLE,
                   *sorted((SOURCES / "m365").glob("*.json")))
    assert found["people"]["ambiguous"] == 1  # nina.braun has two workplaces

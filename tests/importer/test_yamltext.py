"""Editing YAML as text at exact positions: the lines an import does not touch stay byte for
byte, comments and quoting survive, and the diff is built from the edits alone."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import ROOT
from importing import PEOPLE, SOURCES, files, inventory, run

from itready.importer.apply import _order, _set_values
from itready.importer.diff import unified
from itready.importer.yamltext import Document, Unsupported
from itready.loader.yaml import parse

EXAMPLE = ROOT / "inventories" / "musterstadt"


def _touched_lines(text: str, edits: list[tuple[int, int, str]]) -> set[int]:
    """Old line numbers (0-based) an edit replaces or inserts after."""
    lines = set()
    for start, end, _new in edits:
        first = text.count("\n", 0, start)
        lines |= set(range(first, text.count("\n", 0, max(start, end - 1)) + 1))
    return lines


def _only_touched_changed(old: str, new: str, edits: list[tuple[int, int, str]]) -> None:
    touched = _touched_lines(old, edits)
    matcher = difflib.SequenceMatcher(a=old.splitlines(True), b=new.splitlines(True),
                                      autojunk=False)
    for tag, a0, a1, _b0, _b1 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(a0, a1)) <= touched, (tag, a0, a1)
        if tag == "insert":
            assert a0 - 1 in touched or a0 in touched, (tag, a0)


def _device_file() -> Path:
    return next(p for p in sorted((EXAMPLE / "departments").glob("*.yaml"))
                if "devices:" in p.read_text(encoding="utf-8"))


def test_untouched_lines_of_a_real_file_stay_byte_for_byte() -> None:
    old = _device_file().read_text(encoding="utf-8")
    document = Document(old, _order("devices"))
    items = document.items(*document.section("devices"))  # type: ignore[misc]
    picked = list(range(0, len(items), max(1, len(items) // 7)))
    for number in picked:
        _set_values(document.record(items, number), {
            "hostname": f"MS-X-{number}", "encrypted": False, "os.version": "11 24H2",
            "serial": f"SN {number}"})
    document.append("devices", {"id": "NB-NEW-1", "kind": "laptop",
                                "os": {"name": "windows", "version": "11 24H2",
                                       "edition": "enterprise"}})
    new = document.result()
    _only_touched_changed(old, new, document.ordered())
    before, after = parse(old).data["devices"], parse(new).data["devices"]
    assert len(after) == len(before) + 1
    for number, (was, now) in enumerate(zip(before, after, strict=False)):
        if number in picked:
            assert now["hostname"] == f"MS-X-{number}" and now["encrypted"] is False
            assert now["serial"] == f"SN {number}" and now["os"]["version"] == "11 24H2"
            now = {k: v for k, v in now.items() if k not in ("hostname", "encrypted", "serial",
                                                             "os")}
            was = {k: v for k, v in was.items() if k not in ("hostname", "encrypted", "serial",
                                                             "os")}
        assert now == was
    assert after[-1]["id"] == "NB-NEW-1"


def test_quoting_comments_and_flow_mappings_survive() -> None:
    old = """\
# devices of the test
devices:
  - id: A            # the first
    os: {name: windows, version: "11 23H2", edition: enterprise}   # flow
    model: 'Lenovo ''Think'''
    encrypted: true    # aligned comment
    x-note: kept
  - {id: B, kind: desktop, serial: "007"}
"""
    document = Document(old, _order("devices"))
    items = document.items(*document.section("devices"))  # type: ignore[misc]
    _set_values(document.record(items, 0), {"os.version": "11 24H2", "encrypted": False,
                                                  "model": "Lenovo 'X'"})
    _set_values(document.record(items, 1), {"serial": "0099", "hostname": "PC-B"})
    assert document.result() == """\
# devices of the test
devices:
  - id: A            # the first
    os: {name: windows, version: "11 24H2", edition: enterprise}   # flow
    model: 'Lenovo ''X'''
    encrypted: false   # aligned comment
    x-note: kept
  - {id: B, kind: desktop, hostname: PC-B, serial: "0099"}
"""


def test_block_values_are_replaced_and_keys_inserted_in_order() -> None:
    old = "licences:\n  - id: L\n    provides:\n      - vpn\n    model: per-user\n    seats: 3\n"
    document = Document(old, _order("licences"))
    items = document.items(*document.section("licences"))  # type: ignore[misc]
    _set_values(document.record(items, 0), {"provides": ["vpn", "mfa"],
                                                  "product": "Client"})
    assert document.result() == ("licences:\n  - id: L\n    product: Client\n"
                                 "    provides: [vpn, mfa]\n    model: per-user\n    seats: 3\n")


@pytest.mark.parametrize("text", [
    "devices: [{id: A, kind: laptop}]\n",
    "devices:\n  - {id: A,\n     kind: laptop}\n",
])
def test_forms_it_does_not_edit_are_refused(text: str) -> None:
    document = Document(text)
    with pytest.raises(Unsupported):
        items = document.items(*document.section("devices"))  # type: ignore[misc]
        document.record(items, 0).set("serial", "X")


def test_records_it_cannot_edit_are_skipped_with_the_reason(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    path = root / "departments" / "20-kaemmerei.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: NB-10237\n", "  - id: &a NB-10237\n"),
                    encoding="utf-8")
    result = run("--from", "intune", "--into", root, "--people", PEOPLE,
                 SOURCES / "intune" / "DevicesWithInventory_2026-12-01.zip", "--write")
    assert result.exit_code == 0
    assert "NB-10237: skipped: the record is written in a form the import does not edit" in \
        result.stdout
    assert "&a NB-10237" in path.read_text(encoding="utf-8")


def test_an_import_keeps_comments_and_x_keys(tmp_path: Path) -> None:
    root = inventory(tmp_path)
    before = files(root)
    run("--from", "intune", "--into", root, "--people", PEOPLE,
        SOURCES / "intune" / "DevicesWithInventory_2026-12-01.zip", "--write")
    text = (root / "departments" / "10-hauptamt.yaml").read_text(encoding="utf-8")
    assert "    x-note: Akku 2026 getauscht         # must survive every import byte for " \
           "byte\n" in text
    assert "    model: ThinkPad T14 Gen 4           # Intune says 21HD003YGE" in text
    old = before["departments/10-hauptamt.yaml"].decode("utf-8")
    kept = [line for line in old.splitlines() if "NB-10235" not in line and "NB-10236" not in
            line and "Intune: 24H2" not in line]
    assert all(line in text.splitlines() for line in kept)


@pytest.mark.parametrize("edits", [
    [(10, 12, "XX")],
    [(0, 0, "# head\n"), (30, 31, "y\nz"), (200, 200, "\n  - id: new")],
    [(5, 5, "a"), (6, 9, ""), (7 * 30, 7 * 30 + 4, "q")],
])
def test_the_diff_from_edits_is_diff_u(edits: list[tuple[int, int, str]]) -> None:
    old = "".join(f"line {n:02d} of the file\n" for n in range(40))
    document = Document(old)
    for start, end, new in edits:
        document.replace(start, end, new)
    new_text = document.result()
    expected = "".join(difflib.unified_diff(old.splitlines(True), new_text.splitlines(True),
                                            "a/f.yaml", "b/f.yaml", n=3))
    mine = unified("f.yaml", old, document.ordered())

    def body(diff: str) -> list[str]:  # difflib writes "-1,3" as "-1,3" and "-0,0" as "-0,0"
        return [line.rstrip() for line in diff.splitlines()]
    assert body(mine) == body(expected)


def test_a_windows_file_keeps_its_line_ends() -> None:
    old = "devices:\r\n  - id: A\r\n    kind: laptop\r\n    os:\r\n      name: windows\r\n" \
          "  - id: B\r\n    kind: desktop\r\n"
    document = Document(old, _order("devices"))
    items = document.items(*document.section("devices"))  # type: ignore[misc]
    _set_values(document.record(items, 0), {"serial": "X1", "os.version": "11 24H2"})
    document.append("devices", {"id": "C", "kind": "dock"})
    new = document.result()
    assert "\n" not in new.replace("\r\n", "")
    assert parse(new).data == {"devices": [
        {"id": "A", "kind": "laptop", "serial": "X1", "os": {"name": "windows",
                                                           "version": "11 24H2"}},
        {"id": "B", "kind": "desktop"}, {"id": "C", "kind": "dock"}]}

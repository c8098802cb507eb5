"""`itready lifecycle`: the bundled OS lifecycle table on a check date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from click.testing import CliRunner

from itready.cli import main
from itready.formats.lifecycle import status
from itready.lifecycle import LifecycleTable

AS_OF = "2026-11-27"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["lifecycle", *args])


def body(output: str) -> list[list[str]]:
    """Table rows split on runs of two or more blanks."""
    import re

    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"OS\s+Release", line))
    rows = []
    for line in lines[start + 2:]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def test_whole_table() -> None:
    result = run("--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    table = LifecycleTable.bundled()
    first = result.stdout.splitlines()[0]
    assert "endoflife.date" in first and "MIT" in first and table.snapshot[:12] in first
    assert "check date 2026-11-27" in result.stdout
    rows = body(result.stdout)
    assert len(rows) == len(table.releases)
    assert ["windows-server", "Windows Server 2016", "2027-01-12", "ends in 46 days"] in rows
    assert ["windows-server", "Windows Server 2022", "2031-10-14", "supported"] in rows
    assert ["android", "Android 13", "2026-03-02", "ended"] in rows
    assert ["android", "Android 16", "not announced", "supported"] in rows
    ended = sum(1 for r in table.releases if r.eol is not None and r.eol < date(2026, 11, 27))
    assert f"{len(table.releases)} releases, {ended} ended." in result.stdout


def test_within() -> None:
    result = run("--as-of", AS_OF, "--within", "60")
    assert result.exit_code == 0, result.output
    expected = LifecycleTable.bundled().ending_within(date(2026, 11, 27), 60)
    rows = body(result.stdout)
    assert [row[1] for row in rows] == [r.label for r in expected]
    assert all(row[3].startswith("ends in ") for row in rows)
    assert "within 60 days (by 2027-01-26)" in result.stdout


def test_os_filter() -> None:
    result = run("--as-of", AS_OF, "--os", "Windows-Server")
    assert result.exit_code == 0, result.output
    rows = body(result.stdout)
    assert rows and {row[0] for row in rows} == {"windows-server"}


def test_nothing_matches() -> None:
    result = run("--as-of", AS_OF, "--os", "macos", "--within", "0")
    assert result.exit_code == 0
    assert "No release matches." in result.stdout


def test_unknown_os() -> None:
    result = run("--os", "andriod")
    assert result.exit_code == 2
    assert "did you mean 'android'?" in result.stderr


def test_bad_date() -> None:
    result = run("--as-of", "27.11.2026")
    assert result.exit_code == 2
    assert "is not a date like 2026-11-27" in result.output


@pytest.mark.parametrize(("eol", "expected"), [
    (None, "supported"),
    (date(2026, 11, 26), "ended"),
    (date(2026, 11, 27), "ends today"),
    (date(2026, 11, 28), "ends in 1 day"),
    (date(2027, 5, 26), "ends in 180 days"),
    (date(2027, 5, 27), "supported"),
])
def test_status(eol: date | None, expected: str) -> None:
    assert status(eol, date(2026, 11, 27)) == expected


# --- with an inventory ----------------------------------------------------------------------------

def test_with_an_inventory_the_releases_in_use_and_their_devices() -> None:
    import json

    from conftest import ROOT

    inventory = str(ROOT / "inventories" / "musterstadt")
    listing = json.loads(run(inventory, "--as-of", AS_OF, "-f", "json").stdout)
    releases = listing["releases"]
    assert all("devices" in r for r in releases)
    own = [r for r in releases if r["source"] == "settings"]
    assert [(r["cycle"], r["eol"]) for r in own] == [("10-22h2-e", "2028-10-10")]
    assert all(r["devices"] > 0 for r in releases if r["source"] != "settings")
    # the devices on releases that have ended are exactly the ones DEV001 finds
    check = CliRunner().invoke(main, ["check", inventory, "--as-of", AS_OF, "-f", "json",
                                      "--select", "DEV001"])
    dev001 = len(json.loads(check.stdout)["findings"])
    assert sum(r["devices"] for r in releases if r["status"] == "ended") == dev001
    assert listing["unknown_devices"] == 1  # NB-31758, macOS "10.16" (DEV011)
    text = run(inventory, "--as-of", AS_OF).stdout
    assert "1 device in use runs a release the table does not know (DEV011" in text.replace(
        "\n", " ")
    assert re.search(r"Windows 10 22H2 Enterprise/Education \*\s+2028-10-10\s+supported\s+\d+",
                     text)
    assert f"as inventory {inventory} sees it: its lifecycle entries (*) apply" in text
    assert len(body(text)) == len(releases) < len(LifecycleTable.bundled().releases)


def test_without_an_inventory_no_device_column() -> None:
    result = run("--as-of", AS_OF, "--within", "60")
    assert "Devices" not in result.stdout

"""`itready lifecycle`: the bundled OS lifecycle table on a check date."""

from __future__ import annotations

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

"""The table format: plain pipe tables for e-mails and tickets."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from itready import load
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.formats import FORMATS, Options, renderer
from itready.formats.check.table import render
from itready.formats.check.text import summary_line
from itready.rules.engine import check

AS_OF = date(2026, 11, 27)


def _rich_test_module():  # type: ignore[no-untyped-def]
    """The small inventory of test_rich_format.py, so that both formats see the same report."""
    path = Path(__file__).with_name("test_rich_format.py")
    spec = importlib.util.spec_from_file_location("_rich_inventory", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def report(tmp_path: Path) -> Report:
    result = load(_rich_test_module().write_inventory(tmp_path))
    assert result.errors == []
    return check(result, AS_OF)


def rows(text: str, header: str) -> list[list[str]]:
    """The body rows of the table whose header row starts with ``| header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header}"))
    body = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        body.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return body


def test_registered(report: Report) -> None:
    assert "table" in FORMATS["check"]
    fmt = FORMATS["check"]["table"]
    assert f"{render.__module__}:{render.__name__}" == fmt.render
    assert fmt.people  # renders the escaped report (itready.formats.people)
    assert renderer("table")(report, Options()) == render(report, Options())


def test_summary_and_readiness(report: Report) -> None:
    text = render(report, Options())
    lines = text.splitlines()
    assert lines[0] == ("Stadtverwaltung Testhausen: readiness for mobile work, "
                        "check date 2026-11-27")
    assert lines[2] == summary_line(report)
    assert rows(text, "Workplaces") == [["all non-office", "1", "3", "33.3%"]]
    assert rows(text, "Department") == [["10 Hauptamt", "1", "2", "50.0%"],
                                        ["60 Bauamt", "0", "1", "0.0%"]]
    assert rows(text, "Site") == [["BA", "0", "1", "0.0%"], ["RH", "1", "2", "50.0%"]]


def test_findings_table_worst_first(report: Report) -> None:
    text = render(report, Options(root="inv"))
    table = rows(text, "Severity")
    assert len(table) == len(report.findings) == 8
    assert [row[0] for row in table] == ["high"] * 4 + ["medium"] * 3 + ["low"]
    assert ["high", "DEV003", "NB-2", "inv/devices.yaml:21:5",
            "laptop NB-2 is not encrypted"] in table


def test_plain_and_deterministic(report: Report) -> None:
    text = render(report, Options(color=True))
    assert "\x1b" not in text
    assert text == render(report, Options(color=False))
    assert all(line == line.rstrip() for line in text.splitlines())


def _finding(message: str, waived: bool = False) -> Finding:
    return Finding(rule="DEV003", severity="high", record_kind="device", record_id="NB-1",
                   message=message, location=Location("devices.yaml", 4, 5), waived=waived,
                   waiver=WaiverInfo("ok", date(2027, 6, 30), None) if waived else None)


def _report(findings: tuple[Finding, ...] = (), errors: tuple[InputError, ...] = (),
            counted: int = 2) -> Report:
    return Report(organisation=None, as_of=AS_OF, tool_version="0.1.0", findings=findings,
                  errors=errors, overall=Readiness("overall", counted, 1), departments=(),
                  sites=())


def test_cells_cannot_break_the_table() -> None:
    text = renderer("table")(_report((_finding("a | b\nc"),)), Options())
    assert rows(text, "Severity")[0][-1] == "a \\| b\\nc"  # line breaks escaped for people


def test_waived_findings_are_marked_and_last() -> None:
    text = render(_report((_finding("waived one", waived=True), _finding("open one"))),
                  Options())
    messages = [row[-1] for row in rows(text, "Severity")]
    assert messages == ["open one", "waived one (waived until 2027-06-30)"]


def test_input_errors() -> None:
    error = InputError("E004", "unknown key 'encryted'", Location("devices.yaml", 44, 5))
    text = render(_report(errors=(error,), counted=0), Options())
    assert "1 input error; the rules did not run." in text
    assert rows(text, "Code") == [["E004", "devices.yaml:44:5", "unknown key 'encryted'"]]
    assert "| Workplaces" not in text and "| Severity" not in text


def test_no_findings() -> None:
    text = render(_report(), Options())
    assert text.rstrip().endswith("No findings.")

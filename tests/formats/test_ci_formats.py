"""The CI formats: JUnit, GitLab Code Quality, GitHub annotations, markdown, CSV; --report."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

from itready import load
from itready.cli import main
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.formats import FORMATS, Options, renderer
from itready.formats.check import csv as csv_format
from itready.formats.check import github, gitlab, junit, markdown
from itready.rules.engine import check

INVENTORY = TESTS / "data" / "ci-inventory"
AS_OF = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INVENTORY, tmp_path / "inventory"))


@pytest.fixture
def report(inventory: Path) -> Report:
    result = load(inventory)
    assert result.errors == []
    return check(result, AS_OF)


def finding(rule: str = "X001", record: str = "D-1", message: str = "m", *,
            severity: str = "high", path: str = "devices.yaml", line: int = 3, column: int = 5,
            field: str | None = None, waived: bool = False) -> Finding:
    return Finding(rule=rule, severity=severity, record_kind="device", record_id=record,
                   message=message, location=Location(path, line, column), field=field,
                   waived=waived, waiver=WaiverInfo("ok", AS_OF, None) if waived else None)


def make_report(findings: tuple[Finding, ...] = (), errors: tuple[InputError, ...] = (),
                organisation: str | None = "Stadt X") -> Report:
    return Report(organisation=organisation, as_of=AS_OF, tool_version="1.0.0",
                  findings=findings, errors=errors, overall=Readiness("overall", 4, 3),
                  departments=(Readiness("10 Hauptamt", 4, 3),), sites=(Readiness("RH", 4, 3),))


def test_the_small_inventory_has_findings_of_every_severity(report: Report) -> None:
    assert {f.severity for f in report.unwaived} == {"critical", "high", "medium", "low",
                                                     "info"}
    assert [f.rule for f in report.findings if f.waived] == ["DEV007"]


def test_every_ci_format_is_registered() -> None:
    for name in ("sarif", "junit", "gitlab", "github", "markdown", "csv"):
        assert name in FORMATS["check"]
        assert callable(renderer(name))


# -- JUnit ------------------------------------------------------------------------------------


def test_junit_parses_with_one_case_per_finding_and_per_clean_rule(report: Report) -> None:
    root = ET.fromstring(junit.render(report, Options(repo_prefix="inv/")))
    assert root.tag == "testsuites"
    (suite,) = root
    cases = suite.findall("testcase")
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names))
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    passed = [c for c in cases if len(c) == 0]
    assert len(failed) == len(report.unwaived)
    assert len(skipped) == 1 and "100% replaced" in skipped[0][0].get("message", "")
    with_findings = {f.rule for f in report.findings}
    assert {c.get("classname") for c in passed} == {
        f"itready.{r.id}" for r in report.rules if r.id not in with_findings}
    assert suite.get("tests") == root.get("tests") == str(len(cases))
    assert suite.get("failures") == str(len(failed))
    assert suite.get("skipped") == "1"
    dev003 = next(c for c in failed if c.get("classname") == "itready.DEV003")
    assert dev003.get("file") == "inv/devices/hauptamt.yaml"
    assert dev003.get("line") == "9"
    failure = dev003.find("failure")
    assert failure is not None
    assert failure.get("type") == "critical"
    assert failure.get("message") == "laptop NB-00017 is not encrypted"
    assert "Remediation:" in (failure.text or "")


def test_junit_names_are_unique_even_for_repeated_findings() -> None:
    same = finding("X001", "D-1", "first", field="ip")
    report = make_report((same, finding("X001", "D-1", "second", field="ip", line=9),
                          finding("X001", "D-1", "third", field="ip", line=12)),
                         (InputError("E004", "unknown key", Location("a.yaml", 1, 1)),
                          InputError("E004", "unknown key", Location("a.yaml", 1, 1))))
    root = ET.fromstring(junit.render(report, Options()))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == 5 and len(set(names)) == 5
    assert names[2:] == ["X001 D-1 ip", "X001 D-1 ip (2)", "X001 D-1 ip (3)"]
    errors = [c.find("error") for c in root.iter("testcase")]
    assert [e.get("type") for e in errors if e is not None] == ["E004", "E004"]
    assert root.get("errors") == "2" and root.get("failures") == "3"


def test_junit_survives_text_that_xml_cannot_hold() -> None:
    report = make_report((finding(message="bell \x07, <tag> & \"quotes\"\nline two",
                                  record="D-\x01"),))
    root = ET.fromstring(junit.render(report, Options()))
    failure = next(root.iter("failure"))
    # JUnit is a machine format: exact values, less what XML 1.0 forbids (dropped)
    assert failure.get("message") == "bell , <tag> & \"quotes\"\nline two"
    assert next(root.iter("testcase")).get("name") == "X001 D-"


# -- GitLab Code Quality ----------------------------------------------------------------------


def test_gitlab_entries_have_the_fields_the_widget_reads(report: Report) -> None:
    entries = json.loads(gitlab.render(report, Options(repo_prefix="inv/")))
    assert isinstance(entries, list)
    assert len(entries) == len(report.unwaived)  # waived findings are left out
    for entry, f in zip(entries, report.unwaived, strict=True):
        assert entry["description"] == f"{f.rule}: {f.message}"
        assert entry["check_name"] == f.rule
        assert entry["fingerprint"] == f.fingerprint
        assert entry["location"] == {"path": f"inv/{f.location.path}",
                                     "lines": {"begin": f.location.line}}
    severities = {e["check_name"]: e["severity"] for e in entries}
    assert severities == {"DEV003": "critical", "LIC005": "major", "WP001": "major",
                          "SPC002": "minor", "NET002": "minor", "WP006": "minor",
                          "WP002": "minor", "DEV009": "info", "SPC003": "info",
                          "LIC004": "info"}
    assert len({e["fingerprint"] for e in entries}) == len(entries)


def test_gitlab_input_errors_are_blockers() -> None:
    errors = (InputError("E001", "YAML syntax error: bad", Location("a.yaml", 3, 9)),
              InputError("E001", "YAML syntax error: bad", Location("a.yaml", 7, 9)))
    entries = json.loads(gitlab.render(make_report(errors=errors), Options()))
    assert [e["severity"] for e in entries] == ["blocker", "blocker"]
    assert [e["location"]["lines"]["begin"] for e in entries] == [3, 7]
    assert entries[0]["check_name"] == "E001"
    assert entries[0]["fingerprint"] != entries[1]["fingerprint"]


def test_gitlab_report_file_has_no_bom(inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / "gl-code-quality-report.json"
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "gitlab", "-o", str(out)])
    assert result.exit_code == 1
    data = out.read_bytes()
    assert data.startswith(b"[")
    assert json.loads(data.decode("utf-8"))


# -- GitHub annotations -----------------------------------------------------------------------


def test_github_escaping_matches_the_runner() -> None:
    assert github.escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert github.escape_property("100% done\r\nnext: a,b") == \
        "100%25 done%0D%0Anext%3A a%2Cb"
    assert github.escape_data("%0A") == "%250A"  # no double meaning


def test_github_annotation_lines_are_escaped_exactly() -> None:
    report = make_report((
        finding("X001", "D-1", "50% of 2: a, b\nsecond line\r", severity="critical",
                path="dir,1/a:b.yaml", line=4, column=2),
        finding("X002", "D-2", "medium", severity="medium"),
        finding("X003", "D-3", "low", severity="low"),
        finding("X004", "D-4", "info", severity="info"),
        finding("X005", "D-5", "waived", severity="high", waived=True),
    ), (InputError("E004", "unknown key 'a,b'", Location("x.yaml", 2, 3)),))
    lines = renderer("github")(report, Options(repo_prefix="inv/")).splitlines()
    assert lines[0] == "::error file=inv/x.yaml,line=2,col=3,title=E004 input error::" \
        "unknown key 'a,b'"
    assert lines[1] == ("::error file=inv/dir%2C1/a%3Ab.yaml,line=4,col=2,title=X001::"
                        "50%25 of 2: a, b\\nsecond line\\r")  # escaped for people first
    assert lines[2].startswith("::warning file=inv/devices.yaml,line=3,col=5,title=X002::")
    assert lines[3].startswith("::notice ")
    assert lines[4].startswith("::notice ")
    assert len(lines) == 6  # the waived finding is not annotated; one summary line
    assert not lines[5].startswith("::")


def test_github_titles_carry_the_rule_title_escaped(report: Report) -> None:
    text = github.render(report, Options())
    assert "title=WP001 Workplace has no secure%2C supported laptop or tablet::" in text
    assert "::error file=devices/hauptamt.yaml,line=9,col=5,title=DEV003 " in text


def test_github_format_appends_the_markdown_summary(inventory: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", "utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27"],
                                env=env)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("::")  # auto picks github in GitHub Actions
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### itready check: ")
    assert "| `DEV003` |" in text
    assert "::" not in result.stderr


def test_no_step_summary_for_other_formats(inventory: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27", "-f", "text"],
                       env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


# -- markdown ---------------------------------------------------------------------------------


def test_markdown_has_summary_readiness_and_findings(report: Report) -> None:
    text = markdown.render(report, Options(repo_prefix="inv/"))
    assert text.startswith("### itready check: Stadtverwaltung Goldstadt, Amt 10: IT, as of "
                           "2026-11-27\n")
    assert "**10 findings** (1 critical, 2 high, 4 medium, 2 low, 1 info), 1 waived." in text
    assert "| **overall** | 0 | 2 | 0.0% |" in text
    assert "| department 10 Hauptamt | 0 | 1 | 0.0% |" in text
    assert "| site RH | 0 | 2 | 0.0% |" in text
    rows = [line for line in text.splitlines() if line.startswith("| critical")
            or line.startswith("| high") or line.startswith("| medium")
            or line.startswith("| low") or line.startswith("| info")]
    assert len(rows) == 10
    assert rows[0] == ("| critical | `DEV003` | `NB-00017` | laptop NB-00017 is not encrypted | "
                       "`inv/devices/hauptamt.yaml:9` |")
    assert "<details><summary>1 waived finding</summary>" in text


def test_markdown_escapes_what_would_break_a_table() -> None:
    report = make_report((finding(message="a | b <script>x</script> @admin *bold* `c`\nd"),),
                         organisation="Amt | <b>")
    text = markdown.render(report, Options())
    row = next(line for line in text.splitlines() if line.startswith("| high"))
    assert row.count(" | ") == 4  # five cells, no more
    assert "<script>" not in text and "<b>" not in text
    assert "@admin" not in text
    assert "a \\| b &lt;script&gt;" in row


def test_markdown_limits_rows_unless_all() -> None:
    many = tuple(finding("X001", f"D-{n:04}", "m", line=n + 1) for n in range(150))
    report = make_report(many)
    short = markdown.render(report, Options())
    assert short.count("| high |") == markdown.MAX_ROWS
    assert "… and 50 more" in short
    assert markdown.render(report, Options(show_all=True)).count("| high |") == 150


def test_markdown_lists_input_errors() -> None:
    text = markdown.render(make_report(errors=(
        InputError("E009", "site 'RZ2' is unknown", Location("w.yaml", 4, 5)),)), Options())
    assert "**1 input error**" in text
    assert "| `E009` | site 'RZ2' is unknown | `w.yaml:4:5` |" in text


# -- CSV --------------------------------------------------------------------------------------


def test_csv_has_one_row_per_finding(report: Report) -> None:
    text = csv_format.render(report, Options())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(csv_format.COLUMNS)
    assert len(rows) == len(report.findings)
    first = rows[0]
    f = report.findings[0]
    assert (first["path"], first["line"], first["column"], first["rule"], first["record_id"],
            first["fingerprint"]) == (f.location.path, str(f.location.line),
                                      str(f.location.column), f.rule, f.record_id,
                                      f.fingerprint)
    assert sorted(r["waived"] for r in rows).count("true") == 1
    assert "\r" not in text and not text.startswith("\ufeff")


def test_csv_neutralises_formulas_and_lists_errors() -> None:
    report = make_report((finding(message="=HYPERLINK(\"http://x\")", record="+D-1"),
                          finding(message="-2+3", record="@SUM(A1)", field="\tx"),
                          finding(message="fine = fine", record="D-3")),
                         (InputError("E006", "=1+1 is not a date", Location("a.yaml", 2, 3)),))
    rows = list(csv.reader(io.StringIO(csv_format.render(report, Options()))))[1:]
    assert rows[0][3:5] == ["error", "E006"]
    assert rows[0][8] == "'=1+1 is not a date"
    assert rows[1][6] == "'+D-1" and rows[1][8] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][6] == "'@SUM(A1)" and rows[2][7] == "'\tx" and rows[2][8] == "'-2+3"
    assert rows[3][6] == "D-3" and rows[3][8] == "fine = fine"
    assert rows[1][1] == "3"  # numbers stay numbers


# -- the CLI: -f, -o and --report -------------------------------------------------------------


def test_one_run_writes_every_report(inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    names = ("sarif", "junit", "gitlab", "github", "markdown", "csv", "json", "text")
    args = ["check", str(inventory), "--as-of", "2026-11-27", "-f", "text"]
    for name in names:
        args += ["--report", f"{name}={out / ('r.' + name)}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"r.{n}" for n in names)
    options = Options(root=str(inventory))
    report = check(load(inventory), AS_OF)
    for name in names:
        written = (out / f"r.{name}").read_text("utf-8")
        if name not in ("sarif", "junit", "gitlab", "github", "markdown"):
            assert written == renderer(name)(report, options), name
    assert result.stdout == renderer("text")(report, options)
    assert "wrote sarif report to" in result.stderr
    assert "wrote" not in result.stdout


def test_report_option_is_checked(inventory: Path) -> None:
    for bad in ("sarif", "nope=x.txt", "sarif=", "auto=x.txt"):
        result = CliRunner().invoke(main, ["check", str(inventory), "--report", bad])
        assert result.exit_code == 2, bad
        assert "--report" in result.stderr
    result = CliRunner().invoke(main, ["check", str(inventory), "--report", "json=a.json",
                                       "--report", "csv=a.json"])
    assert result.exit_code == 2 and "more than once" in result.stderr
    result = CliRunner().invoke(main, ["check", str(inventory), "--report", "json=a.json",
                                       "-o", "a.json"])
    assert result.exit_code == 2 and "more than once" in result.stderr


def test_format_choice_lists_every_format(inventory: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(inventory), "-f", "nope"])
    assert result.exit_code == 2
    for name in ("auto", *FORMATS["check"]):
        assert name in result.stderr


def test_unwritable_report_is_an_error(inventory: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(inventory), "--as-of", "2026-11-27",
                                       "-f", "text", "--report",
                                       f"json={tmp_path / 'missing' / 'r.json'}"])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr

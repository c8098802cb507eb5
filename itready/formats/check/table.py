"""Table: plain tables without colour, for e-mails and tickets.

A title line and the summary line, then readiness (overall, per department, per site), the
input errors if any, and every finding, worst first. Tables are GitHub-flavoured pipe tables
(tabulate's "github" format): they read as plain text in an e-mail and render as tables in
GitHub, GitLab and most ticket systems. Cells are one line each; a ``|`` in a message is escaped
so that it cannot break a table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tabulate import tabulate

from itready.errors import unchecked_references
from itready.findings import SEVERITY_RANK, Finding, Readiness, Report
from itready.formats import Options, display_path
from itready.formats.check.text import summary_line
from itready.words import plural

TABLEFMT = "github"


def _cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]],
           align: Sequence[str]) -> str:
    body = [[_cell(value) for value in row] for row in rows]
    return tabulate(body, headers=list(headers), tablefmt=TABLEFMT, disable_numparse=True,
                    colalign=list(align))


def _readiness_rows(groups: Iterable[Readiness]) -> list[list[object]]:
    return [[g.name, g.ready, g.counted, g.percent] for g in groups]


def _location(options: Options, path: str, line: int, column: int) -> str:
    return f"{display_path(options, path)}:{line}:{column}"


def _message(finding: Finding) -> str:
    if finding.waived:
        until = f" until {finding.waiver.until.isoformat()}" if finding.waiver else ""
        return f"{finding.message} (waived{until})"
    return finding.message


def render(report: Report, options: Options) -> str:
    title = report.organisation or "itready report"
    not_run = bool(report.errors) and not report.findings and report.overall.counted == 0
    parts = [f"{title}: readiness for mobile work, check date {report.as_of.isoformat()}",
             plural(len(report.errors), "{n} input error", "{n} input errors")
             + "; the rules did not run." if not_run else summary_line(report)]
    numbers = ("left", "right", "right", "right")
    if report.overall.counted:
        overall = report.overall
        parts.append("Readiness\n\n" + _table(
            ("Workplaces", "Ready", "Counted", "Share"),
            [["all non-office", overall.ready, overall.counted, overall.percent]], numbers))
        if report.departments:
            parts.append("Readiness by department\n\n" + _table(
                ("Department", "Ready", "Counted", "Share"),
                _readiness_rows(report.departments), numbers))
        if report.sites:
            parts.append("Readiness by site\n\n" + _table(
                ("Site", "Ready", "Counted", "Share"), _readiness_rows(report.sites), numbers))
    if report.errors:
        parts.append(f"Input errors ({len(report.errors)})\n\n" + _table(
            ("Code", "Location", "Message"),
            [[e.code, _location(options, e.location.path, e.location.line, e.location.column),
              e.message] for e in report.errors], ("left", "left", "left"))
            + (f"\n{unchecked_references(report.unchecked_references)}"
               if report.unchecked_references else ""))
    if report.findings:
        findings = sorted(report.findings,
                          key=lambda f: (f.waived, SEVERITY_RANK[f.severity], f.sort_key()))
        parts.append(f"Findings ({len(findings)})\n\n" + _table(
            ("Severity", "Rule", "Record", "Location", "Message"),
            [[f.severity, f.rule, f.record_id,
              _location(options, f.location.path, f.location.line, f.location.column),
              _message(f)] for f in findings], ("left",) * 5))
    elif not report.errors:
        parts.append("No findings.")
    return "\n\n".join(parts) + "\n"

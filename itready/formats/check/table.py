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
from itready.findings import SEVERITY_RANK, Finding, Readiness, Report, severity_labels
from itready.formats import Options, display_path
from itready.formats.check.text import summary_line
from itready.i18n import _, plural
from itready.i18n.formatting import day

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
        if finding.waiver:
            return _("{message} (waived until {date})").format(
                message=finding.message, date=day(finding.waiver.until))
        return _("{message} (waived)").format(message=finding.message)
    return finding.message


def render(report: Report, options: Options) -> str:
    title = report.organisation or _("itready report")
    not_run = bool(report.errors) and not report.findings and report.overall.counted == 0
    parts = [_("{title}: readiness for mobile work, check date {date}").format(
                 title=title, date=day(report.as_of)),
             plural(len(report.errors), "{n} input error; the rules did not run.",
                    "{n} input errors; the rules did not run.")
             if not_run else summary_line(report)]
    numbers = ("left", "right", "right", "right")
    ready, counted, share = _("Ready"), _("Counted"), _("Share")
    if report.overall.counted:
        overall = report.overall
        parts.append(_("Readiness") + "\n\n" + _table(
            (_("Workplaces"), ready, counted, share),
            [[_("all non-office"), overall.ready, overall.counted, overall.percent]], numbers))
        if report.departments:
            parts.append(_("Readiness by department") + "\n\n" + _table(
                (_("Department"), ready, counted, share),
                _readiness_rows(report.departments), numbers))
        if report.sites:
            parts.append(_("Readiness by site") + "\n\n" + _table(
                (_("Site"), ready, counted, share), _readiness_rows(report.sites), numbers))
    if report.errors:
        parts.append(_("Input errors ({n})").format(n=len(report.errors)) + "\n\n" + _table(
            (_("Code"), _("Location"), _("Message")),
            [[e.code, _location(options, e.location.path, e.location.line, e.location.column),
              e.message] for e in report.errors], ("left", "left", "left"))
            + (f"\n{unchecked_references(report.unchecked_references)}"
               if report.unchecked_references else ""))
    if report.findings:
        findings = sorted(report.findings,
                          key=lambda f: (f.waived, SEVERITY_RANK[f.severity], f.sort_key()))
        labels = severity_labels()
        parts.append(_("Findings ({n})").format(n=len(findings)) + "\n\n" + _table(
            (_("Severity"), _("Rule"), _("Record"), _("Location"), _("Message")),
            [[labels[f.severity], f.rule, f.record_id,
              _location(options, f.location.path, f.location.line, f.location.column),
              _message(f)] for f in findings], ("left",) * 5))
    elif not report.errors:
        parts.append(_("No findings."))
    return "\n\n".join(parts) + "\n"

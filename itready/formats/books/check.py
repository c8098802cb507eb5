"""The check report as a workbook: a summary, readiness per department and per site, the
findings and the input errors.

The summary names the organisation, check date and version, and counts the findings per
severity (unwaived and waived). Readiness has a sheet per grouping, departments and sites, each
with the whole inventory's figures as its total row. The findings sheet has one row per finding
with its rule's title, the record, the message, whether and until when it is waived, where it
is (path relative to the inventory root, line, column) and its fingerprint; input errors, when
the inventory is not valid, have a sheet of their own.
"""

from __future__ import annotations

from itready.findings import SEVERITIES, Finding, Readiness, Report, severity_labels
from itready.formats import Options
from itready.formats.columns import rule_titles
from itready.formats.workbook import Book, Cell, Sheet
from itready.i18n import _, pgettext
from itready.i18n.labels import record_kinds

FINDING_KEYS = ("severity", "rule", "title", "record_kind", "record_id", "field", "message",
                "waived", "waived_until", "path", "line", "column", "fingerprint")
ERROR_KEYS = ("code", "message", "path", "line", "column")


def _finding(finding: Finding, titles: dict[str, str], labels: dict[str, str],
             kinds: dict[str, str]) -> tuple[Cell, ...]:
    loc = finding.location
    return (labels[finding.severity], finding.rule, titles.get(finding.rule, ""),
            kinds.get(finding.record_kind, finding.record_kind),
            finding.record_id, finding.field, finding.message, finding.waived,
            finding.waiver.until if finding.waived and finding.waiver else None,
            loc.path, loc.line, loc.column, finding.fingerprint)


def _readiness(name: str, key: str, groups: tuple[Readiness, ...], overall: Readiness) -> Sheet:
    return Sheet(name, (key, "counted", "ready", "share"),
                 tuple((g.name, g.counted, g.ready, g.share) for g in groups),
                 ((_("Overall"), overall.counted, overall.ready, overall.share),))


def _summary(report: Report) -> Sheet:
    unwaived = report.counts()
    waived = dict.fromkeys(SEVERITIES, 0)
    for finding in report.findings:
        if finding.waived:
            waived[finding.severity] += 1
    notes: list[tuple[str, Cell]] = [
        (_("Organisation"), report.organisation or ""), (_("Check date"), report.as_of),
        (_("itready version"), report.tool_version), (_("Input errors"), len(report.errors))]
    labels = severity_labels()
    rows = tuple((labels[severity], unwaived[severity], waived[severity])
                 for severity in SEVERITIES)
    totals = ((_("Total"), sum(unwaived.values()), sum(waived.values())),)
    return Sheet(pgettext("sheet", "Summary"), ("severity", "findings", "waived_findings"), rows,
                 totals, tuple(notes))


def book(report: Report, options: Options) -> Book:
    """The workbook of ``itready check -f xlsx``."""
    titles, labels, kinds = rule_titles(report.rules), severity_labels(), record_kinds()
    sheets = [_summary(report),
              _readiness(pgettext("sheet", "Departments"), "department", report.departments,
                         report.overall),
              _readiness(pgettext("sheet", "Sites"), "site", report.sites, report.overall),
              Sheet(pgettext("sheet", "Findings"), FINDING_KEYS,
                    tuple(_finding(f, titles, labels, kinds) for f in report.findings))]
    if report.errors:
        sheets.append(Sheet(pgettext("sheet", "Input errors"), ERROR_KEYS, tuple(
            (e.code, e.message, e.location.path, e.location.line, e.location.column)
            for e in sorted(report.errors, key=lambda e: e.sort_key()))))
    title = _("Check report") + (f": {report.organisation}" if report.organisation else "")
    return Book(title, report.as_of, tuple(sheets))

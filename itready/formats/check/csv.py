"""CSV for spreadsheets: one row per finding, and one per input error.

RFC 4180 quoting, comma separated, UTF-8 without a byte order mark, ``\\n`` line ends (the same
bytes on every platform). Columns: path, line, column, severity, rule, record_kind, record_id,
field, message, waived, fingerprint. ``path`` is relative to the inventory root, as in JSON.
Input errors come first, with severity ``error`` and their code as the rule. Cells are written by
``itready.formats.spreadsheet.csv_text`` as in every CSV of itready: a cell that a spreadsheet
could read as a formula gets an apostrophe, and a cell with a ``,`` or ``;`` is quoted, so that
opening a report never runs anything.
"""

from __future__ import annotations

from itready.findings import Report
from itready.formats import Options
from itready.formats.spreadsheet import csv_text

COLUMNS = ("path", "line", "column", "severity", "rule", "record_kind", "record_id", "field",
           "message", "waived", "fingerprint")


def render(report: Report, options: Options) -> str:
    rows: list[tuple[object, ...]] = [COLUMNS]
    for error in report.errors:
        loc = error.location
        rows.append((loc.path, loc.line, loc.column, "error", error.code, "", "", "",
                     error.message, "", ""))
    for finding in report.findings:
        loc = finding.location
        rows.append((loc.path, loc.line, loc.column, finding.severity, finding.rule,
                     finding.record_kind, finding.record_id, finding.field or "",
                     finding.message, "true" if finding.waived else "false",
                     finding.fingerprint))
    return csv_text(rows, lineterminator="\n")

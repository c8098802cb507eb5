"""CSV for spreadsheets: one row per finding, and one per input error.

RFC 4180 quoting, comma separated, UTF-8 without a byte order mark, ``\\n`` line ends (the same
bytes on every platform). Columns: path, line, column, severity, rule, record_kind, record_id,
field, message, waived, fingerprint. ``path`` is relative to the inventory root, as in JSON.
Input errors come first, with severity ``error`` and their code as the rule. Cells are written by
``itready.formats.spreadsheet.csv_text`` as in every CSV of itready: a cell that a spreadsheet
could read as a formula gets an apostrophe, and a cell with a ``,`` or ``;`` is quoted, so that
opening a report never runs anything.
``--dialect excel-de`` writes the same rows as a German Excel opens them, for people: headings in
the run's language and, beside ``rule``, the rule's title (``title``).
"""

from __future__ import annotations

from itready.findings import Report
from itready.formats import Options
from itready.formats.columns import headings, rule_titles
from itready.formats.spreadsheet import csv_text, write_rows

COLUMNS = ("path", "line", "column", "severity", "rule", "record_kind", "record_id", "field",
           "message", "waived", "fingerprint")


def _rows(report: Report) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
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
    return rows


def _for_people(rows: list[tuple[object, ...]], report: Report) -> list[list[str]]:
    """Headings in the run's language, and the rule's title after its ID."""
    titles = rule_titles(report.rules)
    at = COLUMNS.index("rule") + 1
    keys = [*COLUMNS[:at], "title", *COLUMNS[at:]]
    return [[headings()[key] for key in keys],
            *([*map(str, row[:at]), titles.get(str(row[at - 1]), ""), *map(str, row[at:])]
              for row in rows)]


def render(report: Report, options: Options) -> str:
    if options.dialect != "rfc4180":
        return write_rows(_for_people(_rows(report), report), options.dialect)
    return csv_text([COLUMNS, *_rows(report)], lineterminator="\n")

"""CSV for spreadsheets: one row per finding, and one per input error.

RFC 4180 quoting, comma separated, UTF-8 without a byte order mark, ``\\n`` line ends (the same
bytes on every platform). Columns: path, line, column, severity, rule, record_kind, record_id,
field, message, waived, fingerprint. ``path`` is relative to the inventory root, as in JSON.
Input errors come first, with severity ``error`` and their code as the rule. A cell that a
spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return at
the start) gets a leading apostrophe, so that opening a report never runs anything.
``--dialect excel-de`` writes the same rows as a German Excel opens them
(``itready.formats.spreadsheet``).
"""

from __future__ import annotations

import csv
import io

from itready.findings import Report
from itready.formats import Options

COLUMNS = ("path", "line", "column", "severity", "rule", "record_kind", "record_id", "field",
           "message", "waived", "fingerprint")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet shows as text, never evaluates; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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


def render(report: Report, options: Options) -> str:
    if options.dialect != "rfc4180":
        from itready.formats.spreadsheet import write_rows

        return write_rows([COLUMNS, *([str(v) for v in row] for row in _rows(report))],
                          options.dialect)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _rows(report):
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()

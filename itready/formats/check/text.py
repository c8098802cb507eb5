"""Plain text: one line per finding and error, for logs, grep and editors."""

from __future__ import annotations

from collections.abc import Iterable

from itready.errors import InputError, unchecked_references
from itready.findings import Report
from itready.formats import Options, display_path
from itready.words import plural


def error_line(error: InputError, options: Options) -> str:
    """One input error as every command prints it: ``path:line:col: error E004 message``."""
    loc = error.location
    return (f"{display_path(options, loc.path)}:{loc.line}:{loc.column}: error {error.code} "
            f"{error.message}")


def error_lines(errors: Iterable[InputError], unchecked: int, options: Options) -> list[str]:
    """Every input error, one per line, and the count of references not checked."""
    lines = [error_line(error, options) for error in errors]
    if unchecked:
        lines.append(unchecked_references(unchecked))
    return lines


def render(report: Report, options: Options) -> str:
    lines = error_lines(report.errors, report.unchecked_references, options)
    for finding in report.findings:
        loc = finding.location
        waived = " (waived)" if finding.waived else ""
        lines.append(f"{display_path(options, loc.path)}:{loc.line}:{loc.column}: "
                     f"{finding.severity} {finding.rule} {finding.record_id}: "
                     f"{finding.message}{waived}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    counts = report.counts()
    by_severity = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    waived = sum(1 for f in report.findings if f.waived)
    overall = report.overall
    parts = [plural(len(report.unwaived), "{n} finding", "{n} findings")
             + (f" ({by_severity})" if by_severity else "")]
    if waived:
        parts.append(f"{waived} waived")
    if report.errors:
        parts.append(plural(len(report.errors), "{n} error", "{n} errors"))
    parts.append(f"ready {overall.ready}/{overall.counted} non-office workplaces "
                 f"({overall.percent})")
    return f"{', '.join(parts)}; as of {report.as_of}"

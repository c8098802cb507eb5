"""Plain text: one line per finding and error, for logs, grep and editors."""

from __future__ import annotations

from itready.findings import Report
from itready.formats import Options, display_path


def render(report: Report, options: Options) -> str:
    lines = []
    for error in report.errors:
        loc = error.location
        lines.append(f"{display_path(options, loc.path)}:{loc.line}:{loc.column}: error "
                     f"{error.code}: {error.message}")
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
    parts = [f"{len(report.unwaived)} findings" + (f" ({by_severity})" if by_severity else "")]
    if waived:
        parts.append(f"{waived} waived")
    if report.errors:
        parts.append(f"{len(report.errors)} errors")
    parts.append(f"ready {overall.ready}/{overall.counted} non-office workplaces "
                 f"({overall.percent})")
    return f"{', '.join(parts)}; as of {report.as_of}"

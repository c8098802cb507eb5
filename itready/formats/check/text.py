"""Plain text: one line per finding and error, for logs, grep and editors.

The tokens that editors and problem matchers parse stay as they are in every language
(``path:line:col: high DEV003 NB-1: …``, ``path:line:col: error E004 …``); the messages after them
and the summary line speak the run's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from itready.errors import InputError, unchecked_references
from itready.findings import Report, severity_labels
from itready.formats import Options, display_path
from itready.i18n import _, plural
from itready.i18n.formatting import day


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
    waived_note = " " + _("(waived)")
    for finding in report.findings:
        loc = finding.location
        waived = waived_note if finding.waived else ""
        lines.append(f"{display_path(options, loc.path)}:{loc.line}:{loc.column}: "
                     f"{finding.severity} {finding.rule} {finding.record_id}: "
                     f"{finding.message}{waived}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def by_severity(counts: dict[str, int]) -> str:
    """``1 high, 3 medium`` (``1 hoch, 3 mittel``): the severities that occur, worst first."""
    labels = severity_labels()
    return ", ".join(f"{n} {labels[s]}" for s, n in counts.items() if n)


def summary_line(report: Report) -> str:
    severities = by_severity(report.counts())
    waived = sum(1 for f in report.findings if f.waived)
    overall = report.overall
    parts = [plural(len(report.unwaived), "{n} finding", "{n} findings")
             + (f" ({severities})" if severities else "")]
    if waived:
        parts.append(_("{n} waived").format(n=waived))
    if report.errors:
        parts.append(plural(len(report.errors), "{n} error", "{n} errors"))
    parts.append(_("ready {ready}/{counted} non-office workplaces ({share})").format(
        ready=overall.ready, counted=overall.counted, share=overall.percent))
    return _("{summary}; as of {date}").format(summary=", ".join(parts),
                                                date=day(report.as_of))

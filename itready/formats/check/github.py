"""GitHub Actions workflow commands: one annotation per unwaived finding and per input error.

``::error file=…,line=…,col=…,title=…::message`` for input errors and critical or high findings,
``::warning`` for medium, ``::notice`` for low and info; then one plain summary line. Values are
escaped as the Actions runner unescapes them: in the message ``%``, CR and LF; in a property
also ``:`` and ``,``. An escaped newline also means that no text from an inventory can start a
workflow command of its own. Waived findings are not annotated. Paths are relative to the
repository root. The markdown summary for ``$GITHUB_STEP_SUMMARY`` is written by the CLI: a
format never touches the environment.
"""

from __future__ import annotations

from itready.findings import Report
from itready.formats import Options, repo_path
from itready.formats.check.text import summary_line
from itready.i18n import _

#: itready severity -> workflow command.
COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice",
            "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message, as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property's value (file, title, ...), as the runner unescapes it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{name}={escape_property(str(value))}"
                     for name, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}" if props else \
        f"::{kind}::{escape_data(message)}"


def render(report: Report, options: Options) -> str:
    titles = {rule.id: rule.title for rule in report.rules}
    lines = []
    for error in report.errors:
        loc = error.location
        lines.append(command("error", error.message, file=repo_path(options, loc.path),
                             line=loc.line, col=loc.column,
                             title=_("{code} input error").format(code=error.code)))
    for finding in report.findings:
        if finding.waived:
            continue
        loc = finding.location
        title = finding.rule + (f" {titles[finding.rule]}" if finding.rule in titles else "")
        lines.append(command(COMMANDS[finding.severity], finding.message,
                             file=repo_path(options, loc.path), line=loc.line, col=loc.column,
                             title=title))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"

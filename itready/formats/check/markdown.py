"""Markdown for a merge-request comment or a CI job summary: summary, readiness, findings.

GitHub- and GitLab-flavoured markdown: a summary paragraph, a readiness table (overall, per
department, per site), the input errors, then the unwaived findings worst first (at most
``MAX_ROWS`` unless ``show_all``; a comment has a size limit), and the waived findings folded
away. Text from the inventory is escaped (``cell``), so that a record cannot break a table,
inject HTML, mention a user, reference an issue or merge request, start math or a link; control,
bidi and zero-width characters were made visible before (``itready.formats.people``).

GitHub and GitLab find references and mentions in the rendered text, after markdown escapes are
gone: ``\\#12`` and ``&#35;12`` still link issue 12. What stops them is a tag between the sign
and the name, which splits the text: ``<span>#</span>12``. The same keeps ``$`` from starting
math (GitHub's advice) and ``http://…``/``www.…`` from becoming links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from itready.errors import unchecked_references
from itready.findings import SEVERITY_RANK, Finding, Report
from itready.formats import Options, repo_path
from itready.words import plural

MAX_ROWS = 100

#: What ``cell`` rewrites: a sign that starts a reference, mention or math before a name or
#: number (``@x``, ``#12``, ``!12``, ``~label``, ``%milestone``, ``&epic``, ``$snippet``, ``GH-1``)
#: and every ``$``; the ``:`` of ``://`` and the ``.`` of ``www.``; HTML's ``& < >``; markdown's
#: own punctuation.
_SPECIAL = re.compile(r"""
    (?P<sign>[@\#!~%&](?=[\w"'])|\$|(?<![\w-])GH(?=-[0-9]))
  | (?<=[A-Za-z0-9]):(?=//) | (?<=\b[wW][wW][wW])\. | (?P<html>[&<>]) | (?P<md>[\\`*_\[\]|~\#])
""", re.VERBOSE)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _special(match: re.Match[str]) -> str:
    text = match.group()
    if match.group("md"):
        return "\\" + text
    if match.group("html"):
        return _HTML[text]
    return f"<span>{_HTML.get(text, text)}</span>"


def cell(text: object) -> str:
    """Text that stays inside one table cell and renders as itself: no HTML, no markdown, no
    reference, mention, math or link (see the module's description)."""
    value = _SPECIAL.sub(_special, str(text))
    return " ".join(value.splitlines()) if "\n" in value or "\r" in value else value


def paragraphs(text: str) -> str:
    """Text of several paragraphs (blank lines between) as markdown paragraphs, each escaped
    as a ``cell``, with hidden characters made visible."""
    from itready.text import shown

    parts = re.split(r"\n[ \t]*\n", str(text).strip())
    return "\n\n".join(cell(" ".join(shown(part, newlines=True).split())) for part in parts
                         if part.strip())


def code(text: str) -> str:
    """A path or an ID in a code span (backticks inside would end it, so they are dropped)."""
    value = " ".join(str(text).replace("`", "'").splitlines()).replace("|", "\\|")
    return f"`{value}`"


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {s}" for s, n in counts.items() if n)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], align: str = "") -> list[str]:
    header = list(header)
    aligns = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.sort_key()))


def findings_table(findings: list[Finding], options: Options,
                   limit: int | None = MAX_ROWS) -> list[str]:
    """The findings as table rows (worst first); a line says how many were left out."""
    shown = findings if options.show_all or limit is None else findings[:limit]
    rows = [[f.severity, code(f.rule), code(f.record_id), cell(f.message),
             code(f"{repo_path(options, f.location.path)}:{f.location.line}")]
            for f in shown]
    lines = table(["severity", "rule", "record", "message", "location"], rows)
    if len(shown) < len(findings):
        lines += ["", f"… and {len(findings) - len(shown)} more (the full list is in the text, "
                  "JSON or SARIF report)."]
    return lines


def errors_table(report: Report, options: Options) -> list[str]:
    rows = [[code(e.code), cell(e.message),
             code(f"{repo_path(options, e.location.path)}:{e.location.line}:"
                  f"{e.location.column}")] for e in report.errors]
    return table(["error", "message", "location"], rows)


def summary(report: Report) -> str:
    unwaived = report.unwaived
    waived = len(report.findings) - len(unwaived)
    by_severity = counts_text(report.counts())
    parts = ["**" + plural(len(unwaived), "{n} finding", "{n} findings") + "**"
             + (f" ({by_severity})" if by_severity else "")]
    if waived:
        parts.append(f"{waived} waived")
    if report.errors:
        parts.append("**" + plural(len(report.errors), "{n} input error", "{n} input errors")
                     + "**")
    overall = report.overall
    return (f"{', '.join(parts)}. Ready: {overall.ready} of {overall.counted} non-office "
            f"workplaces ({overall.percent}).")


def title(report: Report) -> str:
    who = f": {cell(report.organisation)}" if report.organisation else ""
    return f"### itready check{who}, as of {report.as_of.isoformat()}"


def render(report: Report, options: Options) -> str:
    lines = [title(report), "", summary(report)]
    if report.errors:
        lines += ["", "The inventory is invalid: fix these input errors first.", ""]
        lines += errors_table(report, options)
        if report.unchecked_references:
            lines += ["", unchecked_references(report.unchecked_references)]
    if report.overall.counted or report.departments or report.sites:
        rows = [["**overall**", str(report.overall.ready), str(report.overall.counted),
                 report.overall.percent]]
        rows += [[f"department {cell(d.name)}", str(d.ready), str(d.counted), d.percent]
                 for d in report.departments]
        rows += [[f"site {cell(s.name)}", str(s.ready), str(s.counted), s.percent]
                 for s in report.sites]
        lines += ["", "#### Readiness", ""]
        lines += table(["non-office workplaces", "ready", "counted", "share"], rows, "lrrr")
    unwaived = worst_first(report.unwaived)
    if unwaived:
        lines += ["", "#### Findings", ""]
        lines += findings_table(unwaived, options)
    waived = [f for f in report.findings if f.waived]
    if waived:
        rows = [[code(f.rule), code(f.record_id), cell(f.message),
                 cell(f.waiver.reason or "") if f.waiver else "",
                 f.waiver.until.isoformat() if f.waiver else ""] for f in waived]
        lines += ["", "<details><summary>" + plural(
            len(waived), "{n} waived finding", "{n} waived findings") + "</summary>", ""]
        lines += table(["rule", "record", "message", "reason", "until"], rows)
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"

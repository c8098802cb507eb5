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
from itready.findings import SEVERITY_RANK, Finding, Report, severity_labels
from itready.formats import Options, repo_path
from itready.formats.check.text import by_severity
from itready.i18n import _, plural
from itready.i18n.formatting import day

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
    labels = severity_labels()
    rows = [[labels[f.severity], code(f.rule), code(f.record_id), cell(f.message),
             code(f"{repo_path(options, f.location.path)}:{f.location.line}")]
            for f in shown]
    lines = table([_("severity"), _("rule"), _("record"), _("message"), _("location")], rows)
    if len(shown) < len(findings):
        lines += ["", _("… and {n} more (the full list is in the text, JSON or SARIF "
                        "report).").format(n=len(findings) - len(shown))]
    return lines


def errors_table(report: Report, options: Options) -> list[str]:
    rows = [[code(e.code), cell(e.message),
             code(f"{repo_path(options, e.location.path)}:{e.location.line}:"
                  f"{e.location.column}")] for e in report.errors]
    return table([_("error"), _("message"), _("location")], rows)


def summary(report: Report) -> str:
    unwaived = report.unwaived
    waived = len(report.findings) - len(unwaived)
    severities = by_severity(report.counts())
    parts = ["**" + plural(len(unwaived), "{n} finding", "{n} findings") + "**"
             + (f" ({severities})" if severities else "")]
    if waived:
        parts.append(_("{n} waived").format(n=waived))
    if report.errors:
        parts.append("**" + plural(len(report.errors), "{n} input error", "{n} input errors")
                     + "**")
    overall = report.overall
    return _("{summary}. Ready: {ready} of {counted} non-office workplaces ({share}).").format(
        summary=", ".join(parts), ready=overall.ready, counted=overall.counted,
        share=overall.percent)


def title(report: Report) -> str:
    if report.organisation:
        return "### " + _("itready check: {organisation}, as of {date}").format(
            organisation=cell(report.organisation), date=day(report.as_of))
    return "### " + _("itready check, as of {date}").format(date=day(report.as_of))


def render(report: Report, options: Options) -> str:
    lines = [title(report), "", summary(report)]
    if report.errors:
        lines += ["", _("The inventory is invalid: fix these input errors first."), ""]
        lines += errors_table(report, options)
        if report.unchecked_references:
            lines += ["", unchecked_references(report.unchecked_references)]
    if report.overall.counted or report.departments or report.sites:
        rows = [["**" + _("overall") + "**", str(report.overall.ready),
                 str(report.overall.counted), report.overall.percent]]
        rows += [[_("department {name}").format(name=cell(d.name)), str(d.ready),
                  str(d.counted), d.percent] for d in report.departments]
        rows += [[_("site {id}").format(id=cell(s.name)), str(s.ready), str(s.counted),
                  s.percent] for s in report.sites]
        lines += ["", "#### " + _("Readiness"), ""]
        lines += table([_("non-office workplaces"), _("ready"), _("counted"), _("share")], rows,
                       "lrrr")
    unwaived = worst_first(report.unwaived)
    if unwaived:
        lines += ["", "#### " + _("Findings"), ""]
        lines += findings_table(unwaived, options)
    waived = [f for f in report.findings if f.waived]
    if waived:
        rows = [[code(f.rule), code(f.record_id), cell(f.message),
                 cell(f.waiver.reason or "") if f.waiver else "",
                 day(f.waiver.until) if f.waiver else ""] for f in waived]
        lines += ["", "<details><summary>" + plural(
            len(waived), "{n} waived finding", "{n} waived findings") + "</summary>", ""]
        lines += table([_("rule"), _("record"), _("message"), _("reason"), _("until")], rows)
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"

"""Formats of a diff: text, JSON and markdown show added and resolved findings.

Every other format of check reports renders the report of the added findings
(``itready.compare.added_report``, the view ``FORMATS["diff"]`` names), so that CI annotations
show what a change adds.
"""

from __future__ import annotations

import json

from itready.compare import Diff
from itready.findings import SEVERITIES, Finding
from itready.formats import Options, display_path
from itready.formats.check import markdown as md
from itready.formats.check.json import SCHEMA_VERSION, error_dict, finding_dict
from itready.formats.check.text import by_severity
from itready.i18n import _, plural
from itready.i18n.formatting import day


def _counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _by_severity(findings: tuple[Finding, ...]) -> str:
    text = by_severity(_counts(findings))
    return f" ({text})" if text else ""


def summary_line(diff: Diff) -> str:
    parts = [_("{n} added").format(n=len(diff.added)) + _by_severity(diff.added),
             _("{n} resolved").format(n=len(diff.resolved))]
    if diff.head.errors:
        parts.append(plural(len(diff.head.errors), "{n} error", "{n} errors"))
    return _("{summary} compared with {rev} ({commit}); as of {date}").format(
        summary=", ".join(parts), rev=diff.rev, commit=diff.commit[:12],
        date=day(diff.head.as_of))


def render_text(diff: Diff, options: Options) -> str:
    """``+`` for an added finding, ``-`` for a resolved one (at its place at the revision)."""
    lines = []
    for error in diff.head.errors:
        loc = error.location
        lines.append(f"{display_path(options, loc.path)}:{loc.line}:{loc.column}: error "
                     f"{error.code}: {error.message}")
    for sign, findings in (("+", diff.added), ("-", diff.resolved)):
        for f in findings:
            loc = f.location
            lines.append(f"{sign} {display_path(options, loc.path)}:{loc.line}:{loc.column}: "
                         f"{f.severity} {f.rule} {f.record_id}: {f.message}")
    lines.append(summary_line(diff))
    return "\n".join(lines) + "\n"


def render_json(diff: Diff, options: Options) -> str:
    head = diff.head
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "itready", "version": head.tool_version},
        "organisation": head.organisation,
        "as_of": head.as_of.isoformat(),
        "base": {"rev": diff.rev, "commit": diff.commit},
        "summary": {"added": len(diff.added), "resolved": len(diff.resolved),
                    "errors": len(head.errors), "by_severity": _counts(diff.added)},
        "added": [finding_dict(f) for f in diff.added],
        "resolved": [finding_dict(f) for f in diff.resolved],
        "errors": [error_dict(e) for e in head.errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(diff: Diff, options: Options) -> str:
    head = diff.head
    added, resolved = len(diff.added), len(diff.resolved)
    title = _("itready diff: {organisation}, as of {date}").format(
        organisation=md.cell(head.organisation), date=day(head.as_of)) \
        if head.organisation else _("itready diff, as of {date}").format(date=day(head.as_of))
    lines = ["### " + title, "",
             _("Compared with {rev} ({commit}): {added}{by_severity}, {resolved} "
               "resolved.").format(
                 rev=md.code(diff.rev), commit=md.code(diff.commit[:12]),
                 added="**" + plural(added, "{n} added finding", "{n} added findings") + "**",
                 by_severity=_by_severity(diff.added), resolved=resolved)]
    if head.errors:
        lines += ["", _("The inventory is invalid: fix these input errors first."), ""]
        lines += md.errors_table(head, options)
    if diff.added:
        lines += ["", "#### " + _("Added"), ""]
        lines += md.findings_table(md.worst_first(diff.added), options)
    if diff.resolved:
        lines += ["", "#### " + _("Resolved"), ""]
        lines += md.findings_table(md.worst_first(diff.resolved), options)
    return "\n".join(lines) + "\n"


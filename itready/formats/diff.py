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
from itready.words import plural


def _counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _by_severity(findings: tuple[Finding, ...]) -> str:
    text = ", ".join(f"{n} {s}" for s, n in _counts(findings).items() if n)
    return f" ({text})" if text else ""


def summary_line(diff: Diff) -> str:
    parts = [f"{len(diff.added)} added{_by_severity(diff.added)}",
             f"{len(diff.resolved)} resolved"]
    if diff.head.errors:
        parts.append(plural(len(diff.head.errors), "{n} error", "{n} errors"))
    return (f"{', '.join(parts)} compared with {diff.rev} ({diff.commit[:12]}); "
            f"as of {diff.head.as_of}")


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
    who = f": {md.cell(head.organisation)}" if head.organisation else ""
    added, resolved = len(diff.added), len(diff.resolved)
    lines = [f"### itready diff{who}, as of {head.as_of.isoformat()}", "",
             f"Compared with {md.code(diff.rev)} ({md.code(diff.commit[:12])}): "
             "**" + plural(added, "{n} added finding", "{n} added findings")
             + f"**{_by_severity(diff.added)}, "
             f"{resolved} resolved."]
    if head.errors:
        lines += ["", "The inventory is invalid: fix these input errors first.", ""]
        lines += md.errors_table(head, options)
    if diff.added:
        lines += ["", "#### Added", ""]
        lines += md.findings_table(md.worst_first(diff.added), options)
    if diff.resolved:
        lines += ["", "#### Resolved", ""]
        lines += md.findings_table(md.worst_first(diff.resolved), options)
    return "\n".join(lines) + "\n"


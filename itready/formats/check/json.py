"""JSON: one document with a schema_version, for scripts and dashboards. Keys never renamed."""

from __future__ import annotations

import json
from typing import Any

from itready.errors import InputError
from itready.findings import Finding, Readiness, Report
from itready.formats import Options

SCHEMA_VERSION = 1

#: One encoder for every row (``json.dumps`` with options builds a new one per call).
_encode = json.JSONEncoder(ensure_ascii=False).encode


def readiness_dict(group: Readiness, key: str) -> dict[str, Any]:
    """One readiness group as every JSON document writes it (``key``: "name" or "id")."""
    return {key: group.name, "counted": group.counted, "ready": group.ready,
            "share": group.share}


def finding_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    waiver = finding.waiver
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "record": {"kind": finding.record_kind, "id": finding.record_id},
        "message": finding.message,
        "field": finding.field,
        "location": {"path": loc.path, "line": loc.line, "column": loc.column},
        "waived": finding.waived,
        "waiver": None if waiver is None else {
            "reason": waiver.reason, "until": waiver.until.isoformat(),
            "approved_by": waiver.approved_by},
        "fingerprint": finding.fingerprint,
    }


_string = json.encoder.encode_basestring  # what the encoder writes for a str (C)


def _scalar(value: str | int | None) -> str:
    return "null" if value is None else _string(value) if type(value) is str else str(value)


def finding_row(finding: Finding) -> str:
    """``finding_dict(finding)`` as the encoder writes it, without the dict: 62,000 findings
    wrote in 0.42-0.72 s through dicts, and a dict a finding costs more the bigger the heap."""
    loc, waiver = finding.location, finding.waiver
    waived = "null" if waiver is None else (
        f'{{"reason": {_scalar(waiver.reason)}, "until": {_string(waiver.until.isoformat())}, '
        f'"approved_by": {_scalar(waiver.approved_by)}}}')
    return (f'{{"rule": {_string(finding.rule)}, "severity": {_string(finding.severity)}, '
            f'"record": {{"kind": {_string(finding.record_kind)}, '
            f'"id": {_string(finding.record_id)}}}, "message": {_string(finding.message)}, '
            f'"field": {_scalar(finding.field)}, "location": {{"path": {_string(loc.path)}, '
            f'"line": {_scalar(loc.line)}, "column": {_scalar(loc.column)}}}, '
            f'"waived": {"true" if finding.waived else "false"}, "waiver": {waived}, '
            f'"fingerprint": {_string(finding.fingerprint)}}}')


def error_dict(error: InputError) -> dict[str, Any]:
    loc = error.location
    return {"code": error.code, "message": error.message,
            "location": {"path": loc.path, "line": loc.line, "column": loc.column}}


def _head(report: Report) -> dict[str, Any]:
    """The report without its findings (``render`` writes them row by row) and errors last."""
    overall = report.overall
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "itready", "version": report.tool_version},
        "organisation": report.organisation,
        "as_of": report.as_of.isoformat(),
        "summary": {
            "findings": len(report.unwaived),
            "waived": sum(1 for f in report.findings if f.waived),
            "errors": len(report.errors),
            "unchecked_references": report.unchecked_references,
            "by_severity": report.counts(),
        },
        "readiness": {
            "overall": {"counted": overall.counted, "ready": overall.ready,
                        "share": overall.share},
            "departments": [readiness_dict(d, "name") for d in report.departments],
            "sites": [readiness_dict(s, "id") for s in report.sites],
        },
        "errors": [error_dict(e) for e in report.errors],
    }


def render(report: Report, options: Options) -> str:
    """Indented, with one finding or error per line: readable in a pager and a diff, and
    written by the json module's C encoder (indentation would use the pure-Python one, ten
    times slower for 60,000 findings)."""
    doc = _head(report)
    errors = doc.pop("errors")
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    parts = [head[:-2]]  # without the closing "\n}"
    for key, rows in (("findings", list(map(finding_row, report.findings))),
                      ("errors", [_encode(item) for item in errors])):
        listed = ",\n    ".join(rows)
        parts.append(f',\n  "{key}": ' + (f"[\n    {listed}\n  ]" if rows else "[]"))
    return "".join(parts) + "\n}\n"

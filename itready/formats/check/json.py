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


def error_dict(error: InputError) -> dict[str, Any]:
    loc = error.location
    return {"code": error.code, "message": error.message,
            "location": {"path": loc.path, "line": loc.line, "column": loc.column}}


def document(report: Report) -> dict[str, Any]:
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
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [error_dict(e) for e in report.errors],
    }


def render(report: Report, options: Options) -> str:
    """Indented, with one finding or error per line: readable in a pager and a diff, and
    written by the json module's C encoder (indentation would use the pure-Python one, ten
    times slower for 60,000 findings)."""
    doc = document(report)
    lists = {key: doc.pop(key) for key in ("findings", "errors")}
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    parts = [head[:-2]]  # without the closing "\n}"
    for key, items in lists.items():
        rows = ",\n".join(f"    {_encode(item)}" for item in items)
        parts.append(f',\n  "{key}": ' + (f"[\n{rows}\n  ]" if items else "[]"))
    return "".join(parts) + "\n}\n"

"""GitLab Code Quality: the JSON array the merge-request widget reads.

One entry per unwaived finding and per input error, with ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location`` (path relative to the repository root, first
line). Waived findings are left out: the widget cannot show them as accepted. Input errors are
``blocker``s. UTF-8 without a byte order mark (GitLab rejects a BOM).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from itready.errors import InputError
from itready.findings import Report
from itready.formats import Options, repo_path
from itready.i18n import _

#: itready severity -> Code Quality severity (info, minor, major, critical, blocker).
SEVERITIES = {"critical": "critical", "high": "major", "medium": "minor", "low": "info",
              "info": "info"}


def error_fingerprint(error: InputError) -> str:
    """A fingerprint for an input error: its code, place and message."""
    loc = error.location
    text = f"{error.code}\0{loc.path}\0{loc.line}\0{loc.column}\0{error.message}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def entries(report: Report, options: Options) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for error in report.errors:
        result.append({
            "description": _("{code} (input error): {message}").format(code=error.code,
                                                                       message=error.message),
            "check_name": error.code,
            "fingerprint": error_fingerprint(error),
            "severity": "blocker",
            "location": {"path": repo_path(options, error.location.path),
                         "lines": {"begin": error.location.line}},
        })
    for finding in report.findings:
        if finding.waived:
            continue
        result.append({
            "description": f"{finding.rule}: {finding.message}",
            "check_name": finding.rule,
            "fingerprint": finding.fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {"path": repo_path(options, finding.location.path),
                         "lines": {"begin": finding.location.line}},
        })
    return result


def render(report: Report, options: Options) -> str:
    return json.dumps(entries(report, options), indent=2, ensure_ascii=False) + "\n"

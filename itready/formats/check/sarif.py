"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` holds every rule of the catalogue that ran, with its help text
(rationale, remediation, references), help URI and default level; input errors add a descriptor
per error code (``E004``, ...). Every finding and every input error is a result with a physical
location relative to the repository root and a region that always has a start line and column.
Waived findings are results with an external, accepted suppression whose justification is the
waiver's reason. ``partialFingerprints`` carries itready's fingerprint (rule, record id, field),
so that a code host follows a finding across edits that move it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itready.errors import ERROR_CODES, InputError, Location
from itready.findings import Finding, Report
from itready.formats import Options, docs_link, repo_path
from itready.formats.check.markdown import paragraphs
from itready.i18n import _

if TYPE_CHECKING:
    from itready.rules.catalogue import Rule

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/itready/itready"
FINGERPRINT_KEY = "itready/v1"

#: itready severity -> SARIF level.
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
          "info": "note"}


def _rule_descriptor(rule: Rule, options: Options) -> dict[str, Any]:
    """A rule's descriptor. The help in markdown of an organisation's own rule (a merge request
    can write it) is escaped as every markdown of itready is; bundled rules' is ours. Only a
    bundled rule has a ``helpUri``: its section in the rules page of the docs (``docs_url``)."""
    references = tuple(rule.references)
    remediation, refs = _("Remediation:"), _("References:")
    text = f"{rule.rationale}\n\n{remediation} {rule.remediation}"
    md = (lambda value: value) if rule.builtin else paragraphs
    markdown = f"{md(rule.rationale)}\n\n**{remediation}** {md(rule.remediation)}"
    if references:
        text += f"\n\n{refs} {', '.join(references)}"
        markdown += f"\n\n**{refs}** {md(', '.join(references))}"
    descriptor = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": text, "markdown": markdown},
        "helpUri": docs_link(options, "rules.md", rule.id.lower()),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"severity": rule.severity, "tags": list(references)},
    }
    if not rule.builtin:
        del descriptor["helpUri"]
    return descriptor


def _error_descriptor(code: str, options: Options) -> dict[str, Any]:
    title = _(ERROR_CODES[code]) if code in ERROR_CODES else _("input error")
    text = _("{error}: the inventory cannot be checked until this is fixed. The message says "
             "what is wrong and, where it can, what was meant.").format(
                 error=f"{title[0].upper()}{title[1:]}")
    return {
        "id": code,
        "name": code,
        "shortDescription": {"text": _("Input error: {title}").format(title=title)},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "helpUri": docs_link(options, "errors.md"),
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["input-error"]},
    }


def _location(location: Location, options: Options) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": repo_path(options, location.path),
                             "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)},
    }}


def _finding_result(finding: Finding, index: int, options: Options) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, options)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity,
            "recordKind": finding.record_kind,
            "recordId": finding.record_id,
            **({"field": finding.field} if finding.field else {}),
        },
    }
    if finding.waived:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        waiver = finding.waiver
        if waiver is not None:
            if waiver.reason:
                suppression["justification"] = waiver.reason
            suppression["properties"] = {
                "until": waiver.until.isoformat(),
                **({"approvedBy": waiver.approved_by} if waiver.approved_by else {}),
            }
        result["suppressions"] = [suppression]
    return result


def _error_result(error: InputError, index: int, options: Options) -> dict[str, Any]:
    return {
        "ruleId": error.code,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": error.message},
        "locations": [_location(error.location, options)],
        "properties": {"severity": "error"},
    }


def document(report: Report, options: Options) -> dict[str, Any]:
    descriptors = [_rule_descriptor(rule, options) for rule in report.rules]
    index = {d["id"]: n for n, d in enumerate(descriptors)}
    for finding in report.findings:  # a rule not in the catalogue (should not happen)
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append({"id": finding.rule, "name": finding.rule,
                                "defaultConfiguration": {"level": LEVELS[finding.severity]}})
    for code in sorted({e.code for e in report.errors} - set(index)):
        index[code] = len(descriptors)
        descriptors.append(_error_descriptor(code, options))
    results = [_error_result(e, index[e.code], options) for e in report.errors]
    results += [_finding_result(f, index[f.rule], options) for f in report.findings]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "itready",
            "version": report.tool_version,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"asOf": report.as_of.isoformat(),
                       **({"organisation": report.organisation}
                          if report.organisation else {})},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, options: Options) -> str:
    return json.dumps(document(report, options), indent=2, ensure_ascii=False) + "\n"

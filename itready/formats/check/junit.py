"""JUnit XML, for GitLab's test report view and other CI test views.

One test suite. Every finding is a test case: unwaived ones fail (``failure``), waived ones are
skipped with the waiver's reason. Every rule that ran without a finding is one passing test
case, so that the view shows what was checked. Every input error is a test case with an
``error``. Test names are unique within the suite (a number is added to a repeated name), and
the test case's ``file`` and ``line`` point at the record, relative to the repository root.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from itready.findings import Report
from itready.formats import Options, docs_link, repo_path
from itready.i18n import _
from itready.i18n.formatting import day

if TYPE_CHECKING:
    from itready.rules.catalogue import Rule

#: Characters XML 1.0 does not allow, even escaped; YAML's "\x01" and "\ud800" escapes can
#: produce them. Everything else is kept exactly (JUnit is a machine format) and escaped by the
#: XML serialiser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (dropped: nothing can encode them)."""
    return _NOT_XML.sub("", text)


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate)
    return candidate


def _case(suite: ET.Element, classname: str, name: str, file: str | None, line: int | None,
          taken: set[str]) -> ET.Element:
    attrs = {"classname": _clean(classname), "name": _clean(_unique(name, taken))}
    if file is not None:
        attrs["file"] = _clean(file)
    if line is not None:
        attrs["line"] = str(line)
    attrs["time"] = "0"
    return ET.SubElement(suite, "testcase", attrs)


def _details(rule: Rule | None, options: Options) -> str:
    if rule is None:
        return ""
    text = f"\n\n{rule.title}\n{rule.rationale}\n" + _("Remediation: {text}").format(
        text=rule.remediation)
    if rule.references:
        text += "\n" + _("References: {references}").format(
            references=", ".join(rule.references))
    if not rule.builtin:  # an organisation's own rule has no section in the docs
        return text
    return text + f"\n{docs_link(options, 'rules.md', rule.id.lower())}"


def render(report: Report, options: Options) -> str:
    rules = {rule.id: rule for rule in report.rules}
    suite = ET.Element("testsuite", {"name": "itready check"})
    taken: set[str] = set()
    failures = errors = skipped = 0
    for error in report.errors:
        loc = error.location
        path = repo_path(options, loc.path)
        case = _case(suite, "itready.input", f"{error.code} {path}:{loc.line}:{loc.column}",
                     path, loc.line, taken)
        element = ET.SubElement(case, "error", {"message": _clean(error.message),
                                                "type": error.code})
        element.text = _clean(f"{path}:{loc.line}:{loc.column}: error {error.code}: "
                              f"{error.message}")
        errors += 1
    for finding in report.findings:
        loc = finding.location
        path = repo_path(options, loc.path)
        name = f"{finding.rule} {finding.record_id}" + (f" {finding.field}"
                                                         if finding.field else "")
        case = _case(suite, f"itready.{finding.rule}", name, path, loc.line, taken)
        if finding.waived:
            waiver = finding.waiver
            reason = _("waived") if waiver is None else (
                _("waived until {date}").format(date=day(waiver.until))
                + (f": {waiver.reason}" if waiver.reason else ""))
            ET.SubElement(case, "skipped", {"message": _clean(reason)})
            skipped += 1
            continue
        element = ET.SubElement(case, "failure", {"message": _clean(finding.message),
                                                  "type": finding.severity})
        element.text = _clean(f"{path}:{loc.line}:{loc.column}: {finding.severity} "
                              f"{finding.rule} {finding.record_id}: {finding.message}"
                              + _details(rules.get(finding.rule), options))
        failures += 1
    found = {f.rule for f in report.findings}
    for rule in report.rules:
        if rule.id not in found:
            _case(suite, f"itready.{rule.id}", f"{rule.id} {rule.title}", None, None, taken)
    tests = len(suite)
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors),
              "skipped": str(skipped)}
    suite.attrib.update(counts)
    suite.attrib["time"] = "0"
    root = ET.Element("testsuites", {"name": "itready", **counts, "time": "0"})
    root.append(suite)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")

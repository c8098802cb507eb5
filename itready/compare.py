"""Compare findings with an earlier state: a baseline file, or the inventory at a git revision.

Findings are matched by fingerprint (rule, record id, field), never by line, so a finding that
only moved is neither added nor resolved.

**Baselines** accept today's findings, so that CI fails only on new ones.

A baseline file lists fingerprints of findings, one per line, sorted, under a comment header.
Each line carries a comment with the rule, record and field it stands for, so that a change to
the baseline can be reviewed in a diff. A fingerprint is computed from (rule, record id, field),
never from a line number: a baseline survives edits that move records in their files.

``itready check --write-baseline FILE`` writes the unwaived findings of a run;
``itready check --baseline FILE`` reports only the findings whose fingerprint is not in it, and
says how many baselined findings no longer occur.

**Diffs** (``itready diff --base REV``) need no baseline file: the inventory at ``REV`` is
checked with the same check date (``itready.git`` reads it). A finding is *open* when it is not
waived. *Added* are the open findings of the working tree whose fingerprint is not open at
``REV``; *resolved* are the open findings at ``REV`` whose fingerprint is not open in the working
tree (fixed, removed or waived since).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from itready.findings import Finding, Report
from itready.i18n import _, os_reason
from itready.write import write_atomic

HEADER = """\
# itready baseline: fingerprints of accepted findings, one per line, sorted.
# `itready check --baseline FILE` reports and fails only on findings not listed here;
# `itready check --write-baseline FILE` rewrites this file from the current findings.
# A fingerprint stands for (rule, record id, field); the comment after it says which.
"""

_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a baseline."""


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """What applying a baseline did."""

    known: int  # fingerprints in the baseline
    hidden: int  # findings of this run left out because the baseline lists them
    resolved: int  # baselined fingerprints that no longer occur as unwaived findings


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline of the unwaived ``findings``: the header and one sorted line each."""
    entries: dict[str, str] = {}
    for finding in findings:
        if not finding.waived:
            label = f"{finding.rule} {finding.record_id}" + (
                f" {finding.field}" if finding.field else "")
            entries.setdefault(finding.fingerprint, " ".join(label.split()))
    lines = [f"{fp}  # {label}" for fp, label in sorted(entries.items())]
    return HEADER + "".join(f"{line}\n" for line in lines)


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> int:
    """Write the baseline of ``findings`` atomically; return how many fingerprints it holds."""
    text = baseline_text(findings)
    write_atomic(path, text, newline="")
    return sum(1 for line in text.splitlines() if line and not line.startswith("#"))


def parse_baseline(text: str, name: str = "baseline") -> frozenset[str]:
    """The fingerprints in a baseline's text; comments and blank lines are ignored."""
    found = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not _FINGERPRINT.fullmatch(line):
            raise BaselineError(_(
                "{place}: '{line}' is not a fingerprint (32 hexadecimal digits); is this a "
                "baseline file written by `itready check --write-baseline`?").format(
                    place=f"{name}:{number}", line=line[:40]))
        found.add(line)
    return frozenset(found)


def read_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints in the baseline file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BaselineError(_("baseline file {file} does not exist; write one with `itready "
                              "check --write-baseline FILE`").format(file=path)) from None
    except OSError as exc:
        raise BaselineError(_("cannot read baseline file {file}: {reason}").format(
            file=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError as exc:
        raise BaselineError(_("cannot read baseline file {file}: {reason}").format(
            file=path, reason=exc)) from None
    return parse_baseline(text, str(path))


def apply_baseline(report: Report, fingerprints: frozenset[str]
                   ) -> tuple[Report, BaselineResult]:
    """The report without the unwaived findings the baseline lists, and what that did.

    Waived findings stay: they are reported as waived and do not fail a run anyway.
    """
    kept = tuple(f for f in report.findings if f.waived or f.fingerprint not in fingerprints)
    current = {f.fingerprint for f in report.findings if not f.waived}
    result = BaselineResult(known=len(fingerprints),
                            hidden=len(report.findings) - len(kept),
                            resolved=len(fingerprints - current))
    return dataclasses.replace(report, findings=kept), result


# --- diffs --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Diff:
    """The findings a working tree adds and resolves compared with a revision."""

    rev: str  # as the user gave it
    commit: str  # the full hash it names
    head: Report  # the working tree's report
    base: Report | None  # the revision's report; None when it has no (valid) inventory
    added: tuple[Finding, ...]
    resolved: tuple[Finding, ...]


def compare(rev: str, commit: str, base: Report | None, head: Report) -> Diff:
    base_open = {f.fingerprint for f in base.findings if not f.waived} if base else set()
    head_open = {f.fingerprint for f in head.findings if not f.waived}
    added = tuple(f for f in head.findings if not f.waived and f.fingerprint not in base_open)
    resolved = tuple(f for f in base.findings
                     if not f.waived and f.fingerprint not in head_open) if base else ()
    return Diff(rev, commit, head, base, added, resolved)


def added_report(diff: Diff) -> Report:
    """The working tree's report with only the added findings: what CI annotations show."""
    return dataclasses.replace(diff.head, findings=diff.added)


def fails(diff: Diff, fail_on: str) -> bool:
    """True when an added finding is at or above ``fail_on``."""
    return added_report(diff).fails(fail_on)

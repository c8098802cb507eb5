"""What a check produces: findings, readiness figures, and the report that formats render.

One frozen ``Finding`` type for every rule. Its fingerprint is computed from (rule, record id,
field), never from a line number, so it survives edits elsewhere in a file: baselines and
``diff`` rely on that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from itready.errors import InputError, Location

if TYPE_CHECKING:
    from itready.rules.catalogue import Rule

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def severity_labels() -> dict[str, str]:
    """Each severity as people read it in the run's language ("hoch"); the tokens themselves
    (``high``) stay in what programs and problem matchers read."""
    from itready.i18n import pgettext

    return {"critical": pgettext("severity", "critical"), "high": pgettext("severity", "high"),
            "medium": pgettext("severity", "medium"), "low": pgettext("severity", "low"),
            "info": pgettext("severity", "info")}


def fingerprint(rule: str, record_id: str, field: str | None) -> str:
    """Stable identity of a finding across edits: (rule, record, field)."""
    text = f"{rule}\0{record_id}\0{field or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class WaiverInfo:
    reason: str | None
    until: date
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that does not hold for one record."""

    rule: str
    severity: str
    record_kind: str
    record_id: str
    message: str
    location: Location
    field: str | None = None
    waived: bool = False
    waiver: WaiverInfo | None = None
    #: Quantities and names a rule hands to procurement and the gap list (sorted pairs).
    details: tuple[tuple[str, Any], ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule, self.record_id, self.field)

    def detail(self, name: str, default: Any = None) -> Any:
        for key, value in self.details:
            if key == name:
                return value
        return default

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule, self.record_id, self.field or "")


@dataclass(frozen=True, slots=True)
class Readiness:
    """Ready non-office workplaces out of those counted, for one group (or overall)."""

    name: str
    counted: int
    ready: int

    @property
    def share(self) -> float | None:
        """Ready out of counted, to three places; None when nothing is counted: no workplace
        is not 100 % (rules.md, decisions of 2026-12-04)."""
        return round(self.ready / self.counted, 3) if self.counted else None

    @property
    def percent(self) -> str:
        """The share for people in the run's language: ``87.7%`` (``87,7 %``), or ``n/a``
        (``k. A.``) when nothing is counted."""
        from itready.i18n.formatting import share

        return share(self.share)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run of ``check`` found; formats turn it into text."""

    organisation: str | None
    as_of: date
    tool_version: str
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...]
    overall: Readiness
    departments: tuple[Readiness, ...]
    sites: tuple[Readiness, ...]
    rules: tuple[Rule, ...] = ()  # the catalogue's rules that ran
    #: references into files that could not be read: counted, not listed as errors
    unchecked_references: int = 0

    @property
    def unwaived(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.waived)

    def counts(self) -> dict[str, int]:
        """Unwaived findings per severity, every severity present."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            if not finding.waived:
                counts[finding.severity] += 1
        return counts

    def fails(self, fail_on: str) -> bool:
        """True when an unwaived finding is at or above ``fail_on`` ("never" never fails)."""
        if fail_on == "never":
            return False
        limit = SEVERITY_RANK[fail_on]
        return any(not f.waived and SEVERITY_RANK[f.severity] <= limit for f in self.findings)

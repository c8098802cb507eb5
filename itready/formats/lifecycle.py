"""Formats of the OS lifecycle listing (``itready lifecycle``): a text table and JSON. No I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from itready.formats import Options
from itready.lifecycle import Release

#: Without --within, a release whose support ends within this many days shows "ends in N days"
#: (the default of policy.eol_warning_days, rule DEV002).
WARNING_DAYS = 180


@dataclass(frozen=True, slots=True)
class Listing:
    """Releases of the lifecycle table on a check date, as ``itready lifecycle`` lists them."""

    as_of: date
    releases: tuple[Release, ...]
    source: str  # where the table comes from, for the first line
    within: int | None = None  # only releases ending within this many days, if set


def status(eol: date | None, as_of: date, warning_days: int = WARNING_DAYS) -> str:
    """supported / ends today / ends in N days / ended, on ``as_of``."""
    if eol is None:
        return "supported"
    days = (eol - as_of).days
    if days < 0:
        return "ended"
    if days == 0:
        return "ends today"
    if days <= warning_days:
        return f"ends in {days} day{'s' if days != 1 else ''}"
    return "supported"


def render_text(listing: Listing, options: Options) -> str:
    from tabulate import tabulate

    as_of, within = listing.as_of, listing.within
    lines = [f"OS lifecycle table from {listing.source}"]
    scope = f"check date {as_of.isoformat()}"
    if within is not None:
        scope += (f"; support ending within {within} days "
                  f"(by {(as_of + timedelta(days=within)).isoformat()})")
    lines += [scope, ""]
    if not listing.releases:
        return "\n".join([*lines, "No release matches."]) + "\n"
    warning = WARNING_DAYS if within is None else within
    rows = [[r.os, r.label, r.eol.isoformat() if r.eol else "not announced",
             status(r.eol, as_of, warning)] for r in listing.releases]
    lines.append(tabulate(rows, headers=["OS", "Release", "Support ends", "Status"],
                          tablefmt="simple", disable_numparse=True))
    lines.append("")
    count = f"{len(rows)} release{'s' if len(rows) != 1 else ''}"
    ended = sum(1 for r in listing.releases if r.eol is not None and r.eol < as_of)
    lines.append(f"{count}, {ended} ended." if within is None else f"{count}.")
    lines.append("Support ends: the last day with security updates. Extended updates bought by "
                 "your organisation\ngo in itready.yaml (lifecycle:) and count for the rules.")
    return "\n".join(lines) + "\n"


def render_json(listing: Listing, options: Options) -> str:
    warning = WARNING_DAYS if listing.within is None else listing.within
    document = {
        "schema_version": 1,
        "as_of": listing.as_of.isoformat(),
        "source": listing.source,
        "within": listing.within,
        "releases": [{"os": r.os, "cycle": r.cycle, "label": r.label,
                      "eol": r.eol.isoformat() if r.eol else None,
                      "status": status(r.eol, listing.as_of, warning), "source": r.source}
                     for r in listing.releases],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

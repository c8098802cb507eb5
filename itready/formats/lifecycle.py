"""Formats of the OS lifecycle listing (``itready lifecycle``): a text table and JSON. No I/O."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from itready.formats import Options
from itready.formats.wrap import wrap
from itready.i18n import _, plural
from itready.i18n.formatting import day
from itready.lifecycle import SOURCE_SETTINGS, Release

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
    #: With an inventory: devices in use per release, by (os, cycle); None without one.
    devices: dict[tuple[str, str], int] | None = None
    #: With an inventory: its path as given, for the heading.
    inventory: str | None = None
    #: With an inventory: devices in use whose release the table does not know (DEV011).
    unknown: int = 0

    def only(self, keep: Callable[[Release], bool]) -> Listing:
        """The same listing with the releases ``keep`` accepts."""
        return dataclasses.replace(self, releases=tuple(r for r in self.releases if keep(r)))

    def count(self, release: Release) -> int:
        return (self.devices or {}).get((release.os, release.cycle), 0)


def status(eol: date | None, as_of: date, warning_days: int = WARNING_DAYS) -> str:
    """supported / ends today / ends in N days / ended, on ``as_of``: the English words that
    JSON carries (``status_text`` says them in the run's language)."""
    if eol is None:
        return "supported"
    days = (eol - as_of).days
    if days < 0:
        return "ended"
    if days == 0:
        return "ends today"
    if days <= warning_days:
        return f"ends in {days} day" if days == 1 else f"ends in {days} days"
    return "supported"


def status_text(eol: date | None, as_of: date, warning_days: int = WARNING_DAYS) -> str:
    """``status`` for people, in the run's language."""
    word = status(eol, as_of, warning_days)
    if word.startswith("ends in ") and eol is not None:
        return plural((eol - as_of).days, "ends in {n} day", "ends in {n} days")
    return {"supported": _("supported"), "ended": _("ended"),
            "ends today": _("ends today")}[word]


def render_text(listing: Listing, options: Options) -> str:
    from tabulate import tabulate

    as_of, within = listing.as_of, listing.within
    lines = [_("OS lifecycle table from {source}").format(source=listing.source)]
    if listing.inventory is not None:
        lines.append(_("as inventory {path} sees it: its lifecycle entries (*) apply; devices "
                       "in use").format(path=listing.inventory))
    scope = _("check date {date}").format(date=day(as_of))
    if within is not None:
        scope += _("; support ending within {days} (by {date})").format(
            days=plural(within, "{n} day", "{n} days"),
            date=day(as_of + timedelta(days=within)))
    lines += [scope, ""]
    if not listing.releases:
        return "\n".join([*lines, _("No release matches."), *_unknown(listing)]) + "\n"
    warning = WARNING_DAYS if within is None else within
    counted = listing.devices is not None
    rows = [[r.os, _label(r.label) + (" *" if r.source == SOURCE_SETTINGS else ""),
             day(r.eol) if r.eol else _("not announced"), status_text(r.eol, as_of, warning),
             *([str(listing.count(r))] if counted else [])] for r in listing.releases]
    headers = [_("OS"), _("Release"), _("Support ends"), _("Status"),
               *([_("Devices")] if counted else [])]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                          colalign=("left",) * 4 + ("right",) * counted))
    lines.append("")
    count = plural(len(rows), "{n} release", "{n} releases")
    ended = sum(1 for r in listing.releases if r.eol is not None and r.eol < as_of)
    lines.append(_("{releases}, {ended} ended.").format(releases=count, ended=ended)
                 if within is None else f"{count}.")
    if counted:
        lines += _unknown(listing)
    lines.append(_("Support ends: the last day with security updates. Extended updates bought "
                   "by your organisation\ngo in itready.yaml (lifecycle:) and count for the "
                   "rules."))
    return "\n".join(lines) + "\n"


#: What the lifecycle table (endoflife.date's data) adds to a label whose end is unknown.
_UNPUBLISHED = " (end date not published)"


def _label(label: str) -> str:
    """A release's label for people: the table's English remark in the run's language."""
    if label.endswith(_UNPUBLISHED):
        return label[:-len(_UNPUBLISHED)] + " " + _("(end date not published)")
    return label


def _unknown(listing: Listing) -> list[str]:
    if not listing.unknown:
        return []
    return wrap(plural(listing.unknown, "{n} device in use runs a release the table does not "
                       "know (DEV011; add it under lifecycle: in itready.yaml).",
                       "{n} devices in use run a release the table does not know (DEV011; "
                       "add it under lifecycle: in itready.yaml)."), 80).split("\n")


def render_json(listing: Listing, options: Options) -> str:
    warning = WARNING_DAYS if listing.within is None else listing.within
    document = {
        "schema_version": 1,
        "as_of": listing.as_of.isoformat(),
        "source": listing.source,
        "within": listing.within,
        "releases": [{"os": r.os, "cycle": r.cycle, "label": r.label,
                      "eol": r.eol.isoformat() if r.eol else None,
                      "status": status(r.eol, listing.as_of, warning), "source": r.source,
                      **({"devices": listing.count(r)} if listing.devices is not None else {})}
                     for r in listing.releases],
    }
    if listing.devices is not None:
        document["unknown_devices"] = listing.unknown
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

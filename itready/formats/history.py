"""Renderers of a history: json and csv for programs and spreadsheets, text and rich for people.

JSON is the document of outputs.md ("History"), with two keys added to each point: ``status``
(``ok``, ``invalid``: the inventory did not validate, ``missing``: it did not exist at that
revision) and ``errors`` (input errors at that point); a point that is not ``ok`` has null
figures. CSV is one row per point and group (overall, then each department and site), the
findings and the purchase total on the overall row. No I/O.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itready.findings import SEVERITIES, severity_labels
from itready.formats import Options
from itready.formats.check.json import readiness_dict
from itready.formats.spreadsheet import CSV_DIALECTS, number, write_rows
from itready.i18n import _, ngettext
from itready.i18n.formatting import day, money, share

if TYPE_CHECKING:
    from rich.text import Text

    from itready.findings import Readiness
    from itready.history import History, Point

SCHEMA_VERSION = 1


# --- json ---------------------------------------------------------------------------------------

def point_dict(point: Point) -> dict[str, Any]:
    """One point as ``history --format json`` writes it."""
    readiness = None
    if point.overall is not None:
        overall = readiness_dict(point.overall, "name")
        del overall["name"]
        readiness = {"overall": overall,
                     "departments": [readiness_dict(d, "name") for d in point.departments],
                     "sites": [readiness_dict(s, "id") for s in point.sites]}
    total = point.purchase_total
    return {
        "date": point.day.isoformat(),
        "revision": point.revision,
        "readiness": readiness,
        "findings": None if point.findings is None else dict(point.findings),
        "purchase_total": None if total is None else float(total),
        "status": point.status,
        "errors": point.errors,
    }


def document(history: History) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION,
            "points": [point_dict(point) for point in history.points]}


def render_json(history: History, options: Options) -> str:
    return json.dumps(document(history), indent=2, ensure_ascii=False) + "\n"


# --- csv ----------------------------------------------------------------------------------------

CSV_HEADER = ("date", "revision", "status", "errors", "group", "name", "counted", "ready",
              "share", *SEVERITIES, "purchase_total")


def render_csv(history: History, options: Options) -> str:
    dialect = CSV_DIALECTS[options.dialect]
    rows: list[list[str]] = [list(CSV_HEADER)]
    for point in history.points:
        head = [point.day.isoformat(), point.revision, point.status,
                number(point.errors, dialect)]
        if point.overall is None:
            rows.append([*head, "overall", "", "", "", "", *("" for _ in SEVERITIES), ""])
            continue
        counts = point.findings or {}
        rows.append([*head, *_group_cells("overall", "", point.overall, dialect),
                     *(number(counts.get(s, 0), dialect) for s in SEVERITIES),
                     number(point.purchase_total, dialect, money=True)])
        for kind, groups in (("department", point.departments), ("site", point.sites)):
            for group in groups:
                rows.append([*head, *_group_cells(kind, group.name, group, dialect),
                             *("" for _ in SEVERITIES), ""])
    return write_rows(rows, options.dialect)


def _group_cells(kind: str, name: str, group: Readiness, dialect: Any) -> list[str]:
    return [kind, name, number(group.counted, dialect), number(group.ready, dialect),
            f"{group.share:.3f}".replace(".", dialect.decimal)]


# --- text ---------------------------------------------------------------------------------------

def point_line(point: Point) -> str:
    """One point for a person: date, revision and the figures, or why there are none."""
    head = f"{day(point.day)} {point.revision}"
    if point.status == "missing":
        return head + "  " + _("no inventory at this revision")
    if point.overall is None:
        return head + "  " + ngettext("not valid: {n} input error",
                                      "not valid: {n} input errors",
                                      point.errors).format(n=point.errors)
    return head + "  " + _(
        "ready {ready} of {counted} ({share}); findings: {critical} critical, {high} high, "
        "{medium} medium, {low} low, {info} info; to buy: {total}").format(
            ready=point.overall.ready, counted=point.overall.counted,
            share=share(point.overall.share), total=money(point.purchase_total or 0),
            **{s: (point.findings or {}).get(s, 0) for s in SEVERITIES})


def summary(history: History) -> str:
    """One sentence on the whole series."""
    valid = [p for p in history.points if p.overall is not None and p.overall.counted]
    if not history.points:
        return _("No points: no commit on or before {as_of} since {since}.").format(
            as_of=day(history.as_of), since=day(history.since))
    text = ngettext("{n} point from {first} to {last}", "{n} points from {first} to {last}",
                    len(history.points)).format(n=len(history.points),
                                                first=day(history.points[0].day),
                                                last=day(history.points[-1].day))
    if valid:
        first, last = valid[0].overall, valid[-1].overall
        assert first is not None and last is not None
        text += "; " + _("readiness {first} → {last}").format(first=share(first.share),
                                                              last=share(last.share))
    return text + "."


def changes(history: History) -> list[tuple[str, str, str, str]]:
    """(kind, name, first share, last share) of every department and site, from the first to
    the last valid point that counts it."""
    return [(label, name, share(first.share), share(last.share))
            for kind, label in (("departments", _("department")), ("sites", _("site")))
            for name, first, last in history.first_and_last(kind)]


def render_text(history: History, options: Options) -> str:
    from itready.errors import printable

    lines = [point_line(point) for point in history.points]
    lines += [f"{kind} {printable(name)}: {a} → {b}" for kind, name, a, b in changes(history)]
    return "\n".join([*lines, summary(history)]) + "\n"


# --- rich ---------------------------------------------------------------------------------------

def render_rich(history: History, options: Options) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from itready.formats.procure import recording_console

    columns = [(_("date"), "left"), (_("revision"), "left"), (_("ready"), "right"),
               (_("share"), "right"), *((severity_labels()[s], "right") for s in SEVERITIES),
               (_("to buy"), "right")]
    rows = [_point_cells(point, Text) for point in history.points]
    console = recording_console(options, _width([[name for name, _side in columns], *rows]))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=_("Readiness over time"),
                  title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for cells in rows:
        table.add_row(*cells)
    console.print(table)
    groups_rows = changes(history)
    if groups_rows:
        groups = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                       title=_("Readiness per department and site, first and last point"))
        for name in ("", _("name"), _("first"), _("last")):
            groups.add_column(name)
        for kind, name, first, last in groups_rows:
            groups.add_row(kind, Text(name), first, last)
        console.print(groups)
    console.print(summary(history))
    text = str(console.file.getvalue())
    if options.color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _point_cells(point: Point, text: type[Text]) -> list[str | Text]:
    """One point's row: its figures, or why it has none (in the third column)."""
    if point.overall is None:
        return [day(point.day), point.revision,
                text(point_line(point).split("  ", 1)[1], style="yellow")]
    counts = point.findings or {}
    return [day(point.day), point.revision, f"{point.overall.ready}/{point.overall.counted}",
            share(point.overall.share), *(str(counts.get(s, 0)) for s in SEVERITIES),
            money(point.purchase_total or 0)]


def _width(rows: list[list[str | Text]]) -> int:
    """The width of a table of these rows (headings first) whose cells are never cut: the
    widest cell of each column, three spaces between columns and one at either edge (German
    headings and amounts are longer than English ones)."""
    from rich.cells import cell_len

    widths: dict[int, int] = {}
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths.get(index, 0), cell_len(str(cell)))
    return sum(widths.values()) + 3 * len(widths) - 1

"""Formats of an import's report (``itready import``): text for people, JSON for programs.

Every source row is accounted for (created, updated, unchanged, conflict, duplicate, skipped);
the counts add up to the rows read. No personal data appears: unmatched people are counted,
and a value read from a personal column is shown as ``<personal>``. No I/O.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itready.formats import Options, display_path
from itready.i18n import N_, _, ngettext
from itready.importer.plan import ACTIONS

if TYPE_CHECKING:
    from itready.importer.runner import Report

#: The action of a row as people read it (JSON keeps the English words of ACTIONS).
ACTION_WORDS = {"created": N_("created"), "updated": N_("updated"),
                "unchanged": N_("unchanged"), "conflict": N_("conflict"),
                "duplicate": N_("duplicate"), "skipped": N_("skipped")}
LISTED = 50
"""Rows and values listed in the text format; -f json lists all."""


def counts(report: Report) -> dict[str, int]:
    found = {"rows": len(report.outcomes)}
    found.update({action: report.count(action) for action in ACTIONS})
    return found


def render_json(report: Report, options: Options) -> str:
    document: dict[str, Any] = {
        "schema_version": 1, "preset": report.preset, "written": report.written,
        "counts": counts(report),
        "rows": [{"source": o.source, "row": o.row, "kind": o.kind, "action": o.action,
                  "record": o.record, "fields": list(o.fields), "reason": o.reason}
                 for o in report.outcomes],
        "not_in_export": sorted(i for ids in report.not_in_export.values() for i in ids),
        "files": report.files,
        "problems": [{"source": s, "row": r, "column": p.column, "value": p.value,
                      "reason": p.reason} for s, r, p in report.problems],
        "people": {"unmatched": len(report.unmatched_people),
                   "ambiguous": len(report.ambiguous_people)},
        "lookup_rows": report.lookup_rows,
        "errors": [{"location": str(e.location), "code": e.code, "message": e.message}
                   for e in report.errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _action(action: str, n: int) -> str:
    texts = {
        "created": ngettext("{n} created", "{n} created", n),
        "updated": ngettext("{n} updated", "{n} updated", n),
        "unchanged": ngettext("{n} unchanged", "{n} unchanged", n),
        "conflict": ngettext("{n} conflict", "{n} conflicts", n),
        "duplicate": ngettext("{n} duplicate", "{n} duplicates", n),
        "skipped": ngettext("{n} skipped", "{n} skipped", n),
    }
    return texts[action].format(n=n)


def _kinds(report: Report) -> list[str]:
    lines = []
    kinds = sorted({o.kind for o in report.outcomes})
    for kind in kinds:
        mine = [o for o in report.outcomes if o.kind == kind]
        parts = [_action(a, n) for a in ACTIONS if (n := sum(1 for o in mine if o.action == a))]
        lines.append(_("{kind}: {counts}").format(kind=kind, counts=", ".join(parts)))
    return lines


def _rows(report: Report) -> list[str]:
    listed = [o for o in report.outcomes if o.action in ("conflict", "duplicate", "skipped")]
    if not listed:
        return []
    lines = ["", _("Rows not imported as they are:")]
    for outcome in listed[:LISTED]:
        record = f" {outcome.record}" if outcome.record else ""
        lines.append("  " + _("{source} row {row}{record}: {action}: {reason}").format(
            source=outcome.source, row=outcome.row, record=record,
            action=_(ACTION_WORDS[outcome.action]), reason=outcome.reason or ""))
    if len(listed) > LISTED:
        more = len(listed) - LISTED
        lines.append("  " + ngettext("… and {n} more (-f json lists every row)",
                                     "… and {n} more (-f json lists every row)", more).format(
            n=more))
    return lines


def _problems(report: Report) -> list[str]:
    if not report.problems:
        return []
    lines = ["", _("Values not written:")]
    for source, row, problem in report.problems[:LISTED]:
        value = f" '{problem.value}'" if problem.value else ""
        lines.append("  " + _("{source} row {row}, {column}{value}: {reason}").format(
            source=source, row=row, column=problem.column, value=value, reason=problem.reason))
    if len(report.problems) > LISTED:
        more = len(report.problems) - LISTED
        lines.append("  " + ngettext("… and {n} more (-f json lists them all)",
                                     "… and {n} more (-f json lists them all)", more).format(
            n=more))
    return lines


def _missing(report: Report) -> list[str]:
    lines = []
    for kind, ids in sorted(report.not_in_export.items()):
        shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
        lines.append(ngettext("Not in this export: {n} {kind} record imported before ({ids}); "
                              "nothing is deleted",
                              "Not in this export: {n} {kind} records imported before ({ids}); "
                              "nothing is deleted", len(ids)).format(n=len(ids), kind=kind,
                                                                     ids=shown))
    return lines


def _people(report: Report) -> list[str]:
    unmatched, ambiguous = len(report.unmatched_people), len(report.ambiguous_people)
    if not unmatched and not ambiguous:
        return []
    text = _("People: {unmatched} not in the people file, {ambiguous} in it with several "
             "workplaces; their fields were not written (--show-people lists them here)")
    return [text.format(unmatched=unmatched, ambiguous=ambiguous)]


def render_text(report: Report, options: Options) -> str:
    rows = len(report.outcomes)
    lines = [ngettext("Import from {preset}: {n} row read", "Import from {preset}: {n} rows "
                      "read", rows).format(preset=report.preset, n=rows)]
    if report.lookup_rows:
        lines[0] += ngettext(" (and {n} lookup row)", " (and {n} lookup rows)",
                             report.lookup_rows).format(n=report.lookup_rows)
    lines += _kinds(report) + _rows(report) + _problems(report)
    extra = _missing(report) + _people(report)
    lines += ["", *extra] if extra else []
    if report.errors:
        lines += ["", ngettext("The result would not validate ({n} error):",
                               "The result would not validate ({n} errors):",
                               len(report.errors)).format(n=len(report.errors))]
        lines += [f"  {display_path(options, e.location.path)}:{e.location.line}:"
                  f"{e.location.column}: {e.code} {e.message}" for e in report.errors]
    lines.append("")
    lines.append(_summary(report))
    text = "\n".join(lines) + "\n"
    if report.diffs:
        text += "\n" + "".join(report.diffs)
        if report.memory:
            text += _("(and {file}: what this import wrote, for the next run)").format(
                file=report.memory) + "\n"
    return text


def _summary(report: Report) -> str:
    n = len(report.files)
    if report.errors:
        return _("Nothing written: the result would not validate.")
    if report.written:
        return ngettext("Written: {n} file.", "Written: {n} files.", n).format(n=n)
    if not n:
        return _("Nothing to change.")
    return ngettext("Dry run: {n} file would change; nothing written (--write applies it).",
                    "Dry run: {n} files would change; nothing written (--write applies it).",
                    n).format(n=n)

"""Renderers of the gap list: text, table (tabulate), csv, json and rich. No I/O.

``FORMATS`` maps a format name to ``render(plan, options) -> str``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from itready.formats import Options
from itready.formats.procure import amount, recording_console
from itready.formats.spreadsheet import CSV_DIALECTS, number, write_rows
from itready.formats.wrap import GAP, TABLE_WIDTH, rich_table, widths, wrap
from itready.formats.wrap import table as wrapped_table
from itready.plan.gaps import (
    ACTION_KINDS,
    ASSIGN_SEAT,
    ASSIGN_STOCK,
    BUY,
    FIX,
    REMEDIATE,
    RENEW,
    TRAIN,
    Action,
    GapLine,
    Plan,
)
from itready.words import plural

SCHEMA_VERSION = 1
CSV_COLUMNS = ("workplace", "department", "site", "cost_centre", "requirement", "rule",
               "action", "item", "device", "licence", "unit_price", "replaces")


def describe(action: Action, requirement: str | None = None) -> str:
    """The action in words, for people."""
    price = f" ({amount(action.unit_price)} EUR)" if action.unit_price is not None else ""
    instead = f", replacing {action.replaces}" if action.replaces else ""
    if action.kind == ASSIGN_STOCK and requirement == "camera" and action.item in (
            "laptop", "tablet"):
        return f"the {action.item} {action.device} from stock has a built-in camera"
    if action.kind == ASSIGN_STOCK:
        return f"hand over {action.item} {action.device} from stock{instead}"
    if action.kind == ASSIGN_SEAT:
        to = f" to device {action.device}" if action.device else ""
        return f"assign a free seat of {action.licence}{to}"
    if action.kind == BUY:
        if action.licence:
            return f"buy 1 seat of {action.licence}{price}"
        if action.unit_price is None and action.item not in (
                "laptop", "headset", "webcam", "monitor", "mfa-token", "tablet", "dock"):
            return f"buy a licence that provides '{action.item}' (no licence in the inventory " \
                "provides it)"
        what = f"1 {action.item}" + (" as replacement" if action.replaces else "")
        return f"buy {what}{price}{instead}" + ("" if price else " (no price set)")
    if action.kind == RENEW:
        return f"renew licence {action.licence} (expired; LIC002)"
    if action.kind == FIX:
        why = f" ({', '.join(action.findings)})" if action.findings else ""
        return f"fix {action.item} {action.device}{why}, or replace it"
    if action.kind == TRAIN:
        return "book the mobile-work security training, then record its date"
    if action.kind == REMEDIATE:
        return f"see the remediation of {action.item} (itready rules {action.item})"
    return action.kind


def summary(plan: Plan) -> dict[str, Any]:
    kinds = Counter(g.action.kind for g in plan.gaps)
    return {"counted": len(plan.counted), "not_ready": len(plan.not_ready),
            "ready": len(plan.counted) - len(plan.not_ready), "gaps": len(plan.gaps),
            "actions": {kind: kinds.get(kind, 0) for kind in ACTION_KINDS}}


def summary_line(plan: Plan) -> str:
    info = summary(plan)
    actions = ", ".join(f"{n} {k}" for k, n in info["actions"].items() if n)
    return (plural(info["gaps"], "{n} gap", "{n} gaps") + f" at {info['not_ready']} of "
            + plural(info["counted"], "{n} non-office workplace", "{n} non-office workplaces")
            + " not ready" + (f" ({actions})" if actions else "")
            + f"; as of {plan.as_of}")


# --- text ---------------------------------------------------------------------------------------

def render_text(plan: Plan, options: Options) -> str:
    lines = [f"{g.workplace} ({g.department}, {g.site}) {g.rule} {g.requirement}: "
             f"{describe(g.action, g.requirement)}" for g in plan.gaps]
    lines.append(summary_line(plan))
    return "\n".join(lines) + "\n"


# --- table --------------------------------------------------------------------------------------

def _rows(plan: Plan) -> list[list[str]]:
    """One row per gap; workplace, department and site only on a workplace's first row."""
    rows, previous = [], None
    for g in plan.gaps:
        first = g.workplace != previous
        rows.append([g.workplace if first else "", g.department if first else "",
                     g.site if first else "", g.rule, g.requirement,
                     describe(g.action, g.requirement)])
        previous = g.workplace
    return rows


_HEADERS = ["workplace", "department", "site", "rule", "requirement", "what"]


def _title(plan: Plan) -> str:
    who = f"{plan.organisation}, " if plan.organisation else ""
    return f"Gaps: {who}as of {plan.as_of}"


def render_table(plan: Plan, options: Options) -> str:
    out = [_title(plan), ""]
    if plan.gaps:
        out.append(wrapped_table(_HEADERS, _rows(plan), ("left",) * len(_HEADERS)))
    else:
        out.append("Every counted workplace is ready.")
    out += ["", wrap(summary_line(plan), TABLE_WIDTH)]
    return "\n".join(out) + "\n"


# --- csv ----------------------------------------------------------------------------------------

def render_csv(plan: Plan, options: Options) -> str:
    dialect = CSV_DIALECTS[options.dialect]
    rows = [list(CSV_COLUMNS)]
    for g in plan.gaps:
        a = g.action
        rows.append([g.workplace, g.department, g.site, g.cost_centre or "", g.requirement,
                     g.rule, a.kind, a.item or "", a.device or "", a.licence or "",
                     number(a.unit_price, dialect, money=True), a.replaces or ""])
    return write_rows(rows, options.dialect)


# --- json ---------------------------------------------------------------------------------------

def gap_dict(gap: GapLine) -> dict[str, Any]:
    a = gap.action
    return {"workplace": gap.workplace, "department": gap.department, "site": gap.site,
            "cost_centre": gap.cost_centre, "requirement": gap.requirement, "rule": gap.rule,
            "action": {"kind": a.kind, "item": a.item, "device": a.device, "licence": a.licence,
                       "unit_price": None if a.unit_price is None else float(a.unit_price),
                       "replaces": a.replaces, "findings": list(a.findings)}}


def document(plan: Plan) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "organisation": plan.organisation,
            "as_of": plan.as_of.isoformat(), "summary": summary(plan),
            "gaps": [gap_dict(g) for g in plan.gaps]}


def render_json(plan: Plan, options: Options) -> str:
    return json.dumps(document(plan), indent=2, ensure_ascii=False) + "\n"


# --- rich ---------------------------------------------------------------------------------------

_STYLE = {ASSIGN_STOCK: "green", ASSIGN_SEAT: "green", BUY: "yellow", RENEW: "yellow",
          FIX: "red", TRAIN: "cyan", REMEDIATE: "cyan"}


def render_rich(plan: Plan, options: Options) -> str:
    from rich.markup import escape
    from rich.text import Text

    rows = _rows(plan)
    sizes = widths([[h, *(row[i] for row in rows)] for i, h in enumerate(_HEADERS)],
                   options.width)
    console = recording_console(options, GAP * (len(sizes) - 1) + sum(sizes))
    console.print(f"[bold]{escape(_title(plan))}[/bold]")
    if not plan.gaps:
        console.print("Every counted workplace is ready.")
    else:
        table = rich_table()
        for header, size in zip(_HEADERS, sizes, strict=True):
            table.add_column(header, width=size)
        for gap, row in zip(plan.gaps, rows, strict=True):
            cells = [Text(wrap(cell, size)) for cell, size in zip(row, sizes, strict=True)]
            cells[-1].stylize(_STYLE.get(gap.action.kind, ""))
            table.add_row(*cells)
        console.print(table)
    console.print(escape(summary_line(plan)), style="bold")
    return str(console.file.getvalue())


__all__ = ["describe", "document", "gap_dict", "summary", "summary_line"]

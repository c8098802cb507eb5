"""Renderers of the gap list: text, table (tabulate), csv, json and rich. No I/O.

``FORMATS`` maps a format name to ``render(plan, options) -> str``.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

from itready.formats import Options
from itready.formats.columns import headings, rule_titles
from itready.formats.procure import recording_console
from itready.formats.spreadsheet import CSV_DIALECTS, number, write_rows
from itready.formats.wrap import GAP, TABLE_WIDTH, rich_table, widths, wrap
from itready.formats.wrap import table as wrapped_table
from itready.i18n import _, plural
from itready.i18n.formatting import day, money
from itready.i18n.labels import device_kind, requirements
from itready.plan.gaps import (
    ACTION_KINDS,
    ASSIGN_SEAT,
    ASSIGN_STOCK,
    BUY,
    ENTITLE,
    FIX,
    REMEDIATE,
    RENEW,
    TRAIN,
    Action,
    GapLine,
    Plan,
)

SCHEMA_VERSION = 1
CSV_COLUMNS = ("workplace", "department", "site", "cost_centre", "requirement", "rule",
               "action", "item", "device", "licence", "unit_price", "replaces")


def describe(action: Action, requirement: str | None = None) -> str:
    """The action in words, for people."""
    action = dataclasses.replace(action, item=device_kind(action.item)) \
        if action.kind in (ASSIGN_STOCK, FIX) and action.item else action
    price = f" ({money(action.unit_price)})" if action.unit_price is not None else ""
    instead = _(", replacing {device}").format(device=action.replaces) if action.replaces \
        else ""
    if action.kind == ASSIGN_STOCK and requirement == "camera" and action.item in (
            device_kind("laptop"), device_kind("tablet")):
        return _("the {item} {device} from stock has a built-in camera").format(
            item=action.item, device=action.device)
    if action.kind == ASSIGN_STOCK:
        return _("hand over {item} {device} from stock").format(
            item=action.item, device=action.device) + instead
    if action.kind == ASSIGN_SEAT:
        if action.device:
            return _("assign a free seat of {licence} to device {device}").format(
                licence=action.licence, device=action.device)
        return _("assign a free seat of {licence}").format(licence=action.licence)
    if action.kind == BUY:
        return _buy(action, price, instead)
    if action.kind == ENTITLE:
        return _("entitle to the concurrent licence {licence}; its seats are bought for the "
                 "peak, once (itready procure)").format(licence=action.licence)
    if action.kind == RENEW:
        return _("renew licence {licence} (expired; LIC002)").format(licence=action.licence)
    if action.kind == FIX:
        if action.findings:
            return _("fix {item} {device} ({findings}), or replace it").format(
                item=action.item, device=action.device, findings=", ".join(action.findings))
        return _("fix {item} {device}, or replace it").format(item=action.item,
                                                              device=action.device)
    if action.kind == TRAIN:
        return _("book the mobile-work security training, then record its date")
    if action.kind == REMEDIATE:
        return _("see the remediation of {rule} (itready rules {rule})").format(
            rule=action.item)
    return action.kind


def _buy(action: Action, price: str, instead: str) -> str:
    """A purchase in words: a licence seat, a licence nobody has, or an item."""
    if action.licence:
        return _("buy 1 seat of {licence}").format(licence=action.licence) + price
    if action.unit_price is None and action.item not in (
            "laptop", "headset", "webcam", "monitor", "mfa-token", "tablet", "dock"):
        return _("buy a licence that provides '{capability}' (no licence in the inventory "
                 "provides it)").format(capability=action.item)
    text = (_("buy 1 {item} as replacement") if action.replaces else _("buy 1 {item}")).format(
        item=device_kind(action.item or ""))
    return text + price + instead + ("" if price else " " + _("(no price set)"))


def action_labels() -> dict[str, str]:
    """Each kind of action as people read it: the token in English (``assign-stock``), words
    in German (``aus dem Lagerbestand``)."""
    from itready.i18n import pgettext

    return {ASSIGN_STOCK: pgettext("action", "assign-stock"),
            ASSIGN_SEAT: pgettext("action", "assign-seat"), BUY: pgettext("action", "buy"),
            ENTITLE: pgettext("action", "entitle"), RENEW: pgettext("action", "renew"),
            FIX: pgettext("action", "fix-device"), TRAIN: pgettext("action", "train"),
            REMEDIATE: pgettext("action", "remediate")}


def summary(plan: Plan) -> dict[str, Any]:
    kinds = Counter(g.action.kind for g in plan.gaps)
    return {"counted": len(plan.counted), "not_ready": len(plan.not_ready),
            "ready": len(plan.counted) - len(plan.not_ready), "gaps": len(plan.gaps),
            "actions": {kind: kinds.get(kind, 0) for kind in ACTION_KINDS}}


def peak_lines(plan: Plan) -> list[str]:
    """One sentence per concurrent licence whose seats the gap list buys by the peak; under a
    scope they are shared purchases, outside the scope's own."""
    shared = _("shared, outside {scope}: ").format(scope=plan.scope.describe()) \
        if plan.scope else ""
    return [shared + _("{licence} (concurrent): {entitled} workplaces entitled after the gap "
                       "list, a peak of {peak} for {seats}: buy {buy}").format(
                licence=p.licence, entitled=p.entitled, peak=p.peak, seats=_seats(p.seats),
                buy=_seats(p.buy))
            for p in plan.peak_seats]


def _seats(count: int) -> str:
    return plural(count, "{n} seat", "{n} seats")


def summary_line(plan: Plan) -> str:
    info = summary(plan)
    if not info["counted"]:
        return _("no gaps: 0 non-office workplaces counted; as of {date}").format(
            date=day(plan.as_of))
    labels = action_labels()
    actions = ", ".join(f"{n} {labels[k]}" for k, n in info["actions"].items() if n)
    return plural(info["counted"], "{gaps} at {not_ready} of {n} non-office workplace not "
                  "ready{actions}; as of {date}", "{gaps} at {not_ready} of {n} non-office "
                  "workplaces not ready{actions}; as of {date}",
                  gaps=plural(info["gaps"], "{n} gap", "{n} gaps"),
                  not_ready=info["not_ready"], actions=f" ({actions})" if actions else "",
                  date=day(plan.as_of))


# --- text ---------------------------------------------------------------------------------------

def render_text(plan: Plan, options: Options) -> str:
    named = requirements()
    lines = [f"{g.workplace} ({g.department}, {g.site}) {g.rule} "
             f"{named.get(g.requirement, g.requirement)}: {describe(g.action, g.requirement)}"
             for g in plan.gaps]
    lines += [*peak_lines(plan), summary_line(plan)]
    return "\n".join(lines) + "\n"


# --- table --------------------------------------------------------------------------------------

def _rows(plan: Plan) -> list[list[str]]:
    """One row per gap; workplace, department and site only on a workplace's first row."""
    rows, previous = [], None
    named = requirements()
    for g in plan.gaps:
        first = g.workplace != previous
        rows.append([g.workplace if first else "", g.department if first else "",
                     g.site if first else "", g.rule, named.get(g.requirement, g.requirement),
                     describe(g.action, g.requirement)])
        previous = g.workplace
    return rows


def _headers() -> list[str]:
    return [_("workplace"), _("department"), _("site"), _("rule"), _("requirement"), _("what")]


def _title(plan: Plan) -> str:
    who = f"{plan.organisation}, " if plan.organisation else ""
    scope = f"{plan.scope.describe()}, " if plan.scope else ""
    return _("Gaps: {who}as of {date}").format(who=who + scope, date=day(plan.as_of))


def _no_gaps(plan: Plan) -> str:
    """What stands in place of the table: nothing counted is not everything ready."""
    return _("Every counted workplace is ready.") if plan.counted else \
        _("No non-office workplace (hybrid, mobile or telework) to count.")


def render_table(plan: Plan, options: Options) -> str:
    out = [_title(plan), ""]
    if plan.gaps:
        headers = _headers()
        out.append(wrapped_table(headers, _rows(plan), ("left",) * len(headers)))
    else:
        out.append(_no_gaps(plan))
    out += ["", *peak_lines(plan), wrap(summary_line(plan), TABLE_WIDTH)]
    return "\n".join(out) + "\n"


# --- csv ----------------------------------------------------------------------------------------

def render_csv(plan: Plan, options: Options) -> str:
    """One row per gap; in the dialect for people (excel-de) with headings in the run's
    language and the rule's title beside its ID."""
    dialect = CSV_DIALECTS[options.dialect]
    titles = rule_titles(plan.rules) if dialect.people else {}
    keys = list(CSV_COLUMNS)
    if dialect.people:
        keys.insert(keys.index("rule") + 1, "title")
    rows = [[headings()[key] for key in keys] if dialect.people else keys]
    for g in plan.gaps:
        a = g.action
        cells = {"workplace": g.workplace, "department": g.department, "site": g.site,
                 "cost_centre": g.cost_centre or "", "requirement": g.requirement,
                 "rule": g.rule, "title": titles.get(g.rule, ""), "action": a.kind,
                 "item": a.item or "", "device": a.device or "", "licence": a.licence or "",
                 "unit_price": number(a.unit_price, dialect, money=True),
                 "replaces": a.replaces or ""}
        rows.append([cells[key] for key in keys])
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
            "scope": ({"department": plan.scope.department, "site": plan.scope.site}
                      if plan.scope else None),
            "gaps": [gap_dict(g) for g in plan.gaps],
            "peak_seats": [{"licence": p.licence, "entitled": p.entitled, "peak": p.peak,
                            "seats": p.seats, "buy": p.buy, "workplaces": list(p.workplaces),
                            "reasons": list(p.rules),
                            "unit_price": None if p.unit_price is None else float(p.unit_price)}
                           for p in plan.peak_seats]}


def render_json(plan: Plan, options: Options) -> str:
    return json.dumps(document(plan), indent=2, ensure_ascii=False) + "\n"


# --- rich ---------------------------------------------------------------------------------------

_STYLE = {ASSIGN_STOCK: "green", ASSIGN_SEAT: "green", BUY: "yellow", ENTITLE: "yellow",
          RENEW: "yellow",
          FIX: "red", TRAIN: "cyan", REMEDIATE: "cyan"}


def render_rich(plan: Plan, options: Options) -> str:
    from rich.markup import escape
    from rich.text import Text

    rows = _rows(plan)
    headers = _headers()
    sizes = widths([[h, *(row[i] for row in rows)] for i, h in enumerate(headers)],
                   options.width)
    console = recording_console(options, GAP * (len(sizes) - 1) + sum(sizes))
    console.print(f"[bold]{escape(_title(plan))}[/bold]")
    if not plan.gaps:
        console.print(_no_gaps(plan))
    else:
        table = rich_table()
        for header, size in zip(headers, sizes, strict=True):
            table.add_column(header, width=size)
        for gap, row in zip(plan.gaps, rows, strict=True):
            cells = [Text(wrap(cell, size)) for cell, size in zip(row, sizes, strict=True)]
            cells[-1].stylize(_STYLE.get(gap.action.kind, ""))
            table.add_row(*cells)
        console.print(table)
    for line in peak_lines(plan):
        console.print(escape(line))
    console.print(escape(summary_line(plan)), style="bold")
    return str(console.file.getvalue())


__all__ = ["describe", "document", "gap_dict", "peak_lines", "summary", "summary_line"]

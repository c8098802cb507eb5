"""The management report as one self-contained HTML file (``itready report``).

Styles and charts are inline (plain SVG, ``itready.report.charts``), there is no script and no
reference to anything outside the file, so it reads offline, from an e-mail attachment, and
prints to A4 without cut tables. The page is written by Jinja2 from
``itready/report/templates/report.html.j2`` with autoescaping on; every text passes through
``_`` (the template calls it too) and every number, amount and date through
``itready.i18n.formatting``, so the report speaks the run's language, which also sets the
page's ``lang``. Jinja2 is imported here only: no other command pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from itready.findings import SEVERITIES, severity_labels
from itready.formats import Options
from itready.formats.procure import group_totals
from itready.i18n import N_, _, current_language, ngettext
from itready.i18n.formatting import day, money, number, share
from itready.i18n.labels import device_kind
from itready.plan.procure import CENTRAL, NO_COST_CENTRE, Line
from itready.report import charts

if TYPE_CHECKING:
    from itready.findings import Readiness
    from itready.history import History, Point
    from itready.report.content import Management

NBSP = "\u00a0"
#: What a workplace misses, by the requirement names of itready.yaml's readiness profiles;
#: an organisation's own capabilities are shown by their names.
REQUIREMENTS = {"mobile-device": N_("laptop or tablet"), "headset": N_("headset"),
                "camera": N_("camera"), "vpn": N_("VPN access"),
                "mfa": N_("multi-factor authentication"), "training": N_("security training"),
                "e-file": N_("e-file (E-Akte)"), "monitor": N_("monitor"),
                "softphone": N_("softphone")}
RECORD_KINDS = {"site": N_("site"), "vpn": N_("VPN gateway"), "workplace": N_("workplace"),
                "device": N_("device"), "licence": N_("licence")}
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
          N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def pct(value: float | None) -> str:
    return share(value, space=NBSP)


def eur(value: Decimal | float | None) -> str:
    return "" if value is None else money(value, space=NBSP).replace(" ", NBSP)


def num(value: int | float) -> str:
    return number(value)


def requirement(name: str) -> str:
    return _(REQUIREMENTS[name]) if name in REQUIREMENTS else name


def item(line: Line) -> str:
    """What a purchase line buys: a device by its kind's word ("Desktop-PC" in German), a
    licence by its id."""
    return device_kind(line.item) if line.kind == "device" else line.item


def group_label(group: str | None, site_name: Callable[[str], str] = str) -> str:
    """A purchase group for people: the lines the plan keys as "(central)", "(site RH)" and
    "(no cost centre)" in words."""
    if group == CENTRAL:
        return _("central (licences, devices of no workplace)")
    if group == NO_COST_CENTRE:
        return _("no cost centre")
    if group and group.startswith("(site ") and group.endswith(")"):
        return _("shared desks at {site}").format(site=site_name(group[6:-1]))
    return group or ""


def render(management: Management, options: Options) -> str:
    """The whole HTML page."""
    template = _environment(management).get_template("report.html.j2")
    return template.render(m=management, f=management.figures, h=management.history,
                           charts=_charts(management), lang=current_language(),
                           title=_title(management), severities=SEVERITIES)


def _environment(management: Management) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("itready.report", "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.globals.update(_=_, ngettext=ngettext, pct=pct, eur=eur, num=num, day=day,
                       requirement=requirement, item=item, severity=lambda s: severity_labels()[s],
                       kind=lambda k: _(RECORD_KINDS[k]) if k in RECORD_KINDS else k,
                       rule_titles=_rule_titles(management), site_name=_site_name(management),
                       group_totals=group_totals,
                       group_label=lambda g: group_label(g, _site_name(management)),
                       change=change)
    return env


def _rule_titles(management: Management) -> Callable[[Sequence[str]], str]:
    """Rule IDs with their titles, for the "why" cells."""
    titles = {rule.id: rule.title for rule in management.figures.report.rules}
    return lambda ids: "; ".join(f"{i} {titles[i]}" if i in titles else i for i in ids)


def _title(management: Management) -> str:
    f = management.figures
    who = f.report.organisation or management.inventory
    if f.department and f.site:
        return _("IT readiness of {department} at {site}, {organisation}").format(
            department=f.department, site=f.site, organisation=who)
    if f.department or f.site:
        return _("IT readiness of {scope}, {organisation}").format(
            scope=f.department or f.site, organisation=who)
    return _("IT readiness of {organisation}").format(organisation=who)


# --- charts ---------------------------------------------------------------------------------------

PAIR = 480  # the width of a chart beside its table


def _share_ticks() -> list[tuple[float, str]]:
    return [(v, pct(v / 100)) for v in (0, 25, 50, 75, 100)]


def _readiness_chart(uid: str, title: str, groups: Sequence[Readiness], names: dict[str, str]
                     ) -> str | None:
    counted = [g for g in groups if g.counted]
    if len(counted) < 2:
        return None  # one bar says no more than the table
    return charts.bars(uid, title, _("Share of the non-office workplaces that are ready, per "
                                     "group; the numbers are in the table beside the chart."),
                       [(names.get(g.name, g.name), (g.share or 0.0) * 100, pct(g.share))
                        for g in counted], _share_ticks(), width=PAIR)


def _amount_ticks(most: float) -> list[tuple[float, str]]:
    """Round amounts for an axis: whole euros."""
    unit = "€" if current_language() == "de" else "EUR"
    return [(v, f"{number(v)}{NBSP}{unit}") for v in charts.nice_ticks(most)]


def _charts(management: Management) -> dict[str, str | None]:
    f = management.figures
    site_name = _site_name(management)
    names = {g.name: site_name(g.name) for g in f.report.sites}
    found: dict[str, str | None] = {
        "departments": _readiness_chart("c-departments", _("Readiness per department"),
                                        f.report.departments, {}),
        "sites": _readiness_chart("c-sites", _("Readiness per site"), f.report.sites, names),
        "blockers": None, "purchases": None,
    }
    if f.blockers:
        most = max(b.workplaces for b in f.blockers)
        found["blockers"] = charts.bars(
            "c-blockers", _("What blocks readiness most"),
            _("Workplaces that each missing requirement keeps from being ready; the numbers "
              "are in the table below the chart."),
            [(requirement(b.requirement), b.workplaces, num(b.workplaces)) for b in f.blockers],
            [(v, num(v)) for v in charts.nice_ticks(most, whole=True)])
    totals = [(g, float(t)) for g, _lines, t in group_totals(f.by_department) if t]
    if len(totals) > 1:
        found["purchases"] = charts.bars(
            "c-purchases", _("Purchases per department (net)"),
            _("Net total of the purchase list per department; the numbers are in the table "
              "beside the chart."),
            [(group_label(g, site_name), t, eur(t)) for g, t in totals],
            _amount_ticks(max(t for _g, t in totals)), width=PAIR)
    found.update(_history_charts(management.history))
    return found


def _site_name(management: Management) -> Callable[[str], str]:
    """A site as people know it: "RH Rathaus"."""
    names = management.figures.site_names or {}
    return lambda site: f"{site} {names[site]}" if site in names else site


def _axis(point: Point, history: History, first: bool) -> list[str]:
    if history.every == "month":
        month = _(MONTHS[point.day.month - 1])
        return [month, str(point.day.year)] if first or point.day.month == 1 else [month]
    return [day(point.day)]


def _history_charts(history: History | None) -> dict[str, str | None]:
    if history is None or len(history.points) < 2:
        return {"history": None, "history_findings": None, "history_purchases": None}
    points = history.points
    axis = [_axis(p, history, n == 0) for n, p in enumerate(points)]

    shares = [p.overall.share if p.overall is not None and p.overall.counted else None
              for p in points]
    readiness = charts.line(
        "c-history", _("Readiness over time"),
        _("Share of the non-office workplaces that were ready at each point; the numbers are "
          "in the table below the charts."),
        [(a, None if v is None else v * 100, "–" if v is None else pct(v))
         for a, v in zip(axis, shares, strict=True)], _share_ticks())
    valid = [p for p in points if p.findings is not None]
    findings = charts.stacked(
        "c-history-findings", _("Findings by severity over time"),
        _("Unwaived findings at each point, stacked by severity; the numbers are in the table "
          "below the charts."),
        [(" ".join(_axis(p, history, True)), [(p.findings or {}).get(s, 0) for s in SEVERITIES],
          num(sum((p.findings or {}).values()))) for p in valid],
        list(severity_labels().items())) if valid else None
    totals = [float(p.purchase_total) for p in points if p.purchase_total is not None]
    purchases = charts.line(
        "c-history-purchases", _("Purchase total over time (net)"),
        _("Net total of the purchase list at each point; the numbers are in the table below "
          "the charts."),
        [(a, None if p.purchase_total is None else float(p.purchase_total),
          eur(p.purchase_total) if p.purchase_total is not None else "–")
         for a, p in zip(axis, points, strict=True)],
        _amount_ticks(max(totals, default=0))) if totals else None
    return {"history": readiness, "history_findings": findings,
            "history_purchases": purchases}


def change(before: float, after: float) -> str:
    """A change of a share in percentage points, signed."""
    points = (after - before) * 100
    sign = "+" if points > 0.05 else "−" if points < -0.05 else "±"
    return f"{sign}{number(abs(points), 1)}{NBSP}" + _("pp")


__all__ = ["change", "render"]

"""Rich: the report for a person at a terminal.

Sections, top to bottom: a header (organisation, check date, counts by severity, waived, input
errors); the input errors, all of them, when there are any; readiness overall, per department
and per site with bars; findings by severity and by rule; the findings themselves grouped by
severity, worst first, capped at ``CAP`` unless ``options.show_all``.

Bars are built from block characters (full blocks for the ready share, light shade for the rest)
so that they read without colour too; with colour they are green from 90 %, yellow from 70 %,
red below. Everything the inventory supplies (ids, messages) is rendered as plain text, never as
rich markup. The console is configured completely (width, height, colour, no environment
lookups that change the output), so the same report always gives the same text.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.rule import Rule as HRule
from rich.table import Table
from rich.text import Text

from itready.errors import InputError, unchecked_references
from itready.findings import SEVERITIES, SEVERITY_RANK, Finding, Readiness, Report, severity_labels
from itready.formats import Options, display_path
from itready.i18n import _, plural
from itready.i18n.formatting import day

#: Findings listed without ``--all``.
CAP = 25
#: Widest record id column in the finding list; longer ids fold.
RECORD_WIDTH = 22
#: Width of a readiness bar in characters.
BAR_WIDTH = 20
_PARTIAL = " ▏▎▍▌▋▊▉"  # eighths of a block, for finer bars

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "blue",
}
_ERROR_STYLE = "bold magenta"
_TAIL = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")
_BLANKS = re.compile(r"\s+")


def render(report: Report, options: Options) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=options.width, height=50, record=False,
        force_terminal=options.color, color_system="truecolor" if options.color else None,
        no_color=not options.color, force_jupyter=False, force_interactive=False,
        legacy_windows=False, markup=False, emoji=False, highlight=False, soft_wrap=False,
        tab_size=4,
    )
    _header(console, report)
    if report.errors:
        _errors(console, report.errors, options, report.unchecked_references)
    if _not_run(report):
        console.print()
        console.print(_("No rules were run: fix the input errors above, then check again."))
    else:
        _readiness(console, report)
        _summary(console, report)
        _findings(console, report, options)
    # Rich pads cells and wrapped lines with blanks, also inside styles: drop trailing blanks.
    lines = (_TAIL.sub(lambda m: _BLANKS.sub("", m.group()), line)
             for line in buffer.getvalue().splitlines())
    return "\n".join(lines).rstrip("\n") + "\n"


# --- header -------------------------------------------------------------------------------------


def _header(console: Console, report: Report) -> None:
    console.print(Text(report.organisation or _("Inventory without an organisation name"),
                       style="bold"))
    console.print(Text(_("Readiness for mobile work · check date {date} · itready "
                         "{version}").format(date=day(report.as_of),
                                             version=report.tool_version)))
    errors = len(report.errors)
    error_text = Text(plural(errors, "{n} input error", "{n} input errors"),
                      style=_ERROR_STYLE if errors else "")
    if _not_run(report):
        line = error_text
        line.append(" · " + _("the rules did not run"))
        console.print(line)
        return
    counts = report.counts()
    unwaived = len(report.unwaived)
    labels = severity_labels()
    line = Text(plural(unwaived, "{n} finding", "{n} findings") + ": ")
    for index, severity in enumerate(SEVERITIES):
        if index:
            line.append(", ")
        style = SEVERITY_STYLE[severity] if counts[severity] else "dim"
        line.append(f"{counts[severity]} {labels[severity]}", style=style)
    waived = sum(1 for f in report.findings if f.waived)
    line.append(" · " + _("{n} waived").format(n=waived) + " · ")
    line.append_text(error_text)
    console.print(line)


def _not_run(report: Report) -> bool:
    """True for the report of an inventory with input errors, on which no rule ran."""
    return bool(report.errors) and not report.findings and report.overall.counted == 0


# --- input errors -------------------------------------------------------------------------------


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(HRule(Text(title, style="bold"), align="left", characters="─"))


def _errors(console: Console, errors: Iterable[InputError], options: Options,
            unchecked: int) -> None:
    errors = list(errors)
    _section(console, _("Input errors ({n})").format(n=len(errors)))
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    for error in errors:
        loc = error.location
        where = f"{display_path(options, loc.path)}:{loc.line}:{loc.column}"
        grid.add_row(Text(error.code, style=_ERROR_STYLE), _message_cell(error.message, where))
    console.print(grid)
    if unchecked:
        console.print(Text(unchecked_references(unchecked), style="dim"))


# --- readiness ----------------------------------------------------------------------------------


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` characters: full blocks (and one partial) for the share, shade after.

    Only a share of 1 fills the bar and only 0 leaves it empty, whatever the rounding.
    """
    share = min(max(share, 0.0), 1.0)
    eighths = round(share * width * 8)
    if share < 1:
        eighths = min(eighths, width * 8 - 1)
    if share > 0:
        eighths = max(eighths, 1)
    full, part = divmod(eighths, 8)
    text = "█" * full
    if part:
        text += _PARTIAL[part]
    return text + "░" * (width - len(text))


def _share_style(share: float | None) -> str:
    if share is None:
        return "dim"
    if share >= 0.9:
        return "green"
    if share >= 0.7:
        return "yellow"
    return "red"


def _bar_text(group: Readiness) -> Text:
    filled = bar(group.share or 0.0)
    cut = len(filled.rstrip("░"))
    text = Text()
    text.append(filled[:cut], style=_share_style(group.share))
    text.append(filled[cut:], style="dim")
    return text


def _percent(group: Readiness) -> Text:
    text = group.percent
    if not text.endswith(" %"):  # English writes 87.7%; a column reads better with a space
        text = text.replace("%", " %")
    return Text(text, style=_share_style(group.share))


def _table() -> Table:
    """A table with a rule under its header and two blanks between columns."""
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1),
                 collapse_padding=True)


def _readiness(console: Console, report: Report) -> None:
    overall = report.overall
    _section(console, _("Readiness"))
    if overall.counted == 0:
        console.print(_("No non-office workplaces to count (hybrid, mobile or telework)."))
        return
    line = Text(_("{ready} of {counted} non-office workplaces ready").format(
        ready=overall.ready, counted=overall.counted) + "  ")
    line.append_text(_bar_text(overall))
    line.append("  ")
    line.append_text(_percent(overall))
    console.print(line)
    for heading, groups in ((_("Department"), report.departments), (_("Site"), report.sites)):
        if not groups:
            continue
        table = _table()
        table.add_column(heading, overflow="fold", max_width=40)
        table.add_column(_("Ready"), justify="right")
        table.add_column(_("Counted"), justify="right")
        table.add_column(_("Share"), justify="right")
        table.add_column("", no_wrap=True)
        for group in groups:
            table.add_row(Text(group.name), str(group.ready), str(group.counted),
                          _percent(group), _bar_text(group))
        console.print()
        console.print(table)


# --- findings by severity and by rule ---------------------------------------------------------


def _per_rule(report: Report) -> dict[str, tuple[str, int, int]]:
    """Rule ID -> (severity, unwaived, waived), worst severity first, then most findings."""
    counts: dict[str, list[int]] = {}
    severity_of: dict[str, str] = {}
    for finding in report.findings:
        entry = counts.setdefault(finding.rule, [0, 0])
        entry[1 if finding.waived else 0] += 1
        severity_of.setdefault(finding.rule, finding.severity)
    order = sorted(counts, key=lambda r: (SEVERITY_RANK[severity_of[r]], -counts[r][0],
                                          -counts[r][1], r))
    return {r: (severity_of[r], counts[r][0], counts[r][1]) for r in order}


def _summary(console: Console, report: Report) -> None:
    _section(console, _("Findings by severity and by rule"))
    if not report.findings:
        console.print(_("No findings."))
        return
    counts = report.counts()
    labels = severity_labels()
    waived = Counter(f.severity for f in report.findings if f.waived)
    severity_table = _table()
    severity_table.add_column(_("Severity"))
    severity_table.add_column(_("Findings"), justify="right")
    severity_table.add_column(_("Waived"), justify="right")
    for severity in SEVERITIES:
        style = SEVERITY_STYLE[severity] if counts[severity] else "dim"
        severity_table.add_row(Text(labels[severity], style=style), str(counts[severity]),
                               str(waived[severity]) if waived[severity] else "")
    console.print(severity_table)

    titles = {rule.id: rule.title for rule in report.rules}
    per_rule = _per_rule(report)
    rule_table = _table()
    rule_table.add_column(_("Rule"), no_wrap=True)
    rule_table.add_column(_("Severity"), no_wrap=True)
    rule_table.add_column(_("Title"), overflow="fold", ratio=1)
    rule_table.add_column(_("Findings"), justify="right")
    rule_table.add_column(_("Waived"), justify="right")
    for rule_id, (severity, found, waived_count) in per_rule.items():
        rule_table.add_row(rule_id, Text(labels[severity], style=SEVERITY_STYLE[severity]),
                           Text(titles.get(rule_id, "")), str(found),
                           str(waived_count) if waived_count else "")
    console.print()
    console.print(rule_table)


# --- the findings themselves --------------------------------------------------------------------


def _entry_grid(first: int | None = None, second: int | None = None) -> Table:
    """Rows of (rule or error code, record id, message with its location below)."""
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, width=first)  # rule ID or error code
    grid.add_column(overflow="fold", width=second)  # record id
    grid.add_column(overflow="fold", ratio=1)  # message, location below it
    return grid


def _message_cell(message: str, where: str, note: str | None = None) -> Text:
    text = Text(message)
    if note:
        text.append("\n")
        text.append(note, style="italic")
    text.append("\n")
    text.append(where, style="dim")
    return text


def _where(finding: Finding, options: Options) -> str:
    loc = finding.location
    return f"{display_path(options, loc.path)}:{loc.line}:{loc.column}"


def _select(findings: list[Finding], rank: dict[str, int], cap: int | None) -> list[Finding]:
    """The findings to list, worst severity first, in display order.

    Severities are taken whole while they fit under ``cap``; the severity that does not fit is
    sampled round-robin over its rules (most frequent rule first), so that the list shows every
    kind of problem rather than one rule's first 25 records.
    """
    def order(finding: Finding) -> tuple[int, int, tuple[str, int, int, str, str, str]]:
        return (SEVERITY_RANK[finding.severity], rank.get(finding.rule, len(rank)),
                finding.sort_key())

    ordered = sorted(findings, key=order)
    if cap is None or len(ordered) <= cap:
        return ordered
    chosen: list[Finding] = []
    for severity in SEVERITIES:
        group = [f for f in ordered if f.severity == severity]
        room = cap - len(chosen)
        if len(group) <= room:
            chosen.extend(group)
            continue
        by_rule: dict[str, list[Finding]] = {}
        for finding in group:
            by_rule.setdefault(finding.rule, []).append(finding)
        queues = list(by_rule.values())
        depth = 0
        while room:
            for queue in queues:
                if room and depth < len(queue):
                    chosen.append(queue[depth])
                    room -= 1
            depth += 1
        break
    return sorted(chosen, key=order)


def _findings(console: Console, report: Report, options: Options) -> None:
    rank = {rule_id: index for index, rule_id in enumerate(_per_rule(report))}
    unwaived = _select(list(report.unwaived), rank, None)
    waived = _select([f for f in report.findings if f.waived], rank, None)
    if not unwaived and not (options.show_all and waived):
        return
    shown = _select(unwaived, rank, None if options.show_all else CAP)
    title = _("Findings, worst first") if options.show_all or len(shown) == len(unwaived) \
        else _("The {shown} worst findings of {total}").format(shown=len(shown),
                                                              total=len(unwaived))
    labels = severity_labels()
    _section(console, title)
    total = Counter(f.severity for f in unwaived)
    listed = shown + (waived if options.show_all else [])
    widths = (max(len(f.rule) for f in listed),
              min(RECORD_WIDTH, max(len(f.record_id) for f in listed)))
    for severity in SEVERITIES:
        group = [f for f in shown if f.severity == severity]
        if not group:
            continue
        heading = Text(f"{labels[severity].upper()} · "
                       + plural(total[severity], "{n} finding", "{n} findings"),
                       style=SEVERITY_STYLE[severity])
        console.print()
        console.print(heading)
        grid = _entry_grid(*widths)
        for finding in group:
            grid.add_row(Text(finding.rule, style=SEVERITY_STYLE[severity]),
                         Text(finding.record_id), _message_cell(finding.message,
                                                                _where(finding, options)))
        console.print(grid)
        left = total[severity] - len(group)
        if left:
            console.print(Text(plural(left, "… and {n} more {severity} finding",
                                      "… and {n} more {severity} findings",
                                      severity=labels[severity]), style="dim"))
    if len(shown) < len(unwaived):
        left = len(unwaived) - len(shown)
        by_severity = Counter(f.severity for f in unwaived) - Counter(f.severity for f in shown)
        detail = ", ".join(f"{by_severity[s]} {labels[s]}" for s in SEVERITIES
                           if by_severity[s])
        console.print()
        console.print(Text(plural(left, "{n} more finding not shown ({detail}); --all shows "
                                  "them all.", "{n} more findings not shown ({detail}); --all "
                                  "shows them all.", detail=detail), style="bold"))
    if waived:
        if options.show_all:
            console.print()
            console.print(Text(_("WAIVED") + " · "
                               + plural(len(waived), "{n} finding", "{n} findings"),
                               style="dim bold"))
            grid = _entry_grid(*widths)
            for finding in waived:
                info = finding.waiver
                note = None
                if info is not None:
                    note = _("waived until {date}").format(date=day(info.until))
                    if info.approved_by:
                        note = _("waived until {date} by {who}").format(
                            date=day(info.until), who=info.approved_by)
                    if info.reason:
                        note += f": {info.reason}"
                grid.add_row(Text(finding.rule, style="dim"), Text(finding.record_id),
                             _message_cell(finding.message, _where(finding, options), note))
            console.print(grid)
        else:
            console.print(Text(plural(len(waived), "{n} waived finding not listed; --all "
                                      "lists them with their waivers.", "{n} waived findings "
                                      "not listed; --all lists them with their waivers."),
                               style="dim"))

"""Plain SVG charts for the management report: static, offline, printable, accessible.

Three kinds: horizontal bars (readiness per group, blockers, money per group), stacked
horizontal bars (findings by severity at each point) and a line (one figure over time). Plain SVG
is simpler than any chart library here (measured for issue 16: pygal 32 ms to import and a
script in its output, matplotlib 300 ms; this module under 5 ms and no dependency), and it is
deterministic: ids come from the caller.

Each chart is ``<svg role="img" aria-labelledby="… title desc">`` and carries its values as text
(a label at each bar and point), so colour is never the only carrier; the report puts the same
numbers in a table beside it. Colours meet WCAG 2.1 contrast against white (3:1 for graphics,
4.5:1 for text) and stay apart under simulated colour-vision deficiencies; each severity also
has its own white pattern. Texts arrive formatted (numbers in the report's language) and are
escaped here; values are plain numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

INK = "#1A1A1A"  # text: 17.4:1 on white
MUTED = "#595959"  # secondary text: 7.0:1
GRID = "#949494"  # axes and grid lines: 3.03:1 (WCAG 1.4.11)
BAR = "#0072B2"  # Okabe-Ito blue: 5.19:1
#: Severity, worst first: every fill >= 3.6:1 on white, and the smallest CIE76 colour distance
#: between two of them >= 31 for normal vision and simulated protan-, deutan- and tritanopia.
SEVERITY_COLOURS = {"critical": "#000000", "high": "#CC3311", "medium": "#CC6677",
                    "low": "#4477AA", "info": "#332288"}
#: The second carrier beside colour: a white pattern on each severity's fill.
PATTERNS = {
    "critical": "",
    "high": '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.2"/>',
    "medium": '<circle cx="3" cy="3" r="1.1" fill="#fff"/>',
    "low": '<path d="M0,3 H6" stroke="#fff" stroke-width="1.2"/>',
    "info": '<path d="M3,0 V6" stroke="#fff" stroke-width="1.2"/>',
}
FONT = 13  # px in viewBox units; a chart is drawn at its own width or narrower, never wider
WIDTH = 640  # a chart across the page; 480 beside a table
CHAR = 7.8  # average width of a character at FONT, for laying out labels
_DASH = ' stroke-dasharray="2 3"'

Tick = tuple[float, str]


def text(value: str) -> str:
    """A text of the report, safe in SVG (inventory text arrives made visible: the report is a
    people format, ``itready.formats.people``)."""
    return escape(value)


_GAP = 8  # between a label and its bar


def _label_width(most: float, labels: Sequence[str]) -> float:
    """Room for the longest label, at most ``most``."""
    return min(most, max(60.0, CHAR * max((len(label) for label in labels), default=4) + _GAP))


def _fit(label: str, width: float) -> str:
    """``label`` cut with an ellipsis to fit ``width`` with its gap (the full text is in the
    table)."""
    most = max(4, int((width - _GAP) / CHAR))
    return label if len(label) <= most else label[:most - 1] + "…"


def _open(uid: str, title: str, desc: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{uid}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" style="max-width:{width:.0f}px" '
        f'aria-labelledby="{uid}-t {uid}-d" font-size="{FONT}" font-family="inherit" '
        'focusable="false">',
        f'<title id="{uid}-t">{text(title)}</title>',
        f'<desc id="{uid}-d">{text(desc)}</desc>',
    ]


def nice_ticks(vmax: float, count: int = 4, whole: bool = False) -> list[float]:
    """0 and up to ``count`` round steps (1, 2, 2.5 or 5 times a power of ten) to ``vmax``;
    ``whole``: steps of at least 1 (for counts)."""
    if vmax <= 0:
        return [0.0, 1.0]
    raw = vmax / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, math.ceil(step))
    return [step * i for i in range(math.ceil(vmax / step - 1e-9) + 1)]


def bars(uid: str, title: str, desc: str, items: Sequence[tuple[str, float, str]],
         ticks: Sequence[Tick], width: float = WIDTH) -> str:
    """Horizontal bars, one per (label, value, value text), the text at the bar's end; the
    axis runs from the first tick to the last, labelled where the labels do not collide.
    Labels stand left of their bars where they all fit there, else each above its bar, whole:
    a reader should not have to guess a cut label from the table."""
    labels = [i[0] for i in items]
    above = CHAR * max((len(label) for label in labels), default=0) + _GAP > width * 0.42
    row, bar, top = (40, 16, 20) if above else (26, 16, 6)
    label_width = 0.0 if above else _label_width(width * 0.42, labels)
    x0, plot = (4.0 if above else label_width), width - (4.0 if above else label_width) - 90
    vmax = ticks[-1][0] or 1
    height = top + row * len(items) + 22
    out = _open(uid, title, desc, width, height)
    free = 0.0  # where the next axis label may start
    for value, label in ticks:
        x = x0 + plot * value / vmax
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" '
                   f'stroke="{GRID}"{"" if value == ticks[0][0] else _DASH}/>')
        half = CHAR * len(label) / 2
        if x - half >= free:
            out.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" '
                       f'fill="{MUTED}">{text(label)}</text>')
            free = x + half + 8
    for n, (label, value, shown) in enumerate(items):
        y = top + n * row
        length = max(0.0, min(1.0, value / vmax)) * plot
        if above:
            out.append(f'<text x="{x0:.1f}" y="{y - 4}" fill="{INK}">{text(label)}</text>')
        else:
            out.append(f'<text x="{x0 - _GAP + 2:.1f}" y="{y + bar - 3}" text-anchor="end" '
                       f'fill="{INK}">{text(_fit(label, label_width))}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{length:.1f}" height="{bar}" '
                   f'fill="{BAR}"/>')
        out.append(f'<text x="{x0 + length + 6:.1f}" y="{y + bar - 3}" fill="{INK}" '
                   f'font-weight="bold">{text(shown)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def stacked(uid: str, title: str, desc: str, rows: Sequence[tuple[str, Sequence[int], str]],
            series: Sequence[tuple[str, str]]) -> str:
    """Stacked horizontal bars: one per (label, count per series, total text), each series
    (key, name) in its colour and pattern, and a legend under the bars."""
    row, bar, top = 24, 15, 6
    label_width = _label_width(WIDTH * 0.3, [r[0] for r in rows])
    x0, plot = label_width, WIDTH - label_width - 60
    most = max((sum(counts) for _, counts, _ in rows), default=0) or 1
    height = top + row * len(rows) + 30
    out = _open(uid, title, desc, WIDTH, height)
    out.append("<defs>")
    for key, _name in series:
        out.append(f'<pattern id="{uid}-{key}" patternUnits="userSpaceOnUse" width="6" '
                   f'height="6"><rect width="6" height="6" fill="{SEVERITY_COLOURS[key]}"/>'
                   f'{PATTERNS[key]}</pattern>')
    out.append("</defs>")
    for n, (label, counts, total) in enumerate(rows):
        y = top + n * row
        out.append(f'<text x="{x0 - _GAP + 2:.1f}" y="{y + bar - 3}" text-anchor="end" '
                   f'fill="{INK}">{text(_fit(label, label_width))}</text>')
        x = x0
        for (key, _name), count in zip(series, counts, strict=True):
            if count:
                width = plot * count / most
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(width - 1.5, 1):.1f}" '
                           f'height="{bar}" fill="url(#{uid}-{key})"/>')
                x += width
        out.append(f'<text x="{x + 5:.1f}" y="{y + bar - 3}" fill="{INK}" '
                   f'font-weight="bold">{text(total)}</text>')
    x, y = 0.0, top + row * len(rows) + 10
    for key, name in series:
        out.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="url(#{uid}-{key})"/>')
        out.append(f'<text x="{x + 19:.1f}" y="{y + 12}" fill="{INK}">{text(name)}</text>')
        x += 34 + CHAR * len(name)
    out.append("</svg>")
    return "\n".join(out)


def line(uid: str, title: str, desc: str,
         points: Sequence[tuple[Sequence[str], float | None, str]],
         ticks: Sequence[Tick]) -> str:
    """One figure over time: (axis label lines, value or None for a gap, value text) per
    point, evenly spaced; a marker and the value text at each point."""
    left, right, top, bottom = 64, 24, 24, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    vmin, vmax = ticks[0][0], ticks[-1][0]
    span = (vmax - vmin) or 1
    out = _open(uid, title, desc, WIDTH, height)
    for value, label in ticks:
        y = top + plot_h - plot_h * (value - vmin) / span
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                   f'stroke="{GRID}"{"" if value == vmin else _DASH}/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="{MUTED}">{text(label)}</text>')
    step = plot_w / max(len(points) - 1, 1)
    every = max(1, math.ceil(len(points) * 52 / plot_w))  # axis labels at least 52 px apart
    segments: list[list[tuple[float, float]]] = [[]]
    marks = []
    for n, (axis, at, shown) in enumerate(points):
        x = left + (step * n if len(points) > 1 else plot_w / 2)
        if n % every == 0 or (n == len(points) - 1 and n % every > every // 2):
            for k, part in enumerate(axis):
                out.append(f'<text x="{x:.1f}" y="{height - bottom + 16 + 13 * k}" '
                           f'text-anchor="middle" fill="{MUTED}">{text(part)}</text>')
        if at is None:
            segments.append([])
            marks.append(f'<text x="{x:.1f}" y="{top + plot_h - 4:.1f}" text-anchor="middle" '
                         f'fill="{MUTED}">{text(shown)}</text>')
            continue
        y = top + plot_h - plot_h * (at - vmin) / span
        segments[-1].append((x, y))
        marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BAR}"/>')
        if n % every == 0 or n == len(points) - 1:
            # the first and last labels lean inwards, clear of the axis and the edge
            anchor, shift = ("start", -4) if n == 0 else ("end", 4) if n == len(points) - 1 \
                else ("middle", 0)
            marks.append(f'<text x="{x + shift:.1f}" y="{y - 9:.1f}" text-anchor="{anchor}" '
                         f'fill="{INK}" font-size="11">{text(shown)}</text>')
    for segment in segments:
        if len(segment) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            out.append(f'<polyline fill="none" stroke="{BAR}" stroke-width="2.5" '
                       f'points="{path}"/>')
    out += marks
    out.append("</svg>")
    return "\n".join(out)

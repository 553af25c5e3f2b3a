"""The progress report as one printable HTML page, its charts drawn as inline SVG.

No script, no external resource: the page opens the same offline, in any browser,
and prints on one page (A4 or Letter) to hand to a clinician.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from ..progress_report import uncounted
from .html import h

if TYPE_CHECKING:
    from ..progress_report import Ladder, PainPoint, Report, Week

SESSIONS = 60
"""The charts show the latest this many sessions."""

WEEKS = 26
"""The weekly chart shows the latest this many weeks."""

BEFORE, AFTER, DONE, PLANNED = "#b35900", "#1f5fa8", "#1f5fa8", "#d9d9d9"

# Modelled on the routine handout's page (render/html.py): same type, width and margins;
# on paper the type shrinks and the charts keep their proportions.
_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
       max-width: 178mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 1mm; }
h3 { font-size: 10.5pt; margin: 2mm 0 0.5mm; }
p { margin: 0.5mm 0; }
.period, .note { color: #333; }
svg.chart { display: block; width: 100%; height: auto; }
.ladders { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 5mm; }
.ladder { break-inside: avoid; page-break-inside: avoid; }
.ladder p { font-size: 9pt; color: #333; }
ul { margin: 1mm 0 1mm 5mm; padding: 0; }
.safety { border-left: 3px solid #a00; padding-left: 3mm; }
.key { font-size: 9pt; color: #333; }
.key span { display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; }
@page { margin: 10mm 11mm; }
@media print {
  body { font-size: 8.5pt; line-height: 1.3; max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 1.6em; }
  h2 { font-size: 1.15em; margin: 2.5mm 0 0.5mm; }
  h3 { font-size: 1em; margin: 1mm 0 0; }
  section { break-inside: avoid; page-break-inside: avoid; }
  .ladder p, .key { font-size: 0.92em; }
}
"""


def _svg(label: str, width: int, height: int, body: Iterable[str]) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{h(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="11">'
        f"<title>{h(label)}</title>" + "".join(body) + "</svg>"
    )


def _x(i: int, n: int, left: int, right: int) -> float:
    """The x of column ``i`` of ``n``, spread between ``left`` and ``right``."""
    return left + (right - left) * (i + 0.5) / max(n, 1)


def _runs(points: Sequence[tuple[float, int | None]]) -> list[list[tuple[float, int]]]:
    """The points split where a value is missing, so a line never bridges a gap."""
    runs: list[list[tuple[float, int]]] = [[]]
    for x, value in points:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, value))
    return [run for run in runs if run]


def pain_chart(points: Sequence[PainPoint]) -> str:
    """Pain before and after each session: two lines on a 0-10 scale, one dot a session
    (hollow for a session stopped part-way)."""
    width, height, left, right, top, bottom = 680, 170, 28, 672, 8, 140
    n = len(points)

    def y(pain: int) -> float:
        return bottom - (bottom - top) * pain / 10

    body = []
    for pain in range(0, 11, 2):
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y(pain):.1f}" y2="{y(pain):.1f}" '
            'stroke="#e3e3e3"/>'
            f'<text x="{left - 4}" y="{y(pain) + 4:.1f}" text-anchor="end">{pain}</text>'
        )
    for colour, field in ((BEFORE, "before"), (AFTER, "after")):
        values = [(_x(i, n, left, right), getattr(p, field)) for i, p in enumerate(points)]
        for run in _runs(values):
            line = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in run)
            body.append(
                f'<polyline class="{field}" points="{line}" fill="none" stroke="{colour}" '
                'stroke-width="2"/>'
            )
        for (x, value), point in zip(values, points, strict=True):
            if value is None:
                continue
            fill = "#fff" if point.partial else colour
            body.append(
                f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3" fill="{fill}" stroke="{colour}" '
                'stroke-width="1.5"/>'
            )
    body += _day_labels([p.day for p in points], left, right, bottom + 16)
    return _svg("Pain before and after each session, 0 to 10", width, height, body)


def _day_labels(days: Sequence[dt.date], left: int, right: int, y: int) -> list[str]:
    """Dates under a chart: the first, the last, and about five between, never crowding
    the last (which ends at its point, so that it stays inside the chart)."""
    n = len(days)
    every = max(1, -(-n // 6))
    shown = [i for i in range(0, n, every) if n - 1 - i >= every / 2 or i == 0]
    if shown[-1] != n - 1:
        shown.append(n - 1)
    return [
        f'<text x="{_x(i, n, left, right):.1f}" y="{y}" '
        f'text-anchor="{"end" if i == n - 1 and i else "middle"}">{days[i]:%d %b}</text>'
        for i in shown
    ]


def weeks_chart(weeks: Sequence[Week]) -> str:
    """Days with a session (filled) against the plan's days (grey, behind) per week."""
    width, height, left, right, top, bottom = 680, 150, 28, 672, 22, 120
    n = len(weeks)
    top_count = max(7, *(max(w.done, w.planned) for w in weeks))
    slot = (right - left) / max(n, 1)
    bar = min(slot * 0.7, 40)

    def y(count: int) -> float:
        return bottom - (bottom - top) * count / top_count

    body = [f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#999"/>']
    for count in range(0, top_count + 1, 7 if top_count > 10 else 1):
        body.append(f'<text x="{left - 4}" y="{y(count) + 4:.1f}" text-anchor="end">{count}</text>')
    for i, w in enumerate(weeks):
        x = _x(i, n, left, right)
        for cls, count, colour, inset in (
            ("planned", w.planned, PLANNED, 0.0),
            ("done", w.done, DONE, bar * 0.2),
        ):
            if count:
                body.append(
                    f'<rect class="{cls}" x="{x - bar / 2 + inset:.1f}" y="{y(count):.1f}" '
                    f'width="{bar - 2 * inset:.1f}" height="{bottom - y(count):.1f}" '
                    f'fill="{colour}"/>'
                )
        so_far = "" if w.complete else "*"
        body.append(
            f'<text x="{x:.1f}" y="{y(max(w.done, w.planned)) - 3:.1f}" text-anchor="middle">'
            f"{w.done}/{w.planned}{so_far}</text>"
            f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">w{w.number}</text>'
        )
    return _svg("Sessions done against the plan, per week", width, height, body)


def ladder_chart(chart: Ladder) -> str:
    """One exercise's level at each session it was done: a step line over its rungs."""
    points = chart.points[-SESSIONS:]
    rows = len(chart.levels)
    label = 10 + 7 * max(len(level) for level in chart.levels)
    width, row_h, top = 330, 18, 6
    height = top + rows * row_h + 8
    n = len(points)

    def y(level: int) -> float:
        return top + (rows - 1 - level + 0.5) * row_h

    body = []
    for i, name in enumerate(chart.levels):
        body.append(
            f'<line x1="{label}" x2="{width - 4}" y1="{y(i):.1f}" y2="{y(i):.1f}" '
            'stroke="#e3e3e3"/>'
            f'<text x="{label - 4}" y="{y(i) + 4:.1f}" text-anchor="end">{h(name)}</text>'
        )
    xy = [(_x(i, n, label, width - 4), p.level) for i, p in enumerate(points) if p.level >= 0]
    if xy:
        steps = [f"{xy[0][0]:.1f},{y(xy[0][1]):.1f}"]
        for (_, before), (x, level) in pairwise(xy):
            steps += [f"{x:.1f},{y(before):.1f}", f"{x:.1f},{y(level):.1f}"]
        body.append(
            f'<polyline points="{" ".join(steps)}" fill="none" stroke="{AFTER}" stroke-width="2"/>'
        )
        body += [f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="2.5" fill="{AFTER}"/>' for x, v in xy]
    return _svg(f"{chart.name}: rung at each session", width, height, body)


def _ladder(chart: Ladder) -> list[str]:
    nxt = f"<strong>Next:</strong> {h(chart.next)}. " if chart.next else ""
    return [
        '<div class="ladder">',
        f"<h3>{h(chart.name)}</h3>",
        ladder_chart(chart),
        f"<p><strong>Now:</strong> {h(chart.now)}. {nxt}{h(chart.why)}</p>",
        "</div>",
    ]


def render_progress_html(report: Report) -> str:
    """The whole page: period, sessions against the plan, pain, rungs, next steps, safety."""
    pain, weeks = report.pain[-SESSIONS:], report.weeks[-WEEKS:]
    count = f"{report.sessions} session{'s' if report.sessions != 1 else ''}"
    period = (
        f"{count} from {report.first_day:%a %d %b %Y} to {report.last_day:%a %d %b %Y}; "
        f"report of {report.today:%a %d %b %Y}."
    )
    if report.partial:
        period += f" {report.partial} stopped part-way (hollow dots)."
    period = " ".join([period, *uncounted(report)])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Lower-back routine: progress</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Lower-back routine: progress</h1>",
        f'<p class="period">{h(period)}</p>',
        "<section><h2>Sessions done against the plan, per week</h2>",
        weeks_chart(weeks),
        f'<p class="key"><span style="background:{DONE}"></span>done'
        f'<span style="background:{PLANNED}"></span>planned; done/planned above each week,'
        " in days (several sessions on one day count once; * the week under way: planned"
        " so far)</p>",
        f'<p class="note">{h("The plan: " + report.plan + ".")}</p></section>',
        "<section><h2>Pain before and after each session (0-10)</h2>",
        pain_chart(pain),
        f'<p class="key"><span style="background:{BEFORE}"></span>before'
        f'<span style="background:{AFTER}"></span>after</p></section>',
    ]
    if report.ladders:
        parts.append("<section><h2>Each exercise's rung over time, and its next step</h2>")
        parts.append('<div class="ladders">')
        for chart in report.ladders:
            parts += _ladder(chart)
        parts.append("</div>")
        if report.one_level:
            parts.append(f'<p class="note">{h("One form, nothing to climb: ")}')
            parts.append(f"{h(', '.join(report.one_level))}.</p>")
        parts.append("</section>")
    if report.due:
        parts.append(f"<p><strong>{h(report.due)}</strong></p>")
    if report.safety:
        parts.append('<section class="safety"><h2>Safety</h2><ul>')
        parts += [f"<li>{h(text)}</li>" for text in report.safety]
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

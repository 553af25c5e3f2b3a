"""The progress report as text for a terminal: small charts of block characters, or of
plain ASCII where the terminal cannot show them."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..progress_report import uncounted
from .safe_text import inert

if TYPE_CHECKING:
    from ..progress_report import Ladder, PainPoint, Report, Week

COLUMNS = 60
"""The text rung charts show the latest this many sessions (one column each)."""

WEEKS = 12
"""The text chart of sessions per week shows the latest this many weeks."""

WIDTH = 80

PAIN_COLUMNS = 25
"""The text pain chart shows the latest this many sessions (two columns each)."""

PAIN_ROWS = 5


def _day(d: object) -> str:
    return f"{d:%a %Y-%m-%d}"


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(inert(text), WIDTH, initial_indent=indent, subsequent_indent=indent)


def pain_column(pain: int | None, *, unicode: bool) -> str:
    """One session's bar of the pain chart, bottom row first: each of the five rows is two
    points of pain, a half block one, so 0-10 is drawn exactly; ``?`` when not given."""
    full, half = ("█", "▄") if unicode else ("#", ".")
    if pain is None:
        return "?" + " " * (PAIN_ROWS - 1)
    return "".join(
        full if pain >= 2 * r else half if pain == 2 * r - 1 else " "
        for r in range(1, PAIN_ROWS + 1)
    )


def _pain(points: tuple[PainPoint, ...], unicode: bool) -> list[str]:
    shown = points[-PAIN_COLUMNS:]
    lines = ["Pain before and after each session (0-10), oldest first:"]
    if len(points) > len(shown):
        lines[0] = f"Pain before and after the latest {len(shown)} sessions (0-10), oldest first:"
    columns = [
        (pain_column(p.before, unicode=unicode), pain_column(p.after, unicode=unicode))
        for p in shown
    ]
    for r in reversed(range(PAIN_ROWS)):
        row = " ".join(before[r] + after[r] for before, after in columns)
        lines.append(f"  {2 * (r + 1):>2} |{row}".rstrip())
    lines.append("     +" + "-" * (3 * len(shown) - 1))
    half = "▄" if unicode else "."
    lines.append(f"  each session: before then after; a row is 2 points, {half} is 1; ? not given")
    changes = [p.after - p.before for p in points if p.before is not None and p.after is not None]
    if changes:
        fell, rose = sum(1 for c in changes if c < 0), sum(1 for c in changes if c > 0)
        lines.append(
            f"  During a session pain fell {fell} times, stayed the same "
            f"{len(changes) - fell - rose}, rose {rose} (of {len(changes)} with both given)."
        )
    return lines


def _weeks(weeks: tuple[Week, ...], plan: str, unicode: bool) -> list[str]:
    shown = weeks[-WEEKS:]
    full, empty = ("█", "░") if unicode else ("#", ".")
    lines = ["Days with a session per week against the plan (weeks counted from your first"]
    lines.append("session; the plan gives one session a day, so a day counts once):")
    for w in shown:
        bar = full * w.done + empty * max(w.planned - w.done, 0)
        so_far = "" if w.complete else " so far"
        extra = ""
        if w.sessions > w.done:
            extra = f" ({w.sessions} sessions on {w.done} day{'s' if w.done != 1 else ''})"
        lines.append(
            f"  week {w.number:>2}  {w.start:%d %b}-{w.end:%d %b}  {bar:<9}"
            f" {w.done} of {w.planned} planned{so_far}{extra}"
        )
    lines.append(f"  {full} day done  {empty} planned, not done")
    lines += _wrap(f"The plan: {plan}.")
    return lines


def _ladder(chart: Ladder, unicode: bool) -> list[str]:
    points = chart.points[-COLUMNS:]
    mark = "█" if unicode else "#"
    label = max(len(level) for level in chart.levels)
    lines = [inert(f"{chart.name} ({chart.exercise}):")]
    for i in reversed(range(len(chart.levels))):
        row = "".join(mark if p.level == i else " " for p in points)
        lines.append(f"  {inert(chart.levels[i]):<{label}} |{row}".rstrip())
    if chart.next:
        lines += _wrap(f"Now: {chart.now}. Next: {chart.next}. {chart.why}")
    else:
        lines += _wrap(f"Now: {chart.now}. {chart.why}")
    return lines


def render_progress_text(report: Report, *, unicode: bool = True) -> str:
    """The report as text; ``unicode`` False draws the charts in plain ASCII."""
    head = (
        f"Progress: {report.sessions} session{'s' if report.sessions != 1 else ''} "
        f"from {_day(report.first_day)} to {_day(report.last_day)} (today {_day(report.today)})"
    )
    lines = [head]
    if report.partial:
        lines.append(f"  {report.partial} of them stopped part-way (partial sessions).")
    lines += [f"  {note}" for note in uncounted(report)]
    lines += ["", *_pain(report.pain, unicode), "", *_weeks(report.weeks, report.plan, unicode)]
    lines += ["", "Each exercise's rung over time (a column per session it was done in):"]
    for chart in report.ladders:
        lines += ["", *_ladder(chart, unicode)]
    if report.one_level:
        lines += [
            "",
            *_wrap("One form, nothing to climb: " + ", ".join(report.one_level) + ".", ""),
        ]
    if report.due:
        lines += ["", *_wrap(report.due, "")]
    if report.safety:
        lines += ["", "Safety:", *(line for text in report.safety for line in _wrap(text))]
    return "\n".join(lines) + "\n"

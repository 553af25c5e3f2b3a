"""When the next session is due, and a plan of sessions: pure functions of dates.

Shimada's article says to do the routine every day at first, then gradually
only 2-3 times a week. How long "at first" lasts and how far apart the later
sessions are, it does not say: lowback's defaults are :data:`DAILY_DAYS` days
of daily sessions counted from the first session, then one session every
:data:`TAPER_GAP_DAYS` days (2 or 3 in any calendar week).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .models.progress import Progress

DAILY_DAYS = 14
"""lowback's default: every day for the first two weeks after the first session."""

TAPER_GAP_DAYS = 3
"""lowback's default: after the daily weeks, one session every third day (2-3 a week)."""

LAST_DAY = dt.date(9998, 12, 31)
"""The last day lowback plans a session on, the last its history stores: a plan that
would run past it stops there (the calendar itself ends a year later, on 9999-12-31,
leaving room for a session's end and the next one due)."""

Phase = Literal["daily", "taper"]

DAILY_WORDS = "every day for the first two weeks (lowback's default)"
TAPER_WORDS = "every third day, 2-3 times a week (lowback's default spacing)"
PLAN_WORDS = (
    f"{DAILY_WORDS}, then {TAPER_WORDS}; Kota Shimada's article says every day at first, "
    "then 2-3 times a week"
)
"""The whole schedule in one sentence, as ``plan`` and ``progress`` say it."""


def phase(first: dt.date, day: dt.date) -> Phase:
    """``daily`` within :data:`DAILY_DAYS` days of the first session, then ``taper``."""
    return "daily" if (day - first).days < DAILY_DAYS else "taper"


def after(first: dt.date, last: dt.date) -> dt.date:
    """The day the session after one done on ``last`` is due."""
    nxt = last + dt.timedelta(days=1)
    if phase(first, nxt) == "daily":
        return nxt
    return max(last + dt.timedelta(days=TAPER_GAP_DAYS), first + dt.timedelta(days=DAILY_DAYS))


class Due(NamedTuple):
    """The next session: the day it is due, its phase, and whether it was due earlier."""

    day: dt.date
    phase: Phase
    overdue_since: dt.date | None = None


def next_due(first: dt.date | None, last: dt.date | None, today: dt.date) -> Due:
    """The next session after the history's ``first`` and ``last`` days, seen from ``today``.

    With no history the first session is due today. A session due before
    ``today`` is due today, and ``overdue_since`` says since when.
    """
    if first is None or last is None:
        return Due(today, "daily")
    day = after(first, last)
    if day < today:
        return Due(today, phase(first, today), overdue_since=day)
    return Due(day, phase(first, day))


class Planned(NamedTuple):
    """One planned session: its day, its phase, and its number in the plan (from 1)."""

    number: int
    day: dt.date
    phase: Phase


def plan_end(today: dt.date, weeks: int) -> dt.date:
    """The last day of a plan of ``weeks`` weeks from ``today``: ``today + 7 * weeks - 1``,
    or :data:`LAST_DAY` when that comes first."""
    if (LAST_DAY - today).days < 7 * weeks:
        return LAST_DAY
    return today + dt.timedelta(days=7 * weeks - 1)


def plan(
    first: dt.date | None, last: dt.date | None, today: dt.date, weeks: int
) -> tuple[Planned, ...]:
    """The sessions due from ``today`` for ``weeks`` weeks (``today`` up to :func:`plan_end`),
    continuing the history's schedule (or starting one today). Empty when ``today`` is
    after :data:`LAST_DAY`."""
    end = plan_end(today, weeks)
    due = next_due(first, last, today)
    start = first if first is not None else due.day
    out: list[Planned] = []
    day = due.day
    while day <= end:
        out.append(Planned(len(out) + 1, day, phase(start, day)))
        day = after(start, day)
    return tuple(out)


def planned_days(first: dt.date, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from ``start`` to ``end`` (both included) on which a schedule begun on
    ``first`` plans a session, as :func:`plan` from ``first`` would give them.

    The taper is one session every :data:`TAPER_GAP_DAYS` days, so the walk starts at
    the first taper day on or after ``start`` instead of at ``first``: a window years
    after the first session costs no more than one near it."""
    last_daily = first + dt.timedelta(days=DAILY_DAYS - 1)
    first_taper = after(first, last_daily)
    day = max(start, first)
    if day > first_taper:
        behind = (day - first_taper).days
        day = first_taper + dt.timedelta(days=-(-behind // TAPER_GAP_DAYS) * TAPER_GAP_DAYS)
    elif last_daily < day:
        day = first_taper
    out: list[dt.date] = []
    while day <= min(end, LAST_DAY):
        out.append(day)
        day = after(first, day)
    return out


def _day(d: dt.date) -> str:
    return f"{d:%a} {d.isoformat()}"


def describe_next(progress: Progress) -> tuple[str, str]:
    """The schedule note's ``(fact, text)`` for ``progress``."""
    first, last = progress.first_day, progress.last_day
    today = progress.today or last
    fact = (
        f"progress: {progress.sessions} sessions, first {first}, last {last}, "
        f"today {progress.today}"
    )
    if today is None or first is None or last is None:
        return fact, (
            "No session logged yet: the first is due today, then every day for the first "
            "two weeks (lowback's default), then 2-3 times a week."
        )
    due = next_due(first, last, today)
    when = ""
    if due.overdue_since is not None:
        when = f" (it was due on {due.overdue_since}: do it today)"
    elif progress.today is not None and due.day == progress.today:
        when = " (today)"
    elif progress.today is not None and due.day == progress.today + dt.timedelta(days=1):
        when = " (tomorrow)"
    if due.phase == "daily":
        until = first + dt.timedelta(days=DAILY_DAYS - 1)
        how = f"every day for the first two weeks, until {until} (lowback's default)"
    else:
        how = (
            "every third day now, 2-3 times a week (the article: every day at first, "
            "then 2-3 times a week; the two weeks and the spacing are lowback's defaults)"
        )
    return fact, f"Next session due {_day(due.day)}{when}: {how}."

"""``lowback plan``: the sessions ahead, from the history, as text, JSON or an iCalendar file."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .output import write_file

if TYPE_CHECKING:
    from ..schedule import Planned

PRODID = "-//lowback//lowback plan//EN"

UID_DOMAIN = "lowback"
"""The fixed namespace of every event's UID: ``lowback-session-YYYYMMDD@lowback``."""

SESSION_MINUTES = 20
"""lowback's default length of a timed event (``--at``); the article gives none."""

REMINDER_BEFORE = dt.timedelta(minutes=10)
"""lowback's default: a timed session's reminder comes this long before it."""

ALL_DAY_REMINDER = dt.timedelta(hours=9)
"""lowback's default: an all-day session's reminder comes at 09:00 on its day."""

SEQUENCE_EPOCH = dt.date(2024, 1, 1)
"""SEQUENCE is the number of days from this to the day the plan was made, so that a
later plan's events (and cancellations) win over an earlier one's without lowback
keeping any record of what it exported."""

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def uid(day: dt.date) -> str:
    """The UID of the slot on ``day``: the same in every export, so a newer plan
    replaces an older one's event for that day instead of doubling it."""
    return f"lowback-session-{day:%Y%m%d}@{UID_DOMAIN}"


def _at(value: str | None) -> dt.time | None:
    """``--at HH:MM``: a time of day, 00:00 to 23:59."""
    if value is None:
        return None
    match = _TIME.fullmatch(value.strip())
    if match is None:
        raise click.BadParameter(
            f"{value!r} is not a time of day; give HH:MM from 00:00 to 23:59 (e.g. 07:30)",
            param_hint="'--at'",
        )
    return dt.time(int(match[1]), int(match[2]))


def _how(p: Planned) -> str:
    from ..schedule import DAILY_WORDS, TAPER_WORDS

    return DAILY_WORDS if p.phase == "daily" else TAPER_WORDS


class IcsOptions:
    """What the calendar file holds beyond the slots: the day the plan was made (its
    SEQUENCE), the plan's window end, a time of day, and whether to remind."""

    def __init__(
        self, today: dt.date, end: dt.date, at: dt.time | None = None, reminder: bool = True
    ) -> None:
        self.today, self.end, self.at, self.reminder = today, end, at, reminder

    @property
    def sequence(self) -> int:
        return max(0, (self.today - SEQUENCE_EPOCH).days)


def _times(event: Any, day: dt.date, at: dt.time | None) -> None:
    if at is None:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        return
    start = dt.datetime.combine(day, at)  # floating: the calendar's own time zone
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=SESSION_MINUTES))


def _alarm(at: dt.time | None) -> Any:
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Lower-back routine (lowback)")
    alarm.add("trigger", -REMINDER_BEFORE if at is not None else ALL_DAY_REMINDER)
    return alarm


def _event(day: dt.date, stamp: dt.datetime, opts: IcsOptions) -> Any:
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid(day))
    event.add("dtstamp", stamp)
    event.add("sequence", opts.sequence)
    _times(event, day, opts.at)
    event.add("summary", "Lower-back routine (lowback)")
    event.add("transp", "TRANSPARENT")
    return event


def ics_bytes(
    planned: Sequence[Planned], stamp: dt.datetime, opts: IcsOptions | None = None
) -> bytes:
    """The planned sessions as an iCalendar file: one event per session.

    Each event's UID is built from its day alone (:func:`uid`) and its SEQUENCE
    from the day the plan was made, so importing a newer plan updates the events
    already imported instead of doubling them. Every day after the plan's first
    day and before its end that holds no session gets a cancelled event
    (``STATUS:CANCELLED``, the same UID): a slot an earlier export planned there
    is taken away, without lowback keeping any record of its exports.
    """
    import icalendar

    if opts is None:
        first = planned[0].day if planned else stamp.date()
        opts = IcsOptions(first, planned[-1].day + dt.timedelta(days=1) if planned else first)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "lowback")
    days = {p.day for p in planned}
    for p in planned:
        event = _event(p.day, stamp, opts)
        event.add("status", "CONFIRMED")
        event.add(
            "description",
            f"Session {p.number} of the plan: {_how(p)}. Run 'lowback session' for a guided "
            "session, or 'lowback recommend' for the routine.",
        )
        if opts.reminder:
            event.add_component(_alarm(opts.at))
        cal.add_component(event)
    day = opts.today + dt.timedelta(days=1)
    while day < opts.end:
        if day not in days:
            event = _event(day, stamp, opts)
            event.add("status", "CANCELLED")
            event.add("description", "No session planned on this day any more (lowback plan).")
            cal.add_component(event)
        day += dt.timedelta(days=1)
    return bytes(cal.to_ical())


def week_of(day: dt.date, first: dt.date) -> int:
    """The number of the week ``day`` falls in, weeks being seven days counted from the
    first session (``first``), as ``lowback progress`` numbers them."""
    return (day - first).days // 7 + 1


def plan_json(
    planned: Sequence[Planned],
    day: dt.date,
    end: dt.date,
    sessions: int,
    at: dt.time | None,
    first: dt.date | None = None,
) -> str:
    """The plan as JSON (``lowback plan --format json``); each session's ``week`` is
    counted from ``first``, the first session (today when there is none yet)."""
    start = first or day
    return json.dumps(
        {
            "from": day.isoformat(),
            "to": end.isoformat(),
            "sessions_logged": sessions,
            "at": at.strftime("%H:%M") if at is not None else None,
            "planned": [
                {
                    "number": p.number,
                    "day": p.day.isoformat(),
                    "week": week_of(p.day, start),
                    "phase": p.phase,
                    "uid": uid(p.day),
                }
                for p in planned
            ],
        },
        indent=2,
    )


@click.command("plan")
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    default=4,
    show_default=True,
    metavar="N",
    help="How many weeks ahead (1-52).",
)
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    metavar="FILE",
    help="Also write the plan as an iCalendar file a calendar app imports ('-' for stdout, "
    "the plan itself then going to stderr).",
)
@click.option("--force", is_flag=True, help="With --ics, replace an existing file.")
@click.option(
    "--at",
    "at_text",
    metavar="HH:MM",
    help="A time of day for each session, shown in the plan; with --ics, 20-minute "
    "events at that time (lowback's default length) instead of all-day events.",
)
@click.option(
    "--reminder/--no-reminder",
    default=True,
    show_default=True,
    help="With --ics, a reminder on each session: 10 minutes before with --at, else at "
    "09:00 that day (lowback's defaults).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a list by week; json: every planned session with its day, phase and UID.",
)
def plan_command(
    weeks: int, ics: Path | None, force: bool, at_text: str | None, reminder: bool, fmt: str
) -> None:
    """Plan the sessions ahead: every day for two weeks, then every third day.

    The plan continues your history (its first session starts the two daily
    weeks) or, with no history, starts today. Both the two weeks and the
    spacing after them are lowback's defaults; the article says every day at
    first, then 2-3 times a week. Weeks are counted from your first session,
    as 'lowback progress' counts them.

    Each calendar event's UID comes from its day alone, so importing a newer
    plan replaces the older one's events, and days of the new plan's window
    that no longer hold a session are sent as cancelled events.

    \b
    Examples:
      lowback plan --weeks 4
      lowback plan --weeks 6 --ics lowback.ics --at 07:30
      lowback plan --format json
    """
    from ..errors import LowbackError
    from ..schedule import LAST_DAY, plan, plan_end
    from .context_flags import progress_as_of, today

    if force and ics is None:
        raise click.UsageError("--force only applies with --ics FILE; add --ics or drop --force.")
    at = _at(at_text)
    day = today()
    if day > LAST_DAY:
        raise LowbackError(
            f"cannot plan from {day}: lowback plans sessions up to {LAST_DAY}, "
            "the last day its history stores"
        )
    progress = progress_as_of(day)
    first = progress.first_day if progress else None
    last = progress.last_day if progress else None
    planned = plan(first, last, day, weeks)
    end = plan_end(day, weeks)
    to_stdout = ics is not None and str(ics) == "-"
    sessions = progress.sessions if progress else 0
    if fmt == "json":
        click.echo(plan_json(planned, day, end, sessions, at, first), err=to_stdout)
    else:
        _say_plan(planned, day, end, sessions, first, at, err=to_stdout)
    if ics is None:
        return
    opts = IcsOptions(day, end + dt.timedelta(days=1), at, reminder)
    data = ics_bytes(planned, dt.datetime.now(dt.UTC), opts)
    if to_stdout:
        click.echo(data, nl=False)
        return
    write_file(ics, data, force=force, flag="--ics")
    click.echo(f"Wrote {len(planned)} sessions to {ics}", err=fmt == "json")


def _say_plan(
    planned: Sequence[Planned],
    day: dt.date,
    end: dt.date,
    sessions: int,
    first: dt.date | None,
    at: dt.time | None = None,
    *,
    err: bool,
) -> None:
    """The plan as text; on stderr when stdout carries the calendar (``--ics -``)."""
    from ..schedule import LAST_DAY, PLAN_WORDS

    def say(line: str) -> None:
        click.echo(line, err=err)

    if not sessions:
        say(f"Plan from {day:%a} {day} to {end:%a} {end} (no session logged yet).")
    else:
        say(
            f"Plan from {day:%a} {day} to {end:%a} {end} ({sessions} "
            f"session{'s' if sessions != 1 else ''} logged, the first on {first})."
        )
    say(f"{PLAN_WORDS[0].upper()}{PLAN_WORDS[1:]}.")
    if end == LAST_DAY:
        say(f"The plan stops at {LAST_DAY}, the last day lowback plans a session on.")
    start = first or day
    origin = "your first session" if first else "today, the first session's day"
    say(f"Weeks are counted from {origin}, as 'lowback progress' counts them.")
    if at is not None:
        say(f"Each session at {at:%H:%M}.")
    say("")
    clock = f" {at:%H:%M}" if at is not None else ""
    for p in planned:
        say(f"  week {week_of(p.day, start)}  {p.day:%a} {p.day}{clock}  {p.phase}")
    say(f"{len(planned)} session{'' if len(planned) == 1 else 's'} planned.")

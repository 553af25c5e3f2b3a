"""``lowback plan``: the sessions ahead, from the history, as text or an iCalendar file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .output import write_file

if TYPE_CHECKING:
    from ..schedule import Planned

PRODID = "-//lowback//lowback plan//EN"


def ics_bytes(planned: Sequence[Planned], stamp: dt.datetime) -> bytes:
    """The planned sessions as an iCalendar file: one all-day event per session.

    Each event's UID is built from its day, so that importing a newer plan
    updates the events already imported instead of doubling them.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "lowback")
    for p in planned:
        event = icalendar.Event()
        event.add("uid", f"lowback-session-{p.day:%Y%m%d}@lowback")
        event.add("dtstamp", stamp)
        event.add("dtstart", p.day)
        event.add("dtend", p.day + dt.timedelta(days=1))
        event.add("summary", "Lower-back routine (lowback)")
        how = (
            "every day for the first two weeks (lowback's default)"
            if p.phase == "daily"
            else "every third day, 2-3 times a week (lowback's default spacing)"
        )
        event.add(
            "description",
            f"Session {p.number} of the plan: {how}. Run 'lowback session' for a guided "
            "session, or 'lowback recommend' for the routine.",
        )
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())


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
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the plan as an iCalendar file a calendar app imports ('-' for stdout, "
    "the plan itself then going to stderr).",
)
@click.option("--force", is_flag=True, help="With --ics, replace an existing file.")
def plan_command(weeks: int, ics: Path | None, force: bool) -> None:
    """Plan the sessions ahead: every day for two weeks, then every third day.

    The plan continues your history (its first session starts the two daily
    weeks) or, with no history, starts today. Both the two weeks and the
    spacing after them are lowback's defaults; the article says every day at
    first, then 2-3 times a week.

    \b
    Examples:
      lowback plan --weeks 4
      lowback plan --weeks 6 --ics lowback.ics
    """
    from ..schedule import DAILY_WORDS, TAPER_WORDS, plan
    from .context_flags import progress_as_of, today

    day = today()
    progress = progress_as_of(day)
    first = progress.first_day if progress else None
    last = progress.last_day if progress else None
    planned = plan(first, last, day, weeks)
    end = day + dt.timedelta(days=7 * weeks - 1)
    to_stdout = ics is not None and str(ics) == "-"

    def say(line: str) -> None:
        # With --ics -, stdout carries the calendar alone; the plan goes to stderr.
        click.echo(line, err=to_stdout)

    if progress is None:
        say(f"Plan from {day:%a} {day} to {end:%a} {end} (no session logged yet).")
    else:
        n = progress.sessions
        say(
            f"Plan from {day:%a} {day} to {end:%a} {end} ({n} session{'s' if n != 1 else ''} "
            f"logged, the first on {first})."
        )
    say(f"{DAILY_WORDS[0].upper()}{DAILY_WORDS[1:]}, {TAPER_WORDS}.")
    say("")
    for p in planned:
        week = (p.day - day).days // 7 + 1
        say(f"  week {week}  {p.day:%a} {p.day}  {p.phase}")
    say(f"{len(planned)} sessions planned.")
    if ics is None:
        return
    data = ics_bytes(planned, dt.datetime.now(dt.UTC))
    if to_stdout:
        click.echo(data, nl=False)
        return
    write_file(ics, data, force=force, flag="--ics")
    click.echo(f"Wrote {len(planned)} sessions to {ics}")

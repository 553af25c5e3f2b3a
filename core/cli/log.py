"""``lowback log``: record a session done without the guide."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from .app import Settings, fail
from .context_flags import ContextFlags, context_from_flags, context_options, due_line, today
from .feedback import complete_exercise, parse_feedback, resolve

if TYPE_CHECKING:
    from ..models import Routine


def session_day(value: str | None, *, nothing: str = "nothing was logged") -> dt.date | None:
    """``--date``: a day the history can keep (see ``EARLIEST_DAY`` and ``LATEST_DAY``),
    today or earlier. ``nothing`` ends the message (what was not done)."""
    if value is None:
        return None
    from ..storage.history import EARLIEST_DAY, LATEST_DAY

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; give YYYY-MM-DD", param_hint="'--date'"
        ) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise click.BadParameter(
            f"{value!r} is not a day from {EARLIEST_DAY} to {LATEST_DAY}; give the day "
            f"the session was done ({nothing})",
            param_hint="'--date'",
        )
    if day > today():
        raise click.BadParameter(
            f"{value!r} is after today ({today()}); give the day the session was done, "
            f"today or earlier ({nothing})",
            param_hint="'--date'",
        )
    return day


@click.command("log")
@context_options
@click.option(
    "--date",
    "when",
    metavar="YYYY-MM-DD",
    help="The day the session was done (default: today).",
)
@click.option(
    "--routine",
    "routine_file",
    metavar="FILE",
    help="The routine done, as 'lowback recommend --format json' printed it ('-' for stdin); "
    "default: the routine lowback gives for that day.",
)
@click.option(
    "--skip",
    multiple=True,
    metavar="ID",
    shell_complete=complete_exercise,
    help="An item you did not do (repeatable), e.g. frog-stretch.",
)
@click.option(
    "--feedback",
    multiple=True,
    metavar="ID=RATING",
    shell_complete=complete_exercise,
    help="How an item felt (repeatable): ID=RATING[:BEFORE-AFTER], RATING easier, right or "
    "harder, ID an exercise or 'all' (e.g. all=easier, frog-stretch=harder:2-5).",
)
@click.option("--pain-before", type=click.IntRange(0, 10), metavar="N", help="Pain before, 0-10.")
@click.option("--pain-after", type=click.IntRange(0, 10), metavar="N", help="Pain after, 0-10.")
@click.pass_obj
def log_command(
    settings: Settings,
    flags: ContextFlags,
    when: str | None,
    routine_file: str | None,
    skip: tuple[str, ...],
    feedback: tuple[str, ...],
    pain_before: int | None,
    pain_after: int | None,
) -> None:
    """Record a session you did without the guide, with how it felt.

    The routine logged is the one lowback gives for that day (your profile,
    the flags, and the history up to that day), unless --routine names one.

    \b
    Examples:
      lowback log --feedback all=easier --pain-before 3 --pain-after 2
      lowback log --date 2024-03-01 --skip frog-stretch --feedback quad-roll=harder
      lowback recommend --format json > today.json && lowback log --routine today.json
    """
    if routine_file is not None:
        _only_routine()
    day = session_day(when) or today()
    routine = _routine_done(settings, flags, day, routine_file, pain_before)
    skipped = [resolve(routine, name, "--skip") for name in skip]
    answers = parse_feedback(feedback, routine, skipped)
    done = [i.exercise for i in routine.items if i.exercise not in skipped]

    from ..storage.history import History

    with History.open() as history:
        session_id = history.log(
            routine,
            day=day,
            kind="logged",
            done=done,
            feedback=answers,
            pain_before=pain_before,
            pain_after=pain_after,
        )
        earlier = [n for n in history.ids_on(day) if n != session_id]
    click.echo(
        f"Logged session #{session_id} on {day}: {len(done)} of {len(routine.items)} items "
        f"done, {len(answers)} rated."
    )
    if not done:
        click.echo(
            "Every item was skipped: the session is kept in the history, and counts for "
            "nothing (not for the schedule, progress or the ladders)."
        )
    elif earlier:
        ids = ", ".join(f"#{n}" for n in earlier)
        which = f"Session {ids} is" if len(earlier) == 1 else f"Sessions {ids} are"
        click.echo(
            f"{which} logged on {day} too: the ladders count one session a day "
            "(the latest rated); 'lowback history delete N' removes one logged twice."
        )
    line = due_line(max(day, today()))
    if line:
        click.echo(line)


def _only_routine() -> None:
    """Refuse context flags beside ``--routine`` (a usage error, as ``recommend --context``
    refuses them): the file says what was done, so a flag would be silently ignored."""
    ctx = click.get_current_context()
    options = {p.name: p.opts[0] for p in ctx.command.params}
    given = [
        options[name]
        for name in ContextFlags._fields
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    ]
    if given:
        raise click.UsageError(
            f"--routine cannot be combined with {', '.join(given)}; the routine file "
            "says what was done."
        )


def _stop_words(routine: Routine) -> str:
    if not routine.halted:
        return ""
    return " ".join(a.text for a in routine.advice if a.kind == "stop")


def _routine_done(
    settings: Settings,
    flags: ContextFlags,
    day: dt.date,
    routine_file: str | None,
    pain_before: int | None,
) -> Routine:
    """The routine the session logged was: ``--routine``, or the one lowback gives for the day.

    Pain before the session is read by the safety screen, which gives no routine
    at high pain. A session the person did anyway is still recorded, with its
    pain: the routine of that day without the pain is the one logged, and the
    screen's advice is said. Progression reads the pain and steps back.
    """
    if routine_file is not None:
        routine = _read_routine(routine_file)
    else:
        routine = settings.recommend(context_from_flags(flags, day=day, pain=pain_before))
        if not routine.items and pain_before is not None:
            advice = _stop_words(routine)
            routine = settings.recommend(context_from_flags(flags, day=day, pain=None))
            if routine.items and advice:
                click.echo(f"Note: recorded as done, with its pain. {advice}", err=True)
    if not routine.items:
        why = _stop_words(routine)
        fail(f"the routine for that day is empty, so there is nothing to log. {why}".strip())
    return routine


MAX_ROUTINE_BYTES = 4_194_304
"""A routine file larger than this (4 MiB) is refused; no more is ever read."""


def _routine_text(name: str) -> str:
    """The text of ``--routine NAME``: a regular file within the bound, or ``-`` for stdin."""
    from ..storage.files import UnreadableError, read_text

    try:
        return read_text(name, MAX_ROUTINE_BYTES)
    except UnreadableError as exc:
        shown = "stdin" if name == "-" else name
        raise click.BadParameter(f"{shown}: {exc}", param_hint="'--routine'") from None


def _read_routine(name: str) -> Routine:
    from ..errors import InvalidDataError
    from ..models import Routine
    from ..validation import validate_json

    text = _routine_text(name)
    try:
        return validate_json(Routine, text)
    except InvalidDataError as exc:
        first = exc.problems[0] if exc.problems else "not valid"
        shown = "stdin" if name == "-" else name
        raise click.BadParameter(
            f"{shown} is not a routine from 'lowback recommend --format json' ({first})",
            param_hint="'--routine'",
        ) from None

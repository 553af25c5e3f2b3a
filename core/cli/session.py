"""``lowback session``: a guided session in the terminal, then feedback, stored in the history."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..render.safe_text import inert
from .app import Settings
from .context_flags import ContextFlags, context_from_flags, context_options, due_line, today
from .feedback import parse_feedback
from .screen import screen_first

if TYPE_CHECKING:
    from ..models import Routine
    from ..storage.history import Feedback

_NO_TTY = (
    "lowback session asks for feedback at the end and needs a terminal on stdin; "
    "to run it from a script, give the answers with --feedback ID=RATING "
    "(and --pain-before/--pain-after N)"
)


def _ask_pain(question: str) -> int | None:
    while True:
        answer = click.prompt(question, default="", show_default=False).strip()
        if not answer:
            return None
        if answer.isascii() and answer.isdigit() and int(answer) <= 10:
            return int(answer)
        click.echo("  A whole number from 0 (no pain) to 10 (the worst), or Enter to skip.")


def _ask_ratings(routine: Routine, done: list[str]) -> dict[str, Feedback]:
    from ..storage.history import Feedback

    words = {"e": "easier", "r": "right", "h": "harder"}
    out: dict[str, Feedback] = {}
    for item in routine.items:
        if item.exercise not in done:
            continue
        while True:
            answer = (
                click.prompt(
                    f"How was {inert(item.name, one_line=True)}? [e]asier, [r]ight, [h]arder "
                    "(Enter to skip)",
                    default="",
                    show_default=False,
                )
                .strip()
                .lower()
            )
            if not answer:
                break
            rating = words.get(answer[:1]) if answer in (*words, *words.values()) else None
            if rating is not None:
                out[item.exercise] = Feedback.model_validate({"rating": rating})
                break
            click.echo("  e, r or h (easier, right, harder), or Enter to skip.")
    return out


@click.command("session")
@context_options
@click.option(
    "--feedback",
    multiple=True,
    metavar="ID=RATING",
    help="Feedback without asking (repeatable): ID=RATING[:BEFORE-AFTER], RATING easier, "
    "right or harder, ID an exercise or 'all'. Lets the session run from a script.",
)
@click.option("--pain-before", type=click.IntRange(0, 10), metavar="N", help="Pain before, 0-10.")
@click.option("--pain-after", type=click.IntRange(0, 10), metavar="N", help="Pain after, 0-10.")
@click.option("--speed", type=float, hidden=True, help="Run the clock N times faster (tests).")
@click.pass_obj
def session_command(
    settings: Settings,
    flags: ContextFlags,
    feedback: tuple[str, ...],
    pain_before: int | None,
    pain_after: int | None,
    speed: float | None,
) -> None:
    """Do today's routine, guided: cues, a countdown for every hold, a progress bar.

    Each item shows its cues; every hold and roll counts down (each side in
    turn), reps are counted, and a bar shows the whole session. Keys: Enter
    ends a countdown, s skips the item, p pauses, q ends the session. At the
    end it asks how each item felt and your pain, and stores the session in
    your history, where progression reads it next time.

    \b
    Examples:
      lowback session --sitting --after-legs
      lowback session --feedback all=easier --pain-before 2 --pain-after 1   # from a script
    """
    from .guide import Guide, NoKeys, speed_from_env, stdin_is_terminal, terminal_keys

    scripted = bool(feedback) or pain_before is not None or pain_after is not None
    interactive = stdin_is_terminal()
    if not feedback and not interactive:
        raise click.UsageError(_NO_TTY)
    if speed is None:
        try:
            speed = speed_from_env()
        except ValueError as exc:
            raise click.UsageError(
                f"LOWBACK_SESSION_SPEED={exc} is not a number above 0; unset it or fix it."
            ) from None
    elif not speed > 0:
        raise click.BadParameter("must be above 0", param_hint="'--speed'")

    day = today()
    context = context_from_flags(flags, day=day, pain=pain_before)
    if interactive and not scripted:
        context = screen_first(
            context, settings.engine().questions
        )  # red flags and pain, when not screened yet
        if context.pain is None:
            pain_before = _ask_pain("Pain in your lower back right now, 0-10 (Enter to skip)")
            context = context.model_copy(update={"pain": pain_before})
        pain_before = context.pain
    routine = settings.recommend(context)
    answers = parse_feedback(feedback, routine) if feedback else None
    if not routine.items:
        click.echo("No routine to guide today:")
        for advice in routine.advice:
            click.echo(f"  {inert(advice.text, one_line=True)}")
        sys.exit(1 if routine.halted else 0)

    keys = terminal_keys(sys.stdin) if interactive and not scripted else None
    live = sys.stdout.isatty()
    if keys is not None:
        with keys.active():
            outcome = Guide(routine, sys.stdout, keys, speed=speed or 1.0, live=live).run()
    else:
        outcome = Guide(routine, sys.stdout, NoKeys(), speed=speed or 1.0, live=live).run()

    if answers is None:
        ratings = _ask_ratings(routine, outcome.done)
        pain_after = _ask_pain("Pain in your lower back now, 0-10 (Enter to skip)")
    else:
        ratings = {k: v for k, v in answers.items() if k in outcome.done}

    from ..storage.history import History

    with History.open() as history:
        session_id = history.log(
            routine,
            day=day,
            kind="guided",
            done=outcome.done,
            feedback=ratings,
            pain_before=pain_before,
            pain_after=pain_after,
        )
        path = history.path
    click.echo(
        f"Saved session #{session_id}: {len(outcome.done)} of {len(routine.items)} items done, "
        f"{len(ratings)} rated (history: {path})."
    )
    line = due_line(day)
    if line:
        click.echo(line)

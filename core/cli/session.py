"""``lowback session``: a guided session in the terminal, then feedback, stored in the history."""

from __future__ import annotations

import contextlib
import signal
import sys
from typing import TYPE_CHECKING, Any

import click

from ..render.safe_text import inert
from .app import Settings
from .context_flags import ContextFlags, context_from_flags, context_options, due_line, today
from .feedback import complete_exercise, parse_feedback
from .screen import screen_first

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from types import FrameType

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


RATING_PROMPT = "e = easy, ready for more; r = about right; h = too hard"
"""What each rating means: progression steps up after a run of e, down after an h."""


def _ask_ratings(routine: Routine, done: list[str], out: dict[str, Feedback]) -> None:
    """Ask how each item done felt, filling ``out`` as the answers come (kept if stopped)."""
    from ..storage.history import Feedback

    # Each answer taken, and the rating progression reads for it.
    words = {"e": "easier", "r": "right", "h": "harder"}
    words |= {rating: rating for rating in ("easier", "right", "harder")}
    words |= {"easy": "easier", "too easy": "easier", "about right": "right"}
    words |= {"hard": "harder", "too hard": "harder"}
    for item in routine.items:
        if item.exercise not in done:
            continue
        while True:
            answer = (
                click.prompt(
                    f"How was {inert(item.name, one_line=True)}? {RATING_PROMPT} (Enter to skip)",
                    default="",
                    show_default=False,
                )
                .strip()
                .lower()
            )
            if not answer:
                break
            rating = words.get(" ".join(answer.split()))
            if rating is not None:
                out[item.exercise] = Feedback.model_validate({"rating": rating})
                break
            click.echo(f"  Type e, r or h ({RATING_PROMPT}), or Enter to skip.")


@click.command("session")
@context_options
@click.option(
    "--feedback",
    multiple=True,
    metavar="ID=RATING",
    shell_complete=complete_exercise,
    help="Feedback without asking (repeatable): ID=RATING[:BEFORE-AFTER], RATING easier, "
    "right or harder, ID an exercise or 'all'. Lets the session run from a script.",
)
@click.option("--pain-before", type=click.IntRange(0, 10), metavar="N", help="Pain before, 0-10.")
@click.option("--pain-after", type=click.IntRange(0, 10), metavar="N", help="Pain after, 0-10.")
@click.option(
    "--quiet",
    is_flag=True,
    help="No terminal bell (it rings at the start of each hold, at each side switch "
    "and at the end of each item).",
)
@click.option("--speed", type=float, hidden=True, help="Run the clock N times faster (tests).")
@click.pass_obj
def session_command(
    settings: Settings,
    flags: ContextFlags,
    feedback: tuple[str, ...],
    pain_before: int | None,
    pain_after: int | None,
    quiet: bool,
    speed: float | None,
) -> None:
    """Do today's routine, guided: cues, a countdown for every hold, a progress bar.

    Each item shows its cues; every hold and roll counts down (each side in
    turn, announcing the switch), reps are counted, and a bar shows the whole
    session; in a terminal the bell rings at the start of each hold, at each
    side switch and at the end of each item (--quiet: no bell). Keys: Enter
    ends a countdown, s skips the item, p pauses, q ends the session. At the
    end it asks how each item felt and your pain, and stores the session in
    your history, where progression reads it next time (a session in which
    nothing was done is not stored).

    \b
    Examples:
      lowback session --sitting --after-legs
      lowback session --feedback all=easier --pain-before 2 --pain-after 1   # from a script
    """
    from .guide import speed_from_env, stdin_is_terminal

    scripted = bool(feedback) or pain_before is not None or pain_after is not None
    interactive = stdin_is_terminal()
    if not feedback and not interactive:
        raise click.UsageError(_NO_TTY)
    if speed is None:
        try:
            speed = speed_from_env()
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
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

    from ..storage.history import check_writable
    from .guide import Stopped

    check_writable()  # a read-only history is said before the session, not after it
    try:
        with _stops_as_exceptions() as shield:
            _guide_and_store(
                routine,
                day,
                answers,
                pain_before,
                pain_after,
                speed=speed or 1.0,
                keyed=interactive and not scripted,
                quiet=quiet,
                shield=shield,
            )
    except Stopped as exc:  # stopped between two steps: nothing done yet to keep
        sys.exit(128 + exc.signum)


def _guide_and_store(
    routine: Routine,
    day: dt.date,
    answers: dict[str, Feedback] | None,
    pain_before: int | None,
    pain_after: int | None,
    *,
    speed: float,
    keyed: bool,
    quiet: bool,
    shield: Callable[[], None],
) -> None:
    """Run the guide, ask for feedback, store the session; a stop keeps what was done."""
    from .guide import Guide, NoKeys, Stopped, terminal_keys

    keys = terminal_keys(sys.stdin) if keyed else None
    live = sys.stdout.isatty()
    guide = Guide(
        routine, sys.stdout, keys or NoKeys(), speed=speed, live=live, bell=live and not quiet
    )
    if keys is not None:
        with keys.active():  # the terminal's modes come back however the guide ends
            outcome = guide.run()
    else:
        outcome = guide.run()
    stopped = None if outcome.stopped is None else 128 + outcome.stopped  # the exit code
    if not outcome.done:
        # Nothing done is no session: storing one would count as today's for the
        # schedule, the plan and progression (the history never counts one either).
        head = "Session stopped" if stopped is not None else "Every item skipped"
        _say(f"{head}: nothing was done, so no session was stored.")
        sys.exit(stopped or 0)
    ratings: dict[str, Feedback] = {}
    if answers is not None:
        ratings = {k: v for k, v in answers.items() if k in outcome.done}
    elif stopped is None:
        try:
            _ask_ratings(routine, outcome.done, ratings)
            pain_after = _ask_pain("Pain in your lower back now, 0-10 (Enter to skip)")
        except (Stopped, KeyboardInterrupt, click.Abort) as exc:
            # Stopped while answering (or stdin ended): keep the answers given so far.
            stopped = _exit_code(exc)
            _say("")
    shield()  # from here on a signal waits: the session is stored whole
    session_id, path = _store(
        routine, day, outcome.done, ratings, (pain_before, pain_after), partial=stopped is not None
    )
    if stopped is not None:
        _say(
            f"Session stopped: {len(outcome.done)} of {len(routine.items)} items done, "
            f"saved as a partial session #{session_id} (history: {path})."
        )
        sys.exit(stopped)
    click.echo(
        f"Saved session #{session_id}: {len(outcome.done)} of {len(routine.items)} items done, "
        f"{len(ratings)} rated (history: {path})."
    )
    line = due_line(day)
    if line:
        click.echo(line)


def _exit_code(exc: BaseException) -> int:
    """128 + the signal's number for a stop or Ctrl-C; 1 when stdin ended at a question."""
    from .guide import Stopped

    if isinstance(exc, Stopped):
        return 128 + exc.signum
    if isinstance(exc, click.Abort) and not isinstance(exc.__context__, KeyboardInterrupt):
        return 1
    return 128 + int(signal.SIGINT)


def _store(
    routine: Routine,
    day: dt.date,
    done: list[str],
    ratings: dict[str, Feedback],
    pains: tuple[int | None, int | None],
    *,
    partial: bool,
) -> tuple[int, Path]:
    """The session in the history, in one transaction: its id and the history's path.

    ``partial``: stopped part-way, so marked as such (``lowback history`` shows it)."""
    from ..storage.history import History

    with History.open() as history:
        session_id = history.log(
            routine,
            day=day,
            kind="guided",
            done=done,
            feedback=ratings,
            pain_before=pains[0],
            pain_after=pains[1],
            partial=partial,
        )
        return session_id, history.path


def _say(text: str) -> None:
    """A line for a terminal that may be gone (SIGHUP): said if it can be, never a traceback."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(text)


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _stops_as_exceptions() -> Iterator[Callable[[], None]]:
    """Ctrl-C, SIGTERM and SIGHUP raise :class:`~lowback.cli.guide.Stopped` (once), so that
    the guide can end cleanly, restore the terminal and store what was done; a second
    signal, or one after the ``shield()`` it yields is called, is ignored, so the store
    finishes. The old handlers come back after.
    """
    from .guide import Stopped

    stopping = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise Stopped(signum)

    saved: dict[int, Any] = {}
    try:
        for sig in _STOP_SIGNALS:
            saved[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread (an embedder's): leave signals alone
        pass

    def shield() -> None:
        nonlocal stopping
        stopping = True

    try:
        yield shield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)

"""``lowback screen``: the safety questions, asked or given, and what they mean for today."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from ..vocab import RED_FLAGS
from .context_file import load_context
from .context_flags import today
from .params import text_or_json

if TYPE_CHECKING:
    from ..screening import Screening


class PainType(click.IntRange):
    """A whole number from 0 to 10; a bad value's message names the range either way."""

    name = "pain"

    def __init__(self) -> None:
        super().__init__(0, 10)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip().lstrip("+-").isdigit():
            self.fail(f"{value!r} is not a whole number from 0 to 10.", param, ctx)
        return super().convert(value, param, ctx)


PAIN = PainType()
"""The ``--pain`` type shared by ``lowback screen`` and ``lowback recommend``."""

F = TypeVar("F", bound=Callable[..., Any])


def screening_options(func: F) -> F:
    """``--pain``, ``--red-flag`` and ``--cleared``: the safety answers, given as flags
    (``lowback screen`` and ``lowback recommend``)."""
    options = [
        click.option(
            "--pain",
            type=PAIN,
            metavar="N",
            help="Pain right now, 0 (none) to 10 (the worst): 4-6 keeps to the easiest "
            "variations, 7 or more gives no routine.",
        ),
        click.option(
            "--red-flag",
            "red_flags",
            multiple=True,
            type=click.Choice(RED_FLAGS),
            metavar="FLAG",
            help="A red-flag sign you have (repeatable; see docs/safety.md): "
            + ", ".join(RED_FLAGS)
            + ".",
        ),
        click.option(
            "--cleared",
            is_flag=True,
            help="A clinician has checked you and cleared you to exercise.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


HEADLINES = {
    "urgent": "URGENT: seek emergency care now. No exercises.",
    "clinician": "See a clinician first: no routine until you are cleared.",
    "rest": "Rest today: no routine.",
    "gentle": "Go gently: a routine with the easiest variations only.",
    "clear": "Clear: the routine as chosen.",
}


@click.command("screen")
@screening_options
@click.option(
    "--context",
    "context_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Read the answers from a JSON context in FILE ('-' for stdin) instead of flags.",
)
@click.option(
    "--ask/--no-ask",
    default=None,
    help="Ask the questions (default: when stdin is a terminal and no answers are given).",
)
@text_or_json("text for people, json for programs.")
@click.option(
    "--save",
    is_flag=True,
    help="Keep the red-flag and clearance answers in your profile, dated; "
    "'recommend' uses them and asks again after 30 days.",
)
def screen_command(
    pain: int | None,
    red_flags: tuple[str, ...],
    cleared: bool,
    context_file: TextIO | None,
    ask: bool | None,
    fmt: str,
    save: bool,
) -> None:
    """Check for signs that call for a clinician before any routine.

    Asks about red flags (possible cauda equina syndrome; reasons to see a
    clinician first) and your pain now, then says what that means for today.
    In a terminal it asks; in scripts give the answers as flags or a JSON
    context. The same screen runs inside 'lowback recommend' (--pain,
    --red-flag, --cleared). Sources: docs/safety.md.

    \b
    Examples:
      lowback screen
      lowback screen --pain 5 --format json
      lowback screen --red-flag night-pain --cleared --pain 2
      echo '{"pain": 8}' | lowback screen --context -
    """
    from ..screening import assess

    flags = [
        name for name, given in (("--pain", pain is not None), ("--red-flag", red_flags)) if given
    ] + (["--cleared"] if cleared else [])
    if context_file is not None and flags:
        raise click.UsageError(f"--context cannot be combined with {', '.join(flags)}.")
    if ask and (flags or context_file is not None):
        given = [*flags, *(["--context"] if context_file is not None else [])]
        raise click.UsageError(f"--ask cannot be combined with {', '.join(given)}.")
    if ask is None:
        ask = not flags and context_file is None and sys.stdin.isatty()

    if ask:
        answers = ask_answers()
    elif context_file is not None:
        answers = answers_from_file(context_file)
    else:
        answers = {"red_flags": list(red_flags), "pain": pain, "cleared": cleared}
    outcome = assess(answers["red_flags"], answers["pain"], answers["cleared"])
    if save:
        save_answers(answers)
    nothing = not ask and context_file is None and not flags
    if fmt == "json":
        click.echo(json.dumps(outcome_json(outcome), ensure_ascii=False))
    else:
        click.echo(outcome_text(outcome, nothing_given=nothing), nl=False)


def ask_answers() -> dict[str, Any]:
    """Ask the questions on the terminal (prompts on stderr); the answers as data."""
    from ..screening import ask

    click.echo("A few safety questions first. Answer for how you are now.", err=True)
    return ask(
        lambda q: click.confirm(q, default=False, err=True),
        lambda q: int(click.prompt(q, type=click.IntRange(0, 10), err=True)),
    )


def answers_from_file(source: TextIO) -> dict[str, Any]:
    """The screening answers of a JSON context read from ``source`` (bounded to 1 MiB)."""
    from ..screening import answers_of

    context = load_context(source)
    return answers_of(context)


def outcome_json(outcome: Screening) -> dict[str, Any]:
    """What ``--format json`` prints: the outcome, its answers, and the safety note."""
    from ..pipeline import SAFETY_NOTE

    return {**outcome.to_dict(), "safety_note": SAFETY_NOTE}


def outcome_text(outcome: Screening, *, nothing_given: bool = False) -> str:
    """The outcome for people: a headline, what it means, and how to go on."""
    from ..pipeline import SAFETY_NOTE

    lines = [HEADLINES[outcome.level], "", outcome.text]
    lines += [note for note in outcome.notes if note != outcome.text]
    if nothing_given:
        lines += ["", "No answers were given: run in a terminal to be asked, or pass --pain N."]
    if not outcome.halted:
        carry = recommend_flags(outcome.answers())
        if carry:
            lines += ["", f"Carry these answers into a routine: lowback recommend {carry}"]
    lines += ["", SAFETY_NOTE]
    return "\n".join(lines) + "\n"


def recommend_flags(answers: dict[str, Any]) -> str:
    """The ``lowback recommend`` flags that carry ``answers``."""
    bits = [f"--red-flag {flag}" for flag in answers["red_flags"]]
    if answers["pain"] is not None:
        bits.append(f"--pain {answers['pain']}")
    if answers["cleared"]:
        bits.append("--cleared")
    return " ".join(bits)


def save_answers(answers: dict[str, Any]) -> None:
    """Keep the red flags and the clearance (not today's pain) in the profile, dated today."""
    from ..storage import profile as profiles
    from ..storage.paths import profile_path

    saved = profiles.load() or profiles.Profile()
    updated = saved.model_copy(
        update={
            "red_flags": tuple(sorted(set(answers["red_flags"]))),
            "cleared": bool(answers["cleared"]),
            "screened_on": today().isoformat(),
        }
    )
    profiles.save(updated)
    click.echo(
        f"Saved your safety answers to {profile_path()}; they are asked again after "
        f"{profiles.SCREEN_MAX_AGE_DAYS} days.",
        err=True,
    )

"""``lowback screen``: the safety questions, asked or given, and what they mean for today."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from ..render.safe_text import inert, json_escape
from ..vocab import (
    CLINICIAN_FLAGS,
    PLUGIN_FLAG_PATTERN,
    RED_FLAG_ALIASES,
    RED_FLAGS,
    URGENT_FLAGS,
)
from .context_file import load_context
from .context_flags import personalise, today
from .params import text_or_json

if TYPE_CHECKING:
    from ..models import Context
    from ..screening import Questions, Screening
    from .app import Settings


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


class RedFlagChoice(click.Choice[str]):
    """A red flag by its name; an earlier name (``saddle-numbness``) is taken as the flag it
    now stands for; a plugin's screening question as ``plugin:question-id``. Help, errors
    and completion offer the current core names only."""

    def __init__(self) -> None:
        super().__init__(RED_FLAGS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            if re.match(PLUGIN_FLAG_PATTERN, value):
                return value
            value = RED_FLAG_ALIASES.get(value, value)
        return super().convert(value, param, ctx)


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
            "variations, 7 or more gives no routine today (keep gently active instead).",
        ),
        click.option(
            "--red-flag",
            "red_flags",
            multiple=True,
            type=RedFlagChoice(),
            metavar="FLAG",
            help="A red-flag sign you have (repeatable; see docs/safety.md). Emergency care "
            f"now: {', '.join(URGENT_FLAGS)}. See a clinician first: "
            f"{', '.join(CLINICIAN_FLAGS)}. The earlier names "
            f"{' and '.join(RED_FLAG_ALIASES)} still work.",
        ),
        click.option(
            "--cleared",
            is_flag=True,
            help="A clinician has checked you and cleared you to exercise "
            "(lifts the see-a-clinician flags only).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


HEADLINES = {
    "urgent": "URGENT: seek emergency care now. No exercises.",
    "clinician": "See a clinician first: no routine until you are cleared.",
    "rest": "No routine today: the pain is too high. Keep gently active instead.",
    "gentle": "Go gently: a routine with the easiest variations only.",
    "clear": "Clear: the routine as chosen.",
    "incomplete": "Not yet clear: some questions were not answered.",
}
CLEARED_HEADLINE = "Cleared by a clinician: the routine as chosen, with a note."
NOTHING_HEADLINE = "Not yet clear: no answers were given."


class Saved(NamedTuple):
    """The safety answers saved in the profile, as ``lowback screen`` applies them."""

    screened_on: str
    red_flags: tuple[str, ...]
    cleared: bool
    fresh: bool
    applied: dict[str, Any]
    """The answers given now with the saved ones added, as ``recommend`` would use them."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "screened_on": self.screened_on,
            "red_flags": list(self.red_flags),
            "cleared": self.cleared,
            "fresh": self.fresh,
        }


@click.command("screen")
@screening_options
@click.option(
    "--no-red-flags",
    is_flag=True,
    help="None of the red-flag signs applies to you (the answer to every red-flag question).",
)
@click.option(
    "--context",
    "context_file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Read the answers from a JSON context in FILE ('-' for stdin) instead of flags.",
)
@click.option(
    "--ask/--no-ask",
    default=None,
    help="Ask the questions (default: when stdin is a terminal and no answers are given).",
)
@click.option("--no-profile", is_flag=True, help="Ignore the answers saved in your profile.")
@text_or_json("text for people, json for programs.")
@click.option(
    "--save",
    is_flag=True,
    help="Keep these red-flag and clearance answers in your profile, dated, in place of "
    "any saved before; 'recommend' uses them and asks again after 30 days.",
)
@click.pass_obj
def screen_command(
    settings: Settings,
    pain: int | None,
    red_flags: tuple[str, ...],
    cleared: bool,
    no_red_flags: bool,
    context_file: str | None,
    ask: bool | None,
    no_profile: bool,
    fmt: str,
    save: bool,
) -> None:
    """Check for signs that call for emergency care or a clinician before any routine.

    Asks about red flags (signs that need emergency care now, and signs to have
    checked by a clinician first) and your pain now, then says what that means
    for today. It says "clear" only when every question was answered and
    nothing is flagged. In a terminal it asks; in scripts give the answers as
    flags (--red-flag for each sign you have, or --no-red-flags, and --pain) or
    as a JSON context. Answers saved with --save are used here as 'lowback
    recommend' uses them. Sources: docs/safety.md.

    \b
    Examples:
      lowback screen
      lowback screen --no-red-flags --pain 2
      lowback screen --red-flag night-pain --cleared --pain 2
      lowback screen --no-red-flags --pain 5 --format json
      echo '{"red_flags": [], "pain": 8}' | lowback screen --context -
    """
    from ..screening import assess

    flags = [
        name
        for name, given in (
            ("--pain", pain is not None),
            ("--red-flag", bool(red_flags)),
            ("--no-red-flags", no_red_flags),
            ("--cleared", cleared),
        )
        if given
    ]
    check_combination(flags, context_file is not None, ask)
    if ask is None:
        ask = not flags and context_file is None and sys.stdin.isatty()

    how = "ask" if ask else "context" if context_file is not None else "flags"
    if ask:
        answers: dict[str, Any] = ask_answers(settings.engine().questions)
        unanswered: tuple[str, ...] = ()
    elif context_file is not None:
        answers, unanswered = answers_from_file(context_file)
    else:
        answers = {"red_flags": list(red_flags), "pain": pain, "cleared": cleared}
        unanswered = tuple(
            key
            for key, done in (
                ("red_flags", bool(red_flags) or no_red_flags),
                ("pain", pain is not None),
            )
            if not done
        )
    saved = None
    if save:
        if "red_flags" in unanswered:
            raise click.UsageError(
                "--save keeps a whole screen: answer the red-flag questions too (run "
                "'lowback screen' in a terminal, or give --red-flag FLAG or --no-red-flags)."
            )
        save_answers(answers)
    elif how != "context" and not no_profile:
        saved = saved_answers(answers)
    screened = answers
    if saved is not None:
        screened = saved.applied
        if saved.fresh:
            unanswered = tuple(k for k in unanswered if k != "red_flags")
    outcome = assess(
        screened["red_flags"],
        screened["pain"],
        screened["cleared"],
        unanswered=unanswered,
        questions=settings.engine().questions,
    )
    if fmt == "json":
        data = outcome_json(outcome)
        data["saved_answers"] = None if saved is None else saved.to_dict()
        click.echo(json_escape(json.dumps(data, ensure_ascii=False)))
        return
    carry = recommend_flags(answers) + (" --no-profile" if no_profile else "")
    click.echo(outcome_text(outcome, saved=saved, how=how, carry=carry.strip()), nl=False)


def check_combination(flags: list[str], context: bool, ask: bool | None) -> None:
    """Refuse answers given two ways at once (flags, a context, the questions)."""
    if context and flags:
        raise click.UsageError(f"--context cannot be combined with {', '.join(flags)}.")
    if ask and (flags or context):
        given = [*flags, *(["--context"] if context else [])]
        raise click.UsageError(f"--ask cannot be combined with {', '.join(given)}.")
    if "--red-flag" in flags and "--no-red-flags" in flags:
        raise click.UsageError("--red-flag and --no-red-flags cannot be given together.")


def ask_answers(questions: Questions) -> dict[str, Any]:
    """Ask the questions on the terminal (prompts on stderr); the answers as data."""
    from ..screening import ask

    click.echo("A few safety questions first. Answer for how you are now.", err=True)
    # Every prompt inert, the core's too: a plugin's question is its text, shown as data.
    return ask(
        lambda q: click.confirm(inert(q, one_line=True), default=False, err=True),
        lambda q: int(click.prompt(inert(q, one_line=True), type=PAIN, err=True)),
        questions,
    )


def answers_from_file(source: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The screening answers of a JSON context read from ``source`` (bounded to 1 MiB), and
    the questions it does not answer (no ``red_flags`` key; no ``pain``, or null)."""
    from ..screening import answers_of

    context = load_context(source)
    unanswered = tuple(
        key
        for key, done in (
            ("red_flags", "red_flags" in context.model_fields_set),
            ("pain", context.pain is not None),
        )
        if not done
    )
    return answers_of(context), unanswered


def saved_answers(answers: dict[str, Any]) -> Saved | None:
    """The answers saved by ``lowback screen --save``, applied to ``answers`` exactly as
    ``recommend`` applies them (:func:`~lowback.cli.context_flags.personalise`: saved red
    flags always count, a saved clearance only while fresh), or None when none are saved."""
    from ..storage.paths import missing, profile_path

    if missing(profile_path()):
        return None
    from ..models import Context
    from ..screening import answers_of, with_answers
    from ..storage import profile as profiles

    profile = profiles.load()
    if profile is None or profile.screened_on is None:
        return None
    applied = answers_of(personalise(with_answers(Context(), answers), history=False))
    age = (today() - dt.date.fromisoformat(profile.screened_on)).days
    return Saved(
        screened_on=profile.screened_on,
        red_flags=tuple(profile.red_flags),
        cleared=bool(profile.cleared),
        fresh=age <= profiles.SCREEN_MAX_AGE_DAYS,
        applied=applied,
    )


def outcome_json(outcome: Screening) -> dict[str, Any]:
    """What ``--format json`` prints: the outcome, its answers, and the safety note."""
    from ..pipeline import SAFETY_NOTE

    return {**outcome.to_dict(), "safety_note": SAFETY_NOTE}


def headline(outcome: Screening) -> str:
    """The first line: the outcome, never "Clear" with a question unanswered or a flag."""
    if outcome.level == "clear" and outcome.flags:
        return CLEARED_HEADLINE
    if outcome.level == "incomplete" and len(outcome.unanswered) == 2:
        return NOTHING_HEADLINE
    return HEADLINES[outcome.level]


def saved_lines(saved: Saved) -> list[str]:
    """What the saved answers add, in words, and how to change them."""
    from ..screening import canonical
    from ..storage.profile import SCREEN_MAX_AGE_DAYS

    bits = [f"red flag {canonical(f)}" for f in saved.red_flags] or ["no red flags"]
    if saved.cleared:
        bits.append("cleared by a clinician")
    said = f"Your saved answers from {saved.screened_on} count too: {'; '.join(bits)}."
    if not saved.fresh:
        said = (
            f"Your saved answers from {saved.screened_on} are over {SCREEN_MAX_AGE_DAYS} "
            f"days old ({'; '.join(bits)}): the saved red flags still count, a saved "
            "clearance no longer does."
        )
    return [said, "To change them, answer again with 'lowback screen --save'."]


def unanswered_line(outcome: Screening, how: str) -> str:
    """Which questions were not answered, and how to answer them."""
    if how == "context":
        wanted = {
            "red_flags": '"red_flags": [...] (an empty list if none applies)',
            "pain": '"pain": N',
        }
        hint = f"To answer them, add {' and '.join(wanted[k] for k in outcome.unanswered)} "
        hint += "to the context."
    else:
        wanted = {
            "red_flags": "--red-flag FLAG for each sign you have (or --no-red-flags)",
            "pain": "--pain N",
        }
        hint = "To answer them, run 'lowback screen' in a terminal, or give "
        hint += " and ".join(wanted[k] for k in outcome.unanswered) + "."
    if outcome.level == "incomplete":
        return hint
    names = {"red_flags": "the red-flag questions", "pain": "pain now"}
    return f"Not answered: {' and '.join(names[k] for k in outcome.unanswered)}. {hint}"


def outcome_text(
    outcome: Screening, *, saved: Saved | None = None, how: str = "flags", carry: str = ""
) -> str:
    """The outcome for people: a headline, what the saved answers add, what it means and
    how to go on. A halt ends with what to do; any other outcome with the safety note."""
    from ..pipeline import SAFETY_NOTE

    lines = [headline(outcome), ""]
    if saved is not None:
        lines += [*saved_lines(saved), ""]
    # One paragraph each, inert: a plugin question's sign is part of the text.
    lines.append(inert(outcome.text, one_line=True))
    lines += [inert(note, one_line=True) for note in outcome.notes if note != outcome.text]
    if not outcome.halted:
        if outcome.unanswered:
            lines.append(unanswered_line(outcome, how))
        elif carry:
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
    """Keep the red flags and the clearance (not today's pain) in the profile, dated today,
    in place of any saved before."""
    from ..screening import canonical
    from ..storage import profile as profiles
    from ..storage.paths import profile_path

    saved = profiles.load() or profiles.Profile()
    updated = saved.model_copy(
        update={
            "red_flags": tuple(sorted({canonical(f) for f in answers["red_flags"]})),
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


def screen_first(context: Context, questions: Questions) -> Context:
    """Before a routine for someone not screened, ask the screen in a terminal.

    Only when both stdin and stdout are a terminal: a script or a pipe gets its
    routine, which then leads with the emergency signs. The answers are saved
    as ``lowback screen --save`` saves them, so they are not asked again for
    ``SCREEN_MAX_AGE_DAYS``.
    """
    if context.screened or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return context
    from ..validation import validate

    answers = ask_answers(questions)
    save_answers(answers)
    flags = sorted({*context.red_flags, *answers["red_flags"]})
    pain = answers["pain"] if answers["pain"] is not None else context.pain
    fields = {"red_flags": flags, "pain": pain, "cleared": answers["cleared"], "screened": True}
    return validate(type(context), {**context.model_dump(), **fields})

"""The safety screen: which answers stop a routine, and what to tell the person.

Pure and free of pydantic, so that ``lowback screen`` and the ``safety`` rule
plugin share one source of truth. Every rule here is listed with its source in
``docs/safety.md``; the list is kept short on purpose.

The answers travel as plain data (``{"red_flags": [...], "pain": 3, "cleared":
false}``): :func:`answers_of` reads them from a context, :func:`with_answers`
puts them into one, and :func:`ask` asks for them through callables you give it.
That is the seam for keeping answers in a profile with a date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .rules import HALT_LEVELS, HaltLevel
from .vocab import CLINICIAN_FLAGS, RED_FLAGS, URGENT_FLAGS

if TYPE_CHECKING:
    from .models import Context

Level = HaltLevel | Literal["gentle", "clear"]
"""The outcome of a screen, most serious first. The halt levels give no routine."""

PAIN_GENTLE = 4
"""Pain at or above this (and below :data:`PAIN_REST`): only the easiest rung of each ladder."""
PAIN_REST = 7
"""Pain at or above this: no routine today."""

FLAG_WORDS: dict[str, str] = {
    "bladder-bowel": (
        "new or worsening loss of bladder or bowel control, or difficulty passing urine"
    ),
    "saddle-numbness": "numbness around the genitals, buttocks or inner thighs",
    "both-legs-weak": "weakness or numbness in both legs",
    "both-legs-pain": "leg pain that has spread to both legs",
    "fall-or-accident": "back pain that started after a significant fall or accident",
    "cancer-history": "a history of cancer",
    "fever-or-unwell": "a fever, or feeling generally unwell, along with the back pain",
    "weight-loss": "weight loss you cannot explain",
    "steroids": "long-term use of steroid medicines",
    "night-pain": "pain at night that does not ease with rest or a change of position",
}
"""Each red flag in plain words, as the messages name it."""

QUESTIONS: dict[str, str] = {
    "bladder-bowel": (
        "Have you newly lost control of your bladder or bowels, or started to find it "
        "hard to pass urine (or is this getting worse)?"
    ),
    "saddle-numbness": (
        "Is there new or worsening numbness around your genitals, buttocks or inner thighs?"
    ),
    "both-legs-weak": "Is there new or worsening weakness or numbness in both legs?",
    "both-legs-pain": "Has leg pain newly spread to both legs, or is it getting worse?",
    "fall-or-accident": "Did the back pain start after a significant fall or accident?",
    "cancer-history": "Have you ever had cancer?",
    "fever-or-unwell": "Do you have a fever, or feel generally unwell, along with the back pain?",
    "weight-loss": "Have you lost weight recently without meaning to or knowing why?",
    "steroids": "Have you been taking steroid medicines for a long time?",
    "night-pain": "Is the pain there at night and does not ease with rest or changing position?",
}
"""The question ``lowback screen`` asks for each red flag; yes means the flag is present."""

PAIN_QUESTION = "How bad is your back pain right now, from 0 (none) to 10 (the worst)?"
CLEARED_QUESTION = "Has a clinician checked you for these and cleared you to do back exercises?"


class Screening(NamedTuple):
    """The outcome of a screen.

    ``level`` is the most serious outcome; ``text`` is what to tell the person;
    ``fact`` is the context fact it rests on, for reasons; ``flags`` are the red
    flags that decided it (urgent ones for ``urgent``, the others for
    ``clinician`` or a cleared screen); ``notes`` are what a routine given
    anyway carries. ``red_flags``, ``pain`` and ``cleared`` are the answers screened.
    """

    level: Level
    text: str
    fact: str
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    pain: int | None = None
    cleared: bool = False

    @property
    def halted(self) -> bool:
        """True when no routine is to be given."""
        return self.level in HALT_LEVELS

    def answers(self) -> dict[str, Any]:
        """The answers screened, as plain data (see :func:`with_answers`)."""
        return {"red_flags": list(self.red_flags), "pain": self.pain, "cleared": self.cleared}

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain data (what ``lowback screen --format json`` prints)."""
        return {
            "level": self.level,
            "halted": self.halted,
            "text": self.text,
            "fact": self.fact,
            "flags": list(self.flags),
            "notes": list(self.notes),
            "answers": self.answers(),
        }


def _words(flags: Iterable[str]) -> str:
    return "; ".join(FLAG_WORDS[f] for f in flags)


def assess(red_flags: Iterable[str], pain: int | None, cleared: bool) -> Screening:
    """Screen the answers: urgent flags, then uncleared clinician flags, then pain.

    Only the most serious outcome is given. Raises :class:`ValueError` (one
    line) for a flag outside the vocabulary or pain outside 0..10.
    """
    given = tuple(sorted(set(red_flags)))
    unknown = [f for f in given if f not in RED_FLAGS]
    if unknown:
        raise ValueError(f"unknown red flag {unknown[0]!r}; valid flags: {', '.join(RED_FLAGS)}")
    if pain is not None and (isinstance(pain, bool) or not 0 <= pain <= 10):
        raise ValueError(f"pain must be a whole number from 0 to 10, not {pain!r}")
    urgent = tuple(f for f in given if f in URGENT_FLAGS)
    clinician = tuple(f for f in given if f in CLINICIAN_FLAGS)
    common: dict[str, Any] = {"red_flags": given, "pain": pain, "cleared": cleared}
    if urgent:
        text = (
            "Seek emergency care now: go to an emergency department or call your local "
            f"emergency number (999 in the UK). You reported {_words(urgent)}; this can be "
            "a sign of cauda equina syndrome, which needs assessment straight away. "
            "Do not do these exercises."
        )
        if cleared:
            text += " An earlier clearance does not cover these signs."
        return Screening(
            "urgent", text, f"red_flags includes {', '.join(urgent)}", urgent, **common
        )
    if clinician and not cleared:
        text = (
            f"See a clinician (such as your GP) before doing these exercises: you reported "
            f"{_words(clinician)}. Once a clinician has checked you and cleared you to "
            "exercise, ask again saying so (--cleared)."
        )
        fact = f"red_flags includes {', '.join(clinician)}; cleared=false"
        return Screening("clinician", text, fact, clinician, **common)
    if pain is not None and pain >= PAIN_REST:
        text = (
            f"Pain {pain}/10 is too high for these exercises today. Rest, and see a "
            "clinician if the pain does not settle."
        )
        return Screening("rest", text, f"pain={pain}", clinician, **common)
    notes: list[str] = []
    if clinician:
        notes.append(
            f"You reported {_words(clinician)}, and that a clinician has cleared you to exercise."
        )
    if pain is not None and pain >= PAIN_GENTLE:
        notes.append(
            f"Pain {pain}/10: every exercise is given at the easiest variation of its ladder today."
        )
        return Screening("gentle", notes[-1], f"pain={pain}", clinician, tuple(notes), **common)
    if clinician:
        fact = f"red_flags includes {', '.join(clinician)}; cleared=true"
        return Screening("clear", notes[0], fact, clinician, tuple(notes), **common)
    said = f"pain {pain}/10" if pain is not None else "pain not given"
    return Screening(
        "clear",
        f"No red flags reported; {said}.",
        f"red_flags=none, pain={'none' if pain is None else pain}",
        **common,
    )


def screen_context(context: Context) -> Screening:
    """:func:`assess` on a context's answers."""
    return assess(context.red_flags, context.pain, context.cleared)


def answers_of(context: Context) -> dict[str, Any]:
    """The screening answers a context holds, as plain data (for storing in a profile)."""
    return {
        "red_flags": list(context.red_flags),
        "pain": context.pain,
        "cleared": context.cleared,
    }


ANSWER_KEYS: tuple[str, ...] = ("red_flags", "pain", "cleared")


def with_answers(context: Context, answers: Mapping[str, Any]) -> Context:
    """``context`` with the screening answers in ``answers`` (other keys are an error).

    Raises :class:`~lowback.errors.ContextError` when an answer is not valid.
    """
    from .errors import ContextError
    from .models import Context
    from .validation import validate

    extra = sorted(set(answers) - set(ANSWER_KEYS))
    if extra:
        raise ContextError(
            "Context", [f"{extra[0]}: not a screening answer; expected {', '.join(ANSWER_KEYS)}"]
        )
    return validate(Context, {**context.model_dump(), **answers})


def ask(
    confirm: Callable[[str], bool],
    number: Callable[[str], int],
) -> dict[str, Any]:
    """Ask the screening questions through ``confirm`` (yes/no) and ``number`` (0-10).

    Urgent questions come first; a yes to any of them ends the screen there, as
    nothing else would change the advice. Returns the answers as plain data,
    ready for :func:`with_answers` or a profile.
    """
    flags = [f for f in URGENT_FLAGS if confirm(QUESTIONS[f])]
    if flags:
        return {"red_flags": flags, "pain": None, "cleared": False}
    flags = [f for f in CLINICIAN_FLAGS if confirm(QUESTIONS[f])]
    cleared = bool(flags) and confirm(CLEARED_QUESTION)
    pain = number(PAIN_QUESTION)
    return {"red_flags": flags, "pain": pain, "cleared": cleared}

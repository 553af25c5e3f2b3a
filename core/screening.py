"""The safety screen: which answers stop a routine, and what to tell the person.

Pure and free of pydantic, so that ``lowback screen`` and the engine's first
stage (``lowback:screen``) share one source of truth. Every question here is
listed with its tier and its source in ``docs/safety.md``; the list is kept
short on purpose, as the guidance it follows warns against over-screening.

Two tiers of red flags (:data:`~lowback.vocab.URGENT_FLAGS`, emergency care
now, never lifted by a clearance; :data:`~lowback.vocab.CLINICIAN_FLAGS`, see a
clinician first, lifted once a clinician has cleared the person), then pain now
in three bands (:data:`PAIN_GENTLE`, :data:`PAIN_REST`; lowback's own numbers).

The answers travel as plain data (``{"red_flags": [...], "pain": 3, "cleared":
false}``): :func:`answers_of` reads them from a context, :func:`with_answers`
puts them into one, and :func:`ask` asks for them through callables you give it.
That is the seam for keeping answers in a profile with a date.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .rules import HALT_LEVELS, HaltLevel
from .vocab import (
    CAUDA_EQUINA_FLAGS,
    CLINICIAN_FLAGS,
    PLUGIN_FLAG_PATTERN,
    RED_FLAG_ALIASES,
    RED_FLAGS,
    SLUG_PATTERN,
    URGENT_FLAGS,
)

if TYPE_CHECKING:
    from .models import Context

Level = HaltLevel | Literal["gentle", "clear", "incomplete"]
"""The outcome of a screen, most serious first. The halt levels give no routine.

``incomplete`` is what ``clear`` becomes when a question was not answered (only
``lowback screen`` knows that; a context alone never gives it)."""

PAIN_GENTLE = 4
"""Pain at or above this (and below :data:`PAIN_REST`): only the easiest rung of each ladder
(lowback's own number)."""
PAIN_REST = 7
"""Pain at or above this: no routine today, and advice to keep gently active (lowback's own
number)."""

ANSWER_KEYS: tuple[str, ...] = ("red_flags", "pain", "cleared")
QUESTION_KEYS: tuple[str, ...] = ("red_flags", "pain")
"""The answers a screen needs before it can say "clear" (``cleared`` only matters after a
see-a-clinician flag, and is asked then)."""

FLAG_WORDS: dict[str, str] = {
    "bladder-bowel": (
        "a new or worsening change in your bladder or bowels (such as difficulty peeing, "
        "or losing control or feeling)"
    ),
    "saddle-changes": (
        "numbness, tingling or a changed feeling around your genitals, buttocks, "
        "inner thighs or back passage"
    ),
    "sexual-dysfunction": (
        "a new change in sexual function (less feeling in the genitals, or trouble with "
        "erection or ejaculation)"
    ),
    "both-legs-weak": "weakness, numbness or tingling in both legs",
    "both-legs-pain": "pain in both legs, or leg pain that has spread from one leg to both",
    "walking-difficulty": "new difficulty walking, or legs that are getting weaker",
    "serious-accident": (
        "back pain that started after a serious accident, such as a car accident, "
        "not yet checked by a doctor"
    ),
    "chest-pain": "chest pain along with the back pain",
    "cancer-history": "a history of cancer",
    "fever-or-unwell": "a high temperature, or feeling generally unwell, with the back pain",
    "weight-loss": "weight loss without trying",
    "steroids": "long-term use of steroid medicines",
    "night-pain": "pain that is worse at night or does not ease with rest or a change of position",
    "immunosuppressed": "a weakened immune system",
    "iv-drug-use": "injecting drugs",
    "thoracic-pain": "pain in the upper or middle back rather than the lower back",
    "back-deformity": "a lump or swelling in your back, or a change in its shape",
    "minor-trauma-osteoporosis": (
        "pain that started after a minor fall or knock, with osteoporosis or long-term steroids"
    ),
    "not-improving": "back pain that has not started to get better after a month",
}
"""Each red flag in plain words, as the messages name it."""

QUESTIONS: dict[str, str] = {
    "bladder-bowel": (
        "Since the back pain began, have you had any new or worsening change in your "
        "bladder or bowels: finding it hard to pee, not feeling when you need to go, "
        "or losing control?"
    ),
    "saddle-changes": (
        "Is there new or worsening numbness, tingling or a changed feeling around your "
        "genitals, buttocks, inner thighs or back passage (for example when you wipe "
        "after the toilet)?"
    ),
    "sexual-dysfunction": (
        "Have you had a new change in sexual function, such as less feeling in your "
        "genitals, or trouble getting or keeping an erection or ejaculating?"
    ),
    "both-legs-weak": "Is there new or worsening weakness, numbness or tingling in both legs?",
    "both-legs-pain": (
        "Is there new or worsening pain in both legs, or has pain in one leg spread to the other?"
    ),
    "walking-difficulty": "Have you newly found it hard to walk, or are your legs getting weaker?",
    "serious-accident": (
        "Did this back pain start after a serious accident, such as a car accident, "
        "that a doctor has not yet checked?"
    ),
    "chest-pain": "Do you have chest pain as well as the back pain?",
    "cancer-history": "Have you ever had cancer?",
    "fever-or-unwell": (
        "Do you have a high temperature, or feel generally unwell, along with the back pain?"
    ),
    "weight-loss": "Have you lost weight without trying to?",
    "steroids": "Have you been taking steroid medicine (such as steroid tablets) for a long time?",
    "night-pain": (
        "Is the pain worse at night, or does it not ease with rest or a change of position?"
    ),
    "immunosuppressed": (
        "Is your immune system weakened, for example by HIV, after an organ transplant, "
        "or by medicines that suppress it?"
    ),
    "iv-drug-use": "Do you inject drugs (not counting medicines prescribed to you)?",
    "thoracic-pain": (
        "Is the pain mainly in your upper or middle back (between the shoulder blades) "
        "rather than your lower back?"
    ),
    "back-deformity": "Is there a lump or swelling in your back, or has its shape changed?",
    "minor-trauma-osteoporosis": (
        "Did the pain start after a minor fall or knock, and do you have osteoporosis "
        "(thinning bones) or take steroid medicine long term?"
    ),
    "not-improving": (
        "Has this back pain gone on for a month or more without starting to get better?"
    ),
}
"""The question ``lowback screen`` asks for each red flag; yes means the flag is present."""

UNSCREENED = (
    "Not screened yet: if you have new bladder or bowel problems, numbness or tingling "
    "around the genitals or buttocks, a change in sexual function, weakness or numbness in "
    "both legs, pain now in both legs, new trouble walking, chest pain, or pain after a "
    "serious accident, do not exercise: go to A&E or call 999 now (elsewhere, your local "
    "emergency number). Run 'lowback screen --save' to answer every question."
)
"""The line a routine for someone not screened leads with: the emergency signs, in brief."""

PAIN_QUESTION = "How bad is your back pain right now, from 0 (none) to 10 (the worst)?"
CLEARED_QUESTION = "Has a clinician checked you for these and cleared you to do back exercises?"

EMERGENCY_ACTION = (
    "In the UK, go to A&E or call 999 now; elsewhere, call your local emergency number."
)
"""The last sentence of every emergency message: what to do."""
GP_URGENT = (
    "Ask your GP practice (or your usual doctor) for an urgent appointment; in the UK "
    "you can also call NHS 111 or use 111.nhs.uk."
)
GP_ROUTINE = (
    "Ask your GP practice (or your usual doctor) for an appointment; in the UK you can "
    "also get advice from NHS 111 (call 111 or use 111.nhs.uk)."
)
KEEP_ACTIVE = (
    "Keep moving gently and carry on with your normal activities as far as you can: "
    "staying active helps, and long rest in bed tends to make back pain worse. If the "
    "pain is not settling, is getting worse, or you are struggling to cope, contact your "
    "GP; in the UK you can also call NHS 111 or use 111.nhs.uk."
)
"""The advice of a pain-7-or-more day, in place of exercises (NICE NG59, NHS)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A screening question a plugin adds (the ``register_screening_questions`` hook).

    ``id`` is a slug unique within the plugin (the flag is ``plugin:id``);
    ``text`` is the yes/no question asked; ``sign`` names the sign in a few
    words, as the messages say it; ``tier`` is ``urgent`` (emergency care now,
    never lifted by a clearance) or ``clinician`` (see a clinician first).
    """

    id: str
    text: str
    sign: str
    tier: Literal["urgent", "clinician"]


PLUGIN_FLAG = re.compile(PLUGIN_FLAG_PATTERN)
"""A plugin question's flag: ``plugin:question-id``."""

Questions = Mapping[str, Question]
"""The plugins' questions by flag, as an engine loaded them."""

NO_QUESTIONS: Questions = MappingProxyType({})


def question_problem(item: object) -> str | None:
    """What is wrong with a question a plugin registered (None when nothing is)."""
    if not isinstance(item, Question):
        return f"registered a {type(item).__name__}; expected a lowback.screening.Question"
    if not isinstance(item.id, str) or not re.match(SLUG_PATTERN, item.id):
        return f"screening question id {item.id!r} is not a lower-case slug"
    for name in ("text", "sign"):
        value = getattr(item, name)
        if not isinstance(value, str) or not value.strip() or len(value) > 300:
            return f"screening question {item.id!r}: {name} must be text of 1 to 300 characters"
    if item.tier not in ("urgent", "clinician"):
        return f"screening question {item.id!r}: tier must be 'urgent' or 'clinician'"
    return None


def flag_problems(flags: Iterable[str], questions: Questions, loaded: Iterable[str]) -> list[str]:
    """One line for each plugin flag (``plugin:question``) whose plugin is loaded but asks
    no such question: a slip of the keyboard, told with the closest flag. A flag of a
    plugin that is not loaded is no problem here: it still stops the routine
    (:func:`plugin_tier`), the safe reading of an answer given to a plugin now gone."""
    plugins = set(loaded)
    problems = []
    for flag in flags:
        plugin, sep, _ = flag.partition(":")
        if not sep or plugin not in plugins or flag in questions:
            continue
        own = sorted(q for q in questions if q.startswith(f"{plugin}:"))
        close = difflib.get_close_matches(flag, own, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        asks = f"its questions: {', '.join(own)}" if own else "it asks none"
        problems.append(
            f"red_flags: {flag!r} is not a screening question of plugin {plugin!r}{guess}; {asks}"
        )
    return problems


def plugin_tier(flag: str, questions: Questions) -> Literal["urgent", "clinician"]:
    """A plugin flag's tier; a flag whose plugin is not loaded counts as see-a-clinician."""
    question = questions.get(flag)
    return question.tier if question is not None else "clinician"


def canonical(flag: str) -> str:
    """The red flag an earlier name stands for (``saddle-numbness`` -> ``saddle-changes``)."""
    return RED_FLAG_ALIASES.get(flag, flag)


def tier(flag: str) -> Literal["urgent", "clinician"]:
    """``urgent`` (emergency care now) or ``clinician`` (see a clinician first)."""
    name = canonical(flag)
    if name in URGENT_FLAGS:
        return "urgent"
    if name in CLINICIAN_FLAGS:
        return "clinician"
    raise ValueError(f"unknown red flag {flag!r}; valid flags: {', '.join(RED_FLAGS)}")


class Screening(NamedTuple):
    """The outcome of a screen.

    ``level`` is the most serious outcome; ``text`` is what to tell the person;
    ``fact`` is the context fact it rests on, for reasons; ``flags`` are the red
    flags that decided it (urgent ones for ``urgent``, the others for
    ``clinician`` or a cleared screen); ``notes`` are what a routine given
    anyway carries. ``red_flags`` (by their current names), ``pain`` and
    ``cleared`` are the answers screened; ``unanswered`` the questions
    (:data:`QUESTION_KEYS`) the person was not asked or did not answer.
    """

    level: Level
    text: str
    fact: str
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    pain: int | None = None
    cleared: bool = False
    unanswered: tuple[str, ...] = ()

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
            "unanswered": list(self.unanswered),
        }


def _words(flags: Iterable[str], questions: Questions) -> str:
    return "; ".join(_word(f, questions) for f in flags)


def _word(flag: str, questions: Questions) -> str:
    if flag in FLAG_WORDS:
        return FLAG_WORDS[flag]
    question = questions.get(flag)
    if question is not None:
        return question.sign
    return f"a sign asked by plugin {flag.partition(':')[0]!r}, which is not loaded now"


def _urgent_text(urgent: tuple[str, ...], cleared: bool, questions: Questions) -> str:
    parts = [f"Seek emergency care now. You told lowback about {_words(urgent, questions)}."]
    if any(f in CAUDA_EQUINA_FLAGS for f in urgent):
        parts.append(
            "With back pain, this can be a sign of cauda equina syndrome, where the nerves "
            "at the bottom of the spine are squeezed. It is rare, but it needs a doctor to "
            "check you straight away."
        )
    else:
        parts.append("With back pain, this needs a doctor to check you straight away.")
    parts.append("Please do not do these exercises.")
    if cleared:
        parts.append("An earlier clearance does not cover these signs.")
    parts.append(EMERGENCY_ACTION)
    return " ".join(parts)


def _clinician_text(clinician: tuple[str, ...], questions: Questions) -> str:
    how = GP_ROUTINE if clinician == ("not-improving",) else GP_URGENT
    return (
        f"See a clinician before doing these exercises. You told lowback about "
        f"{_words(clinician, questions)}. Please have this checked first. {how} Once a "
        "clinician has checked you and says you can exercise, run lowback again saying so "
        "(--cleared)."
    )


def _unanswered_text(unanswered: tuple[str, ...]) -> str:
    names = {"red_flags": "the red-flag questions", "pain": "pain now"}
    which = " and ".join(names[k] for k in unanswered)
    return f"Not every question was answered ({which}), so lowback cannot say you are clear."


def assess(
    red_flags: Iterable[str],
    pain: int | None,
    cleared: bool,
    *,
    unanswered: Iterable[str] = (),
    questions: Questions = NO_QUESTIONS,
) -> Screening:
    """Screen the answers: urgent flags, then uncleared clinician flags, then pain.

    Only the most serious outcome is given. Earlier names of flags count as the
    flag they stand for (:data:`~lowback.vocab.RED_FLAG_ALIASES`). ``unanswered``
    names the questions (:data:`QUESTION_KEYS`) that were not answered: a screen
    that would be ``clear`` is then ``incomplete``. Raises :class:`ValueError`
    (one line) for a flag outside the vocabulary, pain outside 0..10 or an
    unknown question.
    """
    given = tuple(sorted(set(red_flags)))
    unknown = [f for f in given if canonical(f) not in RED_FLAGS and not PLUGIN_FLAG.match(f)]
    if unknown:
        raise ValueError(f"unknown red flag {unknown[0]!r}; valid flags: {', '.join(RED_FLAGS)}")
    if pain is not None and (isinstance(pain, bool) or not 0 <= pain <= 10):
        raise ValueError(f"pain must be a whole number from 0 to 10, not {pain!r}")
    missing = tuple(k for k in QUESTION_KEYS if k in set(unanswered))
    extra = sorted(set(unanswered) - set(QUESTION_KEYS))
    if extra:
        raise ValueError(f"unknown question {extra[0]!r}; questions: {', '.join(QUESTION_KEYS)}")
    names = {canonical(f) for f in given}
    added = tuple(sorted(f for f in names if PLUGIN_FLAG.match(f)))  # plugins' questions
    flags = (*(f for f in RED_FLAGS if f in names), *added)
    urgent = tuple(
        f
        for f in flags
        if f in URGENT_FLAGS or (f in added and plugin_tier(f, questions) == "urgent")
    )
    clinician = tuple(f for f in flags if f not in urgent)
    common: dict[str, Any] = {
        "red_flags": flags,
        "pain": pain,
        "cleared": cleared,
        "unanswered": missing,
    }
    if urgent:
        fact = f"red_flags includes {', '.join(urgent)}"
        return Screening("urgent", _urgent_text(urgent, cleared, questions), fact, urgent, **common)
    if clinician and not cleared:
        fact = f"red_flags includes {', '.join(clinician)}; cleared=false"
        return Screening(
            "clinician", _clinician_text(clinician, questions), fact, clinician, **common
        )
    if pain is not None and pain >= PAIN_REST:
        text = f"Pain {pain}/10 is too high for these exercises today. {KEEP_ACTIVE}"
        return Screening("rest", text, f"pain={pain}", clinician, **common)
    notes: list[str] = []
    if clinician:
        notes.append(
            f"You reported {_words(clinician, questions)}, and that a clinician has cleared "
            "you to exercise."
        )
    if pain is not None and pain >= PAIN_GENTLE:
        notes.append(
            f"Pain {pain}/10: every exercise is given at the easiest variation of its ladder today."
        )
        return Screening("gentle", notes[-1], f"pain={pain}", clinician, tuple(notes), **common)
    if missing:
        fact = f"unanswered: {', '.join(missing)}"
        return Screening(
            "incomplete", _unanswered_text(missing), fact, clinician, tuple(notes), **common
        )
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


def screen_context(context: Context, questions: Questions = NO_QUESTIONS) -> Screening:
    """:func:`assess` on a context's answers (a context cannot say what was not asked)."""
    return assess(context.red_flags, context.pain, context.cleared, questions=questions)


def answers_of(context: Context) -> dict[str, Any]:
    """The screening answers a context holds, as plain data (for storing in a profile)."""
    return {
        "red_flags": list(context.red_flags),
        "pain": context.pain,
        "cleared": context.cleared,
    }


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
    questions: Questions = NO_QUESTIONS,
) -> dict[str, Any]:
    """Ask the screening questions through ``confirm`` (yes/no) and ``number`` (0-10).

    The emergency questions come first, and the first yes ends the screen there:
    nothing else would change the advice, and it should not wait. Then the
    see-a-clinician questions, the clearance (only after a yes to one of them),
    and pain now. The plugins' ``questions`` are asked after the core's of the
    same tier. Returns the answers as plain data, ready for :func:`with_answers`
    or a profile.
    """
    added = sorted(questions)
    urgent = [*URGENT_FLAGS, *(f for f in added if questions[f].tier == "urgent")]
    others = [*CLINICIAN_FLAGS, *(f for f in added if questions[f].tier == "clinician")]
    text = {**QUESTIONS, **{f: q.text for f, q in questions.items()}}
    for flag in urgent:
        if confirm(text[flag]):
            return {"red_flags": [flag], "pain": None, "cleared": False}
    flags = [f for f in others if confirm(text[f])]
    cleared = bool(flags) and confirm(CLEARED_QUESTION)
    pain = number(PAIN_QUESTION)
    return {"red_flags": flags, "pain": pain, "cleared": cleared}

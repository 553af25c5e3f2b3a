"""Stage: the safety screen, first, on every recommendation.

It is part of the engine, not a plugin: no flag, blocked plugin, allow-list or
name clash can take it away. It reads the context's screening answers
(``red_flags``, ``pain``, ``cleared``) through :func:`lowback.screening.screen_context`,
the same function ``lowback screen`` uses, and says what a rule would say,
stamped ``lowback:screen``:

- an emergency sign (possible cauda equina syndrome, a serious accident, chest
  pain with the back pain): :class:`~lowback.rules.Halt` ``urgent``;
- a see-a-clinician-first red flag, not cleared: ``Halt`` ``clinician``;
- pain 7-10 now: ``Halt`` ``rest`` (no routine today; keep gently active);
- pain 4-6 now: the easiest rung of every ladder, a smaller dose
  (:func:`ease_doses`), and a note saying so;
- pain 0-3, or none given: the routine as chosen.

Plugins' rules may halt a routine too; none can lift the screen's halt.
Every rule and its source is listed in ``docs/safety.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .. import __version__
from ..index import CatalogueIndex
from ..models import Context, Dose, Reason
from ..models.catalogue import DoseField
from ..rules import HALT_LEVELS, ChooseRung, Decision, Halt, Note, Rule
from ..screening import NO_QUESTIONS, Questions, screen_context
from .decisions import BoundRule
from .dosing import seconds_for
from .picks import Pick


class SafetyScreen(Rule):
    """Stops the routine on a red flag or high pain; keeps to the easiest rungs on moderate pain.

    ``questions`` are the plugins' screening questions: a yes to one counts as a
    red flag of its tier.
    """

    id = "screen"
    summary = "Red flags and pain now: stop and send to care, or keep to the easiest rungs."

    def __init__(self, questions: Questions = NO_QUESTIONS) -> None:
        self.questions = questions

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        outcome = screen_context(context, self.questions)
        # The same test as ``outcome.halted``, written so that the level is known
        # to be a halt level.
        if outcome.level in HALT_LEVELS:
            yield Halt(level=outcome.level, fact=outcome.fact, text=outcome.text)
            return
        for note in outcome.notes:
            yield Note(fact=outcome.fact, text=note)
        if outcome.level != "gentle":
            return
        why = f"Pain {context.pain}/10 now: the easiest variation today."
        for entry in index.all():
            ladder = entry.exercise.ladder
            if len(ladder) > 1:
                yield ChooseRung(exercise=entry.key, rung=ladder[0].id, fact=outcome.fact, text=why)


SCREEN = BoundRule(ref="lowback:screen", plugin="lowback", version=__version__, rule=SafetyScreen())
"""The screen with the core's questions only."""


def screen(questions: Questions) -> BoundRule:
    """The screen as the pipeline runs it, before every plugin's rules, with the plugins'
    ``questions`` too."""
    if not questions:
        return SCREEN
    return BoundRule(SCREEN.ref, SCREEN.plugin, SCREEN.version, SafetyScreen(questions))


def eased(dose: Dose) -> Dose:
    """The smaller dose of a pain-4-to-6 day: one set, and half the reps, hold or time.

    Halves are rounded up (a 15 s hold gives 8 s). These numbers are lowback's,
    not an article's, so every one changed is marked in ``ours``; the article's
    ranges (``*_max``) no longer apply and are dropped.
    """
    changed: list[DoseField] = []
    fields: dict[str, object] = {"sets_max": None, "reps_max": None, "hold_s_max": None}
    if dose.sets > 1:
        fields["sets"] = 1
        changed.append("sets")
    for name in ("reps", "hold_s", "duration_s"):
        amount = getattr(dose, name)
        if amount is not None and amount > 1:
            fields[name] = math.ceil(amount / 2)
            changed.append(name)
    ours = tuple(sorted({*dose.ours, *changed}))
    return dose.model_copy(update={**fields, "ours": ours})


def ease_doses(picks: list[Pick], context: Context) -> list[Pick]:
    """On a pain-4-to-6 day, every item's dose made smaller (see :func:`eased`)."""
    outcome = screen_context(context)
    if outcome.level != "gentle":
        return picks
    reason = Reason(
        rule=SCREEN.ref,
        plugin_version=SCREEN.version,
        effect="dose",
        fact=outcome.fact,
        text=f"Pain {context.pain}/10 now: one set, and half the usual reps or time, today "
        "(lowback's default).",
    )
    out = []
    for pick in picks:
        assert pick.dose is not None
        dose = eased(pick.dose)
        out.append(pick.dosed(dose, seconds_for(dose), (*pick.reasons, reason)))
    return out

"""Rule plugin: the safety screen, before any routine is built.

Reads the context's screening answers (``red_flags``, ``pain``, ``cleared``)
through :func:`lowback.screening.assess`, the same function ``lowback screen``
uses, and turns the outcome into decisions:

- possible cauda equina syndrome (any urgent red flag): :class:`Halt` ``urgent``;
- a see-a-clinician-first red flag, not cleared: :class:`Halt` ``clinician``;
- pain 7-10 now: :class:`Halt` ``rest``;
- pain 4-6 now: the easiest rung of every ladder, and a :class:`Note` saying so;
- pain 0-3, or none given: the routine as chosen.

Every rule and its source is listed in ``docs/safety.md``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import HALT_LEVELS, ChooseRung, Decision, Halt, Note, Rule
from lowback.screening import screen_context


class SafetyScreen(Rule):
    """Stops the routine on a red flag or high pain; keeps to the easiest rungs on moderate pain."""

    id = "screen"
    summary = "Red flags and pain now: stop and send to care, or keep to the easiest rungs."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        outcome = screen_context(context)
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


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the safety-screen rule."""
    register(SafetyScreen())

"""Stage: the safety screen, first, on every recommendation.

It is part of the engine, not a plugin: no flag, blocked plugin, allow-list or
name clash can take it away. It reads the context's screening answers
(``red_flags``, ``pain``, ``cleared``) through :func:`lowback.screening.screen_context`,
the same function ``lowback screen`` uses, and says what a rule would say,
stamped ``lowback:screen``:

- possible cauda equina syndrome (any urgent red flag): :class:`~lowback.rules.Halt` ``urgent``;
- a see-a-clinician-first red flag, not cleared: ``Halt`` ``clinician``;
- pain 7-10 now: ``Halt`` ``rest``;
- pain 4-6 now: the easiest rung of every ladder, and a note saying so;
- pain 0-3, or none given: the routine as chosen.

Plugins' rules may halt a routine too; none can lift the screen's halt.
Every rule and its source is listed in ``docs/safety.md``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import __version__
from ..index import CatalogueIndex
from ..models import Context
from ..rules import HALT_LEVELS, ChooseRung, Decision, Halt, Note, Rule
from ..screening import screen_context
from .decisions import BoundRule


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


SCREEN = BoundRule(ref="lowback:screen", plugin="lowback", version=__version__, rule=SafetyScreen())
"""The screen as the pipeline runs it: before every plugin's rules."""

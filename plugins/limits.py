"""Rule plugin: what the person cannot do yet rules out rungs and exercises.

Each limit is its own rule, so that ``--explain`` names exactly which one acted.
A ruled-out rung moves the exercise down its ladder; a ruled-out exercise is
replaced by one of the same movement where a catalogue has one (the seated psoas
stretch for the half-kneeling one), or left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, Rule, Veto

_WHY = {
    "cross-legs": "You cannot cross your legs yet, and this {what} needs a crossed leg.",
    "hip-opening": "Your hips do not open wide yet, and this {what} needs a wide hip opening.",
    "kneeling": "Kneeling is uncomfortable for you, and this {what} puts weight on a knee.",
}


class LimitRule(Rule):
    """Vetoes every exercise or rung that needs the ability ``limit``."""

    def __init__(self, limit: str) -> None:
        self.limit = limit
        self.id = limit
        self.summary = f"Limit {limit}: rule out what needs it, step down the ladder or swap."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if self.limit not in context.limits:
            return
        fact = f"limits includes {self.limit}"
        template = _WHY[self.limit]
        for need in index.needing(self.limit):
            if need.rung is None:
                yield Veto(
                    exercise=need.entry.key, fact=fact, text=template.format(what="exercise")
                )
            else:
                yield Veto(
                    exercise=need.entry.key,
                    fact=fact,
                    text=template.format(what=f"variation ('{need.rung.name}')"),
                    rung=need.rung.id,
                )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give one rule per limit: cross-legs, hip-opening, kneeling."""
    for limit in sorted(_WHY):
        register(LimitRule(limit))

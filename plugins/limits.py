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
from lowback.models import Context, Exercise
from lowback.rules import Decision, Rule, Veto
from lowback.vocab import KNEE_LOADING

_WHY = {
    "cross-legs": "You cannot cross your legs yet, and {what} needs a crossed leg.",
    "hip-opening": "Your hips do not open wide yet, and {what} needs a wide hip opening.",
    "kneeling": "Kneeling is uncomfortable for you, and {what} puts weight on a knee.",
}
"""Each names the exercise (or its variation) it rules out, so that a stand-in's reason,
which quotes it, cannot be read as being about the stand-in."""


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
                    exercise=need.entry.key,
                    fact=fact,
                    text=template.format(what=_what(need.entry.exercise, self.limit)),
                )
            else:
                yield Veto(
                    exercise=need.entry.key,
                    fact=fact,
                    text=template.format(what=f"its variation '{need.rung.name}'"),
                    rung=need.rung.id,
                )


def _what(exercise: Exercise, limit: str) -> str:
    """The exercise ruled out, by name; when only another of its positions kneels (an item
    names every position), that form is named, so the reason stays true of the exercise."""
    name = f"the {exercise.name}"
    if limit != "kneeling" or limit in exercise.requires or exercise.position in KNEE_LOADING:
        return name
    forms = [p.replace("-", " ") for p in exercise.other_positions if p in KNEE_LOADING]
    return f"{name}, in its {' or '.join(forms)} form," if forms else name


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give one rule per limit: cross-legs, hip-opening, kneeling."""
    for limit in sorted(_WHY):
        register(LimitRule(limit))

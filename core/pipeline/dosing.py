"""Stage: the dose of each item, and how long it takes.

The time model's numbers are lowback's own (the articles give none): they are
here, in one place, so that the docs and the budget agree.
"""

from __future__ import annotations

from ..models import Dose
from ..rules import SetDose
from .decisions import BoundRule, RuleDecisions
from .picks import Pick

SECONDS_PER_REP = 4
"""One rep or one rock back and forth."""
SETUP_SECONDS = 15
"""Getting into position for an item."""
REST_BETWEEN_SETS = 10


def seconds_for(dose: Dose) -> int:
    """Estimated seconds for a dose, setting up included."""
    if dose.reps is not None:
        bout = dose.reps * SECONDS_PER_REP
    else:
        bout = dose.hold_s or dose.duration_s or 0
    bouts = dose.sets * (2 if dose.per_side else 1) * max(1, len(dose.segments))
    return SETUP_SECONDS + bouts * bout + REST_BETWEEN_SETS * (dose.sets - 1)


def dose_picks(picks: list[Pick], decisions: RuleDecisions) -> list[Pick]:
    """The rung's dose (or the exercise's), unless a rule sets another; lowest rule id wins."""
    overrides: dict[str, list[tuple[str, SetDose, BoundRule]]] = {}
    for bound, doses in decisions.of(SetDose):
        for d in doses:
            overrides.setdefault(d.exercise, []).append((bound.ref, d, bound))
    out: list[Pick] = []
    for pick in picks:
        ex = pick.entry.exercise
        rung = ex.ladder[pick.rung]
        dose = rung.dose or ex.dose
        reasons = pick.reasons
        given = [t for t in overrides.get(pick.entry.key, ()) if t[1].rung in (None, rung.id)]
        if given:
            _, winner, bound = min(given, key=lambda t: t[0])
            dose = winner.dose
            reasons = (*reasons, decisions.reason(bound, winner, "dose"))
        out.append(pick.dosed(dose, seconds_for(dose), reasons))
    return out

"""A dose's levels within the article's range: the one definition the progression rule
climbs and ``lowback progress`` charts."""

from __future__ import annotations

from .models import Dose


def amount_of(dose: Dose) -> tuple[str, int, int | None]:
    """The number a dose counts in: its field (reps, hold or duration), its base and its top."""
    if dose.reps is not None:
        return "reps", dose.reps, dose.reps_max
    if dose.hold_s is not None:
        return "hold_s", dose.hold_s, dose.hold_s_max
    return "duration_s", dose.duration_s or 1, None


def dose_steps(dose: Dose) -> tuple[tuple[int, int], ...]:
    """``(sets, amount)`` from a dose's base to the top of the article's range, as the
    progression rule climbs it: first the hold (or reps) to the top of its range, then
    the sets (the quadratus lumborum stretch: 2 x 20 s, 2 x 30 s, 3 x 30 s)."""
    _, amount, amount_max = amount_of(dose)
    steps = [(dose.sets, amount)]
    if amount_max is not None and amount_max > amount:
        amount = amount_max
        steps.append((dose.sets, amount))
    if dose.sets_max is not None and dose.sets_max > dose.sets:
        steps.append((dose.sets_max, amount))
    return tuple(steps)

"""The working values that flow between the pipeline's stages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..index import Entry
from ..models import Dose, LeftOut, Reason
from ..models.routine import Effect


def engine_reason(stage: str, effect: Effect, fact: str, text: str) -> Reason:
    """A reason given by one of the engine's own stages (``lowback:stage``)."""
    return Reason(rule=f"lowback:{stage}", effect=effect, fact=fact, text=text)


RungVetoes = Mapping[str, Sequence[Reason]]
"""Why each ruled-out rung of an exercise is ruled out, by rung id."""

NO_RUNG_VETOES: RungVetoes = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Pick:
    """An exercise on its way into the routine; each stage fills in more of it."""

    entry: Entry
    score: int
    reasons: tuple[Reason, ...]
    vetoed_rungs: RungVetoes = field(default_factory=lambda: NO_RUNG_VETOES)
    rung: int = -1
    dose: Dose | None = None
    seconds: int = 0
    also: tuple[Entry, ...] = ()
    """The same movement from other catalogues, held in this item and cited by it."""
    stands_for: Entry | None = None
    """The exercise this one stands in for, when it does: its article's schedule applies."""

    def at_rung(self, rung: int, reasons: tuple[Reason, ...]) -> Pick:
        """This pick on ``rung`` of its ladder, with the reasons for it."""
        return replace(self, reasons=reasons, rung=rung)

    def dosed(self, dose: Dose, seconds: int, reasons: tuple[Reason, ...]) -> Pick:
        """This pick with its dose and the time it takes."""
        return replace(self, dose=dose, seconds=seconds, reasons=reasons)

    @property
    def scheduled_by(self) -> Entry:
        """The exercise whose article's schedule this item follows."""
        return self.stands_for or self.entry


def left_out(entry: Entry, reasons: Sequence[Reason]) -> LeftOut:
    """The record of an exercise considered and not given, with every reason."""
    return LeftOut(exercise=entry.key, name=entry.exercise.name, reasons=tuple(reasons))

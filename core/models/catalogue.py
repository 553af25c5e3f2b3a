"""Catalogues: the exercises of one source article, as validated data."""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..vocab import Condition, Equipment, Kind, Limit, Position, Situation, Timing
from .base import Model, Slug, Text

DoseField = Literal["sets", "reps", "hold_s", "duration_s", "per_side"]


class Source(Model):
    """Where a catalogue comes from, cited in every routine item drawn from it."""

    title: Text
    author: Text | None = None
    credit: Text | None = Field(None, description="Other credit the article gives (a video).")
    url: Text | None = None


class Dose(Model):
    """How much: sets of reps, of a held position, or of a timed bout.

    Exactly one of ``reps``, ``hold_s`` and ``duration_s`` is set. ``*_max`` fields
    keep the top of a range the article gives (2-3 sets -> ``sets=2, sets_max=3``).
    ``ours`` names every number that is lowback's conservative default rather
    than the article's.
    """

    sets: int = Field(1, ge=1, le=20)
    reps: int | None = Field(None, ge=1, le=200)
    hold_s: int | None = Field(None, ge=1, le=600)
    duration_s: int | None = Field(None, ge=1, le=1800)
    per_side: bool = False
    segments: tuple[Text, ...] = Field(
        (), max_length=10, description="Parts worked one after another, each for the dose."
    )
    sets_max: int | None = Field(None, ge=1, le=20)
    reps_max: int | None = Field(None, ge=1, le=200)
    hold_s_max: int | None = Field(None, ge=1, le=600)
    ours: tuple[DoseField, ...] = Field(
        (), description="Fields whose numbers are lowback's defaults, not the article's."
    )

    @model_validator(mode="after")
    def _one_measure(self) -> "Dose":
        given = [n for n in ("reps", "hold_s", "duration_s") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(
                f"set exactly one of reps, hold_s, duration_s (got {', '.join(given) or 'none'})"
            )
        for low, high in (("sets", "sets_max"), ("reps", "reps_max"), ("hold_s", "hold_s_max")):
            top = getattr(self, high)
            if top is not None and (getattr(self, low) is None or top < getattr(self, low)):
                raise ValueError(f"{high} must be at least {low}")
        return self


class Link(Model):
    """An article's statement that a situation tightens what an exercise works."""

    situation: Situation
    note: Text


def _check_conflicts(conflicts: tuple[str, ...], ours: tuple[str, ...]) -> None:
    """Each condition once; ``conflicts_ours`` only names conditions in ``conflicts``."""
    for name, values in (("conflicts", conflicts), ("conflicts_ours", ours)):
        repeated = sorted({c for c in values if values.count(c) > 1})
        if repeated:
            raise ValueError(f"{name} names {', '.join(repeated)} more than once")
    stray = sorted(set(ours) - set(conflicts))
    if stray:
        raise ValueError(f"conflicts_ours names {', '.join(stray)}, which conflicts does not")


_CONFLICTS = (
    "Conditions this is a bad idea with (see docs/safety.md); a person who declares one "
    "is not given it."
)
_CONFLICTS_OURS = (
    "The conflicts that are the catalogue's reading of a caution source, not the "
    "article's own statement."
)


class Variation(Model):
    """One rung of an exercise's ladder. Ladders run easiest first."""

    id: Slug
    name: Text
    cues: tuple[Text, ...] = Field((), max_length=20)
    requires: tuple[Limit, ...] = Field(
        (), description="Abilities this rung needs; a person limited in one cannot be given it."
    )
    equipment: tuple[Equipment, ...] = ()
    dose: Dose | None = Field(None, description="Overrides the exercise's dose on this rung.")
    conflicts: tuple[Condition, ...] = Field((), description=_CONFLICTS)
    conflicts_ours: tuple[Condition, ...] = Field((), description=_CONFLICTS_OURS)

    @model_validator(mode="after")
    def _conflicts(self) -> "Variation":
        _check_conflicts(self.conflicts, self.conflicts_ours)
        return self


class Exercise(Model):
    """One exercise from one article, with its ladder of variations."""

    id: Slug
    name: Text
    section: Text = Field(description="The article's section that describes it.")
    kind: Kind
    position: Position
    equipment: tuple[Equipment, ...] = ()
    requires: tuple[Limit, ...] = ()
    conflicts: tuple[Condition, ...] = Field(
        (), description="Conditions every rung is a bad idea with (see docs/safety.md)."
    )
    conflicts_ours: tuple[Condition, ...] = Field((), description=_CONFLICTS_OURS)
    targets: tuple[Slug, ...] = Field(min_length=1, max_length=20)
    movement: Slug = Field(
        description="What it trains; exercises of different catalogues with the same "
        "movement are held once in a routine, and can stand in for each other."
    )
    dose: Dose
    cues: tuple[Text, ...] = Field(min_length=1, max_length=20)
    ladder: tuple[Variation, ...] = Field(
        default_factory=lambda: (Variation(id="standard", name="Standard"),),
        min_length=1,
        max_length=10,
        description="Variations, easiest first; a plain exercise is its own single rung.",
    )
    start: Slug | None = Field(
        None, description="Rung given when nothing rules it out; the top rung if unset."
    )
    start_is_ours: bool = False
    because: tuple[Link, ...] = ()

    @model_validator(mode="after")
    def _ladder_ids(self) -> "Exercise":
        ids = [rung.id for rung in self.ladder]
        if len(set(ids)) != len(ids):
            raise ValueError(f"ladder ids repeat: {', '.join(sorted(ids))}")
        if self.start is not None and self.start not in ids:
            raise ValueError(f"start {self.start!r} is not a rung of the ladder ({', '.join(ids)})")
        _check_conflicts(self.conflicts, self.conflicts_ours)
        return self

    def start_rung(self) -> int:
        """Index of the rung given when nothing rules it out."""
        if self.start is None:
            return len(self.ladder) - 1
        return [rung.id for rung in self.ladder].index(self.start)


class Frequency(Model):
    """How often an article says to do its routine."""

    text: Text
    start_per_week: int | None = Field(None, ge=1, le=7)
    later_per_week_min: int | None = Field(None, ge=1, le=7)
    later_per_week_max: int | None = Field(None, ge=1, le=7)


class Catalogue(Model):
    """The exercises of one source article, with its citation and advice."""

    id: Slug
    name: Text
    source: Source
    timing: tuple[Timing, ...] = Field(
        (), description="When the article does its routine; empty when it does not say."
    )
    frequency: Frequency | None = None
    because: tuple[Link, ...] = Field((), description="Links that hold for every exercise.")
    advice: tuple[Text, ...] = Field((), description="Advice the article gives to every reader.")
    exercises: Annotated[tuple[Exercise, ...], Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _unique_exercises(self) -> "Catalogue":
        seen: set[str] = set()
        for exercise in self.exercises:
            if exercise.id in seen:
                raise ValueError(f"exercise id {exercise.id!r} is given twice")
            seen.add(exercise.id)
        return self

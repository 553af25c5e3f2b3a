"""Catalogues: the exercises of one source article, as validated data."""

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..vocab import (
    CONDITION_POSITIONS,
    Condition,
    Kind,
    Position,
    Timing,
)
from .base import Bool, Int, Model, Slug, Text
from .names import EquipmentName, LimitName, SituationName

FORMAT_VERSION = 1
"""The newest catalogue format this lowback reads; a file may say ``format = 1``."""

DoseField = Literal["sets", "reps", "hold_s", "duration_s", "per_side", "pause_s"]
ExerciseField = Literal["position", "other_positions"]
"""The exercise fields whose values can be lowback's reading rather than the article's."""
Level = Literal["beginner", "intermediate", "expert"]
"""How practised a person should be (free-exercise-db's levels)."""

Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000)]
"""An ``http://`` or ``https://`` address."""


class Source(Model):
    """Where a catalogue comes from, cited in every routine item drawn from it."""

    title: Text
    author: Text | None = None
    credit: Text | None = Field(None, description="Other credit the article gives (a video).")
    url: Text | None = Field(None, description="Where the source can be read (an address).")
    licence: Text | None = Field(
        None, description="The licence the source's text or data is under (public domain...)."
    )


class Dose(Model):
    """How much: sets of reps, of a held position, or of a timed bout.

    Exactly one of ``reps``, ``hold_s`` and ``duration_s`` is set. ``*_max`` fields
    keep the top of a range the article gives (2-3 sets -> ``sets=2, sets_max=3``).
    ``pause_s`` (with ``pause_s_max``) are pauses on tender spots within a timed
    bout: roll 60 s, pausing 10-30 s where it is tender.
    ``ours`` names every number that is lowback's conservative default rather
    than the article's.
    """

    sets: Int = Field(1, ge=1, le=20)
    reps: Int | None = Field(None, ge=1, le=200)
    hold_s: Int | None = Field(None, ge=1, le=600)
    duration_s: Int | None = Field(None, ge=1, le=1800)
    per_side: Bool = False
    segments: tuple[Text, ...] = Field(
        (), max_length=10, description="Parts worked one after another, each for the dose."
    )
    sets_max: Int | None = Field(None, ge=1, le=20)
    reps_max: Int | None = Field(None, ge=1, le=200)
    hold_s_max: Int | None = Field(None, ge=1, le=600)
    pause_s: Int | None = Field(
        None, ge=1, le=600, description="Pauses on tender spots within a timed bout."
    )
    pause_s_max: Int | None = Field(None, ge=1, le=600)
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
        pairs = (
            ("sets", "sets_max"),
            ("reps", "reps_max"),
            ("hold_s", "hold_s_max"),
            ("pause_s", "pause_s_max"),
        )
        for low, high in pairs:
            top = getattr(self, high)
            if top is not None and (getattr(self, low) is None or top < getattr(self, low)):
                raise ValueError(f"{high} must be at least {low}")
        if self.pause_s is not None and self.duration_s is None:
            raise ValueError("pause_s needs duration_s (pauses within a timed bout)")
        if (
            self.duration_s is not None
            and (self.pause_s_max or self.pause_s or 0) > self.duration_s
        ):
            raise ValueError("pauses must be shorter than duration_s")
        return self


class Link(Model):
    """An article's statement that a situation tightens what an exercise works."""

    situation: SituationName
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
    requires: tuple[LimitName, ...] = Field(
        (), description="Abilities this rung needs; a person limited in one cannot be given it."
    )
    equipment: tuple[EquipmentName, ...] = ()
    dose: Dose | None = Field(None, description="Overrides the exercise's dose on this rung.")
    conflicts: tuple[Condition, ...] = Field((), description=_CONFLICTS)
    conflicts_ours: tuple[Condition, ...] = Field((), description=_CONFLICTS_OURS)

    @model_validator(mode="after")
    def _conflicts(self) -> "Variation":
        _check_conflicts(self.conflicts, self.conflicts_ours)
        return self


def _check_positions(ex: "Exercise") -> None:
    """An other position adds no condition the exercise does not list in ``conflicts``:
    the engine's position cautions read the main position, so the data says the rest."""
    if "other_positions" in ex.ours and not ex.other_positions:
        raise ValueError("ours names other_positions, which is empty")
    for position in ex.other_positions:
        if position == ex.position:
            raise ValueError(f"other_positions repeats the position {position!r}")
        missing = sorted(
            c
            for c, where in CONDITION_POSITIONS.items()
            if position in where and c not in ex.conflicts
        )
        if missing:
            raise ValueError(
                f"other position {position!r} conflicts with {', '.join(missing)}: "
                "list it in conflicts (and conflicts_ours)"
            )


class Exercise(Model):
    """One exercise from one article, with its ladder of variations."""

    id: Slug
    name: Text
    section: Text = Field(description="The article's section that describes it.")
    kind: Kind
    position: Position
    other_positions: tuple[Position, ...] = Field(
        (),
        max_length=7,
        description="Other positions it can be done in: a knee-loading one needs the "
        "kneeling ability, and each one's position conditions must be in conflicts.",
    )
    ours: tuple[ExerciseField, ...] = Field(
        (),
        description="Fields that are lowback's reading, not the article's (a position "
        "inferred from the text).",
    )
    level: Level | None = None
    equipment: tuple[EquipmentName, ...] = ()
    requires: tuple[LimitName, ...] = ()
    conflicts: tuple[Condition, ...] = Field(
        (), description="Conditions every rung is a bad idea with (see docs/safety.md)."
    )
    conflicts_ours: tuple[Condition, ...] = Field((), description=_CONFLICTS_OURS)
    targets: tuple[Slug, ...] = Field(
        min_length=1, max_length=20, description="The muscles or regions it mainly works."
    )
    secondary_targets: tuple[Slug, ...] = Field(
        (), max_length=20, description="Muscles it also works; relevance reads only targets."
    )
    url: Url | None = Field(None, description="A page describing this exercise.")
    image: Text | None = Field(
        None, description="A picture of it: an address, or a path relative to the file."
    )
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
    start_is_ours: Bool = False
    because: tuple[Link, ...] = ()

    @model_validator(mode="after")
    def _ladder_ids(self) -> "Exercise":
        ids = [rung.id for rung in self.ladder]
        if len(set(ids)) != len(ids):
            raise ValueError(f"ladder ids repeat: {', '.join(sorted(ids))}")
        if self.start is not None and self.start not in ids:
            raise ValueError(f"start {self.start!r} is not a rung of the ladder ({', '.join(ids)})")
        _check_conflicts(self.conflicts, self.conflicts_ours)
        _check_positions(self)
        return self

    def positions(self) -> tuple[str, ...]:
        """Every position it can be done in, its main one first."""
        return tuple(dict.fromkeys((self.position, *self.other_positions)))

    def start_rung(self) -> int:
        """Index of the rung given when nothing rules it out."""
        if self.start is None:
            return len(self.ladder) - 1
        return [rung.id for rung in self.ladder].index(self.start)


class Frequency(Model):
    """How often an article says to do its routine."""

    text: Text
    start_per_week: Int | None = Field(None, ge=1, le=7)
    later_per_week_min: Int | None = Field(None, ge=1, le=7)
    later_per_week_max: Int | None = Field(None, ge=1, le=7)


class Catalogue(Model):
    """The exercises of one source article, with its citation and advice."""

    format: Int = Field(
        FORMAT_VERSION,
        ge=1,
        le=FORMAT_VERSION,
        description=f"The catalogue format the file is written in (this lowback reads "
        f"up to {FORMAT_VERSION}).",
    )
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

    @model_validator(mode="wrap")
    @classmethod
    def _known_format(cls, data: Any, handler: ModelWrapValidatorHandler["Catalogue"]) -> Any:
        # Checked first, alone: a newer format's other fields would only add noise.
        version = data.get("format") if isinstance(data, dict) else None
        if type(version) is int and version > FORMAT_VERSION:
            error = PydanticCustomError(
                "format_newer",
                "this lowback reads catalogue formats up to {known}: upgrade lowback to use "
                "this one",
                {"known": FORMAT_VERSION},
            )
            details = InitErrorDetails(type=error, loc=("format",), input=version)
            raise ValidationError.from_exception_data(cls.__name__, [details])
        return handler(data)

    @model_validator(mode="after")
    def _unique_exercises(self) -> "Catalogue":
        seen: set[str] = set()
        for exercise in self.exercises:
            if exercise.id in seen:
                raise ValueError(f"exercise id {exercise.id!r} is given twice")
            seen.add(exercise.id)
        return self

"""The routine lowback gives back, carrying its own explanation."""

from typing import Literal

from pydantic import Field

from ..vocab import Equipment, Kind, Position
from .base import Bool, Int, Model
from .catalogue import Dose
from .context import Context

Effect = Literal[
    "include",
    "against",
    "set-aside",
    "veto",
    "substitute",
    "variation",
    "dose",
    "merge",
    "drop",
    "order",
]
"""What a reason did; ``against`` is a vote of negative weight (a reason against)."""

SCHEMA_VERSION = 1


class Reason(Model):
    """Why something is in a routine, or changed, or left out.

    ``rule`` is ``plugin:rule-id`` (or ``lowback:stage`` for the engine's own
    stages); ``fact`` is the fact of the context it rests on.
    """

    rule: str
    plugin_version: str | None = None
    effect: Effect
    fact: str
    text: str


class SourceRef(Model):
    """A citation: which article, which section, through which plugin."""

    catalogue: str
    exercise: str
    title: str
    author: str | None = None
    credit: str | None = None
    section: str
    url: str | None = Field(None, description="The exercise's own link, else its source's.")
    licence: str | None = None
    plugin: str
    plugin_version: str | None = None


class VariationChoice(Model):
    """The rung of the ladder given, counted from the easiest (1)."""

    id: str
    name: str
    rung: Int
    of: Int


class RoutineItem(Model):
    """One step of a routine."""

    step: Int
    exercise: str = Field(description="Namespaced exercise id, e.g. shimada/piriformis-roll.")
    name: str
    kind: Kind
    position: Position
    equipment: tuple[Equipment, ...]
    variation: VariationChoice
    dose: Dose
    seconds: Int = Field(description="Estimated time for the item, setting up included.")
    cues: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    reasons: tuple[Reason, ...]
    score: Int = Field(description="Sum of the rules' votes; the budget drops low scores first.")
    other_positions: tuple[Position, ...] = ()
    ours: tuple[str, ...] = Field((), description="Fields that are lowback's reading (position).")
    level: str | None = None
    targets: tuple[str, ...] = ()
    secondary_targets: tuple[str, ...] = ()
    image: str | None = None


class LeftOut(Model):
    """An exercise that was considered and not given, with why."""

    exercise: str
    name: str
    reasons: tuple[Reason, ...]


class Advice(Model):
    """Advice carried with the routine: how often, and what an article warns."""

    kind: Literal["unscreened", "stop", "frequency", "article", "safety", "note"] = Field(
        description="unscreened: the emergency signs, first, for someone not screened; stop: "
        "why there is no routine today (a safety screen); safety: the stop rules and the "
        "not-medical-advice note; frequency and article: what a source advises; note: a "
        "rule's note."
    )
    text: str
    source: str | None = None


class Routine(Model):
    """An ordered, dosed routine with the reasons for every choice in it."""

    schema_version: Int = SCHEMA_VERSION
    context: Context
    items: tuple[RoutineItem, ...]
    left_out: tuple[LeftOut, ...] = ()
    advice: tuple[Advice, ...] = ()
    total_seconds: Int = 0
    halted: Bool = Field(False, description="True when a safety screen stopped the routine.")
    plugins: tuple[str, ...] = Field((), description="name==version of every plugin used.")

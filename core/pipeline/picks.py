"""The working values that flow between the pipeline's stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..index import Entry
from ..models import Dose, Reason
from ..models.routine import Effect
from ..rules import Decision

ENGINE_VERSION: str | None = None
"""Reasons from the engine's own stages carry no plugin version."""


@dataclass(frozen=True, slots=True)
class Stamped:
    """A decision with the rule that made it (``plugin:rule-id``) and the plugin's version."""

    rule: str
    version: str | None
    decision: Decision

    def reason(self, effect: Effect) -> Reason:
        """The decision as a routine reason."""
        d = self.decision
        return Reason.model_construct(
            rule=self.rule,
            plugin_version=self.version,
            effect=effect,
            fact=d.fact,
            text=d.text,
        )


def engine_reason(stage: str, effect: Effect, fact: str, text: str) -> Reason:
    """A reason given by one of the engine's own stages (``lowback:stage``)."""
    return Reason.model_construct(
        rule=f"lowback:{stage}", plugin_version=None, effect=effect, fact=fact, text=text
    )


@dataclass(frozen=True, slots=True)
class Pick:
    """An exercise on its way into the routine."""

    entry: Entry
    score: int
    reasons: tuple[Reason, ...]
    banned: Mapping[str, tuple[Reason, ...]] = field(default_factory=dict)
    rung: int = -1
    dose: Dose | None = None
    seconds: int = 0
    also: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Left:
    """An exercise considered and not given."""

    entry: Entry
    reasons: tuple[Reason, ...]

"""The working values that flow between the pipeline's stages."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from ..index import Entry
from ..models import Dose, Reason
from ..models.routine import Effect
from ..rules import Decision

ENGINE_VERSION: str | None = None
"""Reasons from the engine's own stages carry no plugin version."""


class Stamped(NamedTuple):
    """A decision with the rule that made it (``plugin:rule-id``) and the plugin's version.

    The working values are named tuples, not dataclasses: every call makes dozens
    (tens of thousands with large catalogues), and a tuple is built several
    times faster than a frozen dataclass, whose ``__init__`` sets each field
    through ``object.__setattr__``.
    """

    rule: str
    version: str | None
    decision: Decision

    def reason(self, effect: Effect) -> Reason:
        """The decision as a routine reason."""
        d = self.decision
        return make_reason(self.rule, self.version, effect, d.fact, d.text)


def engine_reason(stage: str, effect: Effect, fact: str, text: str) -> Reason:
    """A reason given by one of the engine's own stages (``lowback:stage``)."""
    return make_reason(f"lowback:{stage}", None, effect, fact, text)


@functools.lru_cache(maxsize=8192)
def make_reason(rule: str, version: str | None, effect: Effect, fact: str, text: str) -> Reason:
    """A :class:`Reason`, shared between calls: the same rule says the same things about
    the same exercises on every recommendation, and reasons are frozen, so building
    each once (not once per call) takes the model construction out of the hot path."""
    return Reason.model_construct(
        rule=rule, plugin_version=version, effect=effect, fact=fact, text=text
    )


NO_BANS: Mapping[str, tuple[Reason, ...]] = MappingProxyType({})


class Pick(NamedTuple):
    """An exercise on its way into the routine."""

    entry: Entry
    score: int
    reasons: tuple[Reason, ...]
    banned: Mapping[str, tuple[Reason, ...]] = NO_BANS
    rung: int = -1
    dose: Dose | None = None
    seconds: int = 0
    also: tuple[Entry, ...] = ()

    def but(
        self,
        *,
        reasons: tuple[Reason, ...] | None = None,
        rung: int | None = None,
        dose: Dose | None = None,
        seconds: int | None = None,
    ) -> Pick:
        """A copy with some stages' results (``_replace`` without its keyword handling,
        which showed in profiles of the warm engine)."""
        return Pick(
            self.entry,
            self.score,
            self.reasons if reasons is None else reasons,
            self.banned,
            self.rung if rung is None else rung,
            self.dose if dose is None else dose,
            self.seconds if seconds is None else seconds,
            self.also,
        )


class Left(NamedTuple):
    """An exercise considered and not given."""

    entry: Entry
    reasons: tuple[Reason, ...]

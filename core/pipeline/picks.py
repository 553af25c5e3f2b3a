"""The working values that flow between the pipeline's stages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from ..index import Entry
from ..models import Dose, Reason
from ..models.base import build
from ..models.routine import Effect
from ..rules import Decision


def new_reason(rule: str, version: str | None, effect: Effect, fact: str, text: str) -> Reason:
    """A :class:`Reason`, built and validated (through pydantic-core directly: faster
    than ``model_construct``, which copies its arguments in Python)."""
    return build(
        Reason,
        {"rule": rule, "plugin_version": version, "effect": effect, "fact": fact, "text": text},
    )


ReasonMaker = Callable[[str, "str | None", Effect, str, str], Reason]
"""``new_reason``, usually through a cache."""


def reason_cache(size: int) -> ReasonMaker:
    """A cache of reasons for one engine, keeping the ``size`` most recently used.

    The same rule says the same things about the same exercises on every call,
    and reasons are frozen, so each is built once, not once per call. The cache
    belongs to an engine: what its rules say depends on its plugins, and the
    engine sizes it to its catalogues (a process-wide one overflowed at 1,000
    catalogues and rebuilt thousands of reasons per call).
    """
    return functools.lru_cache(maxsize=size)(new_reason)


_ENGINE_REASONS: ReasonMaker = reason_cache(4096)
"""The engine's own stages say a few hundred things at most, whatever the plugins."""


class Stamped(NamedTuple):
    """A decision with the rule that made it (``plugin:rule-id``), the plugin's version,
    and the engine's reason cache.

    The working values are named tuples, not dataclasses: every call makes dozens
    (tens of thousands with large catalogues), and a tuple is built several
    times faster than a frozen dataclass, whose ``__init__`` sets each field
    through ``object.__setattr__``.
    """

    rule: str
    version: str | None
    decision: Decision
    make: ReasonMaker = _ENGINE_REASONS

    def reason(self, effect: Effect) -> Reason:
        """The decision as a routine reason."""
        d = self.decision
        return self.make(self.rule, self.version, effect, d.fact, d.text)


def engine_reason(stage: str, effect: Effect, fact: str, text: str) -> Reason:
    """A reason given by one of the engine's own stages (``lowback:stage``)."""
    return _ENGINE_REASONS(f"lowback:{stage}", None, effect, fact, text)


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

"""The working values that flow between the pipeline's stages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeVar

from ..index import Entry
from ..models import Dose, Reason
from ..models.base import build
from ..models.routine import Effect
from ..rules import Rule


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


class BoundRule(NamedTuple):
    """A rule as loaded: ``ref`` is ``plugin:rule-id``."""

    ref: str
    plugin: str
    version: str | None
    rule: Rule


D = TypeVar("D")


class Ballot:
    """The rules' checked decisions, sorted by kind, each kept with the rule that made it.

    For each kind, a list of ``(rule, its decisions of that kind)`` in rule order.
    Grouping by rule, rather than wrapping every decision with its rule, keeps a
    call from making one more object per decision (tens of thousands with large
    catalogues, each of which the garbage collector would have to walk).
    """

    __slots__ = ("_kinds", "_make")

    def __init__(self, make: ReasonMaker) -> None:
        self._kinds: dict[type, list[tuple[BoundRule, list[Any]]]] = {}
        self._make = make

    def add(self, bound: BoundRule, kind: type, decisions: list[Any]) -> None:
        """Keep ``decisions`` (all of ``kind``) as ``bound``'s."""
        self._kinds.setdefault(kind, []).append((bound, decisions))

    def of(self, kind: type[D]) -> list[tuple[BoundRule, list[D]]]:
        """Every rule's decisions of ``kind``, in rule order."""
        return self._kinds.get(kind, [])

    def reason(self, bound: BoundRule, decision: Said, effect: Effect) -> Reason:
        """``decision`` of ``bound`` as a routine reason (built once per engine)."""
        return self._make(bound.ref, bound.version, effect, decision.fact, decision.text)


class Said(Protocol):
    """What every decision says: a fact and a sentence."""

    @property
    def fact(self) -> str: ...

    @property
    def text(self) -> str: ...


def engine_reason(stage: str, effect: Effect, fact: str, text: str) -> Reason:
    """A reason given by one of the engine's own stages (``lowback:stage``)."""
    return _ENGINE_REASONS(f"lowback:{stage}", None, effect, fact, text)


Bans = Mapping[str, Sequence[Reason]]
"""Why each ruled-out rung of an exercise is ruled out, by rung id."""

NO_BANS: Bans = MappingProxyType({})


class Pick(NamedTuple):
    """An exercise on its way into the routine."""

    entry: Entry
    score: int
    reasons: tuple[Reason, ...]
    banned: Bans = NO_BANS
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

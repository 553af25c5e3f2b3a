"""What a rule plugin writes: a :class:`Rule` and the decisions it returns.

A rule is a pure function of the context and the catalogue index: it reads, it
returns decisions, it does no I/O and keeps no state between calls. The engine
stamps every decision with the rule (``plugin:rule-id``) that made it, combines
them in an order-free way, and turns them into the routine's reasons.

Decisions are named tuples rather than pydantic models or dataclasses: rules
make many of them on every call (tens of thousands with large catalogues), a
tuple is the cheapest immutable record to build, and they never cross a process
boundary. Unlike plain tuples, two decisions are equal only when they are of the
same type with the same values (a ``Drop`` never equals a ``SetAside``); copy
one with a change through ``decision._replace(field=value)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .index import CatalogueIndex
    from .models import Context, Dose


class Vote(NamedTuple):
    """Count an exercise as relevant (positive weight) or less relevant (negative).

    An exercise is given when its votes add up to more than zero and nothing
    vetoes or sets it aside. The budget drops the lowest totals first.
    """

    exercise: str
    weight: int
    fact: str
    text: str


class SetAside(NamedTuple):
    """Not for this moment (for example, the article does it at another time).

    A set-aside exercise is left out, but may still stand in for a vetoed one
    of the same movement.
    """

    exercise: str
    fact: str
    text: str


class Veto(NamedTuple):
    """The person cannot or must not do this exercise, or this rung when ``rung`` is set."""

    exercise: str
    fact: str
    text: str
    rung: str | None = None


class ChooseRung(NamedTuple):
    """Aim for a rung of the ladder. When rules disagree, the easiest aim wins."""

    exercise: str
    rung: str
    fact: str
    text: str


class SetDose(NamedTuple):
    """Give this dose instead of the catalogue's. When rules disagree, the lowest id wins.

    With ``rung`` set, the dose applies only if that rung is the one finally given
    (a limit or a pain screen may have moved the exercise to an easier rung).
    """

    exercise: str
    dose: Dose
    fact: str
    text: str
    rung: str | None = None


class Drop(NamedTuple):
    """Take an item out of a drafted routine (returned from :meth:`Rule.review`)."""

    exercise: str
    fact: str
    text: str


class Halt(NamedTuple):
    """Give no routine at all (a safety screen): the routine is empty and says ``text``.

    ``level`` is ``urgent`` (seek emergency care now), ``clinician`` (see a
    clinician first) or ``rest`` (pain too high today).
    """

    level: str
    fact: str
    text: str


class Note(NamedTuple):
    """A short note to carry with the routine (for example, why every rung is the easiest)."""

    fact: str
    text: str


Decision = Vote | SetAside | Veto | ChooseRung | SetDose | Drop | Halt | Note


def _same(self: tuple[object, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _differ(self: tuple[object, ...], other: object) -> bool:
    return not _same(self, other)


def _hash(self: tuple[object, ...]) -> int:
    return hash((type(self).__name__, *self))


# Equality by type and values, not by values alone as tuples compare (set on the
# classes after they are made: typing.NamedTuple takes only fields in its body).
for _kind in (Vote, SetAside, Veto, ChooseRung, SetDose, Drop, Halt, Note):
    _kind.__eq__ = _same  # type: ignore[method-assign]
    _kind.__ne__ = _differ  # type: ignore[method-assign,assignment]
    _kind.__hash__ = _hash  # type: ignore[method-assign]


class DraftItem(NamedTuple):
    """An item of a drafted routine, as :meth:`Rule.review` sees it."""

    exercise: str
    name: str
    seconds: int
    score: int


class Rule:
    """Base class for rules. Override :meth:`decide`, :meth:`review`, or both.

    ``id`` is a slug unique within the plugin; ``summary`` says in one line what
    the rule does (``lowback plugins`` and ``--explain`` show it).
    """

    id: str = ""
    summary: str = ""

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        """Return decisions about the catalogue's exercises for this context."""
        return ()

    def review(self, context: Context, draft: Sequence[DraftItem]) -> Iterable[Decision]:
        """Return :class:`Drop` decisions for a drafted, ordered routine."""
        return ()

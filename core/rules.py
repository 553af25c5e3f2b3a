"""What a rule plugin writes: a :class:`Rule` and the decisions it returns.

A rule is a pure function of the context and the catalogue index: it reads, it
returns decisions, it does no I/O and keeps no state between calls. The engine
checks every decision it receives (a field of the wrong type, an unknown
exercise or rung is a fault naming the plugin, the rule and the field), stamps
the sound ones with the rule (``plugin:rule-id``) that made them, combines them
in an order-free way, and turns them into the routine's reasons.

Decisions are frozen dataclasses built with keywords::

    Vote(exercise="shimada/frog-stretch", weight=1, fact="sitting=true", text="...")

``fact`` is the fact of the context a decision rests on (shown by ``--explain``);
``text`` is the sentence the person reads. Copy one with a change through
:func:`dataclasses.replace`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from .index import CatalogueIndex
    from .models import Context, Dose

HaltLevel = Literal["urgent", "clinician", "rest"]
"""How serious a halt is, most serious first (see :class:`Halt`)."""

HALT_LEVELS: tuple[HaltLevel, ...] = get_args(HaltLevel)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """Count an exercise as relevant (positive weight) or less relevant (negative).

    An exercise is given when its votes add up to more than zero and nothing
    vetoes or sets it aside. The built-in rules vote with weight 1 (a situation
    or timing an article links the exercise to); the time budget drops the
    lowest totals first, so a weight of 2 outranks any single built-in reason.
    """

    exercise: str
    weight: int
    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAside:
    """Not for this moment (for example, the article does it at another time).

    A set-aside exercise is left out, but may still stand in for a vetoed one
    of the same movement.
    """

    exercise: str
    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Veto:
    """The person cannot or must not do this exercise, or this rung when ``rung`` is set."""

    exercise: str
    fact: str
    text: str
    rung: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChooseRung:
    """Aim for a rung of the ladder. When rules disagree, the easiest aim wins."""

    exercise: str
    rung: str
    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDose:
    """Give this dose instead of the catalogue's. When rules disagree, the lowest rule id wins.

    With ``rung`` set, the dose applies only if that rung is the one finally given
    (a limit or a pain screen may have moved the exercise to an easier rung).
    """

    exercise: str
    dose: Dose
    fact: str
    text: str
    rung: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Drop:
    """Take an item out of a drafted routine (returned from :meth:`Rule.review`)."""

    exercise: str
    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Halt:
    """Give no routine at all (a safety screen): the routine is empty and says ``text``.

    ``level`` is ``urgent`` (seek emergency care now), ``clinician`` (see a
    clinician first) or ``rest`` (pain too high today).
    """

    level: HaltLevel
    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """A short note to carry with the routine (for example, why every rung is the easiest)."""

    fact: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleNote(Note):
    """A note about when the routine is next due, by a schedule that tapers.

    Given only when an item of the routine follows an article whose frequency
    tapers (every day at first, then less often), and then naming those items
    when they are not all of them; otherwise left out, so that a routine never
    carries a taper its articles do not give. The engine takes it as a
    :class:`Note` of this kind: any rule may return one.
    """


Decision = Vote | SetAside | Veto | ChooseRung | SetDose | Drop | Halt | Note
"""Anything a rule may return."""

DECISION_TYPES: tuple[type, ...] = (Vote, SetAside, Veto, ChooseRung, SetDose, Drop, Halt, Note)


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftItem:
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

    def review(
        self, context: Context, draft: Sequence[DraftItem], index: CatalogueIndex
    ) -> Iterable[Decision]:
        """Return :class:`Drop` decisions for a drafted, ordered routine.

        ``draft`` is the routine as drafted, in order; ``index`` is the same index
        :meth:`decide` gets, to look up what each item is
        (``index.entries[item.exercise]``) or to ask by position, kind or target.
        """
        return ()


_PARAMETERS = {"decide": ("context", "index"), "review": ("context", "draft", "index")}


def signature_problem(rule: Rule) -> str | None:
    """What is wrong with how ``rule`` overrides ``decide`` or ``review``, in one line (a
    method that cannot take the arguments lowback gives it); None when both fit."""
    for method, names in _PARAMETERS.items():
        own = getattr(type(rule), method)
        if own is getattr(Rule, method):
            continue
        try:
            inspect.signature(getattr(rule, method)).bind(*names)
        except TypeError:
            wanted = ", ".join(("self", *names))
            return (
                f"rule {rule.id!r}: {method}() cannot take lowback's arguments; "
                f"write it as {method}({wanted})"
            )
        except ValueError:  # no signature to read (a C function): judged when called
            continue
    return None

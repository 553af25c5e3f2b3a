"""Asking the rules: call ``decide`` or ``review``, check every decision, keep the sound ones.

A rule is a plugin's code, so what it returns is checked where the engine
receives it: each field of each decision must have the type and value its
class declares (an exercise and rung that exist, a whole-number weight, a
:class:`~lowback.models.Dose` for a dose, text for ``fact`` and ``text``).
A decision that is not sound is left out with a fault that names the plugin,
the rule and the field; the routine is built from the rest. So is a rule that
raises (``SystemExit`` included) or that does not return within the time limit
(:mod:`lowback.guard`; a ``timeout`` fault, which the engine makes an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

from ..errors import PluginFault
from ..guard import Interrupted, TimedOut, limited
from ..index import CatalogueIndex
from ..models import Context, Dose, Reason
from ..models.routine import Effect
from ..rules import DECISION_TYPES, HALT_LEVELS, ChooseRung, Decision, DraftItem, Drop, Rule

Rungs = Mapping[str, tuple[str, ...]]
"""Each exercise key's rung ids (:attr:`lowback.index.CatalogueIndex.rungs`)."""


@dataclass(frozen=True, slots=True)
class BoundRule:
    """A rule as loaded: ``ref`` is ``plugin:rule-id``."""

    ref: str
    plugin: str
    version: str | None
    rule: Rule


D = TypeVar("D")


class RuleDecisions:
    """The rules' sound decisions of one call, by kind, each kept with the rule that made it.

    For each kind, a list of ``(rule, its decisions of that kind)`` in rule order.
    """

    def __init__(self) -> None:
        self._kinds: dict[type, list[tuple[BoundRule, list[object]]]] = {}
        self._reasons: dict[tuple[str, str, str, str], Reason] = {}

    def add(self, bound: BoundRule, kind: type, decisions: list[object]) -> None:
        """Keep ``decisions`` (all of ``kind``) as ``bound``'s."""
        self._kinds.setdefault(kind, []).append((bound, decisions))

    def of(self, kind: type[D]) -> list[tuple[BoundRule, list[D]]]:
        """Every rule's decisions of ``kind``, in rule order."""
        return self._kinds.get(kind, [])  # type: ignore[return-value]

    def reason(self, bound: BoundRule, decision: Decision, effect: Effect) -> Reason:
        """``decision`` of ``bound`` as a routine reason.

        A rule often says the same words of many exercises (every exercise of an
        article done at another time): within one routine they share one reason.
        """
        key = (bound.ref, effect, decision.fact, decision.text)
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = Reason(
                rule=bound.ref,
                plugin_version=bound.version,
                effect=effect,
                fact=decision.fact,
                text=decision.text,
            )
        return found


def ask(
    bound: BoundRule,
    method: str,
    context: Context,
    index: CatalogueIndex,
    into: RuleDecisions,
    draft: Sequence[DraftItem] = (),
) -> list[PluginFault]:
    """Call the rule's ``method``: ``decide(context, index)`` or ``review(context, draft,
    index)``; keep its sound decisions in ``into`` and return a fault for each problem."""
    if getattr(type(bound.rule), method) is getattr(Rule, method):
        return []  # not overridden: the base class says nothing
    try:
        with limited():
            if method == "review":
                result = bound.rule.review(context, draft, index)
            else:
                result = bound.rule.decide(context, index)
            if not isinstance(result, Iterable) or isinstance(result, str | bytes | Mapping):
                what = type(result).__name__
                return [_fault(bound, f"{method}() returned a {what}; yield its decisions")]
            returned = list(result)  # a generator runs the rule's code here, still timed
    except Interrupted:
        raise
    except TimedOut as exc:
        return [_fault(bound, f"{method}() {exc}", kind="timeout")]
    except BaseException as exc:  # a plugin's bug (SystemExit too) must not take the routine down
        return [_fault(bound, f"raised in {method}(): {exc!r}")]
    faults = []
    by_kind: dict[type, list[object]] = {}
    for decision in returned:
        kind, problem = check(decision, method, index.rungs)
        if problem is not None:
            faults.append(_fault(bound, problem))
        else:
            by_kind.setdefault(kind, []).append(decision)
    for kind, sound in by_kind.items():
        into.add(bound, kind, sound)
    return faults


def _fault(bound: BoundRule, problem: str, kind: str = "rule") -> PluginFault:
    return PluginFault(plugin=bound.plugin, kind=kind, message=f"rule {bound.ref}: {problem}")


def check(decision: object, method: str, rungs: Rungs) -> tuple[type, str | None]:
    """The decision's kind, and what is wrong with it (None when nothing is)."""
    kind = type(decision)
    if kind not in _CHECKS:  # a subclass of a decision type counts as that type
        kind = next((k for k in DECISION_TYPES if isinstance(decision, k)), type(None))
    if kind not in _CHECKS:
        name = type(decision).__name__
        return object, f"returned a {name}, not a decision (Vote, Veto, ... from lowback)"
    if (kind is Drop) != (method == "review"):
        return kind, f"{kind.__name__} cannot be returned from {method}()"
    for name, field_check in _CHECKS[kind]:
        value = getattr(decision, name)
        problem = field_check(value, decision, rungs)
        if problem is not None:
            return kind, f"{kind.__name__}.{name} {problem} (got {_shown(value)})"
    return kind, None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _exercise(value: object, decision: object, rungs: Rungs) -> str | None:
    if not isinstance(value, str):
        return "must be an exercise key (text)"
    return None if value in rungs else "names an exercise no loaded catalogue has"


def _rung(value: object, decision: object, rungs: Rungs) -> str | None:
    if value is None and not isinstance(decision, ChooseRung):
        return None
    if not isinstance(value, str):
        return "must be a rung id (text)"
    ladder = rungs.get(getattr(decision, "exercise", ""), ())
    return None if value in ladder else f"names no rung of the ladder ({', '.join(ladder)})"


def _weight(value: object, decision: object, rungs: Rungs) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    return None


def _text(value: object, decision: object, rungs: Rungs) -> str | None:
    return None if isinstance(value, str) else "must be text"


def _dose(value: object, decision: object, rungs: Rungs) -> str | None:
    return None if isinstance(value, Dose) else "must be a lowback.models.Dose"


def _level(value: object, decision: object, rungs: Rungs) -> str | None:
    return None if value in HALT_LEVELS else f"must be one of {', '.join(HALT_LEVELS)}"


_FIELD_CHECKS: dict[str, Callable[[object, object, Rungs], str | None]] = {
    "exercise": _exercise,
    "rung": _rung,
    "weight": _weight,
    "fact": _text,
    "text": _text,
    "dose": _dose,
    "level": _level,
}
"""One check for each field name any decision type declares."""

_CHECKS: dict[type, tuple[tuple[str, Callable[[object, object, Rungs], str | None]], ...]] = {
    kind: tuple((f.name, _FIELD_CHECKS[f.name]) for f in fields(kind)) for kind in DECISION_TYPES
}
"""Each decision type's fields, each with its check."""

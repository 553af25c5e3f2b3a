"""The least work any engine must do for a routine of lowback's contract: a floor.

A routine lists every exercise it leaves out, with the reasons the rules gave,
and cites every exercise an item is held for. Whatever the engine, a call must
at least run the rules, look at each of their decisions once (an exercise's
score is the sum of its votes), and make one record for each exercise left out
and one for each citation. :func:`contract_floor` does that and nothing more:
no scores added, no vetoes, rungs, stand-ins, merging, dosing or ordering, no
models built. Which exercises are left out and cited it takes from the engine's
own routine, worked out beforehand. It is a lower bound, not a reference
(``reference.py`` is one, for the built-ins): all the rest of an engine's work
comes on top of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lowback import Context, Routine
from lowback.index import CatalogueIndex, Entry
from lowback.rules import Rule


@dataclass(frozen=True, slots=True)
class Held:
    """What one routine holds that grows with the data: keys left out, keys cited."""

    left_out: tuple[str, ...]
    cited: tuple[str, ...]

    @classmethod
    def of(cls, routine: Routine) -> Held:
        """The keys ``routine`` leaves out and cites, in its own order."""
        return cls(
            tuple(lo.exercise for lo in routine.left_out),
            tuple(ref.exercise for item in routine.items for ref in item.sources),
        )


def contract_floor(
    rules: Sequence[Rule], index: CatalogueIndex, context: Context, held: Held
) -> tuple[list[tuple[str, tuple[object, ...]]], list[Entry]]:
    """The rules' decisions gathered by exercise, then one record per exercise left
    out (its key and what was said of it) and one look-up per citation."""
    said: dict[str, list[object]] = {}
    for rule in rules:
        for decision in rule.decide(context, index):
            try:
                key = decision.exercise  # type: ignore[union-attr]
            except AttributeError:  # a note or a halt names no exercise
                continue
            found = said.get(key)
            if found is None:
                said[key] = [decision]
            else:
                found.append(decision)
    left = [(key, tuple(said.get(key, ()))) for key in held.left_out]
    cited = [index.entries[key] for key in held.cited]
    return left, cited

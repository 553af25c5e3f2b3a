"""Stage: order the items so that the person gets up and down as little as possible.

Rolling first, then stretching and mobility, then breathing (:data:`~lowback.vocab.
KIND_ORDER`). Within each kind, the items done in one position are together, so a
kind with N positions has N - 1 changes of position, the fewest it can have. The
order of the positions is the one with the fewest changes over the whole routine
(a kind that can start where the last one ended does so, and end where the next
one starts), then the shortest way along the floor-to-standing path
(:data:`~lowback.vocab.POSITIONS`), then the earliest along it. Items in one
position are in key order.

No rule asks for an article's own order to be kept: each article numbers its
sections, but neither says the order matters, and the kinds' order (rolling
before stretching) follows both of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import pairwise

from ..vocab import KIND_ORDER, POSITION_RANK
from .picks import Pick

Cost = tuple[int, int]
"""Changes of position, then distance along the path: lowest first."""


def _rank(pick: Pick) -> int:
    return POSITION_RANK[pick.entry.exercise.position]


def _walks(ranks: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Orders of a kind's positions (sorted, distinct) worth trying: from any first to
    any last position, the others between them in path order, up or down."""
    if len(ranks) == 1:
        yield tuple(ranks)
        return
    for first in ranks:
        for last in ranks:
            if first == last:
                continue
            middle = [r for r in ranks if r not in (first, last)]
            yield (first, *middle, last)
            if len(middle) > 1:
                yield (first, *reversed(middle), last)


def _cost(start: int | None, walk: tuple[int, ...]) -> Cost:
    here = walk[0] if start is None else start
    changes = distance = 0
    for rank in walk:
        changes += rank != here
        distance += abs(rank - here)
        here = rank
    return changes, distance


def position_order(groups: Sequence[Sequence[int]]) -> list[tuple[int, ...]]:
    """For each kind's sorted distinct position ranks, the order to walk them in.

    The cheapest whole path over every kind (:data:`Cost`), found by keeping, for
    each position a kind can end in, the cheapest way to get there.
    """
    # best[end] = (cost so far, the walks so far); ties keep the first found.
    best: dict[int | None, tuple[Cost, list[tuple[int, ...]]]] = {None: ((0, 0), [])}
    for ranks in groups:
        step: dict[int | None, tuple[Cost, list[tuple[int, ...]]]] = {}
        for start in sorted(best, key=lambda r: -1 if r is None else r):
            (changes, distance), walks = best[start]
            for walk in _walks(ranks):
                more = _cost(start, walk)
                total = (changes + more[0], distance + more[1])
                found = step.get(walk[-1])
                if found is None or (total, [*walks, walk]) < found:
                    step[walk[-1]] = (total, [*walks, walk])
        best = step
    return min(best.values())[1] if groups else []


def position_changes(picks: Sequence[Pick]) -> int:
    """How many times the person changes position, item to item."""
    ranks = [_rank(p) for p in picks]
    return sum(a != b for a, b in pairwise(ranks))


def arrange(picks: list[Pick]) -> list[Pick]:
    """The picks in the order they are to be done."""
    by_kind: defaultdict[int, list[Pick]] = defaultdict(list)
    for pick in picks:
        by_kind[KIND_ORDER[pick.entry.exercise.kind]].append(pick)
    kinds = [by_kind[k] for k in sorted(by_kind)]
    walks = position_order([sorted({_rank(p) for p in group}) for group in kinds])
    ordered: list[Pick] = []
    for group, walk in zip(kinds, walks, strict=True):
        for rank in walk:
            ordered += sorted((p for p in group if _rank(p) == rank), key=lambda p: p.entry.key)
    return ordered

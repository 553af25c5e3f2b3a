"""Stage: order the items.

Rolling first, then stretching and mobility, then breathing. Within each kind,
items are grouped by body position and walked along the floor-to-standing path
in whichever direction starts nearest to where the last group ended, so that
the person gets up and down as little as possible. Ties break on keys.
"""

from __future__ import annotations

from collections import defaultdict

from ..vocab import KIND_ORDER, POSITION_RANK
from .picks import Pick


def arrange(picks: list[Pick]) -> list[Pick]:
    """The picks in the order they are to be done."""
    by_kind: defaultdict[int, list[Pick]] = defaultdict(list)
    for pick in picks:
        by_kind[KIND_ORDER[pick.entry.exercise.kind]].append(pick)
    ordered: list[Pick] = []
    here: int | None = None
    for kind in sorted(by_kind):
        group = by_kind[kind]
        ranks = sorted({POSITION_RANK[p.entry.exercise.position] for p in group})
        if here is not None and abs(ranks[-1] - here) < abs(ranks[0] - here):
            ranks.reverse()
        for rank in ranks:
            ordered.extend(
                sorted(
                    (p for p in group if POSITION_RANK[p.entry.exercise.position] == rank),
                    key=lambda p: p.entry.key,
                )
            )
        here = ranks[-1]
    return ordered

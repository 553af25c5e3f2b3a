"""What the sitting and lifting rules share: votes from the articles' own links.

An article that says a situation tightens what an exercise works gives that
exercise a vote: 2 when it says so of the exercise itself, 1 when it says so of
its whole routine (these weights are lowback's; the budget drops low totals first).
"""

from __future__ import annotations

from collections.abc import Iterator

from lowback.index import CatalogueIndex
from lowback.rules import Vote

SPECIFIC_WEIGHT = 2
GENERAL_WEIGHT = 1


def situation_votes(index: CatalogueIndex, situation: str, fact: str) -> Iterator[Vote]:
    """A vote for every exercise an article links to ``situation``, citing the link."""
    for linked in index.linked_to(situation):
        weight = SPECIFIC_WEIGHT if linked.specific else GENERAL_WEIGHT
        yield Vote(exercise=linked.entry.key, weight=weight, fact=fact, text=linked.link.note)

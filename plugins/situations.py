"""What the sitting and lifting rules share: votes from the articles' own links, and from
the regions the articles tie to each situation.

The votes and their weights live in :mod:`lowback.relevance` (a plugin's own
situation uses them too); this module keeps the names the built-in rules import.
"""

from __future__ import annotations

from lowback.relevance import (
    GENERAL_WEIGHT,
    REGION_WEIGHT,
    RELIEF,
    SHIMADA,
    SPECIFIC_WEIGHT,
    Tie,
    region_votes,
    situation_votes,
)

__all__ = [
    "GENERAL_WEIGHT",
    "REGION_WEIGHT",
    "RELIEF",
    "SHIMADA",
    "SPECIFIC_WEIGHT",
    "Tie",
    "region_votes",
    "situation_votes",
]

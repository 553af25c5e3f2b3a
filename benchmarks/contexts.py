"""The fixed set of varied contexts every in-process figure is measured on.

Together they exercise every built-in rule and every pipeline stage: each
situation and timing, no situation at all (the general routine), each limit
(stepping down a ladder, and replacing a vetoed exercise by one of the same
movement), no foam roller, time budgets that drop items, and the safety
screen (moderate pain keeps to the easiest rungs; high pain gives no routine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lowback import Context

CONTEXTS: tuple[dict[str, Any], ...] = (
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    {"heavy_lifting": True, "timing": "after-legs"},
    {"heavy_lifting": True, "timing": "before-workout", "equipment": ()},
    {},
    {"timing": "after-legs", "limits": ("cross-legs",)},
    {"timing": "after-legs", "limits": ("hip-opening",)},
    {"timing": "after-legs", "limits": ("kneeling",)},
    {"sitting": True, "equipment": (), "minutes": 8},
    {
        "sitting": True,
        "heavy_lifting": True,
        "timing": "after-legs",
        "limits": ("cross-legs", "hip-opening", "kneeling"),
        "minutes": 5,
    },
    {"sitting": True, "heavy_lifting": True},
    {"timing": "before-workout", "limits": ("kneeling",), "equipment": (), "minutes": 3},
    {"sitting": True, "timing": "after-legs", "limits": ("cross-legs",), "pain": 5},
    {"heavy_lifting": True, "timing": "before-workout", "pain": 8},
)
"""Keyword arguments for ``lowback.Context``, one dict per context."""


def build_contexts() -> list[Context]:
    """The fixed set as validated ``lowback.Context`` objects (imports pydantic)."""
    from lowback import Context

    return [Context(**fields) for fields in CONTEXTS]

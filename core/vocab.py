"""The closed vocabularies that contexts and catalogues share.

Kept in one place (and free of pydantic) so that the CLI can offer the same
choices in ``--help`` and shell completion without importing the models.
"""

from typing import Literal, get_args

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Every id and name lowback knows (exercises, rungs, catalogues, rules): lower-case words
joined by hyphens, such as ``piriformis-roll``."""

Limit = Literal["cross-legs", "hip-opening", "kneeling"]
"""Something the person cannot do yet; variations that need it are ruled out."""

Equipment = Literal["foam-roller"]
"""Equipment an exercise or variation needs."""

Timing = Literal["after-legs", "before-workout"]
"""When the routine is done relative to a workout."""

Situation = Literal["sitting", "heavy-lifting"]
"""What the person's day holds that an article links to lower-back tension."""

Kind = Literal["roll", "stretch", "mobility", "breathing"]
"""What sort of work an exercise is; the arranger orders by it."""

Position = Literal[
    "lying-back",
    "side-lying",
    "lying-front",
    "seated",
    "all-fours",
    "kneeling",
    "half-kneeling",
    "standing",
]
"""Body position, in the order of a path from the floor up to standing."""

Side = Literal["each", "both"]
"""Whether a dose is done on each side in turn or once for both sides."""

LIMITS: tuple[str, ...] = get_args(Limit)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
TIMINGS: tuple[str, ...] = get_args(Timing)
SITUATIONS: tuple[str, ...] = get_args(Situation)
KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)

KIND_ORDER: dict[str, int] = {"roll": 0, "stretch": 1, "mobility": 1, "breathing": 2}
"""Rolling before stretching (and mobility) before breathing."""

POSITION_RANK: dict[str, int] = {name: rank for rank, name in enumerate(POSITIONS)}

KNEE_LOADING: frozenset[str] = frozenset({"kneeling", "half-kneeling", "all-fours"})
"""Positions that put weight through a knee on the floor."""

RedFlag = Literal[
    "bladder-bowel",
    "saddle-numbness",
    "both-legs-weak",
    "both-legs-pain",
    "fall-or-accident",
    "cancer-history",
    "fever-or-unwell",
    "weight-loss",
    "steroids",
    "night-pain",
]
"""A sign that sends the person to a clinician instead of a routine (see docs/safety.md)."""

RED_FLAGS: tuple[str, ...] = get_args(RedFlag)
URGENT_FLAGS: tuple[str, ...] = RED_FLAGS[:4]
"""New or worsening signs of possible cauda equina syndrome: emergency care now."""
CLINICIAN_FLAGS: tuple[str, ...] = RED_FLAGS[4:]
"""Signs that call for a clinician's check before exercising (until ``cleared``)."""

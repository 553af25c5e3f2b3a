"""The closed vocabularies that contexts and catalogues share.

Kept in one place (and free of pydantic) so that the CLI can offer the same
choices in ``--help`` and shell completion without importing the models.
"""

from typing import Literal, get_args

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Every id and name lowback knows (exercises, rungs, catalogues, rules): lower-case words
joined by hyphens, such as ``piriformis-roll``."""

PLUGIN_FLAG_PATTERN = SLUG_PATTERN.removesuffix("$") + ":" + SLUG_PATTERN.removeprefix("^")
"""A plugin's screening question as a red flag: ``plugin:question-id``."""

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

Condition = Literal[
    "blood-clot",
    "fracture",
    "hip-replacement",
    "knee-replacement",
    "open-wound",
    "osteoporosis",
    "pregnancy",
]
"""A health condition the person declares; exercises and rungs that conflict with it are
vetoed by the engine's cautions stage (every caution and its source: docs/safety.md)."""

CONDITIONS: tuple[str, ...] = get_args(Condition)

CONDITION_TEXT: dict[str, str] = {
    "blood-clot": "a blood clot such as a deep vein thrombosis (DVT), now or being treated",
    "fracture": "a broken bone that has not healed yet",
    "hip-replacement": "a hip replacement, while your team's hip precautions apply",
    "knee-replacement": "a knee replacement, until your team says you may kneel on it",
    "open-wound": "a cut, graze or surgical wound that has not healed yet",
    "osteoporosis": "fragile, thinned bones, as your doctor has found",
    "pregnancy": "you are pregnant (the advice on lying on your back matters most after 16 weeks)",
}
"""One plain line for each condition, for ``--help`` and the docs."""

CONDITION_POSITIONS: dict[str, frozenset[str]] = {
    "knee-replacement": KNEE_LOADING,
    "pregnancy": frozenset({"lying-back"}),
}
"""Conditions an exercise conflicts with because of its position, whatever its data says."""

CONDITION_KINDS: dict[str, frozenset[str]] = {
    "blood-clot": frozenset({"roll"}),
    "fracture": frozenset({"roll"}),
    "open-wound": frozenset({"roll"}),
}
"""Conditions an exercise conflicts with because of its kind (foam rolling)."""

RedFlag = Literal[
    # Emergency now: possible cauda equina syndrome, then the other emergencies.
    "bladder-bowel",
    "saddle-changes",
    "sexual-dysfunction",
    "both-legs-weak",
    "both-legs-pain",
    "walking-difficulty",
    "serious-accident",
    "chest-pain",
    # See a clinician soon.
    "cancer-history",
    "fever-or-unwell",
    "weight-loss",
    "steroids",
    "night-pain",
    "immunosuppressed",
    "iv-drug-use",
    "thoracic-pain",
    "back-deformity",
    "minor-trauma-osteoporosis",
    "not-improving",
    # Earlier names, still accepted (see RED_FLAG_ALIASES).
    "saddle-numbness",
    "fall-or-accident",
]
"""A sign that sends the person to a clinician instead of a routine (see docs/safety.md)."""

URGENT_FLAGS: tuple[str, ...] = (
    "bladder-bowel",
    "saddle-changes",
    "sexual-dysfunction",
    "both-legs-weak",
    "both-legs-pain",
    "walking-difficulty",
    "serious-accident",
    "chest-pain",
)
"""Signs that need emergency care now (``Halt`` ``urgent``); a clearance never lifts them."""
CAUDA_EQUINA_FLAGS: tuple[str, ...] = URGENT_FLAGS[:6]
"""The urgent signs that can point to cauda equina syndrome."""
CLINICIAN_FLAGS: tuple[str, ...] = (
    "cancer-history",
    "fever-or-unwell",
    "weight-loss",
    "steroids",
    "night-pain",
    "immunosuppressed",
    "iv-drug-use",
    "thoracic-pain",
    "back-deformity",
    "minor-trauma-osteoporosis",
    "not-improving",
)
"""Signs that call for a clinician's check before exercising (until ``cleared``)."""
RED_FLAGS: tuple[str, ...] = (*URGENT_FLAGS, *CLINICIAN_FLAGS)
"""The red flags lowback asks about, in the order it asks (aliases left out)."""
RED_FLAG_ALIASES: dict[str, str] = {
    "saddle-numbness": "saddle-changes",
    "fall-or-accident": "serious-accident",
}
"""Earlier names of red flags and the flag each now means; saved profiles, contexts
and scripts that use them keep working."""

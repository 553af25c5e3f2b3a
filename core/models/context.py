"""What the person tells lowback about their day."""

import re
from typing import Annotated, get_args

from pydantic import AfterValidator, Field, StrictBool, StrictInt, WithJsonSchema

from ..vocab import PLUGIN_FLAG_PATTERN, Condition, Equipment, Limit, RedFlag, Timing
from .base import Model
from .progress import Progress


def _sorted_unique(values: tuple[str, ...]) -> tuple[str, ...]:
    # Sets serialise in hash order, which changes between runs; sorted tuples keep
    # the JSON byte-for-byte stable.
    return tuple(sorted(set(values)))


def _red_flag(value: str) -> str:
    if value in get_args(RedFlag) or (len(value) <= 129 and re.match(PLUGIN_FLAG_PATTERN, value)):
        return value
    names = ", ".join(f"'{name}'" for name in get_args(RedFlag))
    raise ValueError(f"Input should be {names}, or a plugin's question as 'plugin:question-id'")


RedFlagName = Annotated[
    str,
    AfterValidator(_red_flag),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(get_args(RedFlag))},
                {"type": "string", "pattern": PLUGIN_FLAG_PATTERN, "maxLength": 129},
            ]
        }
    ),
]
"""A red flag: one of the core's (:data:`~lowback.vocab.RedFlag`), or a plugin's screening
question answered yes (``plugin:question-id``)."""


class Context(Model):
    """The facts a routine is built from. Every field has a safe default."""

    sitting: bool = Field(False, description="Long hours sitting (desk, car, sofa).")
    heavy_lifting: bool = Field(False, description="Heavy squats or deadlifts in training.")
    timing: Timing | None = Field(
        None, description="When the routine is done: after a leg workout or before a workout."
    )
    limits: Annotated[tuple[Limit, ...], AfterValidator(_sorted_unique)] = Field(
        (), description="Things the person cannot do yet: cross-legs, hip-opening, kneeling."
    )
    conditions: Annotated[tuple[Condition, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Health conditions declared (hip-replacement, pregnancy, ...); what "
        "conflicts with one is left out or swapped (see docs/safety.md).",
    )
    equipment: Annotated[tuple[Equipment, ...], AfterValidator(_sorted_unique)] = Field(
        ("foam-roller",), description="Equipment at hand; an empty list means none."
    )
    minutes: int | None = Field(
        None, ge=1, le=240, description="Time budget in minutes; items are dropped to fit."
    )
    red_flags: Annotated[tuple[RedFlagName, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Safety screen: red-flag signs reported (see docs/safety.md), and plugins' "
        "screening questions answered yes, as plugin:question-id.",
    )
    # Strict: a safety answer is never guessed from "true" or "5" (pain true is not pain 1).
    pain: StrictInt | None = Field(
        None, ge=0, le=10, description="Safety screen: pain right now, 0 (none) to 10 (worst)."
    )
    cleared: StrictBool = Field(
        False, description="Safety screen: a clinician has cleared the person to exercise."
    )
    screened: StrictBool = Field(
        False,
        description="Safety screen: the person has answered its red-flag questions (now, or "
        "saved within 30 days). A routine for someone not screened leads with the emergency "
        "signs.",
    )
    progress: Progress | None = Field(
        None, description="The history as of today, read before the pipeline (progression)."
    )

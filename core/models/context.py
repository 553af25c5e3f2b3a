"""What the person tells lowback about their day."""

import re
from typing import Annotated, get_args

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from ..vocab import PLUGIN_FLAG_PATTERN, SITUATION_FIELDS, Condition, RedFlag, Timing
from .base import Bool, Int, Model
from .names import EquipmentName, LimitName, SituationName
from .progress import Progress

ExerciseRef = Annotated[
    str,
    Field(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$", max_length=129),
]
"""An exercise: ``catalogue/exercise-id``, or just ``exercise-id`` (in any catalogue)."""


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

    sitting: Bool = Field(False, description="Long hours sitting (desk, car, sofa).")
    heavy_lifting: Bool = Field(False, description="Heavy squats or deadlifts in training.")
    timing: Timing | None = Field(
        None, description="When the routine is done: after a leg workout or before a workout."
    )
    situations: Annotated[tuple[SituationName, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="What the person's day holds: sitting, heavy-lifting, or a plugin's "
        "situation (docs/vocabulary.md). sitting and heavy_lifting say the same as naming "
        "sitting or heavy-lifting here; each is kept in step with the other.",
    )
    limits: Annotated[tuple[LimitName, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Things the person cannot do yet: cross-legs, hip-opening, kneeling, or "
        "a plugin's limit.",
    )
    conditions: Annotated[tuple[Condition, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Health conditions declared (hip-replacement, pregnancy, ...); what "
        "conflicts with one is left out or swapped (see docs/safety.md).",
    )
    equipment: Annotated[tuple[EquipmentName, ...], AfterValidator(_sorted_unique)] = Field(
        ("foam-roller",),
        description="Equipment at hand (foam-roller, or a plugin's); an empty list means "
        "none. What needs equipment not listed is never given.",
    )
    avoid: Annotated[tuple[ExerciseRef, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Exercises the person does not want, as catalogue/exercise-id or "
        "exercise-id; each is left out and the routine says so.",
    )
    minutes: Int | None = Field(
        None, ge=1, le=240, description="Time budget in minutes; items are dropped to fit."
    )
    red_flags: Annotated[tuple[RedFlagName, ...], AfterValidator(_sorted_unique)] = Field(
        (),
        description="Safety screen: red-flag signs reported (see docs/safety.md), and plugins' "
        "screening questions answered yes, as plugin:question-id.",
    )
    # Strict: a safety answer is never guessed from "true" or "5" (pain true is not pain 1).
    pain: Int | None = Field(
        None, ge=0, le=10, description="Safety screen: pain right now, 0 (none) to 10 (worst)."
    )
    cleared: Bool = Field(
        False, description="Safety screen: a clinician has cleared the person to exercise."
    )
    screened: Bool = Field(
        False,
        description="Safety screen: the person has answered its red-flag questions (now, or "
        "saved within 30 days). A routine for someone not screened leads with the emergency "
        "signs.",
    )
    progress: Progress | None = Field(
        None, description="The history as of today, read before the pipeline (progression)."
    )

    @model_validator(mode="before")
    @classmethod
    def _situations_in_step(cls, data: object) -> object:
        # sitting=true and situations=["sitting"] say the same thing: keep both in step,
        # so that rules may read either and a routine's context shows both.
        if not isinstance(data, dict):
            return data
        given = data.get("situations", ())
        if not isinstance(given, list | tuple) or not all(isinstance(n, str) for n in given):
            return data  # left for the field's own validation to refuse
        names = set(given)
        for name, field in SITUATION_FIELDS.items():
            flag = data.get(field, False)
            if flag is True:
                names.add(name)
            elif name in names and flag is False:
                data = {**data, field: True}
        return {**data, "situations": tuple(sorted(names, key=str))}

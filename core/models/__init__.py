"""lowback's data model: pydantic v2, frozen, ``extra='forbid'``."""

from .base import Model
from .catalogue import (
    FORMAT_VERSION,
    Catalogue,
    Dose,
    Exercise,
    Frequency,
    Link,
    Source,
    Variation,
)
from .context import Context
from .progress import Done, ExerciseProgress, Progress
from .routine import Advice, LeftOut, Reason, Routine, RoutineItem, SourceRef, VariationChoice

__all__ = [
    "FORMAT_VERSION",
    "Advice",
    "Catalogue",
    "Context",
    "Done",
    "Dose",
    "Exercise",
    "ExerciseProgress",
    "Frequency",
    "LeftOut",
    "Link",
    "Model",
    "Progress",
    "Reason",
    "Routine",
    "RoutineItem",
    "Source",
    "SourceRef",
    "Variation",
    "VariationChoice",
]

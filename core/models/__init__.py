"""lowback's data model: pydantic v2, frozen, ``extra='forbid'``."""

from .base import Model
from .catalogue import Catalogue, Dose, Exercise, Frequency, Link, Source, Variation
from .context import Context
from .routine import Advice, LeftOut, Reason, Routine, RoutineItem, SourceRef, VariationChoice

__all__ = [
    "Advice",
    "Catalogue",
    "Context",
    "Dose",
    "Exercise",
    "Frequency",
    "LeftOut",
    "Link",
    "Model",
    "Reason",
    "Routine",
    "RoutineItem",
    "Source",
    "SourceRef",
    "Variation",
    "VariationChoice",
]

"""Names from an open vocabulary (equipment, limits, situations), as model fields.

A field of one of these types takes any slug; the engine checks it against its
own vocabulary where it receives the data (catalogues when it loads them, a
context when it recommends), since plugins add names (docs/vocabulary.md). The
JSON Schema marks each with the vocabulary it comes from; ``lowback schema``
turns the mark into the engine's names (:func:`lowback.terms.with_enums`).
"""

from typing import Annotated

from pydantic import StringConstraints, WithJsonSchema

from ..vocab import SCHEMA_KEY, SLUG_PATTERN


def _name(vocabulary: str) -> object:
    return WithJsonSchema(
        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 64, SCHEMA_KEY: vocabulary}
    )


_SLUG = StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64)

EquipmentName = Annotated[str, _SLUG, _name("equipment")]
"""A name of the engine's equipment vocabulary (built-in: ``foam-roller``)."""
LimitName = Annotated[str, _SLUG, _name("limit")]
"""A name of the engine's limit vocabulary (built-in: ``cross-legs``, ``hip-opening``,
``kneeling``)."""
SituationName = Annotated[str, _SLUG, _name("situation")]
"""A name of the engine's situation vocabulary (built-in: ``sitting``, ``heavy-lifting``)."""

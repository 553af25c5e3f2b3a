"""The base every lowback model shares: frozen, strict about unknown fields."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..vocab import SLUG_PATTERN

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64)]
"""A lower-case, hyphenated identifier such as ``piriformis-roll``."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""A human-readable sentence; bounded so that a bad file cannot flood the terminal."""


class Model(BaseModel):
    """Frozen, ``extra='forbid'``; each schema is built on first use, not at import.

    Invalid data raises pydantic's ``ValidationError``; where data comes in
    (catalogue files, ``--context``, stored files) :func:`lowback.validation.validate`
    turns it into lowback's :class:`~lowback.errors.InvalidDataError`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

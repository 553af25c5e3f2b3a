"""The base every lowback model shares: frozen, strict about unknown fields."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)
]
"""A lower-case, hyphenated identifier such as ``piriformis-roll``."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""A human-readable sentence; bounded so that a bad file cannot flood the terminal."""


class Model(BaseModel):
    """Frozen, ``extra='forbid'``; schemas are built on first use, not at import."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

"""The base every lowback model shares: frozen, strict about unknown fields and types."""

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict, StringConstraints

from ..vocab import SLUG_PATTERN

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64)]
"""A lower-case, hyphenated identifier such as ``piriformis-roll``."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""A human-readable sentence; bounded so that a bad file cannot flood the terminal."""

# Outside data is taken as it is written, as the published JSON Schema says: pydantic's
# lax mode would read ``true`` or ``"15"`` as a number and ``"yes"`` as a yes. Strict
# types per field (not a strict model) keep TOML and JSON arrays filling tuple fields.
Int = Annotated[int, Strict()]
"""An integer written as one: ``true``, ``"15"`` and ``15.0`` are refused."""

Bool = Annotated[bool, Strict()]
"""``true`` or ``false``: ``"yes"``, ``1`` and ``"true"`` are refused."""

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: Any) -> Any:
    # pydantic's lax date reads 0 or "86400" as seconds since 1970, and a
    # datetime string as its day; a day is written YYYY-MM-DD (JSON Schema's date).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("Input should be a day written YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
"""A calendar day, ``YYYY-MM-DD`` in data (a :class:`datetime.date` in code)."""


class Model(BaseModel):
    """Frozen, ``extra='forbid'``; each schema is built on first use, not at import.

    Invalid data raises pydantic's ``ValidationError``; where data comes in
    (catalogue files, ``--context``, stored files) :func:`lowback.validation.validate`
    turns it into lowback's :class:`~lowback.errors.InvalidDataError`. Numbers and
    yes/no fields are :data:`Int` and :data:`Bool`: never guessed from text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

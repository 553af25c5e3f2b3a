"""The edge where catalogue files come in: reading, parsing, validation.

Everything here turns outside input into validated models or into one-line
problems that name the file, the exercise and the dotted field at fault.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import CatalogueDataError
from .models import Catalogue

MAX_CATALOGUE_BYTES = 1_048_576
"""Catalogue files larger than this are refused before parsing (1 MiB)."""


def read_catalogue_file(path: Path) -> Catalogue:
    """Read and validate a ``.toml`` or ``.json`` catalogue file."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise CatalogueDataError(where, ["a catalogue file must end in .toml or .json"])
    try:
        size = path.stat().st_size
        if size > MAX_CATALOGUE_BYTES:
            raise CatalogueDataError(
                where, [f"file is {size} bytes; catalogue files are limited to 1 MiB"]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueDataError(where, [f"cannot read the file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueDataError(
            where, [f"not UTF-8 text (bad byte at offset {exc.start})"]
        ) from None
    try:
        data: Any = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueDataError(where, [f"not valid TOML: {exc}"]) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CatalogueDataError(where, [f"not valid JSON: {exc}"]) from None
    return validate_catalogue(data, where)


def validate_catalogue(data: Any, where: str) -> Catalogue:
    """Validate ``data`` as a catalogue, reporting every problem at once."""
    if not isinstance(data, Mapping):
        raise CatalogueDataError(where, ["expected a table of catalogue fields at the top"])
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueDataError(where, list(describe_errors(exc, data))) from None


def describe_errors(exc: ValidationError, data: Any) -> Iterator[str]:
    """One line per problem: exercise id (when inside one), dotted path, what was expected."""
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
            for other in errors
        ):
            continue  # a list shortened only by its own invalid items: those are reported
        prefix = ""
        if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
            ex_id = _exercise_id(data, loc[1])
            prefix = f"exercise {ex_id!r}: " if ex_id else f"exercise #{loc[1] + 1}: "
        path = dotted(loc) or "(top level)"
        yield f"{prefix}{path}: {_short(error['msg'])}{_got(error)}"


def dotted(loc: Iterable[Any]) -> str:
    """``('exercises', 2, 'dose')`` -> ``exercises[2].dose``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _exercise_id(data: Any, position: int) -> str | None:
    try:
        value = data["exercises"][position]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) and len(value) <= 64 else None


def _short(message: str) -> str:
    return message.replace("Value error, ", "")


def _got(error: Any) -> str:
    if error.get("type") in ("missing", "extra_forbidden") or "input" not in error:
        return ""
    shown = repr(error["input"])
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f" (got {shown})"

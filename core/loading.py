"""The edge where catalogue files come in: reading, parsing, validation.

Everything here turns outside input into validated models or into one-line
problems that name the file, the exercise and the dotted field at fault.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import CatalogueDataError, InvalidDataError
from .models import Catalogue
from .validation import describe_errors

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
    except InvalidDataError as exc:
        raise CatalogueDataError(where, list(describe_errors(exc.errors, data))) from None

"""The edge where catalogue files come in: reading, parsing, validation.

Everything here turns outside input into validated models or into one-line
problems that name the file, the exercise and the dotted field at fault.
"""

from __future__ import annotations

import json
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import CatalogueDataError, InvalidDataError
from .models import Catalogue
from .validation import describe_errors, dotted, no_repeated_keys, validate

MAX_CATALOGUE_BYTES = 1_048_576
"""Catalogue files larger than this are refused before parsing (1 MiB)."""

MAX_DEPTH = 32
"""Parsed data nesting deeper than this is refused before validation."""

MAX_KEY_PARTS = 32
"""A TOML dotted key or table name with more parts is refused before parsing:
Python's TOML parser takes time and memory that grow with the square of the parts."""

_SEGMENT = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_DEEP_KEY = re.compile(
    rf"""(?<![A-Za-z0-9_"'-])(?:{_SEGMENT}[ \t]*+\.[ \t]*+){{{MAX_KEY_PARTS}}}"""
)


def read_catalogue_file(path: Path) -> Catalogue:
    """Read and validate a ``.toml`` or ``.json`` catalogue file."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise CatalogueDataError(where, ["a catalogue file must end in .toml or .json"])
    too_big = f"catalogue files are limited to 1 MiB ({MAX_CATALOGUE_BYTES} bytes)"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CatalogueDataError(where, ["not a regular file"])
        if info.st_size > MAX_CATALOGUE_BYTES:
            raise CatalogueDataError(where, [f"file is {info.st_size} bytes; {too_big}"])
        with path.open("rb") as handle:  # read no more than the bound, even if it grew
            raw = handle.read(MAX_CATALOGUE_BYTES + 1)
        if len(raw) > MAX_CATALOGUE_BYTES:
            raise CatalogueDataError(where, [f"file is over the limit; {too_big}"])
    except OSError as exc:
        raise CatalogueDataError(where, [f"cannot read the file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueDataError(
            where, [f"not UTF-8 text (bad byte at offset {exc.start})"]
        ) from None
    kind = "TOML" if suffix == ".toml" else "JSON"
    if kind == "TOML" and (deep := _DEEP_KEY.search(text)):
        line = text.count("\n", 0, deep.start()) + 1
        raise CatalogueDataError(
            where,
            [f"not valid TOML: line {line}: a key has more than {MAX_KEY_PARTS} dotted parts"],
        )
    try:
        if kind == "TOML":
            data: Any = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=no_repeated_keys)
    except RecursionError:
        raise CatalogueDataError(where, [f"not valid {kind}: nested too deeply"]) from None
    except ValueError as exc:  # decode errors, repeated JSON keys, numbers too long to read
        message = str(exc)
        if "integer string conversion" in message:
            message = "a number has too many digits"
        raise CatalogueDataError(where, [f"not valid {kind}: {message}"]) from None
    return validate_catalogue(data, where)


def _too_deep(data: Any) -> str | None:
    """The dotted path of the first place ``data`` nests deeper than :data:`MAX_DEPTH`."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    seen: set[int] = set()  # data built in code may share or cycle; parsed files never do
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            return dotted(loc)
        if isinstance(node, Mapping | list | tuple):
            if id(node) in seen:
                continue
            seen.add(id(node))
        if isinstance(node, Mapping):
            stack.extend((v, (*loc, str(k)[:60])) for k, v in node.items())
        elif isinstance(node, list | tuple):
            stack.extend((v, (*loc, i)) for i, v in enumerate(node))
    return None


def validate_catalogue(data: Any, where: str) -> Catalogue:
    """Validate ``data`` as a catalogue, reporting every problem at once."""
    if not isinstance(data, Mapping):
        raise CatalogueDataError(where, ["expected a table of catalogue fields at the top"])
    deep = _too_deep(data)
    if deep is not None:
        raise CatalogueDataError(where, [f"{deep}: nested deeper than {MAX_DEPTH} levels"])
    try:
        return validate(Catalogue, data)
    except InvalidDataError as exc:
        raise CatalogueDataError(where, list(describe_errors(exc.errors, data))) from None

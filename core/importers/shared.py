"""What every importer shares: reading the user's file, validating, writing TOML."""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..errors import LowbackError
from ..vocab import SLUG_PATTERN
from . import IMPORTERS

if TYPE_CHECKING:
    from ..models import Catalogue

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Input files larger than this are refused before parsing (64 MiB)."""


class ImportDataError(LowbackError):
    """The file cannot be imported; the message is one line naming the file and the field."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """Which exercises to import, and what the importer cannot know.

    ``categories``, ``muscles`` and ``equipment``: each field's values are
    alternatives (any one may match), every field given must match, and an empty
    field leaves nothing out. ``catalogue_id`` names the catalogue (default: the
    format's name); ``position`` is given to every exercise (default: the
    importer's).
    """

    categories: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    catalogue_id: str | None = None
    position: str | None = None


class Importer(Protocol):
    """What a format's module gives."""

    def convert(self, data: Any, where: str, choice: Choice) -> dict[str, Any]: ...


def importer(name: str) -> Importer:
    """The module of format ``name`` (one of :data:`IMPORTERS`)."""
    module = importlib.import_module(f"{__package__}.{IMPORTERS[name]}")
    return cast(Importer, module)


def read_json(path: Path) -> Any:
    """The parsed JSON of ``path``; a file that cannot be read or parsed is one line."""
    from ..storage.files import read_bounded
    from ..validation import RepeatedKeyError, no_repeated_keys

    try:
        raw = read_bounded(path, MAX_INPUT_BYTES)
    except ValueError as exc:
        raise ImportDataError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read the file: {exc.strerror}") from None
    if raw is None:
        raise ImportDataError(f"{path}: no such file")
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=no_repeated_keys)
    except RepeatedKeyError as exc:
        raise ImportDataError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except (ValueError, RecursionError) as exc:
        raise ImportDataError(f"{path}: not valid JSON: {exc}") from None


def convert(name: str, path: Path, choice: Choice) -> tuple[Catalogue, str]:
    """Import ``path`` in format ``name``: the catalogue, and its text as TOML.

    The TOML is read back and validated before it is returned, so what is
    written is a catalogue lowback loads.
    """
    from ..errors import CatalogueDataError
    from ..loading import validate_catalogue

    if choice.catalogue_id is not None and not re.match(SLUG_PATTERN, choice.catalogue_id):
        raise ImportDataError(
            f"--id {choice.catalogue_id!r}: not lower-case words joined by hyphens"
        )
    data = importer(name).convert(read_json(path), str(path), choice)
    try:
        text = to_toml(data, header=HEADER.format(format=name, file=path.name))
    except ValueError as exc:  # text TOML cannot hold (a lone surrogate)
        raise ImportDataError(f"{path}: {exc}") from None
    try:
        catalogue = validate_catalogue(tomllib.loads(text), str(path))
    except CatalogueDataError as exc:
        raise ImportDataError(str(exc).splitlines()[0]) from None
    return catalogue, text


HEADER = """\
# A lowback catalogue imported from {format} ({file}) by `lowback import`.
# The source gives no body position and no dose: every position below is the
# importer's default, and every dose number is the importer's default, listed in
# `ours`. Check each exercise against its instructions in your copy of the source.
# Validate with `lowback validate FILE`.

"""


def to_toml(data: Mapping[str, Any], *, header: str = "") -> str:
    """Catalogue data as TOML: plain keys first, then tables, then arrays of tables."""
    lines: list[str] = [header] if header else []
    _table(data, (), lines)
    return "".join(lines)


def _table(data: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    from ..storage.profile import toml_value

    def nested(value: Any) -> bool:
        return isinstance(value, Mapping) or (
            isinstance(value, list | tuple) and bool(value) and isinstance(value[0], Mapping)
        )

    for key, value in data.items():
        if value is not None and not nested(value):
            lines.append(f"{key} = {toml_value(value)}\n")
    for key, value in data.items():
        if isinstance(value, Mapping):
            lines.append(f"\n[{'.'.join((*path, key))}]\n")
            _table(value, (*path, key), lines)
        elif nested(value):
            for item in value:
                lines.append(f"\n[[{'.'.join((*path, key))}]]\n")
                _table(item, (*path, key), lines)


__all__ = ["IMPORTERS", "Choice", "ImportDataError", "convert", "importer", "to_toml"]

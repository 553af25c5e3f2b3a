"""Where outside data meets the models: pydantic's errors as lowback's, one line per problem.

Every edge where data comes in (catalogue files, ``--context``, the profile,
the history, a routine file) validates through :func:`validate` or
:func:`validate_json`, so a problem is an :class:`~lowback.errors.InvalidDataError`
(a :class:`~lowback.errors.ContextError` for a context) that names the dotted
field at fault, never a pydantic traceback. JSON with a key given twice in one
object is refused (:func:`no_repeated_keys`): JSON parsers keep the last silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ContextError, InvalidDataError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")


def validate(model: type[M], data: Any, **options: Any) -> M:
    """``model.model_validate(data)``, raising lowback's error for invalid data."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data, **options)
    except ValidationError as exc:
        raise invalid(model.__name__, exc) from None


def validate_json(model: type[M], text: str | bytes) -> M:
    """``model.model_validate_json(text)``, raising lowback's error for invalid data.

    A key given twice in one object is refused first (pydantic would keep the last).
    """
    from pydantic import ValidationError

    try:
        json.loads(text, object_pairs_hook=no_repeated_keys)
    except RepeatedKeyError as exc:
        error = {"type": "repeated_key", "loc": (), "msg": str(exc), "input": exc.key}
        raise _error(model.__name__, [str(exc)], [error]) from None
    except (ValueError, RecursionError):
        pass  # not JSON, or nested too deep to parse: pydantic's parser says what is wrong
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise invalid(model.__name__, exc) from None


class RepeatedKeyError(ValueError):
    """A JSON object gives ``key`` twice; ``str()`` names it."""

    def __init__(self, key: str) -> None:
        self.key = key
        shown = repr(key) if len(repr(key)) <= 60 else repr(key)[:57] + "..."
        super().__init__(f"key {shown} is given twice in one object")


def no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s ``object_pairs_hook`` that refuses a key given twice in one object.

    JSON lets a later key silently replace an earlier one (``{"red_flags": [...],
    "red_flags": []}`` would read as no red flag); TOML refuses, and so does lowback.
    """
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise RepeatedKeyError(key)
        obj[key] = value
    return obj


def invalid(model: str, exc: ValidationError) -> InvalidDataError:
    """``exc`` as lowback's error: one line per problem (a ContextError for a Context)."""
    errors = exc.errors(include_url=False)
    return _error(model, list(describe_errors(errors, None)), list(errors))


def _error(model: str, problems: list[str], errors: list[Any]) -> InvalidDataError:
    kind = ContextError if model == "Context" else InvalidDataError
    return kind(model, problems, errors)


def describe_errors(errors: Sequence[Any], data: Any) -> Iterator[str]:
    """One line per problem: exercise id (when inside one), dotted path, what was expected.

    ``errors`` are pydantic's structured errors; ``data`` is the raw input, used
    to name the exercise an error sits in (``None`` when there is none).
    """
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
            name = _key(part)
            out += f".{name}" if out else name
    return out


def _key(part: Any) -> str:
    # A key from the input is data: shown as is when it is a plain name, quoted
    # (escapes visible, newlines and control codes inert, long ones cut) otherwise.
    text = str(part)
    if text.replace("_", "").replace("-", "").isalnum() and text.isascii() and len(text) <= 64:
        return text
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


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

"""The profile: the person's usual context, kept as a small TOML file.

Its keys are :class:`~lowback.models.Context` fields (:data:`USUAL`, the
context a person sets once, and :data:`SCREENING`, the safety answers saved by
``lowback screen --save``), taken from the Context itself, plus ``screened_on``,
the day those answers were saved. Reading is strict: an unknown key or a bad
value is an error that names the file and the key, and the file is never
rewritten until it is fixed. The file must be a regular file (a symbolic link
to one is followed) of at most :data:`MAX_PROFILE_BYTES`, nesting at most
:data:`MAX_PROFILE_DEPTH` deep. Writing is atomic
(:func:`~lowback.storage.files.write_atomic`), so a crash never leaves half a
profile, and every change is a read-modify-write under the profile's lock
(:func:`edit`), so two commands changing it at once both land.

The writer is lowback's own (:func:`dumps`): the profile holds only booleans,
one integer, strings and lists of strings, which takes a dozen lines to write
correctly, where a TOML-writing dependency would be one more package for every
user to install. Python's own ``tomllib`` reads it back. Rewriting a file keeps
what the person wrote in it by hand (:func:`merge`): comment and blank lines stay
above the key they were written above (at the end when that key is gone), a key
whose value did not change keeps its text, and a changed one keeps its comments.
tomlkit, the library for editing TOML in place, was tried for this: it drops the
comments inside a list it rewrites, leaves a removed key's comment above the next
key, and adds new keys after the file's last comment, so the profile keeps its own
small merge (the profile's TOML is only ``key = value`` lines, comments and blanks).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, Field, PrivateAttr, create_model

from ..errors import InvalidDataError
from ..models import Context
from ..models.base import Model
from ..validation import validate
from ..vocab import (
    CONDITIONS,
    EQUIPMENT,
    LIMITS,
    RED_FLAGS,
    SITUATION_FIELDS,
    SITUATIONS,
    TIMINGS,
)
from . import StorageError, busy_timeout
from .files import NotAFileError, read_bounded, regular_target, write_atomic
from .paths import profile_path

MAX_PROFILE_BYTES = 65_536
"""A profile larger than this (64 KiB) is refused before parsing; no more is ever read."""

MAX_PROFILE_DEPTH = 4
"""A profile nesting deeper than this is refused (a real one nests 2 deep: a key, a list)."""

USUAL: tuple[str, ...] = (
    "sitting",
    "heavy_lifting",
    "timing",
    "limits",
    "equipment",
    "minutes",
    "conditions",
    "situations",
    "avoid",
)
"""The Context fields of the person's usual day; a command's flags override them for one run
(saved ``conditions`` and ``avoid`` are kept, and the flags' added to them). Equipment,
situation and limit names are checked against the engine's vocabulary (plugins add names)
where the profile is used, as ``recommend`` checks its flags."""

SCREENING: tuple[str, ...] = ("red_flags", "cleared")
"""The Context fields ``lowback screen --save`` keeps, dated by ``screened_on``."""

SCREEN_MAX_AGE_DAYS = 30
"""Saved safety answers older than this are asked again (lowback's default)."""


def _iso_date(value: str) -> str:
    return dt.date.fromisoformat(value).isoformat()


def _from_context(*names: str) -> Any:
    """A model base holding these :class:`~lowback.models.Context` fields as the Context
    declares them (type, default, bounds, validators). Built at run time, so type
    checkers see it as Any."""
    fields: dict[str, Any] = {
        name: (Context.model_fields[name].annotation, Context.model_fields[name]) for name in names
    }
    return create_model("ContextFields", __base__=Model, **fields)


class Profile(_from_context(*USUAL, *SCREENING)):  # type: ignore[misc]
    """The person's usual context; flags on ``lowback recommend`` override it for one run."""

    screened_on: Annotated[str, AfterValidator(_iso_date)] | None = Field(
        None, description="The day the safety answers were saved (YYYY-MM-DD)."
    )
    _loaded: dict[str, Any] | None = PrivateAttr(None)
    """The values as :func:`load` read them (kept by ``model_copy``): :func:`save`
    writes only what changed since."""

    def __eq__(self, other: object) -> bool:
        # Equal values are equal profiles, whether read from a file or built.
        if not isinstance(other, Profile):
            return NotImplemented
        return bool(self.model_dump() == other.model_dump())

    def __hash__(self) -> int:
        return hash(tuple(self.model_dump().items()))


KEYS: tuple[str, ...] = tuple(Profile.model_fields)
"""The profile's keys, in the order the file lists them."""

_VALID = {
    "sitting": "true or false",
    "heavy_lifting": "true or false",
    "timing": " or ".join(f'"{t}"' for t in TIMINGS),
    "situations": "a list of " + ", ".join(f'"{x}"' for x in SITUATIONS) + ", or a plugin's",
    "limits": "a list of " + ", ".join(f'"{x}"' for x in LIMITS) + ", or a plugin's",
    "equipment": "a list of " + ", ".join(f'"{x}"' for x in EQUIPMENT) + ", a plugin's, or []",
    "avoid": 'a list of exercise ids such as "frog-stretch" or "shimada/frog-stretch"',
    "minutes": "a whole number from 1 to 240",
    "conditions": "a list of " + ", ".join(f'"{x}"' for x in CONDITIONS),
    "red_flags": "a list of " + ", ".join(f'"{x}"' for x in RED_FLAGS),
    "cleared": "true or false",
    "screened_on": 'a date as "YYYY-MM-DD"',
}

HEADER = (
    "# lowback profile: your usual context. Flags on `lowback recommend` override it\n"
    "# for one run. Change it with `lowback profile set` or edit it by hand; the keys\n"
    "# are described in docs/progress.md.\n"
)


def _todo(path: Path) -> str:
    return (
        f"fix it by hand (valid keys: {', '.join(KEYS)}) or delete the file to start again; "
        "lowback has left it as it is"
    )


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _toml(text: str, path: Path) -> dict[str, Any]:
    """The parsed TOML, within the depth and number bounds."""
    too_deep = f"nested deeper than {MAX_PROFILE_DEPTH} levels"
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StorageError(path, f"not valid TOML ({exc})", _todo(path)) from None
    except RecursionError:
        raise StorageError(path, too_deep, _todo(path)) from None
    except ValueError:  # Python's limit on the digits of an integer
        raise StorageError(path, "a number has too many digits", _todo(path)) from None
    if _depth(raw) > MAX_PROFILE_DEPTH:
        raise StorageError(path, too_deep, _todo(path))
    return raw


def _situations_in_their_keys(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """A built-in situation written in ``situations`` (by hand) moved to its own key, so
    that ``--no-sitting`` turns it off; the two keys saying opposite things is an error."""
    listed = data.get("situations")
    if not isinstance(listed, tuple):
        return data  # left for validation to refuse
    for name, key in SITUATION_FIELDS.items():
        if name not in listed:
            continue
        if data.get(key, True) is not True:
            raise StorageError(path, f'{key} = false, but situations names "{name}"', _todo(path))
        data = {**data, key: True, "situations": tuple(n for n in listed if n != name)}
        listed = data["situations"]
    return data


def parse(text: str, path: Path) -> Profile:
    """Validate the TOML ``text`` of the profile at ``path`` (named in every error)."""
    raw = _toml(text, path)
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        names = ", ".join(repr(k) for k in unknown)
        word = "key" if len(unknown) == 1 else "keys"
        raise StorageError(path, f"unknown {word} {names}", _todo(path))
    # Strict: TOML has types, so `minutes = true` or `sitting = "yes"` is a mistake to
    # report, not a value to coerce. (Strict tuples want tuples: TOML gives lists.)
    data = _situations_in_their_keys(
        {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}, path
    )
    try:
        profile: Profile = validate(Profile, data, strict=True)
    except InvalidDataError as exc:
        problems = []
        for error in exc.errors:
            key = str(error["loc"][0]) if error["loc"] else "(top level)"
            try:
                shown = toml_value(error.get("input"))
            except (TypeError, ValueError):
                shown = repr(error.get("input"))
            problems.append(f"{key} = {shown} is not valid ({_VALID.get(key, '')})")
        raise StorageError(path, "; ".join(problems), _todo(path)) from None
    profile._loaded = profile.model_dump()
    return profile


def load(path: Path | None = None) -> Profile | None:
    """The profile at ``path`` (default: :func:`~lowback.storage.paths.profile_path`),
    or None when there is no profile file."""
    path = path or profile_path()
    text = _read(path)
    return None if text is None else parse(text, path)


def _read(path: Path) -> str | None:
    """The text of the profile at ``path``, or None when there is none."""
    try:
        data = read_bounded(path, MAX_PROFILE_BYTES)
    except NotAFileError as exc:
        raise StorageError(path, f"{exc.strerror}", "a profile must be a regular file") from None
    except ValueError as exc:
        raise StorageError(path, f"too large for a profile ({exc})", _todo(path)) from None
    except OSError as exc:
        raise StorageError(
            path, f"cannot read it ({exc.strerror or exc})", "check the path and its permissions"
        ) from None
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StorageError(path, "not UTF-8 text", _todo(path)) from None
    return text


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    # A TOML basic string: escape the quote, the backslash and every control character.
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError("a lone surrogate cannot be written as UTF-8")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """One TOML value: a boolean, an integer, a string, or a list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to the profile")


def dumps(profile: Profile) -> str:
    """The profile as TOML, keys in :data:`KEYS` order; unset (None) keys are left out."""
    lines = [HEADER]
    for key, value in profile.model_dump().items():
        if value is not None:
            lines.append(f"{key} = {toml_value(value)}\n")
    return "".join(lines)


class _Statement(NamedTuple):
    """One ``key = value`` of a profile's text, with the lines written above it."""

    above: list[str]
    """The comment and blank lines just above it, as written."""
    key: str
    text: str
    """The statement as written (a list may span lines), ending in a newline."""
    comments: list[str]
    """The comments written inside or after it (``# ...``)."""


def _scan(line: str, quote: str | None) -> tuple[str | None, int, str | None]:
    """``line``'s comment (or None), its change of bracket depth, and the multi-line
    string still open at its end; ``quote`` is the one open at its start. Only a ``#``
    outside strings starts a comment."""
    depth, i, comment = 0, 0, None
    while i < len(line):
        if quote is not None:
            if quote[0] == '"' and line[i] == "\\":
                i += 2
            elif line.startswith(quote, i):
                i, quote = i + len(quote), None
            else:
                i += 1
            continue
        if line[i] == "#":
            comment = line[i:].rstrip("\r\n")
            break
        quote = line[i : i + 3] if line[i : i + 3] in ('"""', "'''") else None
        if quote is None and line[i] in "\"'":
            quote = line[i]
        if quote is not None:
            i += len(quote)
            continue
        depth += {"[": 1, "]": -1}.get(line[i], 0)
        i += 1
    return comment, depth, quote if quote in ('"""', "'''") else None


def _statements(text: str) -> tuple[list[_Statement], list[str]]:
    """The statements of a profile's (valid) TOML ``text``, and the lines after the last.
    lowback's own :data:`HEADER` is left out: it is written anew, at the top."""
    text = text.replace("\r\n", "\n").replace(HEADER, "", 1)
    lines = [line if line.endswith("\n") else line + "\n" for line in text.splitlines(True)]
    found: list[_Statement] = []
    loose: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "" or lines[i].lstrip().startswith("#"):
            loose.append(lines[i].rstrip("\r\n") + "\n")
            i += 1
            continue
        start, depth, quote, comments = i, 0, None, []
        while True:  # to the line that closes every bracket and string it opened
            comment, change, quote = _scan(lines[i], quote)
            depth += change
            comments += [comment] if comment else []
            i += 1
            if (depth <= 0 and quote is None) or i == len(lines):
                break
        written = "".join(lines[start:i])
        (key,) = tomllib.loads(written)
        found.append(_Statement(loose, key, written, comments))
        loose = []
    return found, loose


def merge(text: str, profile: Profile) -> str:
    """:func:`dumps` of ``profile``, keeping what a person wrote in the profile's ``text``
    (valid TOML, as :func:`parse` accepted it): its comment and blank lines, each above
    the key it was written above (at the end when that key is gone), and its order of
    keys. A key whose value did not change keeps its text; a changed one is rewritten
    with its comments (after the value when there is one, else above it). A new key goes
    after the keys that come before it in :data:`KEYS` order."""
    values = {k: v for k, v in profile.model_dump().items() if v is not None}
    statements, end = _statements(text)
    kept: list[tuple[str, str]] = []  # (key, its lines), in the file's order
    gone: list[str] = []
    for statement in statements:
        if statement.key in values:
            kept.append(
                (
                    statement.key,
                    "".join(statement.above) + _rewritten(statement, values[statement.key]),
                )
            )
        else:
            gone += statement.above + [c + "\n" for c in statement.comments]
    for key in [k for k in values if k not in {k for k, _ in kept}]:  # in KEYS order
        rank = KEYS.index(key)
        at = max((n + 1 for n, (k, _) in enumerate(kept) if KEYS.index(k) < rank), default=0)
        kept.insert(at, (key, f"{key} = {toml_value(values[key])}\n"))
    return HEADER + "".join(lines for _, lines in kept) + "".join(gone + end)


def _rewritten(statement: _Statement, value: Any) -> str:
    """The statement for ``value``: as written when its value is unchanged."""
    (old,) = tomllib.loads(statement.text).values()
    line = f"{statement.key} = {toml_value(value)}"
    # The profile keeps a list sorted and without repeats: the same names are no change.
    same = set(old) == set(value) if isinstance(old, list) else toml_value(old) == toml_value(value)
    if same:
        return statement.text
    if len(statement.comments) == 1:
        return f"{line}  {statement.comments[0]}\n"
    return "".join(c + "\n" for c in statement.comments) + line + "\n"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the lock of the profile ``path``: ``flock`` on ``.NAME.lock`` beside the
    real file (the target of a link), waited for up to ``LOWBACK_BUSY_TIMEOUT``.

    The lock file is left in place (removing it would let two processes hold
    two different locks). Where ``fcntl`` is missing (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, documented
        yield
        return
    with _writing(path):
        real = regular_target(path) or path
        real.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(real.with_name(f".{real.name[:64]}.lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + busy_timeout()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StorageError(
                        path,
                        "another lowback is changing the profile",
                        "try again when it has finished; nothing was written",
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn a failure to write the profile ``path`` (or its lock) into one line."""
    try:
        yield
    except NotAFileError as exc:
        raise StorageError(path, f"{exc.strerror}", "a profile must be a regular file") from None
    except OSError as exc:
        raise StorageError(
            path,
            f"cannot write it ({exc.strerror or exc})",
            "check the path and the folder's permissions",
        ) from None


def _write(profile: Profile, path: Path, text: str | None) -> None:
    data = (dumps(profile) if text is None else merge(text, profile)).encode("utf-8")
    with _writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, replace=True)


def edit(change: Callable[[Profile], Mapping[str, Any]], path: Path | None = None) -> Profile:
    """Change the profile at ``path`` under its lock; returns the profile written.

    Reads the file (the defaults when there is none), applies the keys
    ``change(current)`` returns and writes it atomically (keeping the comments a
    person wrote in it, :func:`merge`), all while holding the
    profile's lock, so that a change another command makes at the same time is
    never lost. A broken profile raises :class:`~lowback.storage.StorageError`
    before ``change`` is called, and is left as it is.
    """
    path = path or profile_path()
    with _locked(path):
        text = _read(path)
        current = Profile() if text is None else parse(text, path)
        new = updated(current, change(current))
        _write(new, path, text)
    return new


def save(profile: Profile, path: Path | None = None) -> Path:
    """Write the keys ``profile`` changed since :func:`load` read it (every key set, for
    a profile built otherwise) over the file as it is now, under the profile's lock
    (:func:`edit`); returns the path. Keys another command changed meanwhile are kept."""
    path = path or profile_path()
    base = profile._loaded or Profile().model_dump()
    changes = {k: v for k, v in profile.model_dump().items() if v != base.get(k)}
    edit(lambda _current: changes, path)
    return path


def updated(profile: Profile | None, changes: Mapping[str, Any]) -> Profile:
    """``profile`` (or the defaults) with ``changes`` applied and validated."""
    data = (profile or Profile()).model_dump()
    data.update(changes)
    new: Profile = validate(Profile, data)
    return new

"""``--feedback ID=RATING[:BEFORE-AFTER]``: how each item of a routine felt (log, session)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from ..models import Routine
    from ..storage.history import Feedback

RATING_WORDS = ("easier", "right", "harder")


def _exercise_names() -> list[tuple[str, str]]:
    """``(id as typed, name)`` of every exercise of the built-in and local catalogues:
    the short id (``frog-stretch``) when only one catalogue has it, else the full one."""
    from ..engine import Engine
    from ..loader import local_catalogues

    try:
        files = local_catalogues()
    except OSError:
        files = []
    entries = list(Engine(catalogues=files).index.all())
    ids = shown_ids([e.key for e in entries])
    return sorted((id_, e.exercise.name) for e, id_ in zip(entries, ids, strict=True))


def complete_exercise(
    _ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of exercise ids (``--skip``), and of ``ID=RATING`` for
    ``--feedback``: the id first (and ``all``), then the ratings. Faults stay quiet."""
    feedback = param.name == "feedback"
    name, eq, rating = incomplete.partition("=")
    if feedback and eq:
        return [CompletionItem(f"{name}={r}") for r in RATING_WORDS if r.startswith(rating)]
    try:
        known = _exercise_names()
    except Exception:  # completion must never print a traceback into the shell
        return []
    if feedback:
        known.insert(0, ("all", "every item"))
    return [
        CompletionItem(f"{key}=" if feedback else key, help=help_)
        for key, help_ in known
        if key.startswith(incomplete) or key.rpartition("/")[2].startswith(incomplete)
    ]


def resolve(routine: Routine, name: str, option: str) -> str:
    """The routine item an id names: ``shimada/frog-stretch`` or just ``frog-stretch``."""
    return resolve_key([item.exercise for item in routine.items], name, option)


def resolve_key(keys: Sequence[str], name: str, option: str, where: str = "routine") -> str:
    """The one of ``keys`` (exercise ids) that ``name`` names, in full or by its last part;
    ``where`` names what holds them in an error ("this routine", "this session")."""
    if name in keys:
        return name
    matches = sorted({k for k in keys if k.rpartition("/")[2] == name})
    if len(matches) == 1:
        return matches[0]
    if matches:  # the same id in two catalogues: only the full ids tell them apart
        raise click.BadParameter(
            f"{name!r} names more than one item of this {where}: give one of {', '.join(matches)}",
            param_hint=f"'{option}'",
        )
    valid = ", ".join(shown_ids(keys)) or f"none: the {where} is empty"
    raise click.BadParameter(
        f"{name!r} is not in this {where} (its items: {valid})", param_hint=f"'{option}'"
    )


def shown_ids(keys: Sequence[str]) -> list[str]:
    """``keys`` as a person types them: the short id (``frog-stretch``), or the full one
    (``shimada/psoas-stretch``) where two of ``keys`` share the short id."""
    shorts = [k.rpartition("/")[2] for k in keys]
    return [s if shorts.count(s) == 1 else k for k, s in zip(keys, shorts, strict=True)]


def parse_feedback(
    values: Sequence[str], routine: Routine, skipped: Sequence[str] = ()
) -> dict[str, Feedback]:
    """``--feedback ID=RATING[:BEFORE-AFTER]`` values, for the routine's items.

    ``ID`` may be ``all``: the rating of every item not named on its own.
    """
    return parse_feedback_for([item.exercise for item in routine.items], values, skipped)


def parse_feedback_for(
    keys: Sequence[str], values: Sequence[str], skipped: Sequence[str] = (), where: str = "routine"
) -> dict[str, Feedback]:
    """:func:`parse_feedback` for the items whose exercise ids are ``keys``, those of a
    ``where`` ("routine", or "session" for one stored)."""
    from ..storage.history import Feedback

    def bad(value: str, why: str) -> click.BadParameter:
        return click.BadParameter(
            f"{value!r}: {why}; give ID=RATING or ID=RATING:BEFORE-AFTER, RATING one of "
            f"{', '.join(RATING_WORDS)}, pain 0-10 (e.g. frog-stretch=harder:2-5, all=easier)",
            param_hint="'--feedback'",
        )

    default: Feedback | None = None
    given: dict[str, Feedback] = {}
    for value in values:
        name, eq, rest = value.partition("=")
        if not eq or not name:
            raise bad(value, "no '='")
        rating, colon, pain = rest.partition(":")
        if rating not in RATING_WORDS:
            raise bad(value, f"rating {rating!r} is not one of {', '.join(RATING_WORDS)}")
        before = after = None
        if colon:
            b, dash, a = pain.partition("-")
            digits = b.isascii() and b.isdigit() and a.isascii() and a.isdigit()  # not '²'
            if not dash or not digits or int(b) > 10 or int(a) > 10:
                raise bad(value, f"pain {pain!r} is not BEFORE-AFTER, each 0-10")
            before, after = int(b), int(a)
        feedback = Feedback.model_validate(
            {"rating": rating, "pain_before": before, "pain_after": after}
        )
        if name == "all":
            default = feedback
            continue
        key = resolve_key(keys, name, "--feedback", where)
        if key in skipped:
            raise click.BadParameter(
                f"{name!r} is skipped; a skipped item takes no feedback",
                param_hint="'--feedback'",
            )
        given[key] = feedback
    if default is not None:
        for key in keys:
            if key not in skipped:
                given.setdefault(key, default)
    return given

"""``--feedback ID=RATING[:BEFORE-AFTER]``: how each item of a routine felt (log, session)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..models import Routine
    from ..storage.history import Feedback

RATING_WORDS = ("easier", "right", "harder")


def resolve(routine: Routine, name: str, option: str) -> str:
    """The routine item an id names: ``shimada/frog-stretch`` or just ``frog-stretch``."""
    keys = [item.exercise for item in routine.items]
    if name in keys:
        return name
    matches = [k for k in keys if k.rpartition("/")[2] == name]
    if len(matches) == 1:
        return matches[0]
    valid = ", ".join(k.rpartition("/")[2] for k in keys) or "none: the routine is empty"
    what = "names more than one item" if matches else "is not in this routine"
    raise click.BadParameter(f"{name!r} {what} (its items: {valid})", param_hint=f"'{option}'")


def parse_feedback(
    values: Sequence[str], routine: Routine, skipped: Sequence[str] = ()
) -> dict[str, Feedback]:
    """``--feedback ID=RATING[:BEFORE-AFTER]`` values, for the routine's items.

    ``ID`` may be ``all``: the rating of every item not named on its own.
    """
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
        key = resolve(routine, name, "--feedback")
        if key in skipped:
            raise click.BadParameter(
                f"{name!r} is skipped; a skipped item takes no feedback",
                param_hint="'--feedback'",
            )
        given[key] = feedback
    if default is not None:
        for item in routine.items:
            if item.exercise not in skipped:
                given.setdefault(item.exercise, default)
    return given

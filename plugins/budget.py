"""Rule plugin: fit the routine into the minutes the person has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, DraftItem, Drop, Rule


def _clock(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


class TimeBudget(Rule):
    """Drops the least relevant items first until the routine fits, then puts back the
    most relevant dropped items that still fit in the time left.

    Relevance is the score (ties: the later id counts as less relevant), so a
    two-minute roll that does not fit never leaves a one-minute stretch out too.
    """

    id = "time-budget"
    summary = "A time budget: drop the least relevant items first, and say so."

    def review(
        self, context: Context, draft: Sequence[DraftItem], index: CatalogueIndex
    ) -> Iterable[Decision]:
        if context.minutes is None:
            return
        budget = context.minutes * 60
        total = sum(item.seconds for item in draft)
        if total <= budget:
            return
        # Least relevant first: by score, and among equal scores the later id first.
        by_id_desc = sorted(draft, key=lambda i: i.exercise, reverse=True)
        least_first = sorted(by_id_desc, key=lambda i: i.score)
        dropped: list[DraftItem] = []
        kept = total
        for item in least_first:
            if kept <= budget:
                break
            dropped.append(item)
            kept -= item.seconds
        for item in reversed(dropped):  # most relevant of the dropped first
            if item.seconds <= budget - kept:
                dropped.remove(item)
                kept += item.seconds
        fact = f"minutes={context.minutes}"
        for item in dropped:
            yield Drop(
                exercise=item.exercise,
                fact=fact,
                text=(
                    f"Left out to fit {context.minutes} min (the routine came to "
                    f"{_clock(total)}): among the least relevant (score {item.score}), or too "
                    "long for the time left."
                ),
            )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the time-budget rule."""
    register(TimeBudget())

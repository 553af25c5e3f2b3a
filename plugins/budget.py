"""Rule plugin: fit the routine into the minutes the person has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, DraftItem, Drop, Rule


def _clock(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _linked(item: DraftItem, index: CatalogueIndex) -> bool:
    """Whether its article links the exercise to a situation (it was not given only for
    the regions it targets)."""
    entry = index.entries.get(item.exercise)
    return entry is None or bool(entry.exercise.because or entry.catalogue.because)


class TimeBudget(Rule):
    """Drops the least relevant items first until the routine fits, then puts back the
    most relevant dropped items that still fit in the time left.

    Relevance is the score; among equal scores, an exercise given only for the
    regions it targets counts as less relevant than one its article links to the
    person's situation, and then the later id as less relevant. So a two-minute
    roll that does not fit never leaves a one-minute stretch out too, and another
    catalogue's exercise never pushes out an article's own pick by its id.
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
        # Least relevant first: by score, then unlinked before linked, then the later id.
        by_id_desc = sorted(draft, key=lambda i: i.exercise, reverse=True)
        least_first = sorted(by_id_desc, key=lambda i: (i.score, _linked(i, index)))
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

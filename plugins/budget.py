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
        left_when_tried: dict[str, int] = {}
        for item in reversed(dropped):  # most relevant of the dropped first
            if item.seconds <= budget - kept:
                dropped.remove(item)
                kept += item.seconds
            else:
                left_when_tried[item.exercise] = budget - kept
        rank = {item.exercise: n for n, item in enumerate(least_first)}
        out = {item.exercise for item in dropped}
        kept_items = [item for item in draft if item.exercise not in out]
        came_to = f"Left out to fit {context.minutes} min (the routine came to {_clock(total)})"
        for item in dropped:
            yield _drop(
                item, context.minutes, came_to, left_when_tried[item.exercise], rank, kept_items
            )


def _drop(
    item: DraftItem,
    minutes: int,
    came_to: str,
    left: int,
    rank: dict[str, int],
    kept: Sequence[DraftItem],
) -> Drop:
    """The drop of ``item``, saying its real cause: it did not fit the time left (a less
    relevant item was kept, which did fit, or nothing fits at all), or every item kept is
    more relevant."""
    if not kept or any(rank[k.exercise] < rank[item.exercise] for k in kept):
        why = f"it did not fit the {left} s left"
    else:
        lowest = min(k.score for k in kept)
        if lowest > item.score:
            why = f"less relevant than what was kept (score {item.score}; kept: {lowest} or more)"
        else:  # equal scores: the documented tie rule decided
            why = (
                f"less relevant than what was kept (score {item.score}, as low as the least "
                "relevant kept; ties go to an exercise its article links to your situation, "
                "then to the earlier id)"
            )
    return Drop(
        exercise=item.exercise,
        fact=f"minutes={minutes}",
        text=f"{came_to}: {why}.",
    )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the time-budget rule."""
    register(TimeBudget())

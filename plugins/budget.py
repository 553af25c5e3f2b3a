"""Rule plugin: fit the routine into the minutes the person has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.models import Context
from lowback.rules import Decision, DraftItem, Drop, Rule


def _clock(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


class TimeBudget(Rule):
    """Drops the least relevant items first (lowest score; ties: the later id) until it fits."""

    id = "time-budget"
    summary = "A time budget: drop the least relevant items first, and say so."

    def review(self, context: Context, draft: Sequence[DraftItem]) -> Iterable[Decision]:
        if context.minutes is None:
            return
        budget = context.minutes * 60
        total = sum(item.seconds for item in draft)
        fact = f"minutes={context.minutes}"
        # Stable sorts: by score, and among equal scores the later id first.
        by_id_desc = sorted(draft, key=lambda i: i.exercise, reverse=True)
        for item in sorted(by_id_desc, key=lambda i: i.score):
            if total <= budget:
                break
            yield Drop(
                item.exercise,
                fact,
                (
                    f"Left out to fit {context.minutes} min: among the least relevant "
                    f"(score {item.score}); the routine came to {_clock(total)}."
                ),
            )
            total -= item.seconds


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the time-budget rule."""
    register(TimeBudget())

"""Rule plugin: when the routine is done, against when each article does it."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, Rule, SetAside, Vote

_SAID = {"after-legs": "after a leg workout", "before-workout": "before a workout"}


class ArticleTiming(Rule):
    """Votes for routines the article does at this time; sets aside the others."""

    id = "article-timing"
    summary = "After leg day or before a workout: the article that does its routine then."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        timing = context.timing
        if timing is None:
            return
        fact = f"timing={timing}"
        for entry in index.timed(timing):
            yield Vote(
                exercise=entry.key,
                weight=1,
                fact=fact,
                text=f'"{entry.catalogue.source.title}" does this routine {_SAID[timing]}.',
            )
        for entry in index.timed_otherwise(timing):
            when = " or ".join(_SAID.get(t, t) for t in entry.catalogue.timing)
            title = entry.catalogue.source.title
            yield SetAside(
                exercise=entry.key,
                fact=fact,
                text=f'"{title}" does this {when}; yours is {_SAID[timing]}.',
            )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the article-timing rule."""
    register(ArticleTiming())

"""Rule plugin: long sitting."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.plugins.situations import situation_votes
from lowback.rules import Decision, Rule


class LongSitting(Rule):
    """Votes for what the articles say long sitting tightens."""

    id = "long-sitting"
    summary = "Long sitting: exercises the articles link to sitting."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.sitting:
            yield from situation_votes(index, "sitting", "sitting=true")


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the long-sitting rule."""
    register(LongSitting())

"""Rule plugin: heavy squats and deadlifts."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.plugins.situations import situation_votes
from lowback.rules import Decision, Rule


class HeavyLifting(Rule):
    """Votes for what the articles say heavy lifting tightens."""

    id = "heavy-lifting"
    summary = "Heavy squats and deadlifts: exercises the articles link to lifting."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.heavy_lifting:
            yield from situation_votes(index, "heavy-lifting", "heavy_lifting=true")


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the heavy-lifting rule."""
    register(HeavyLifting())

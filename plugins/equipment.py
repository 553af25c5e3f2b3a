"""Rule plugin: no exercise or rung that needs equipment the person does not have."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, Rule, Veto


class MissingEquipment(Rule):
    """Vetoes what needs equipment missing from the context (rolling without a roller)."""

    id = "missing-equipment"
    summary = "No roller: rolling items drop, stretches stay."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        fact = f"equipment={','.join(context.equipment) or 'none'}"
        for item in index.equipment():
            if item in context.equipment:
                continue
            text = f"Needs a {item.replace('-', ' ')}, and you have none at hand."
            for need in index.using(item):
                rung = need.rung.id if need.rung else None
                yield Veto(exercise=need.entry.key, fact=fact, text=text, rung=rung)


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the missing-equipment rule."""
    register(MissingEquipment())

"""Rule plugin: with no situation given, offer the articles' routines as they stand."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, Rule, Vote


class GeneralRoutine(Rule):
    """Votes for every exercise when the context names no situation and no timing."""

    id = "general-routine"
    summary = "No situation or timing given: every article's routine, as written."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        # situations holds a plugin's situations too (docs/vocabulary.md).
        if context.sitting or context.heavy_lifting or context.situations or context.timing:
            return
        for entry in index.all():
            yield Vote(
                exercise=entry.key,
                weight=1,
                fact="sitting=false, heavy_lifting=false, timing=none",
                text="No situation given: part of its article's routine.",
            )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the general-routine rule."""
    register(GeneralRoutine())

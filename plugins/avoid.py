"""Rule plugin: exercises the person said they do not want (``--avoid``) are left out.

Each is vetoed, so it shows in the routine's Left out part with the reason; as
with any veto, another catalogue's exercise of the same movement may stand in,
unless it is avoided too.
"""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.rules import Decision, Rule, Veto
from lowback.terms import avoided


class Avoided(Rule):
    """Vetoes every exercise the context's ``avoid`` names."""

    id = "avoided"
    summary = "Avoid: leave out the exercises you said you do not want."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        for name in context.avoid:
            for key in avoided(name, index.entries):
                yield Veto(
                    exercise=key,
                    fact=f"avoid includes {name}",
                    text="You asked to leave this exercise out (--avoid).",
                )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the avoid rule."""
    register(Avoided())

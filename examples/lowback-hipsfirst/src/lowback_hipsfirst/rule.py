"""Rule plugin: for people who sit, this handout's hip work comes first."""

from collections.abc import Iterable

from lowback import CatalogueIndex, Context, Decision, RegisterRule, Rule, Vote, hookimpl


class HipsFirst(Rule):
    """Votes strongly for the hipsfirst exercises when the person sits for long hours."""

    id = "hips-first"
    summary = "Long sitting: prefer the hipsfirst handout's hip exercises."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if not context.sitting:
            return
        for entry in index.all():
            if entry.catalogue.id == "hipsfirst":
                yield Vote(
                    exercise=entry.key,
                    weight=3,
                    fact="sitting=true",
                    text="The hipsfirst handout puts hip work first for people who sit.",
                )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give lowback the hips-first rule."""
    register(HipsFirst())

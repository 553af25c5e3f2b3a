"""A small program using lowback's public API, checked with mypy --strict by the tests."""

from __future__ import annotations

from lowback import Context, ContextError, Engine, LowbackError, Routine, Rule, Vote, hookimpl
from lowback.index import CatalogueIndex
from lowback.rules import Decision


class PreferBreathing(Rule):
    id = "prefer-breathing"
    summary = "A consumer's own rule."

    def decide(self, context: Context, index: CatalogueIndex) -> list[Decision]:
        return [
            Vote(exercise=e.key, weight=1, fact="always", text="Breathing first.")
            for e in index.all()
            if e.exercise.kind == "breathing"
        ]


class MyPlugin:
    @hookimpl
    def register_rules(self, register: object) -> None:
        pass


def routine_for(engine: Engine, minutes: int) -> Routine:
    try:
        context = Context(sitting=True, minutes=minutes)
    except ContextError as error:
        raise SystemExit("; ".join(error.problems)) from None
    return engine.recommend(context)


def names(routine: Routine) -> list[str]:
    return [f"{item.step}. {item.name} ({item.variation.name})" for item in routine.items]


def main() -> int:
    engine = Engine()
    try:
        print("\n".join(names(routine_for(engine, 10))))
    except LowbackError as error:
        print(error)
        return 1
    return 0

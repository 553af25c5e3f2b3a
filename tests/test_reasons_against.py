"""A negative vote is shown as a reason against, never as an ``[include]`` one."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lowback import Context, Engine, hookimpl
from lowback.catalogues import relief, shimada
from lowback.index import CatalogueIndex
from lowback.plugins import sitting
from lowback.render import render
from lowback.rules import Decision, Rule, Vote

AGAINST = "Standing workers need rolling less than stretching."


class LessRolling(Rule):
    id = "less-rolling"
    summary = "A reason against the rolls."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        for entry in index.all():
            if entry.exercise.kind == "roll":
                yield Vote(exercise=entry.key, weight=-1, fact="test", text=AGAINST)


class Plugin:
    name = "against"

    @hookimpl
    def register_rules(self, register: Callable[[object], None]) -> None:
        register(LessRolling())


def test_a_negative_vote_is_labelled_against_in_every_format() -> None:
    engine = Engine(plugins=[shimada, relief, sitting, Plugin()], strict=True)
    routine = engine.recommend(Context(sitting=True, screened=True))
    voted = [
        r for part in (*routine.items, *routine.left_out) for r in part.reasons if r.text == AGAINST
    ]
    assert voted
    assert all(r.effect == "against" for r in voted)
    for fmt in ("text", "markdown", "html"):
        out = render(routine, fmt, explain=True)
        assert f"[against] {AGAINST}" in out, fmt
        assert f"[include] {AGAINST}" not in out, fmt
        # a reason against is not given as why an item is in the routine
        assert AGAINST not in render(routine, fmt), fmt

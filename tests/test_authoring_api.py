"""Issue 18, the rule API: ``review`` gets the index, the index answers by target,
position and kind, and ``lowback.testing`` builds an engine and a context for a
plugin's own tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib import metadata

import pytest
from lowback import (
    CatalogueIndex,
    Context,
    ContextError,
    Decision,
    DraftItem,
    Drop,
    PluginError,
    Rule,
    Vote,
    hookimpl,
    testing,
)
from lowback.catalogues import shimada


class NoFloorWork(Rule):
    """Drops from the draft every item done lying face down, found through the index."""

    id = "no-floor-work"
    summary = "No lying face down."

    def review(
        self, context: Context, draft: Sequence[DraftItem], index: CatalogueIndex
    ) -> Iterable[Decision]:
        face_down = {entry.key for entry in index.by_position("lying-front")}
        for item in draft:
            if item.exercise in face_down:
                yield Drop(exercise=item.exercise, fact="position=lying-front", text="No floor.")


class Plugin:
    def __init__(self, name: str, rule: Rule) -> None:
        self.name = name
        self.rule = rule

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(self.rule)


def test_review_sees_the_index_and_drops_by_position() -> None:
    context = testing.context(sitting=True, timing="after-legs")
    before = testing.engine().recommend(context)
    face_down = [i.exercise for i in before.items if i.position == "lying-front"]
    assert face_down  # the test means something only if some item is face down
    after = testing.engine(Plugin("floor", NoFloorWork())).recommend(context)
    assert not [i for i in after.items if i.position == "lying-front"]
    dropped = {
        lo.exercise for lo in after.left_out for r in lo.reasons if r.rule == "floor:no-floor-work"
    }
    assert set(face_down) <= dropped


@pytest.mark.parametrize(
    ("look_up", "values"),
    [
        ("by_target", lambda e: e.muscles),
        ("by_position", lambda e: (e.exercise.position,)),
        ("by_kind", lambda e: (e.exercise.kind,)),
    ],
)
def test_index_look_ups_agree_with_the_data_and_are_sorted(
    look_up: str, values: Callable[[object], tuple[str, ...]]
) -> None:
    index = testing.engine().index
    words = {w for entry in index.all() for w in values(entry)}
    assert len(words) > 1
    for word in sorted(words):
        found = getattr(index, look_up)(word)
        assert [e.key for e in found] == [e.key for e in index.all() if word in values(e)]
    assert getattr(index, look_up)("no-such-word") == ()


def test_testing_engine_has_the_builtins_plus_yours_and_nothing_else() -> None:
    builtin = sorted(
        ep.name for ep in metadata.distribution("lowback").entry_points if ep.group == "lowback"
    )
    engine = testing.engine({"floor": Plugin("ignored", NoFloorWork())})
    assert [p.name for p in engine.plugins] == sorted([*builtin, "floor"])
    assert [b.ref for b in engine.rules if b.plugin == "floor"] == ["floor:no-floor-work"]
    alone = testing.engine(shimada, builtins=False)
    assert [p.name for p in alone.plugins] == ["shimada"]


def test_testing_engine_is_strict_by_default() -> None:
    class Bad(Rule):
        id = "bad"

        def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
            yield Vote(exercise="shimada/nothing", weight=1, fact="f", text="t")

    with pytest.raises(PluginError, match="plugin 'bad'"):
        testing.engine(Plugin("bad", Bad())).recommend(testing.context(sitting=True))
    lenient = testing.engine(Plugin("bad", Bad()), strict=False)
    lenient.recommend(testing.context(sitting=True))
    assert [f.plugin for f in lenient.faults] == ["bad"]


@pytest.mark.parametrize("name", ["sitting", "shimada"])
def test_testing_engine_refuses_a_builtin_name(name: str) -> None:
    with pytest.raises(ValueError, match=f"'{name}' is a built-in plugin's name"):
        testing.engine({name: Plugin(name, NoFloorWork())})


def test_testing_engine_refuses_a_name_given_twice() -> None:
    with pytest.raises(ValueError, match="'floor' is given twice"):
        testing.engine(Plugin("floor", NoFloorWork()), {"floor": Plugin("x", NoFloorWork())})


def test_testing_context_is_screened_and_validated() -> None:
    context = testing.context(sitting=True)
    assert context.screened and context.sitting
    assert not testing.context(screened=False).screened
    routine = testing.engine().recommend(context)
    unscreened = testing.engine().recommend(Context(sitting=True))
    assert [a.kind for a in routine.advice] != [a.kind for a in unscreened.advice]
    with pytest.raises(ContextError, match="minutes"):
        testing.context(minutes=0)

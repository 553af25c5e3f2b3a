"""Same-way defers only to items that stay: an exercise left out as repeating an item that
a review then drops is given back, unless it repeats another item still given."""

from __future__ import annotations

from lowback import Context, Engine
from lowback.pipeline.picks import Pick
from lowback.pipeline.same_way import one_way_each, reconsider

HALF_KNEELING = ("shimada/psoas-stretch", "relief/deep-quad-psoas-stretch")


def _picks(engine: Engine, *keys: str) -> list[Pick]:
    return [Pick(engine.index.entries[key], 1, ()) for key in keys]


def test_what_deferred_to_a_dropped_item_is_given_back(builtins: Engine) -> None:
    context = Context(sitting=True)
    kept, same_way = one_way_each(_picks(builtins, *HALF_KNEELING), context)
    assert [p.entry.key for p in kept] == ["shimada/psoas-stretch"]
    # The kept one stays: nothing comes back, the record stands.
    for gone in (set(), {"relief/ql-stretch"}):
        back, standing = reconsider(same_way, gone, kept, context)
        assert back == [] and standing == same_way
    # The kept one is dropped by a review: the other comes back.
    back, standing = reconsider(same_way, {"shimada/psoas-stretch"}, [], context)
    assert [p.entry.key for p in back] == ["relief/deep-quad-psoas-stretch"]
    assert standing == []


def test_a_budget_never_loses_a_stretch_to_a_dropped_duplicate(builtins: Engine) -> None:
    context = Context(sitting=True, equipment=(), minutes=8, pain=1, screened=True)
    routine = builtins.recommend(context)
    given = {i.exercise for i in routine.items}
    for lo in routine.left_out:
        for r in lo.reasons:
            assert "itself left out" not in r.text, lo.exercise
    assert "relief/deep-quad-psoas-stretch" in given
    assert routine.total_seconds <= 8 * 60

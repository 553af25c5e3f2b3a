"""The engine's routine cache: a repeated context gets its routine again, the same
as a fresh engine's; the cache is bounded, per engine, and can be turned off."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lowback import Context, Engine, InvalidDataError, Rule, hookimpl
from lowback.index import CatalogueIndex
from lowback.rules import Decision, Note

from conftest import builtin_modules


class _Counting(Rule):
    """Counts how often the engine runs its rules."""

    id = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def decide(self, context: Context, index: CatalogueIndex) -> list[Decision]:
        self.calls += 1
        return [Note(f"sitting={context.sitting}", "Counted.")]


class _CountingPlugin:
    name = "counting"

    def __init__(self) -> None:
        self.rule = _Counting()

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(self.rule)  # type: ignore[operator]


def _engine(cache_size: int) -> tuple[Engine, _Counting]:
    counting = _CountingPlugin()
    engine = Engine(plugins=[*builtin_modules(), counting], strict=True, cache_size=cache_size)
    return engine.load(), counting.rule


def test_a_repeated_context_does_not_run_the_rules_again() -> None:
    engine, rule = _engine(256)
    first = engine.recommend(Context(sitting=True))
    again = engine.recommend(Context(sitting=True, heavy_lifting=False))  # an equal context
    assert again is first
    assert rule.calls == 1
    engine.recommend(Context(sitting=True, minutes=5))
    assert rule.calls == 2


def test_cache_size_zero_runs_the_pipeline_every_time() -> None:
    engine, rule = _engine(0)
    first = engine.recommend(Context(sitting=True))
    again = engine.recommend(Context(sitting=True))
    assert again == first and again is not first
    assert rule.calls == 2


def test_the_cache_keeps_the_most_recently_used_contexts() -> None:
    engine, rule = _engine(2)
    a, b, c = Context(sitting=True), Context(heavy_lifting=True), Context(minutes=5)
    engine.recommend(a)
    engine.recommend(b)
    engine.recommend(a)  # a is now the most recent
    engine.recommend(c)  # evicts b
    assert rule.calls == 3
    engine.recommend(a)
    assert rule.calls == 3
    engine.recommend(b)
    assert rule.calls == 4


def test_a_negative_cache_size_is_lowbacks_error() -> None:
    with pytest.raises(InvalidDataError, match="cache_size: must be 0 or more, not -1"):
        Engine(cache_size=-1)


_CONTEXTS = st.builds(
    Context,
    sitting=st.booleans(),
    heavy_lifting=st.booleans(),
    timing=st.sampled_from([None, "after-legs", "before-workout"]),
    limits=st.lists(st.sampled_from(["cross-legs", "hip-opening", "kneeling"])).map(tuple),
    equipment=st.sampled_from([(), ("foam-roller",)]),
    minutes=st.none() | st.integers(1, 30),
    pain=st.none() | st.integers(0, 10),
)

_CACHED, _ = _engine(8)
_FRESH, _ = _engine(0)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CONTEXTS, min_size=1, max_size=6), st.data())
def test_cached_routines_equal_fresh_ones(contexts: list[Context], data: st.DataObject) -> None:
    # Contexts seen before, in any order, against an engine that caches nothing.
    for context in data.draw(st.permutations(contexts + contexts)):
        assert _CACHED.recommend(context) == _FRESH.recommend(context)


def test_a_context_with_progress_is_cached_by_value() -> None:
    import datetime as dt

    from lowback.models import Progress
    from lowback.models.progress import Done, ExerciseProgress

    done = Done(session=1, day=dt.date(2026, 11, 1), rung="narrow", sets=1, amount=10)
    progress = Progress(
        sessions=1,
        first_day=dt.date(2026, 11, 1),
        last_day=dt.date(2026, 11, 1),
        today=dt.date(2026, 11, 2),
        exercises=(ExerciseProgress(exercise="shimada/frog-stretch", recent=(done,)),),
    )
    engine, rule = _engine(8)
    context = Context(sitting=True, progress=progress)
    first = engine.recommend(context)
    # The same context read back from JSON (as `--context` gives it) is the same key.
    assert engine.recommend(Context.model_validate_json(context.model_dump_json())) is first
    assert rule.calls == 1
    later = Context(
        sitting=True, progress=progress.model_copy(update={"today": dt.date(2026, 11, 3)})
    )
    engine.recommend(later)
    assert rule.calls == 2

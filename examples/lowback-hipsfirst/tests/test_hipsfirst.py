"""The example plugin's own tests: its catalogue loads and its rule acts."""

from lowback import Context, Engine
from lowback.plugins import limits, sitting

from lowback_hipsfirst import catalogue, rule


def make_engine() -> Engine:
    # Explicit plugins: no entry-point scan, so only what the test names is loaded.
    return Engine(
        plugins={
            "hipsfirst": catalogue,
            "hipsfirst-rule": rule,
            "sitting": sitting,
            "limits": limits,
        },
        strict=True,
    )


def test_catalogue_loads_with_its_ladders() -> None:
    engine = make_engine()
    ids = [entry.key for entry in engine.index.all()]
    assert ids == ["hipsfirst/adductor-roll", "hipsfirst/frog-stretch", "hipsfirst/piriformis-roll"]
    frog = engine.index.entries["hipsfirst/frog-stretch"].exercise
    assert [rung.id for rung in frog.ladder] == ["narrow", "wide"]


def test_rule_votes_for_hip_work_when_sitting() -> None:
    routine = make_engine().recommend(Context(sitting=True))
    assert [item.exercise for item in routine.items] == [
        "hipsfirst/adductor-roll",
        "hipsfirst/piriformis-roll",
        "hipsfirst/frog-stretch",
    ]
    reasons = {r.rule for item in routine.items for r in item.reasons}
    assert "hipsfirst-rule:hips-first" in reasons


def test_no_sitting_no_votes() -> None:
    assert make_engine().recommend(Context()).items == ()


def test_limit_moves_piriformis_to_uncrossed() -> None:
    routine = make_engine().recommend(Context(sitting=True, limits=("cross-legs",)))
    piri = next(i for i in routine.items if i.exercise == "hipsfirst/piriformis-roll")
    assert piri.variation.id == "uncrossed"

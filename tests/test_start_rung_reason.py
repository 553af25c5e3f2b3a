"""Every laddered item that starts above its first rung says why it starts there."""

from __future__ import annotations

import pytest
from lowback import Context, Engine


@pytest.mark.parametrize(
    "context",
    [
        Context(sitting=True, timing="after-legs", pain=1, screened=True),
        Context(sitting=True, heavy_lifting=True, pain=1, screened=True),
        Context(screened=True),
    ],
)
def test_a_start_above_the_first_rung_gives_its_reason(builtins: Engine, context: Context) -> None:
    routine = builtins.recommend(context)
    above = [i for i in routine.items if i.variation.rung > 1]
    assert above
    for item in above:
        starts = [r.text for r in item.reasons if r.text.startswith("Starts on")]
        assert len(starts) == 1, item.exercise
        assert f"'{item.variation.name}'" in starts[0]


def test_the_crossed_piriformis_start_says_how_to_start_easier(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, screened=True))
    roll = next(i for i in routine.items if i.exercise == "shimada/piriformis-roll")
    assert roll.variation.id == "crossed"
    (start,) = [r.text for r in roll.reasons if r.text.startswith("Starts on")]
    assert "'Legs uncrossed'" in start and "--limit cross-legs" in start
    # and that limit does give the easier rung, with no "Starts on" line left over
    easier = builtins.recommend(Context(sitting=True, limits=("cross-legs",), screened=True))
    roll = next(i for i in easier.items if i.exercise == "shimada/piriformis-roll")
    assert roll.variation.id == "uncrossed"
    assert not [r for r in roll.reasons if r.text.startswith("Starts on")]

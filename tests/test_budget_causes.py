"""The time budget says the real cause of each drop: too long for the time left (a less
relevant item was kept), or less relevant than everything kept."""

from __future__ import annotations

import pytest
from lowback import Context, Engine, Routine
from lowback.plugins.budget import TimeBudget
from lowback.rules import DraftItem, Drop


def _budget_reasons(routine: Routine) -> dict[str, str]:
    return {
        lo.exercise: r.text
        for lo in routine.left_out
        for r in lo.reasons
        if r.rule.endswith(":time-budget")
    }


@pytest.mark.parametrize("minutes", [1, 3, 5])
def test_each_drop_names_the_cause_that_applied(builtins: Engine, minutes: int) -> None:
    context = Context(sitting=True, timing="after-legs", pain=1, screened=True, minutes=minutes)
    routine = builtins.recommend(context)
    rank = {i.exercise: i.score for i in routine.items}
    reasons = _budget_reasons(routine)
    assert reasons
    full = {
        i.exercise: i
        for i in builtins.recommend(context.model_copy(update={"minutes": None})).items
    }
    for key, text in reasons.items():
        assert " or too long" not in text  # one cause, not two
        score = full[key].score
        if "did not fit the" in text:
            # a kept item is no more relevant than this one: time was the cause
            assert min(rank.values()) <= score, text
        else:
            assert "less relevant than what was kept" in text
            assert f"score {score}" in text
            assert all(s >= score for s in rank.values()), text


def test_a_drop_only_for_time_is_said_so_in_every_format(builtins: Engine) -> None:
    from lowback.render import render

    context = Context(sitting=True, timing="after-legs", pain=1, screened=True, minutes=1)
    routine = builtins.recommend(context)
    fits = [t for t in _budget_reasons(routine).values() if "did not fit the 60 s left" in t]
    assert fits, "a score-3 roll is dropped only because it is too long for the minute"
    for fmt in ("text", "markdown", "html"):
        assert "did not fit the 60 s left" in render(routine, fmt)
    assert "did not fit the 60 s left" in routine.model_dump_json()


def test_when_nothing_fits_the_cause_is_the_time(builtins: Engine) -> None:
    rule = TimeBudget()
    draft = [
        DraftItem(exercise="x/a", name="A", seconds=90, score=1),
        DraftItem(exercise="x/b", name="B", seconds=120, score=2),
    ]
    drops = list(rule.review(Context(minutes=1), draft, builtins.index))
    assert len(drops) == 2
    for drop in drops:
        assert isinstance(drop, Drop)
        assert drop.text.endswith("it did not fit the 60 s left.")

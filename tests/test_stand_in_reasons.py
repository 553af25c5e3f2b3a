"""A stand-in's reason names the exercise ruled out, and schedule lines name their items
whenever the routine mixes catalogues, never crediting an article for a stand-in."""

from __future__ import annotations

import datetime as dt

import pytest
from lowback import Context, Engine
from lowback.models import Progress


def test_a_stand_ins_reason_names_the_exercise_ruled_out(builtins: Engine) -> None:
    routine = builtins.recommend(
        Context(timing="after-legs", limits=("kneeling",), pain=1, screened=True)
    )
    stand_in = next(i for i in routine.items if i.exercise == "relief/psoas-stretch")
    why = " ".join(r.text for r in stand_in.reasons)
    assert "this exercise" not in why
    assert "the Half-kneeling psoas stretch puts weight on a knee" in why


@pytest.mark.parametrize(
    "context",
    [
        Context(timing="after-legs", limits=("kneeling",), pain=1, screened=True),
        Context(
            sitting=True,
            timing="after-legs",
            conditions=("knee-replacement",),
            pain=1,
            screened=True,
        ),
        Context(timing="after-legs", limits=("kneeling",), minutes=3, pain=1, screened=True),
    ],
)
def test_schedule_lines_name_their_items_and_credit_no_article_for_a_stand_in(
    builtins: Engine, context: Context
) -> None:
    routine = builtins.recommend(context)
    catalogues = {i.exercise.split("/")[0] for i in routine.items}
    assert "relief" in catalogues  # the stand-in, scheduled by the other article
    lines = [a for a in routine.advice if a.kind == "frequency"]
    assert lines
    for line in lines:
        assert line.text.startswith("For item")  # every line says which items it covers
    stand_in = next(i for i in routine.items if i.exercise == "relief/psoas-stretch")
    own = [a for a in lines if f"item {stand_in.step}," in a.text]
    assert len(own) == 1
    assert own[0].source is None  # no article is credited with it
    assert "lowback's choice" in own[0].text
    for line in lines:
        if line.source is not None:  # an article's line never covers the stand-in
            assert f"item {stand_in.step}" not in line.text


def test_a_next_session_line_for_some_items_says_the_others_keep_their_schedule(
    builtins: Engine,
) -> None:
    first = dt.date(2024, 1, 1)
    progress = Progress(sessions=1, first_day=first, last_day=first, today=dt.date(2024, 1, 2))
    routine = builtins.recommend(
        Context(sitting=True, heavy_lifting=True, progress=progress, screened=True)
    )
    due = [a.text for a in routine.advice if "Next session due" in a.text]
    assert due
    for text in due:
        assert text.startswith("For item")  # the mixed routine: only the tapering items
        assert "the others keep to their own schedule" in text


@pytest.mark.parametrize("condition", ["hip-replacement", "osteoporosis"])
def test_no_stand_in_repeats_an_item_the_routine_gives(builtins: Engine, condition: str) -> None:
    routine = builtins.recommend(
        Context(timing="before-workout", conditions=(condition,), screened=True)
    )
    given = [i for i in routine.items if "psoas" in i.targets]
    # One psoas stretch done half-kneeling, not two.
    assert [i.exercise for i in given] == ["relief/deep-quad-psoas-stretch"]
    (seated,) = [lo for lo in routine.left_out if lo.exercise == "relief/psoas-stretch"]
    (why,) = [r for r in seated.reasons if r.rule == "lowback:substitute"]
    assert why.effect == "veto" and "Deep quad and psoas stretch" in why.text

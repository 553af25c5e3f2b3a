"""The progression rule and the schedule: pure functions of the history handed in as data."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lowback import Context, Engine
from lowback.models import Done, ExerciseProgress, Progress, Routine, RoutineItem
from lowback.plugins import progression
from lowback.rules import ChooseRung, Note, ScheduleNote, SetDose
from lowback.schedule import (
    DAILY_DAYS,
    LAST_DAY,
    TAPER_GAP_DAYS,
    describe_next,
    next_due,
    plan,
    planned_days,
)

D0 = dt.date(2024, 1, 1)


def day(n: int) -> dt.date:
    """Day ``n`` of the history, counted from 1."""
    return D0 + dt.timedelta(days=n - 1)


def done(
    n: int,
    rung: str,
    rating: str | None,
    *,
    sets: int = 1,
    amount: int = 10,
    pain: tuple[int, int] | None = (2, 1),
) -> Done:
    before, after = pain if pain is not None else (None, None)
    return Done.model_validate(
        {
            "session": n,
            "day": day(n),
            "rung": rung,
            "sets": sets,
            "amount": amount,
            "rating": rating,
            "pain_before": before,
            "pain_after": after,
        }
    )


def progress(today: int, **exercises: list[Done]) -> Progress:
    """A history where keyword ``catalogue__exercise`` holds its sessions."""
    items = tuple(
        ExerciseProgress(exercise=key.replace("__", "/").replace("_", "-"), recent=tuple(ds))
        for key, ds in exercises.items()
    )
    sessions = {d.session for ds in exercises.values() for d in ds}
    days = [d.day for ds in exercises.values() for d in ds]
    return Progress(
        sessions=len(sessions),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        today=day(today),
        exercises=items,
    )


def item(routine: Routine, key: str) -> RoutineItem:
    for it in routine.items:
        if it.exercise == key:
            return it
    raise AssertionError(f"{key} not in routine: {[i.exercise for i in routine.items]}")


def step_reason(it: RoutineItem) -> str:
    texts = [r.text for r in it.reasons if r.rule == "progression:step"]
    assert texts, f"no progression reason on {it.exercise}: {it.reasons}"
    return " | ".join(texts)


AFTER = {"sitting": True, "timing": "after-legs"}
BEFORE = {"sitting": True, "timing": "before-workout"}


def run(engine: Engine, prog: Progress | None, **ctx: object) -> Routine:
    return engine.recommend(Context.model_validate({**ctx, "progress": prog}))


# -- levels ----------------------------------------------------------------------


def test_ql_levels_rise_within_the_articles_range_hold_first_then_sets(builtins: Engine) -> None:
    ql = builtins.index.entries["relief/ql-stretch"].exercise
    steps = [(lv.sets, lv.amount) for lv in progression.levels(ql)]
    assert steps == [(2, 20), (2, 30), (3, 30)]


def test_frog_levels_are_its_three_widths(builtins: Engine) -> None:
    frog = builtins.index.entries["shimada/frog-stretch"].exercise
    assert [frog.ladder[lv.rung].id for lv in progression.levels(frog)] == [
        "narrow",
        "medium",
        "wide",
    ]


# -- no history, first time --------------------------------------------------------


def test_without_progress_the_rule_says_nothing(builtins: Engine) -> None:
    plain = run(builtins, None, **AFTER)
    assert not any(r.rule.startswith("progression:") for i in plain.items for r in i.reasons)
    assert not any(a.source == "progression:schedule" for a in plain.advice)


def test_an_exercise_never_done_has_too_little_data(builtins: Engine) -> None:
    prog = progress(2, relief__ql_stretch=[done(1, "standard", "easier", sets=2, amount=20)])
    frog = item(run(builtins, prog, **AFTER), "shimada/frog-stretch")
    assert frog.variation.id == "medium"  # the usual start
    assert "too little data" in step_reason(frog)
    assert "lowback's default start" in step_reason(frog)


# -- up, hold, down ---------------------------------------------------------------


def test_frog_widens_after_three_sessions_rated_easier(builtins: Engine) -> None:
    prog = progress(4, shimada__frog_stretch=[done(n, "narrow", "easier") for n in (1, 2, 3)])
    frog = item(run(builtins, prog, **AFTER), "shimada/frog-stretch")
    assert frog.variation.id == "medium"
    assert "Up one step to 'Medium" in step_reason(frog)
    assert "3 in a row is lowback's default" in step_reason(frog)


def test_two_sessions_are_too_little_data(builtins: Engine) -> None:
    prog = progress(3, shimada__frog_stretch=[done(n, "narrow", "easier") for n in (1, 2)])
    frog = item(run(builtins, prog, **AFTER), "shimada/frog-stretch")
    assert frog.variation.id == "narrow"  # held below the usual start: history wins
    assert "2 of 3" in step_reason(frog)
    assert "too little data" in step_reason(frog)


def test_a_rating_of_right_holds(builtins: Engine) -> None:
    ds = [done(1, "narrow", "easier"), done(2, "narrow", "easier"), done(3, "narrow", "right")]
    frog = item(
        run(builtins, progress(4, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "narrow"
    assert "about right" in step_reason(frog)


def test_easier_with_pain_rising_does_not_count(builtins: Engine) -> None:
    ds = [
        done(1, "narrow", "easier"),
        done(2, "narrow", "easier"),
        done(3, "narrow", "easier", pain=(2, 3)),
    ]
    frog = item(
        run(builtins, progress(4, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "narrow"
    assert "pain rose" in step_reason(frog)


def test_unrated_sessions_neither_count_nor_break_the_run(builtins: Engine) -> None:
    ds = [
        done(1, "narrow", "easier"),
        done(2, "narrow", None, pain=None),
        done(3, "narrow", "easier"),
        done(4, "narrow", "easier"),
    ]
    frog = item(
        run(builtins, progress(5, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "medium"


@pytest.mark.parametrize(
    ("rating", "pain", "words"),
    [
        ("harder", (2, 2), "rated it harder"),
        ("right", (2, 4), "pain rose from 2 to 4"),
        ("easier", (6, 6), "pain was 6 after"),
    ],
)
def test_steps_down_after_harder_or_pain(
    builtins: Engine, rating: str, pain: tuple[int, int], words: str
) -> None:
    ds = [done(1, "wide", "easier"), done(2, "wide", rating, pain=pain)]
    frog = item(
        run(builtins, progress(3, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "medium"
    assert "Down one step" in step_reason(frog)
    assert words in step_reason(frog)


def test_a_rise_of_one_does_not_step_down(builtins: Engine) -> None:
    ds = [done(1, "wide", "right", pain=(2, 3))]
    frog = item(
        run(builtins, progress(2, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "wide"


def test_at_the_easiest_a_painful_session_holds_and_says_see_a_clinician(builtins: Engine) -> None:
    ds = [done(1, "narrow", "harder", pain=(3, 7))]
    frog = item(
        run(builtins, progress(2, shimada__frog_stretch=ds), **AFTER), "shimada/frog-stretch"
    )
    assert frog.variation.id == "narrow"
    assert "already the easiest" in step_reason(frog)
    assert "clinician" in step_reason(frog)


def test_the_top_rung_holds(builtins: Engine) -> None:
    ds = [done(n, "crossed", "easier", amount=60) for n in (1, 2, 3)]
    roll = item(
        run(builtins, progress(4, shimada__piriformis_roll=ds), **AFTER), "shimada/piriformis-roll"
    )
    assert roll.variation.id == "crossed"
    assert "top of its ladder" in step_reason(roll)


def test_piriformis_moves_to_crossed(builtins: Engine) -> None:
    ds = [done(n, "uncrossed", "easier", amount=60) for n in (1, 2, 3)]
    roll = item(
        run(builtins, progress(4, shimada__piriformis_roll=ds), **AFTER), "shimada/piriformis-roll"
    )
    assert roll.variation.id == "crossed"
    assert "Up one step to 'Leg crossed'" in step_reason(roll)


def test_a_limit_stops_the_step_up_and_says_how_to_lift_it(builtins: Engine) -> None:
    ds = [done(n, "uncrossed", "easier", amount=60) for n in (1, 2, 3)]
    prog = progress(4, shimada__piriformis_roll=ds)
    roll = item(run(builtins, prog, limits=["cross-legs"], **AFTER), "shimada/piriformis-roll")
    assert roll.variation.id == "uncrossed"
    reason = step_reason(roll)
    assert "Ready for 'Leg crossed'" in reason
    assert "lowback profile set --no-limit cross-legs" in reason


def test_psoas_keeps_its_rocking_form(builtins: Engine) -> None:
    ds = [done(n, "rocking", "easier") for n in (1, 2, 3, 4)]
    psoas = item(
        run(builtins, progress(5, shimada__psoas_stretch=ds), **AFTER), "shimada/psoas-stretch"
    )
    assert psoas.variation.id == "rocking"
    assert psoas.dose.reps == 10 and psoas.dose.hold_s is None
    assert "Keeps its one form ('Rocking, not held')" in step_reason(psoas)


def test_ql_dose_rises_two_to_three_sets_and_twenty_to_thirty_seconds(builtins: Engine) -> None:
    def ql_after(level: tuple[int, int]) -> RoutineItem:
        sets, hold = level
        ds = [done(n, "standard", "easier", sets=sets, amount=hold) for n in (1, 2, 3)]
        return item(
            run(builtins, progress(4, relief__ql_stretch=ds), **BEFORE), "relief/ql-stretch"
        )

    first = ql_after((2, 20))
    assert (first.dose.sets, first.dose.hold_s) == (2, 30)
    assert "within the article's range" in step_reason(first)
    second = ql_after((2, 30))
    assert (second.dose.sets, second.dose.hold_s) == (3, 30)
    top = ql_after((3, 30))
    assert (top.dose.sets, top.dose.hold_s) == (3, 30)
    assert "top of its ladder" in step_reason(top)


def test_ql_steps_back_down_its_dose(builtins: Engine) -> None:
    ds = [done(1, "standard", "harder", sets=3, amount=30)]
    ql = item(run(builtins, progress(2, relief__ql_stretch=ds), **BEFORE), "relief/ql-stretch")
    assert (ql.dose.sets, ql.dose.hold_s) == (2, 30)
    assert "Down one step" in step_reason(ql)


def test_a_rung_the_catalogue_no_longer_has_starts_afresh(builtins: Engine) -> None:
    ds = [done(1, "gone", "easier")]
    routine = run(builtins, progress(2, shimada__frog_stretch=ds), **AFTER)
    assert item(routine, "shimada/frog-stretch").variation.id == "medium"
    assert any("no longer has" in a.text for a in routine.advice)


def test_decisions_are_deterministic_and_plain(builtins: Engine) -> None:
    prog = progress(
        4,
        shimada__frog_stretch=[done(n, "narrow", "easier") for n in (1, 2, 3)],
        relief__ql_stretch=[done(n, "standard", "easier", sets=2, amount=20) for n in (1, 2, 3)],
    )
    context = Context.model_validate({**AFTER, "progress": prog})
    rules = [progression.Progression(), progression.Schedule()]
    first = [list(r.decide(context, builtins.index)) for r in rules]
    again = [list(r.decide(context, builtins.index)) for r in reversed(rules)][::-1]
    assert first == again
    kinds = {type(d) for ds in first for d in ds}
    assert kinds <= {ChooseRung, SetDose, Note, ScheduleNote}


def test_same_history_same_routine_whatever_the_plugin_order() -> None:
    from conftest import builtin_modules

    prog = progress(4, shimada__frog_stretch=[done(n, "narrow", "easier") for n in (1, 2, 3)])
    context = Context.model_validate({**AFTER, "progress": prog})
    modules = builtin_modules()
    outputs = set()
    for seed in range(3):
        shuffled = modules[:]
        random.Random(seed).shuffle(shuffled)
        outputs.add(Engine(plugins=shuffled, strict=True).recommend(context).model_dump_json())
    assert len(outputs) == 1


def test_progress_json_is_sorted_and_stable() -> None:
    a = ExerciseProgress(exercise="b/x", recent=(done(2, "standard", "easier"),))
    b = ExerciseProgress(
        exercise="a/x", recent=(done(3, "standard", None), done(1, "standard", None))
    )
    one = Progress(sessions=3, exercises=(a, b))
    two = Progress(sessions=3, exercises=(b, a))
    assert one.model_dump_json() == two.model_dump_json()
    assert [e.exercise for e in one.exercises] == ["a/x", "b/x"]
    assert [d.session for d in one.exercises[0].recent] == [1, 3]


# -- the schedule -----------------------------------------------------------------


def test_daily_for_two_weeks_then_every_third_day() -> None:
    assert DAILY_DAYS == 14 and TAPER_GAP_DAYS == 3
    assert next_due(day(1), day(5), day(5)).day == day(6)
    assert next_due(day(1), day(13), day(13)).day == day(14)
    assert next_due(day(1), day(14), day(14)).day == day(17)
    assert next_due(day(1), day(17), day(17)).phase == "taper"


def test_an_overdue_session_is_due_today() -> None:
    due = next_due(day(1), day(3), day(10))
    assert due.day == day(10) and due.overdue_since == day(4)


def test_plan_with_no_history_starts_today() -> None:
    planned = plan(None, None, day(1), 4)
    days = [p.day for p in planned]
    assert days[:14] == [day(n) for n in range(1, 15)]
    assert days[14:] == [day(17), day(20), day(23), day(26)]
    assert all(p.phase == "daily" for p in planned[:14])
    assert all(p.phase == "taper" for p in planned[14:])
    per_week = [sum(1 for d in days[14:] if (d - day(15)).days // 7 == w) for w in range(2)]
    assert all(2 <= n <= 3 for n in per_week)


@given(
    first=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    offset=st.integers(-5, 200),
    length=st.integers(0, 40),
)
def test_a_window_of_the_plan_is_the_plan_seen_through_it(
    first: dt.date, offset: int, length: int
) -> None:
    # progress counts each week's planned sessions from a window of the plan.
    start = first + dt.timedelta(days=offset)
    end = start + dt.timedelta(days=length)
    whole = [p.day for p in plan(None, None, first, 40)]
    assert planned_days(first, start, end) == [d for d in whole if start <= d <= end]


def test_the_plan_window_at_the_calendars_end_is_the_taper() -> None:
    days = planned_days(day(1), LAST_DAY - dt.timedelta(days=6), dt.date(9999, 12, 31))
    assert 2 <= len(days) <= 3 and days[-1] <= LAST_DAY
    assert all((b - a).days == TAPER_GAP_DAYS for a, b in itertools.pairwise(days))


def test_the_schedule_note_says_when_and_why(builtins: Engine) -> None:
    prog = progress(4, shimada__frog_stretch=[done(n, "narrow", "easier") for n in (1, 2, 3)])
    _, text = describe_next(prog)
    assert "Next session due Thu 2024-01-04 (today)" in text
    assert "lowback's default" in text
    routine = run(builtins, prog, **AFTER)
    assert any(a.source == "progression:schedule" and a.text == text for a in routine.advice)

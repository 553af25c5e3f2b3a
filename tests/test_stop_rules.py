"""Every routine given carries the stop rules, in every format; pain 4-6 makes doses smaller."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lowback import Context, Engine
from lowback.cli import main

STOP = "Stretch only to a mild, comfortable tension, never into pain."
SPREADS = "if pain spreads down a leg, or tingling, numbness or weakness starts"
DAY = ["--sitting", "--after-legs", "--no-profile", "--no-history"]
CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_carries_the_stop_rules(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(
        main, ["recommend", *DAY, "--format", fmt], prog_name="lowback", env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        text = " ".join(a["text"] for a in json.loads(text)["advice"] if a["kind"] == "safety")
    assert STOP in text
    assert SPREADS in text


def test_a_halted_routine_ends_with_what_to_do_not_the_stop_rules(engine: Engine) -> None:
    routine = engine.recommend(Context(sitting=True, red_flags=("bladder-bowel",)))
    assert routine.halted and routine.items == ()
    assert [a.kind for a in routine.advice] == ["stop"]
    assert "emergency" in routine.advice[-1].text


def test_pain_4_to_6_gives_one_set_and_half_the_dose(engine: Engine) -> None:
    day = Context(sitting=True, timing="before-workout")
    plain = {i.exercise: i for i in engine.recommend(day).items}
    sore = engine.recommend(day.model_copy(update={"pain": 5}))
    assert sore.items
    for item in sore.items:
        before = plain[item.exercise].dose if item.exercise in plain else None
        dose = item.dose
        assert dose.sets == 1
        assert dose.sets_max is None and dose.hold_s_max is None and dose.reps_max is None
        if before is not None and item.variation.rung == 1:
            for field in ("reps", "hold_s", "duration_s"):
                was = getattr(before, field)
                if was is not None and was > 1:
                    assert getattr(dose, field) == -(-was // 2), (item.exercise, field)
                    assert field in dose.ours
        assert any(
            r.rule == "lowback:screen" and r.effect == "dose" and "Pain 5/10" in r.text
            for r in item.reasons
        )
    assert sore.total_seconds < engine.recommend(day).total_seconds


def test_pain_0_to_3_keeps_the_dose(engine: Engine) -> None:
    day = Context(sitting=True, timing="after-legs")
    assert engine.recommend(day.model_copy(update={"pain": 3})).items == (
        engine.recommend(day).items
    )


def test_the_command_line_shows_the_smaller_dose(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["recommend", *DAY, "--pain", "5"], prog_name="lowback", env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    assert "Pain 5/10 now: one set, and half the usual reps or time" in result.stdout
    assert "1 set* x 30 s*, each side" in result.stdout  # the quad roll: 60 s halved

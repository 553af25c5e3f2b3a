"""Screened before the first routine: where nobody can be asked, the routine says the signs.

In a terminal, `recommend` and `session` ask the screen first (tests/test_session.py
drives that under a pseudo-terminal). Here: scripts, pipes and the Python API.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lowback import Context, Engine
from lowback.cli import main

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
DAY = ["recommend", "--sitting", "--after-legs", "--no-history"]
LEAD = "go to A&E or call 999 now"


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> str:
    result = runner.invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV, input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_routine_for_someone_not_screened_leads_with_the_emergency_signs(
    runner: CliRunner,
) -> None:
    lines = run(runner, *DAY).splitlines()
    assert lines[1].startswith("Not screened: if you have new bladder or bowel problems")
    assert LEAD in lines[1]
    assert " 1. " in "\n".join(lines)  # the routine is still given


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_printable_format_leads_with_them(runner: CliRunner, fmt: str) -> None:
    out = run(runner, *DAY, "--format", fmt).replace("&amp;", "&")
    assert LEAD in out
    assert out.index(LEAD) < out.index("Adductor foam roll")


def test_the_json_says_the_screen_was_not_answered(runner: CliRunner) -> None:
    routine = json.loads(run(runner, *DAY, "--format", "json"))
    assert routine["context"]["screened"] is False
    assert routine["advice"][0]["kind"] == "unscreened"


@pytest.mark.parametrize(
    "answers",
    [["--red-flag", "night-pain", "--cleared"], ["--pain", "2"]],
    ids=["red-flag", "pain"],
)
def test_answers_given_as_flags_count(runner: CliRunner, answers: list[str]) -> None:
    routine = json.loads(run(runner, *DAY, *answers, "--format", "json"))
    assert routine["context"]["screened"] is True
    assert "unscreened" not in [a["kind"] for a in routine["advice"]]


def test_a_context_that_answers_the_red_flags_counts(runner: CliRunner) -> None:
    text = '{"sitting": true, "red_flags": []}'
    routine = json.loads(run(runner, "recommend", "--context", "-", "--format", "json", stdin=text))
    assert routine["context"]["screened"] is True
    bare = json.loads(
        run(runner, "recommend", "--context", "-", "--format", "json", stdin='{"sitting": true}')
    )
    assert bare["context"]["screened"] is False


def test_saved_answers_count_while_fresh(runner: CliRunner) -> None:
    run(runner, "screen", "--no-red-flags", "--pain", "1", "--save")
    routine = json.loads(run(runner, *DAY, "--format", "json"))
    assert routine["context"]["screened"] is True


def test_the_python_api_says_it_too_unless_told_the_person_was_screened(engine: Engine) -> None:
    plain = engine.recommend(Context(sitting=True))
    assert plain.advice[0].kind == "unscreened" and LEAD in plain.advice[0].text
    asked = engine.recommend(Context(sitting=True, screened=True))
    assert "unscreened" not in [a.kind for a in asked.advice]
    assert asked.items == plain.items


def test_a_halted_routine_does_not_repeat_them(engine: Engine) -> None:
    routine = engine.recommend(Context(red_flags=("chest-pain",)))
    assert routine.halted and [a.kind for a in routine.advice] == ["stop"]

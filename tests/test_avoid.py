"""``--avoid EXERCISE``: a disliked exercise is left out, the routine says so, and the
profile can keep it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from lowback import Context, ContextError, Engine
from lowback.cli import main

AVOIDED = "You asked to leave this exercise out (--avoid)."


def lowback(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def items(*args: str) -> list[str]:
    result = lowback("recommend", "--format", "json", "--sitting", "--after-legs", *args)
    assert result.exit_code == 0, result.output
    return [item["exercise"] for item in json.loads(result.stdout)["items"]]


def test_an_avoided_exercise_is_left_out_and_the_routine_says_so() -> None:
    assert "shimada/frog-stretch" in items()
    result = lowback("recommend", "--sitting", "--after-legs", "--avoid", "frog-stretch")
    assert result.exit_code == 0, result.output
    assert "Frog stretch" not in result.stdout.split("Left out:")[0]
    assert f"  - Frog stretch: {AVOIDED}" in result.stdout.split("Left out:")[1]


def test_avoid_takes_the_full_key_and_repeats() -> None:
    left = items("--avoid", "shimada/frog-stretch", "--avoid", "quad-roll")
    assert "shimada/frog-stretch" not in left
    assert not [key for key in left if key.endswith("/quad-roll")]


def test_an_unknown_exercise_is_a_usage_error_with_the_closest_id() -> None:
    result = lowback("recommend", "--sitting", "--avoid", "frog-strech")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'frog-strech' is not an exercise id (did you mean 'frog-stretch'?)" in line


def test_the_engine_refuses_an_unknown_exercise_to_avoid(builtins: Engine) -> None:
    with pytest.raises(ContextError, match="avoid: 'nope' is not an exercise id"):
        builtins.recommend(Context(sitting=True, avoid=("nope",)))
    routine = builtins.recommend(Context(sitting=True, avoid=("frog-stretch",)))
    (left,) = [i for i in routine.left_out if i.exercise == "shimada/frog-stretch"]
    assert [(r.rule, r.fact) for r in left.reasons if r.text == AVOIDED] == [
        ("avoid:avoided", "avoid includes frog-stretch")
    ]


def test_the_profile_keeps_what_to_avoid_and_flags_add_to_it() -> None:
    saved = lowback("profile", "set", "--avoid", "frog-stretch")
    assert saved.exit_code == 0, saved.output
    assert 'avoid = ["frog-stretch"]' in saved.stdout
    both = items("--avoid", "psoas-stretch")
    assert "shimada/frog-stretch" not in both
    assert not [key for key in both if key.endswith("/psoas-stretch")]
    assert "shimada/frog-stretch" in items("--no-profile")
    cleared = lowback("profile", "set", "--no-avoid", "all")
    assert "avoid = []" in cleared.stdout
    assert lowback("profile", "set", "--avoid", "nope").exit_code == 2


def test_avoid_completes_exercise_ids() -> None:
    env = {
        "_LOWBACK_COMPLETE": "bash_complete",
        "COMP_WORDS": "lowback recommend --avoid frog",
        "COMP_CWORD": "3",
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="lowback")
    assert result.output.split() == ["plain,frog-stretch"]

"""Messages that say plainly what was wrong and what is valid (issue 19)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from lowback import Context, Engine
from lowback.cli import main
from lowback.cli.session import _ask_pain, _ask_ratings
from lowback.storage.history import Feedback


def test_a_bad_session_speed_names_the_variable_its_value_and_what_is_valid() -> None:
    result = CliRunner().invoke(
        main, ["session", "--feedback", "all=right"], env={"LOWBACK_SESSION_SPEED": "abc"}
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "LOWBACK_SESSION_SPEED is 'abc', which is not a number above 0" in line
    assert "could not convert" not in line and "Traceback" not in result.output


def _asked(func: object, answers: str) -> str:
    """What ``func()`` prints when a person types ``answers``."""
    runner = CliRunner()
    with runner.isolation(input=answers) as (out, _err, _):

        @click.command()
        def ask() -> None:
            func()  # type: ignore[operator]

        with pytest.raises(SystemExit):
            ask.main([], standalone_mode=True)
        return out.getvalue().decode()


def test_the_rating_prompt_says_what_each_rating_means(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True))
    first = routine.items[0]
    got: dict[str, Feedback] = {}
    shown = _asked(lambda: _ask_ratings(routine, [first.exercise], got), "x\ntoo hard\n")
    assert f"How was {first.name}? e = easy, ready for more; r = about right; h = too hard" in shown
    assert "Type e, r or h (e = easy, ready for more;" in shown  # after the bad answer 'x'
    assert got[first.exercise].rating == "harder"


def test_a_bad_pain_answer_says_the_range() -> None:
    got: list[int | None] = []
    shown = _asked(lambda: got.append(_ask_pain("Pain now, 0-10")), "abc\n11\n4\n")
    assert shown.count("A whole number from 0 (no pain) to 10 (the worst), or Enter to skip.") == 2
    assert "integer range" not in shown
    assert got == [4]


def test_a_bad_pain_answer_in_the_screen_says_the_range(_lowback_home: object) -> None:
    # "n" answers every yes/no question, and is a bad answer to the pain question.
    result = CliRunner().invoke(main, ["screen", "--ask"], input="n\n" * 40)
    asked = result.output
    assert "not a whole number from 0 to 10" in asked
    assert "not a valid integer range" not in asked


def test_a_missing_argument_is_one_line_naming_it_and_its_choices() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "Missing argument 'NAME'" in line and "catalogue, context, routine" in line
    assert "{" not in line

"""Shell completion: --limit values and catalogue names complete in bash, zsh and fish."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lowback.cli import main


def complete(shell: str, words: str) -> str:
    env = {
        "_LOWBACK_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="lowback")
    return result.output


def test_limit_values_complete() -> None:
    out = complete("bash", "lowback recommend --limit ")
    assert out.split() == ["plain,cross-legs", "plain,hip-opening", "plain,kneeling"]


def test_catalogue_names_complete() -> None:
    assert complete("bash", "lowback exercises --catalogue s").split() == ["plain,shimada"]
    both = complete("bash", "lowback exercises --catalogue ").split()
    assert both == ["plain,relief", "plain,shimada"]


def test_commands_complete() -> None:
    out = complete("bash", "lowback rec")
    assert out.split() == ["plain,recommend"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_has_a_script(shell: str) -> None:
    result = CliRunner().invoke(
        main, [], env={"_LOWBACK_COMPLETE": f"{shell}_source"}, prog_name="lowback"
    )
    assert result.exit_code == 0
    assert "_LOWBACK_COMPLETE" in result.output


def test_skip_completes_exercise_ids_short_when_unique() -> None:
    out = complete("bash", "lowback log --skip fro").split()
    assert out == ["plain,frog-stretch"]
    both = complete("bash", "lowback log --skip quad").split()
    assert both == ["plain,relief/quad-roll", "plain,shimada/quad-roll"]  # in two catalogues
    every = complete("bash", "lowback log --skip ").split()
    assert "plain,frog-stretch" in every and len(every) == len(set(every)) > 10


@pytest.mark.parametrize("command", ["log", "session", "history edit 1"])
def test_feedback_completes_the_id_then_the_rating(command: str) -> None:
    assert complete("bash", f"lowback {command} --feedback fro").split() == ["plain,frog-stretch="]
    assert complete("bash", f"lowback {command} --feedback al").split() == ["plain,all="]
    ratings = complete("bash", f"lowback {command} --feedback frog-stretch=").split()
    assert ratings == [f"plain,frog-stretch={r}" for r in ("easier", "right", "harder")]

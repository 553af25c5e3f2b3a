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

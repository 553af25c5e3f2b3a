"""An id two catalogues share names both full ids to choose from (audit: user 6).

Before, ``log --skip psoas-stretch`` with the relief and the shimada psoas stretch in
the routine listed the bare id twice and never said that ``shimada/psoas-stretch``
picks one.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lowback.cli import main

TODAY = {"LOWBACK_TODAY": "2026-11-24"}
BOTH = ("--sitting", "--heavy-lifting")  # a routine with both psoas stretches


@pytest.mark.parametrize(
    "args",
    [("--skip", "psoas-stretch"), ("--feedback", "psoas-stretch=right")],
)
def test_an_ambiguous_id_names_the_full_ids_to_give(args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, ["log", *BOTH, *args], env=TODAY)
    assert result.exit_code == 2, result.output
    assert (
        "'psoas-stretch' names more than one item of this routine: give one of "
        "relief/psoas-stretch, shimada/psoas-stretch"
    ) in result.stderr


def test_an_unknown_id_lists_the_items_as_they_can_be_typed() -> None:
    result = CliRunner().invoke(main, ["log", *BOTH, "--skip", "nosuch"], env=TODAY)
    assert result.exit_code == 2, result.output
    assert "relief/psoas-stretch, ql-stretch" in result.stderr
    assert "shimada/psoas-stretch" in result.stderr
    result = CliRunner().invoke(
        main,
        ["log", *BOTH, "--skip", "shimada/psoas-stretch", "--feedback", "all=right"],
        env=TODAY,
    )
    assert result.exit_code == 0, result.output


def test_history_edit_says_this_session_for_an_ambiguous_id() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["log", *BOTH], env=TODAY).exit_code == 0
    result = runner.invoke(
        main, ["history", "edit", "1", "--feedback", "psoas-stretch=right"], env=TODAY
    )
    assert result.exit_code == 2, result.output
    assert "names more than one item of this session: give one of relief/" in result.stderr

"""The ``lowback`` command line: every error path of issue 2, help, version and listings."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from lowback import __version__
from lowback.cli import main

from conftest import ISSUE2_PLUGINS

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
LIMITS = ("cross-legs", "hip-opening", "kneeling")


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV)


def assert_usage_error(result: Result, *names: str) -> str:
    """Exit code 2, one line on stderr naming ``names``, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("lowback: error: "), line
    for name in names:
        assert name in line, (name, line)
    return line


# -- bad values ----------------------------------------------------------------------


def test_unknown_limit_names_the_flag_and_every_limit(runner: CliRunner) -> None:
    line = assert_usage_error(
        invoke(runner, "recommend", "--after-legs", "--limit", "splits"), "--limit", "splits"
    )
    for limit in LIMITS:
        assert limit in line


@pytest.mark.parametrize("value", ["0", "-5", "241"])
def test_minutes_out_of_range_names_the_flag_and_the_range(runner: CliRunner, value: str) -> None:
    line = assert_usage_error(invoke(runner, "recommend", "--minutes", value), "--minutes")
    assert value in line
    assert "1" in line and "240" in line


def test_minutes_not_a_number_names_the_flag_and_the_range(runner: CliRunner) -> None:
    line = assert_usage_error(invoke(runner, "recommend", "--minutes", "abc"), "--minutes", "abc")
    assert "1" in line and "240" in line


def test_unknown_format_names_the_flag_and_both_formats(runner: CliRunner) -> None:
    assert_usage_error(
        invoke(runner, "recommend", "--sitting", "--format", "xml"),
        "--format",
        "xml",
        "text",
        "json",
    )


def test_after_legs_with_before_workout_names_both(runner: CliRunner) -> None:
    assert_usage_error(
        invoke(runner, "recommend", "--after-legs", "--before-workout"),
        "--after-legs",
        "--before-workout",
    )


def test_unknown_option_names_it_and_points_to_help(runner: CliRunner) -> None:
    assert_usage_error(
        invoke(runner, "recommend", "--sitting", "--standing-desk"),
        "--standing-desk",
        "lowback recommend --help",
    )


def test_unknown_command_names_it(runner: CliRunner) -> None:
    assert_usage_error(invoke(runner, "recomend"), "recomend")


def test_unknown_catalogue_names_the_flag_and_the_loaded_ones(runner: CliRunner) -> None:
    assert_usage_error(
        invoke(runner, "exercises", "--catalogue", "nope"),
        "--catalogue",
        "nope",
        "relief",
        "shimada",
    )


@pytest.mark.parametrize(
    ("flag", "choices"),
    [("--limit", LIMITS), ("--format", ("text", "json")), ("--minutes", ())],
)
def test_a_flag_without_its_value_is_a_one_line_usage_error(
    runner: CliRunner, flag: str, choices: tuple[str, ...]
) -> None:
    line = assert_usage_error(invoke(runner, "recommend", flag), flag)
    assert "lowback recommend --help" in line
    for choice in choices:
        assert choice in line


def test_a_good_value_after_a_bad_one_does_not_run(runner: CliRunner) -> None:
    result = invoke(runner, "recommend", "--sitting", "--limit", "kneeling", "--limit", "nope")
    assert_usage_error(result, "--limit")
    assert "Your routine" not in result.output


# -- help and version ----------------------------------------------------------------


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _commands(main)


def test_the_issue_commands_exist() -> None:
    assert {("recommend",), ("catalogues",), ("exercises",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "lowback")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(runner: CliRunner, path: tuple[str, ...], flag: str) -> None:
    result = invoke(runner, *path, flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: lowback {' '.join(path)}".rstrip())
    assert "Traceback" not in result.output


def test_help_lists_every_command_with_its_summary(runner: CliRunner) -> None:
    out = invoke(runner, "--help").stdout
    listed = out.split("Commands:\n", 1)[1].splitlines()
    names = [line.split()[0] for line in listed if line.startswith("  ") and line.split()]
    assert names == main.list_commands(click.Context(main))
    for line in listed:
        assert len(line.split()) > 1, f"no summary: {line!r}"


def test_recommend_help_lists_every_flag_and_limit(runner: CliRunner) -> None:
    out = invoke(runner, "recommend", "--help").stdout
    for flag in (
        "--sitting",
        "--heavy-lifting",
        "--after-legs",
        "--before-workout",
        "--limit",
        "--no-roller",
        "--minutes",
        "--format",
        "--explain",
    ):
        assert flag in out
    for limit in LIMITS:
        assert limit in out


def test_version_names_lowback_and_every_builtin_plugin(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"lowback {__version__}"
    listed = {line.split()[0] for line in lines[1:]}
    assert listed >= ISSUE2_PLUGINS
    for line in lines[1:]:
        if line.split()[0] in ISSUE2_PLUGINS:
            assert line.split()[1] == __version__


# -- catalogues and exercises --------------------------------------------------------


def test_catalogues_lists_both_with_source_and_plugin(runner: CliRunner) -> None:
    result = invoke(runner, "catalogues")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "shimada:" in out and "relief:" in out
    assert '"5 Recovery Exercise To Release Lower Back Tension", Kota Shimada' in out
    assert '"Lower Back Pain Exercises For Relief"' in out
    assert "V Shred" in out
    assert "5 exercises; plugin shimada" in out
    assert "8 exercises; plugin relief" in out


def _listing(out: str) -> dict[str, list[str]]:
    """``exercises`` output as exercise key -> its indented lines."""
    found: dict[str, list[str]] = {}
    key = None
    for line in out.splitlines():
        if not line.startswith(" "):
            key = line.split(":", 1)[0]
            found[key] = []
        elif key is not None:
            found[key].append(line.strip())
    return found


def test_exercises_lists_all_thirteen_with_their_plugin(runner: CliRunner) -> None:
    result = invoke(runner, "exercises")
    assert result.exit_code == 0, result.output
    listing = {k: v for k, v in _listing(result.stdout).items() if "/" in k}
    builtin = {k: v for k, v in listing.items() if k.split("/")[0] in ("shimada", "relief")}
    assert len(builtin) == 13
    for key, lines in builtin.items():
        assert f"plugin: {key.split('/')[0]}" in lines, key
    assert "ladder: uncrossed < crossed" in builtin["shimada/piriformis-roll"]
    assert "ladder: narrow < medium < wide" in builtin["shimada/frog-stretch"]


def test_exercises_of_one_catalogue(runner: CliRunner) -> None:
    result = invoke(runner, "exercises", "--catalogue", "shimada")
    assert result.exit_code == 0, result.output
    assert sorted(_listing(result.stdout)) == [
        "shimada/adductor-roll",
        "shimada/frog-stretch",
        "shimada/piriformis-roll",
        "shimada/psoas-stretch",
        "shimada/quad-roll",
    ]
    assert "foam-roller" in result.stdout


# -- recommend's outputs ---------------------------------------------------------------


def test_explain_names_rules_and_left_out_items(runner: CliRunner) -> None:
    result = invoke(runner, "recommend", "--sitting", "--after-legs", "--explain")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "sitting:long-sitting" in out
    assert "timing:article-timing" in out
    assert "Left out:" in out
    assert "relief/tfl-roll" in out


def test_text_output_gives_total_time_frequency_and_safety(runner: CliRunner) -> None:
    out = invoke(runner, "recommend", "--sitting", "--before-workout", "--no-roller").stdout
    assert "items, about" in out
    assert "How often:" in out
    assert "doctor" in out
    assert "not medical advice" in out
    assert "no foam roller" in out
    assert "(roll," not in out, "no rolling item without a roller"


# -- writing to a file -----------------------------------------------------------------


def test_output_writes_the_file_and_never_replaces_one_without_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "routine.md"
    first = invoke(runner, "recommend", "--sitting", "--format", "markdown", "-o", str(out))
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    assert first.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# Lower-back routine")

    out.write_text("mine", encoding="utf-8")
    again = invoke(runner, "recommend", "--sitting", "-o", str(out))
    assert again.exit_code == 1
    assert again.stderr == (
        f"lowback: error: --output {out}: the file exists; add --force to replace it "
        "(nothing was written)\n"
    )
    assert out.read_text(encoding="utf-8") == "mine"

    forced = invoke(runner, "recommend", "--sitting", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("Your routine")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["routine.md"]


def test_output_into_a_missing_folder_is_one_line_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "routine.txt"
    result = invoke(runner, "recommend", "--sitting", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"lowback: error: --output {out}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1

"""Ordinary mistakes end in one line, never a traceback (issue 17).

Non-ASCII digits, names longer than the system allows, a full disk under
stdout, closed standard streams and Ctrl-C each used to print a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import app, main

from conftest import run_lowback

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX shells and devices")


def lb(*args: str, code: int, **env: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("lowback: error: ")
    return lines[0]


def shell(script: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``sh -c SCRIPT sh python -m lowback ARGS``: lowback with its streams redirected."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    env["LOWBACK_HOME"] = str(home)
    return subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "lowback", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "value", ["all=right:\u00b2-1", "all=right:2-\u0661", "all=right:\uff13-4"]
)
def test_non_ascii_digits_in_feedback_are_one_line(_lowback_home: Path, value: str) -> None:
    line = one_line(lb("log", "--sitting", "--feedback", value, code=2).stderr)
    assert "--feedback" in line and "each 0-10" in line
    assert not (_lowback_home / "history.sqlite3").exists()


def test_a_routine_file_name_too_long_is_one_line(_lowback_home: Path) -> None:
    line = one_line(lb("log", "--routine", "r" * 300 + ".json", code=2).stderr)
    assert "--routine" in line and "too long" in line


def test_a_lowback_home_name_too_long_is_one_line(tmp_path: Path) -> None:
    home = str(tmp_path / ("h" * 300))
    for args in (["recommend", "--sitting"], ["log", "--sitting"], ["profile", "set", "--sitting"]):
        line = one_line(lb(*args, code=1, LOWBACK_HOME=home).stderr)
        assert "profile.toml" in line and "too long" in line


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["recommend"], ["recommend", "--format", "html"], ["--help"]])
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(_lowback_home: Path, args: list[str]) -> None:
    result = shell('exec "$@" > /dev/full', *args, home=_lowback_home)
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in one_line(result.stderr)


@posix_only
def test_a_closed_stdout_is_one_line_and_nothing_lands_elsewhere(_lowback_home: Path) -> None:
    result = shell('exec "$@" >&-', "log", "--sitting", home=_lowback_home)
    assert result.returncode == 1
    assert "standard output is closed" in one_line(result.stderr)
    assert not (_lowback_home / "history.sqlite3").exists()


@posix_only
def test_a_closed_stdin_reads_as_empty(_lowback_home: Path) -> None:
    result = shell('exec "$@" <&-', "log", "--routine", "-", home=_lowback_home)
    assert result.returncode == 2
    assert "--routine" in one_line(result.stderr)
    ok = shell('exec "$@" <&-', "recommend", "--sitting", home=_lowback_home)
    assert ok.returncode == 0 and "Traceback" not in ok.stderr and ok.stdout


def test_ctrl_c_while_starting_is_a_quiet_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(app.Settings, "engine", interrupted)
    result = CliRunner().invoke(main, ["recommend", "--sitting"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "" and result.stdout == ""


def test_the_history_is_not_left_holding_a_session_after_an_error(_lowback_home: Path) -> None:
    result = run_lowback(["log", "--sitting", "--feedback", "all=right:²-1"])
    assert result.returncode == 2
    one_line(result.stderr)
    assert not (_lowback_home / "history.sqlite3").exists()


def test_a_file_error_no_command_expected_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    name = "n" * 300

    def too_long(_self: object) -> None:
        raise OSError(errno.ENAMETOOLONG, "File name too long", name)

    monkeypatch.setattr(app.Settings, "engine", too_long)
    result = CliRunner().invoke(main, ["recommend", "--sitting"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert one_line(result.stderr) == f"lowback: error: {name}: File name too long"


def test_new_with_a_folder_name_too_long_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "catalogue", "mine", "--dir", "d" * 300])
    assert result.exit_code in (1, 2)
    assert "too long" in one_line(result.stderr)

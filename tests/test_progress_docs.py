"""Every shell and Python example in docs/progress.md works when pasted, and the
walk-through "A week with lowback" works day by day, in order, in one home."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lowback.cli import main

from conftest import ROOT

DOC = (ROOT / "docs" / "progress.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", DOC, flags=re.S)
DAY = re.compile(r"# Day (\d+), \w{3} (\d{4}-\d{2}-\d{2}):")
WEEK = [(DAY.match(block), block) for block in BLOCKS if DAY.match(block)]
"""The walk-through's blocks: each starts with the day it is run on."""
SHELL = [block for block in BLOCKS if not DAY.match(block)]
"""Every other example: each runs on its own, in a fresh home."""
PYTHON = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)
NEEDS_A_TERMINAL = "# needs a terminal"


def test_the_doc_has_examples() -> None:
    assert len(SHELL) >= 7 and PYTHON
    assert any(NEEDS_A_TERMINAL in block for block in SHELL)


def _bash(script: str, cwd: Path, home: Path, today: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": os.pathsep.join((os.path.dirname(sys.executable), os.environ.get("PATH", ""))),
        "LOWBACK_HOME": str(home),
        "LOWBACK_TODAY": today,
        "LOWBACK_SESSION_SPEED": "100000",
        "TMPDIR": str(cwd),
    }
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash")
@pytest.mark.parametrize("number", range(len(SHELL)))
def test_shell_example_runs(number: int, tmp_path: Path, _lowback_home: Path) -> None:
    script = "\n".join(line for line in SHELL[number].splitlines() if NEEDS_A_TERMINAL not in line)
    proc = _bash(script, tmp_path, _lowback_home, "2024-01-04")
    assert proc.returncode == 0, f"{script}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    assert "Traceback" not in proc.stderr


def _run_line(line: str, today: str) -> str:
    """One walk-through line, ``lowback ARGS [| grep [-E] PATTERN]``, run in-process
    (much faster than a shell per command); the output, after the grep when there is one."""
    words = shlex.split(line, comments=True)
    assert words[0] == "lowback", line
    command, grep = (
        (words, None)
        if "|" not in words
        else (words[: words.index("|")], words[words.index("|") + 1 :])
    )
    result = CliRunner().invoke(
        main, command[1:], env={"LOWBACK_TODAY": today}, catch_exceptions=False
    )
    assert result.exit_code == 0, (line, result.stdout, result.stderr)
    if grep is None:
        return result.stdout
    assert grep[0] == "grep" and grep[1:-1] in ([], ["-E"]), line
    found = [x for x in result.stdout.splitlines() if re.search(grep[-1], x)]
    assert found, f"{line}: nothing matched in\n{result.stdout}"  # grep would exit 1
    return "\n".join(found)


def test_a_week_with_lowback_runs_day_by_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [int(match.group(1)) for match, _ in WEEK]
    assert days == sorted(days) and days[0] == 1 and len(days) >= 5
    lines = [x for _, block in WEEK for x in block.splitlines() if x.startswith("lowback ")]
    for command in ("profile set", "screen", "recommend", "session", "log", "history", "plan"):
        assert any(x.startswith(f"lowback {command}") for x in lines), command
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOWBACK_SESSION_SPEED", "100000")
    said: dict[str, str] = {}
    for match, block in WEEK:
        for line in block.splitlines():
            if line.startswith("lowback "):
                said[line] = _run_line(line, match.group(2))
    # What the doc says the week shows.
    assert "Up one step" in said["lowback recommend --explain | grep -E 'Up one step|Next session'"]
    progress = said["lowback progress"]
    assert "Progress: 6 sessions from Mon 2024-01-01 to Sun 2024-01-07" in progress
    assert "6 of 7 planned" in progress
    assert (tmp_path / "progress.html").read_text(encoding="utf-8").count("<svg") >= 3


def test_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    for block in PYTHON:
        exec(compile(block, "docs/progress.md", "exec"), {})
    assert capsys.readouterr().out.strip().endswith("medium")

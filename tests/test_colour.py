"""Colour in the text output: in a terminal only, never with NO_COLOR, never piped."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from lowback import Context, Engine
from lowback.render import render
from lowback.render.text import BOLD, DOSE, RESET, STOP, WARN, render_text

from conftest import run_lowback

LOWBACK = shutil.which("lowback", path=os.path.dirname(sys.executable)) or shutil.which("lowback")
BASH = shutil.which("bash")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_color_marks_headings_doses_and_warnings(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, timing="after-legs"))
    plain = render_text(routine)
    text = render_text(routine, color=True)
    assert ANSI.sub("", text) == plain  # the same words, only painted
    lines = text.splitlines()
    assert lines[0] == f"{BOLD}Your routine (long sitting, after a leg workout){RESET}"
    assert lines[1].startswith(f"{WARN}Not screened:{RESET} if you have")
    assert f"{BOLD}Why these items:{RESET}" in lines
    first = routine.items[0]
    assert any(line.startswith(f" {BOLD}1. {first.name}  (") for line in lines)
    doses = [line for line in lines if line.startswith("    Dose: ")]
    assert len(doses) == len(routine.items)
    assert all(d.startswith(f"    Dose: {DOSE}") and d.endswith(RESET) for d in doses)
    # Cues, reasons and sources stay plain.
    assert all("\x1b" not in line for line in lines if line.startswith(("    - ", "    Why:")))


def test_stop_lines_are_red(builtins: Engine) -> None:
    routine = builtins.recommend(Context.model_validate({"red_flags": ["bladder-bowel"]}))
    text = render(routine, "text", color=True)
    stops = [line for line in text.splitlines() if "STOP: " in line]
    assert stops and all(s.startswith(f"{STOP}STOP: ") and s.endswith(RESET) for s in stops)


def test_left_out_heading_is_bold(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, timing="after-legs", limits=["kneeling"]))
    assert routine.left_out
    assert f"\n{BOLD}Left out:{RESET}\n" in render_text(routine, color=True)
    assert f"\n{BOLD}Left out:{RESET}\n" in render_text(routine, explain=True, color=True)


def test_without_color_no_escape_at_all(builtins: Engine) -> None:
    for ctx in (
        Context(sitting=True, timing="after-legs", limits=["kneeling"]),
        Context.model_validate({"red_flags": ["bladder-bowel"]}),
    ):
        routine = builtins.recommend(ctx)
        for explain in (False, True):
            assert "\x1b" not in render(routine, "text", explain=explain)
            assert "\x1b" not in render_text(routine, explain=explain, color=False)


def test_piped_output_has_no_colour() -> None:
    result = run_lowback(["recommend", "--sitting", "--after-legs"], env={})
    assert result.returncode == 0 and "Your routine" in result.stdout
    assert "\x1b" not in result.stdout


def _recommend_on_a_terminal(home: Path, **env: str) -> str:
    """``lowback recommend`` with stdout on a pseudo-terminal (stdin not one: no questions)."""
    pexpect = pytest.importorskip("pexpect")
    if LOWBACK is None or BASH is None:
        pytest.skip("needs the lowback script and bash")
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update(LOWBACK_HOME=str(home), LOWBACK_TODAY="2024-01-01", **env)
    child = pexpect.spawn(
        BASH,
        ["-c", '"$0" recommend --sitting --after-legs </dev/null', LOWBACK],
        env=environ,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    try:
        child.expect(pexpect.EOF)
        printed = child.before or ""
    finally:
        child.close()
    assert child.exitstatus == 0, printed
    return printed


def test_a_terminal_gets_colour_unless_no_color(_lowback_home: Path) -> None:
    coloured = _recommend_on_a_terminal(_lowback_home)
    assert f"{BOLD}Your routine (long sitting, after a leg workout){RESET}" in coloured
    assert f"Dose: {DOSE}" in coloured
    plain = _recommend_on_a_terminal(_lowback_home, NO_COLOR="1")
    assert "Your routine (long sitting, after a leg workout)" in plain
    assert "\x1b" not in plain
    assert ANSI.sub("", coloured) == plain


def test_a_file_written_from_a_terminal_has_no_colour(_lowback_home: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    if LOWBACK is None:
        pytest.skip("needs the lowback script")
    target = tmp_path / "routine.txt"
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update(LOWBACK_HOME=str(_lowback_home), LOWBACK_TODAY="2024-01-01")
    child = pexpect.spawn(
        BASH or "bash",
        ["-c", f'"$0" recommend --sitting --output "{target}" </dev/null', LOWBACK],
        env=environ,
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect(pexpect.EOF)
    finally:
        child.close()
    text = target.read_text(encoding="utf-8")
    assert "Your routine" in text and "\x1b" not in text

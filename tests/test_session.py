"""The guided session: its time model, its keys, and a real run under a pseudo-terminal."""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lowback import Context, Engine
from lowback.cli.guide import Guide, NoKeys, phases
from lowback.models import Routine

from conftest import run_lowback

LOWBACK = shutil.which("lowback", path=os.path.dirname(sys.executable)) or shutil.which("lowback")


class FakeKeys:
    """Keys pressed at given ticks; no real time passes. ``waits`` answer while paused."""

    def __init__(self, at: dict[int, str] | None = None, waits: list[str] | None = None) -> None:
        self.at = at or {}
        self.waits: Iterator[str] = iter(waits or [])
        self.ticks = 0

    def poll(self, seconds: float) -> str | None:
        self.ticks += 1
        return self.at.get(self.ticks)

    def wait(self) -> str | None:
        return next(self.waits, None)


@pytest.fixture(scope="module")
def routine(builtins: Engine) -> Routine:
    return builtins.recommend(Context(sitting=True, timing="before-workout"))


def test_phases_add_up_to_every_items_estimate(builtins: Engine) -> None:
    for timing in ("after-legs", "before-workout", None):
        r = builtins.recommend(Context.model_validate({"sitting": True, "timing": timing}))
        for item in r.items:
            assert sum(p.seconds for p in phases(item)) == item.seconds, item.exercise


def test_per_side_items_count_down_each_side_in_turn(routine: Routine) -> None:
    side = next(i for i in routine.items if i.exercise == "relief/side-breathing")
    labels = [p.label for p in phases(side) if p.kind == "work"]
    assert labels[:2] == ["Set 1 of 3, left side", "Set 1 of 3, right side"]
    assert [p.kind for p in phases(side)].count("rest") == 2


def test_segments_are_worked_one_after_another(builtins: Engine) -> None:
    r = builtins.recommend(Context(sitting=True, timing="after-legs"))
    adductor = next(i for i in r.items if i.exercise == "shimada/adductor-roll")
    labels = [p.label for p in phases(adductor) if p.kind == "work"]
    assert labels == [
        "Left side, top half, toward the groin",
        "Left side, bottom half, toward the knee",
        "Right side, top half, toward the groin",
        "Right side, bottom half, toward the knee",
    ]


def run(routine: Routine, keys: FakeKeys, live: bool = True) -> tuple[str, object]:
    out = io.StringIO()
    outcome = Guide(routine, out, keys, speed=1000, live=live).run()
    return out.getvalue(), outcome


def test_a_full_run_counts_down_and_fills_the_bar(routine: Routine) -> None:
    keys = FakeKeys()
    text, outcome = run(routine, keys)
    assert keys.ticks == routine.total_seconds  # one tick per second of the estimate
    assert outcome.done == [i.exercise for i in routine.items]  # type: ignore[attr-defined]
    assert "Left side: 20 s left" in text and "rep 1 of 5" in text
    assert "[--------------------]   0%" in text
    assert "Session complete  [####################] 100%" in text


def test_skip_pause_and_quit(routine: Routine) -> None:
    keys = FakeKeys(at={2: "p", 5: "s", 30: "q"}, waits=["x", "p"])
    text, outcome = run(routine, keys)
    assert "Paused: press p to go on." in text and "Going on." in text
    assert f"Skipped {routine.items[0].name}." in text
    assert "Ending the session here." in text
    assert outcome.ended_early  # type: ignore[attr-defined]
    assert outcome.done == []  # type: ignore[attr-defined]
    assert len(outcome.skipped) == len(routine.items)  # type: ignore[attr-defined]
    # The bar stays where the session ended (item 1 skipped, 25 s into item 2), not at 100%.
    share = (routine.items[0].seconds + 25) / routine.total_seconds
    filled = round(share * 20)
    bar = f"[{'#' * filled}{'-' * (20 - filled)}] {math.floor(share * 100):>3}%"
    assert text.endswith(f"Session ended  {bar}\n") and "100%" not in text


def test_enter_ends_a_countdown_without_skipping_the_item(routine: Routine) -> None:
    keys = FakeKeys(at={1: "\n"})
    _, outcome = run(routine, keys)
    assert keys.ticks < routine.total_seconds
    assert outcome.done == [i.exercise for i in routine.items]  # type: ignore[attr-defined]


def test_without_a_terminal_a_line_per_countdown(routine: Routine) -> None:
    out = io.StringIO()
    slept: list[float] = []
    Guide(routine, out, NoKeys(sleep=slept.append), speed=50, live=False).run()
    text = out.getvalue()
    assert "\r" not in text and "Keys:" not in text
    assert "  Get into position: 15 s\n" in text
    assert "Session so far [" in text
    assert len(slept) == routine.total_seconds and all(s == 1 / 50 for s in slept)


# -- under a real pseudo-terminal ---------------------------------------------------------


def test_session_under_a_pseudo_terminal(_lowback_home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    assert LOWBACK is not None
    env = {
        **os.environ,
        "LOWBACK_HOME": str(_lowback_home),
        "LOWBACK_SESSION_SPEED": "40",
        "LOWBACK_TODAY": "2024-01-01",
    }
    child = pexpect.spawn(
        LOWBACK,
        ["session", "--sitting", "--before-workout", "--minutes", "3"],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )
    try:
        # Not screened yet: the safety questions come first (no to each), then pain now.
        child.expect("A few safety questions first")
        while child.expect([r"\[y/N\]", "How bad is your back pain right now"]) == 0:
            child.sendline("n")
        child.sendline("3")
        child.expect(r"Keys: Enter next, s skip item, p pause, q end session")
        child.expect(r"Get into position: \d+ s left  \[[#-]{20}\] +\d+%")
        child.send("p")
        child.expect("Paused: press p to go on")
        child.send("p")
        child.expect("Going on")
        child.expect(r"(Left|Right) side: \d+ s left  \[#+-*\] +\d+%")  # countdown and bar
        rated = 0
        while child.expect([r"How was (.+)\? e = easy", "Pain in your lower back now"]) == 0:
            child.sendline("h" if rated == 0 else "e")
            rated += 1
        child.sendline("5")
        child.expect(r"Saved session #1: (\d+) of (\d+) items done, (\d+) rated")
        done, total, stored = (int(g) for g in child.match.groups())
        child.expect("Next session due Tue 2024-01-02")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert rated == done == total == stored >= 1

    from click.testing import CliRunner
    from lowback.cli import main

    out = CliRunner().invoke(main, ["history", "--format", "json"]).stdout
    (session,) = json.loads(out)
    assert session["kind"] == "guided"
    assert (session["pain_before"], session["pain_after"]) == (3, 5)
    ratings = [i["rating"] for i in session["items"]]
    assert ratings[0] == "harder" and set(ratings[1:]) <= {"easier"}


def _recommend_in_a_terminal(home: Path, answer: Callable[[str], str]) -> tuple[str, int]:
    """``lowback recommend --sitting --after-legs`` in a pseudo-terminal, answering each
    safety question with ``answer(question)``; what it printed, and its exit status."""
    pexpect = pytest.importorskip("pexpect")
    assert LOWBACK is not None
    env = {**os.environ, "LOWBACK_HOME": str(home), "LOWBACK_TODAY": "2024-01-01"}
    child = pexpect.spawn(
        LOWBACK, ["recommend", "--sitting", "--after-legs"], env=env, encoding="utf-8", timeout=60
    )
    try:
        child.expect("A few safety questions first")
        while True:
            got = child.expect(
                [r"\n([^\n]*\?) \[y/N\]: ", "How bad is your back pain right now", pexpect.EOF]
            )
            if got == 2:
                break
            child.sendline(answer(child.match.group(1)) if got == 0 else "2")
        printed = child.before or ""
    finally:
        child.close()
    return re.sub(r"\x1b\[[0-9;]*m", "", printed), child.exitstatus  # colours aside


def test_a_first_routine_in_a_terminal_asks_the_screen_first(_lowback_home: Path) -> None:
    printed, status = _recommend_in_a_terminal(
        _lowback_home, lambda q: "y" if "bladder or bowels" in q else "n"
    )
    assert status == 0
    assert "Seek emergency care now" in printed
    assert "1. " not in printed  # no routine
    saved = (_lowback_home / "profile.toml").read_text(encoding="utf-8")
    assert "bladder-bowel" in saved and "screened_on" in saved


def test_answered_once_the_screen_is_not_asked_again(_lowback_home: Path) -> None:
    printed, status = _recommend_in_a_terminal(_lowback_home, lambda q: "n")
    assert status == 0 and " 1. " in printed and "Not screened" not in printed
    env = {"LOWBACK_HOME": str(_lowback_home), "LOWBACK_TODAY": "2024-01-01"}
    again = run_lowback(["recommend", "--sitting", "--after-legs"], env=env)
    assert "A few safety questions first" not in again.stderr
    assert "Not screened" not in again.stdout


# -- audible cues -------------------------------------------------------------------------


def test_the_bell_rings_at_each_bout_and_item_end_and_sides_are_announced(
    routine: Routine,
) -> None:
    out = io.StringIO()
    outcome = Guide(routine, out, FakeKeys(), speed=1000, live=True, bell=True).run()
    text = out.getvalue()
    work = [[p for p in phases(i) if p.kind == "work"] for i in routine.items]
    assert text.count("\a") == sum(len(w) for w in work) + len(outcome.done)
    switches = sum(a.side != b.side for w in work for a, b in itertools.pairwise(w))
    assert switches > 0 and text.count("  Switch sides\n") == switches
    # The switch is said just before the other side's countdown, with its bell.
    assert "  Switch sides\n\a\r  Right side: " in text


def test_no_bell_unless_asked(routine: Routine) -> None:
    text, _ = run(routine, FakeKeys())
    assert "\a" not in text and "Switch sides" in text


@pytest.mark.parametrize("quiet", [False, True])
def test_the_bell_in_a_pseudo_terminal(_lowback_home: Path, quiet: bool) -> None:
    pexpect = pytest.importorskip("pexpect")
    assert LOWBACK is not None
    env = {
        **os.environ,
        "LOWBACK_HOME": str(_lowback_home),
        "LOWBACK_SESSION_SPEED": "400",
        "LOWBACK_TODAY": "2024-01-01",
    }
    args = ["session", "--sitting", "--before-workout", "--minutes", "3"]
    args += ["--feedback", "all=right", "--pain-before", "2", "--pain-after", "2"]
    child = pexpect.spawn(
        LOWBACK, [*args, *(["--quiet"] if quiet else [])], env=env, encoding="utf-8", timeout=60
    )
    try:
        child.expect(r"Saved session #1: 2 of 2 items done")
        printed = child.before or ""
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Switch sides" in printed
    # Two items: a per-side roll (two bouts) and one set of reps: 3 bouts, 2 item ends.
    assert printed.count("\a") == (0 if quiet else 5)

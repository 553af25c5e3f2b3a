"""A guided session stopped half-way (Ctrl-C, SIGTERM, SIGHUP) keeps what was done.

Each test runs ``lowback session`` in a pseudo-terminal inside ``bash``, which
runs ``stty -a`` in the same terminal once lowback has gone: the terminal must
be back in its usual modes (echo and line editing on).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lowback import Context, Engine
from lowback.cli.guide import Guide, Stopped

LOWBACK = shutil.which("lowback", path=os.path.dirname(sys.executable)) or shutil.which("lowback")
BASH = shutil.which("bash")
ARGS = ["session", "--sitting", "--before-workout", "--minutes", "3"]  # two items
SCRIPT = '"$0" "$@"; echo "lowback exited $?"; stty -a'


def _spawn(home: Path, speed: str, args: list[str] = ARGS) -> Any:
    pexpect = pytest.importorskip("pexpect")
    if LOWBACK is None or BASH is None:
        pytest.skip("needs the lowback script and bash")
    env = {
        **os.environ,
        "LOWBACK_HOME": str(home),
        "LOWBACK_SESSION_SPEED": speed,
        "LOWBACK_TODAY": "2024-01-01",
    }
    return pexpect.spawn(
        BASH,
        ["-c", SCRIPT, LOWBACK, *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )


def _answer_the_screen(child: Any, pain: str = "3") -> None:
    child.expect("A few safety questions first")
    while child.expect([r"\[y/N\]", "How bad is your back pain right now"]) == 0:
        child.sendline("n")
    child.sendline(pain)


def _terminal_restored(child: Any) -> None:
    """What ``stty -a`` printed after lowback: echo and canonical mode on."""
    import pexpect

    child.expect(pexpect.EOF)
    modes = set(re.findall(r"(?<![\w-])-?(?:echo|icanon)(?![\w-])", child.before or ""))
    assert {"echo", "icanon"} <= modes and not {"-echo", "-icanon"} & modes, child.before


def _sessions() -> list[dict[str, Any]]:
    from click.testing import CliRunner
    from lowback.cli import main

    return list(json.loads(CliRunner().invoke(main, ["history", "--format", "json"]).stdout))


def _lowback_pid(bash_pid: int) -> int:
    children = Path(f"/proc/{bash_pid}/task/{bash_pid}/children")
    if not children.exists():
        pytest.skip("needs /proc to find lowback under bash")
    for _ in range(100):
        pids = children.read_text().split()
        if pids:
            return int(pids[0])
        time.sleep(0.05)
    raise AssertionError("lowback did not start")


def test_ctrl_c_half_way_keeps_a_partial_session(_lowback_home: Path) -> None:
    child = _spawn(_lowback_home, "20")
    try:
        _answer_the_screen(child)
        child.expect(r"\[2/2\] ")  # the first item is done, the second under way
        child.expect(r"s left  \[#+-+\] +\d+%")
        child.sendcontrol("c")
        child.expect(r"Session stopped  \[(#+-+)\] +(\d+)%")  # where it really ended
        assert int(child.match.group(2)) < 100
        child.expect(
            r"Session stopped: 1 of 2 items done, saved as a partial session #1 \(history: "
        )
        child.expect("lowback exited 130")
        _terminal_restored(child)
    finally:
        child.close()
    assert "Traceback" not in (child.before or "")
    (session,) = _sessions()
    assert session["kind"] == "guided" and session["pain_before"] == 3
    assert session["pain_after"] is None
    assert [i["done"] for i in session["items"]] == [True, False]
    assert [i["rating"] for i in session["items"]] == [None, None]
    assert session["partial"] is True
    table = _history_table()
    assert "guided, partial" in table, table


def _history_table() -> str:
    from click.testing import CliRunner
    from lowback.cli import main

    return CliRunner().invoke(main, ["history"]).stdout


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_before_any_item_is_done_stores_nothing(_lowback_home: Path, signame: str) -> None:
    # Nothing done is no session: stored, it would count as today's (schedule, plan,
    # progression).
    signum = getattr(signal, signame, None)
    if signum is None:
        pytest.skip(f"no {signame} here")
    child = _spawn(_lowback_home, "20")
    try:
        _answer_the_screen(child)
        child.expect(r"\[1/2\] ")
        child.expect(r"s left  \[[#-]+\] +\d+%")
        os.kill(_lowback_pid(child.pid), signum)
        child.expect("Session stopped: nothing was done, so no session was stored.")
        child.expect(f"lowback exited {128 + signum}")
        _terminal_restored(child)
    finally:
        child.close()
    assert _sessions() == []


def test_every_item_skipped_stores_nothing_and_the_session_is_still_due(
    _lowback_home: Path,
) -> None:
    child = _spawn(_lowback_home, "20")
    try:
        _answer_the_screen(child)
        child.expect(r"\[1/2\] ")
        child.send("s")
        child.expect(r"\[2/2\] ")
        child.send("s")
        child.expect("Every item skipped: nothing was done, so no session was stored.")
        child.expect("lowback exited 0")
        _terminal_restored(child)
    finally:
        child.close()
    assert _sessions() == []
    from click.testing import CliRunner
    from lowback.cli import main

    plan = CliRunner().invoke(
        main, ["plan", "--format", "json"], env={"LOWBACK_TODAY": "2024-01-01"}
    )
    assert json.loads(plan.stdout)["planned"][0]["day"] == "2024-01-01"


def test_ctrl_c_while_rating_keeps_the_ratings_given(_lowback_home: Path) -> None:
    child = _spawn(_lowback_home, "200")
    try:
        _answer_the_screen(child, pain="2")
        child.expect(r"How was .+\? e = easy")
        child.sendline("h")
        child.expect(r"How was .+\? e = easy")
        child.sendcontrol("c")
        child.expect("Session stopped: 2 of 2 items done, saved as a partial session #1")
        child.expect("lowback exited 130")
        _terminal_restored(child)
    finally:
        child.close()
    (session,) = _sessions()
    assert [i["done"] for i in session["items"]] == [True, True]
    assert [i["rating"] for i in session["items"]] == ["harder", None]
    assert (session["pain_before"], session["pain_after"]) == (2, None)


def test_stdin_ending_at_a_question_keeps_the_session_too(_lowback_home: Path) -> None:
    child = _spawn(_lowback_home, "200")
    try:
        _answer_the_screen(child, pain="2")
        child.expect(r"How was .+\? e = easy")
        child.sendline("e")
        child.expect(r"How was .+\? e = easy")
        child.sendeof()
        child.expect("Session stopped: 2 of 2 items done, saved as a partial session #1")
        child.expect("lowback exited 1\r")
        _terminal_restored(child)
    finally:
        child.close()
    (session,) = _sessions()
    assert [i["rating"] for i in session["items"]] == ["easier", None]


class _StopAt:
    """Keys that raise :class:`Stopped` (as the signal handler does) at a given tick."""

    def __init__(self, tick: int) -> None:
        self.tick = tick
        self.ticks = 0

    def poll(self, seconds: float) -> str | None:
        self.ticks += 1
        if self.ticks == self.tick:
            raise Stopped(signal.SIGTERM)
        return None

    def wait(self) -> str | None:
        return None


def test_the_guide_stops_where_it_was(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, timing="before-workout"))
    first = routine.items[0].seconds
    out = io.StringIO()
    outcome = Guide(routine, out, _StopAt(first + 10), speed=1000, live=True).run()
    assert outcome.done == [routine.items[0].exercise]
    assert outcome.stopped == signal.SIGTERM and outcome.ended_early
    assert len(outcome.skipped) == len(routine.items) - 1
    share = (first + 9) / routine.total_seconds  # stopped before its 10th tick counted
    assert out.getvalue().endswith(f"] {int(share * 100):>3}%\n")
    assert "Session stopped  [" in out.getvalue()

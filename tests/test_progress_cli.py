"""Progression over time through the command line: profile, log, history, recommend, plan.

Every history here is built with ``lowback`` commands, never by writing rows.
``LOWBACK_HOME`` (set for every test by conftest) keeps the files in a fresh
folder; ``LOWBACK_TODAY`` pins the date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main

START = dt.date(2024, 1, 1)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n - 1)


def lb(*args: str, today: dt.date | None = None, code: int = 0, **env: str) -> Result:
    """Run ``lowback ARGS`` in-process; check the exit code."""
    extra = dict(env)
    if today is not None:
        extra["LOWBACK_TODAY"] = today.isoformat()
    result = CliRunner().invoke(main, list(args), env=extra, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def log(n: int, *args: str) -> Result:
    return lb("log", "--date", day(n).isoformat(), *args, today=day(n))


def routine_on(n: int, *args: str) -> dict[str, dict[str, object]]:
    """Items of the routine for day ``n``: exercise -> item (JSON)."""
    out = json.loads(lb("recommend", "--format", "json", *args, today=day(n)).stdout)
    return {item["exercise"]: item for item in out["items"]}


def explain_on(n: int) -> str:
    return lb("recommend", "--explain", today=day(n)).stdout


def rung(items: dict[str, dict[str, object]], key: str) -> str:
    variation = items[key]["variation"]
    assert isinstance(variation, dict)
    return str(variation["id"])


FROG, PIRI, PSOAS = "shimada/frog-stretch", "shimada/piriformis-roll", "shimada/psoas-stretch"
EASY = ("--feedback", "all=easier", "--pain-before", "2", "--pain-after", "1")
RIGHT = ("--feedback", "all=right", "--pain-before", "2", "--pain-after", "2")
PAINFUL = ("--feedback", "all=right", "--pain-before", "2", "--pain-after", "6")


# -- the done-when scenario ------------------------------------------------------------------


def test_four_weeks_widen_the_frog_cross_the_piriformis_and_step_back_after_pain() -> None:
    lb("profile", "set", "--sitting", "--after-legs", "--limit", "hip-opening")
    lb("profile", "set", "--limit", "cross-legs")

    # Days 1-3: the limits hold the frog narrow and the roll uncrossed; all rated easier.
    for n in (1, 2, 3):
        items = routine_on(n)
        assert rung(items, FROG) == "narrow" and rung(items, PIRI) == "uncrossed"
        log(n, *EASY)

    # Day 4: ready to step up, but the limits stand; the reason says so, and how to lift them.
    text = explain_on(4)
    assert "Ready for 'Medium: knees apart to a first gentle stretch'" in text
    assert "lowback profile set --no-limit hip-opening" in text
    assert "Ready for 'Leg crossed'" in text
    assert rung(routine_on(4), FROG) == "narrow"

    # The person can now open the hips and cross the legs: the frog widens one rung only.
    lb("profile", "set", "--no-limit", "all")
    items = routine_on(4)
    assert rung(items, FROG) == "medium" and rung(items, PIRI) == "crossed"
    text = explain_on(4)
    assert (
        "Up one step to 'Medium: knees apart to a first gentle stretch' (rung 2 of 3), because "
        "your last 3 sessions at 'Narrow: knees only a little apart' were rated easier" in text
    )
    assert "Up one step to 'Leg crossed' (rung 2 of 2)" in text
    assert "(progression:step 0.1.0; progress[shimada/frog-stretch]: 3 in a row" in text

    # Days 4-6 at medium, rated easier: day 7 widens again.
    log(4, *EASY)
    assert "1 of 3 sessions in a row rated easier so far, too little data" in explain_on(5)
    for n in (5, 6):
        log(n, *EASY)
    items = routine_on(7)
    assert rung(items, FROG) == "wide"
    text = explain_on(7)
    assert (
        "Up one step to 'Wide: knees further apart than medium, never into pain' "
        "(rung 3 of 3)" in text
    )
    assert "Keeps its one form ('Rocking, not held')" in text
    log(7, *EASY)

    # Day 8 hurts: pain 2 -> 6. Day 9 steps back down, saying why.
    log(8, *PAINFUL)
    items = routine_on(9)
    assert rung(items, FROG) == "medium" and rung(items, PIRI) == "uncrossed"
    text = explain_on(9)
    assert (
        "Down one step to 'Medium: knees apart to a first gentle stretch', because your pain "
        "rose from 2 to 6 on 2024-01-08" in text
    )
    assert "Down one step to 'Legs uncrossed'" in text
    assert rung(items, PSOAS) == "rocking"  # the psoas never stops rocking
    assert "Held at 1 set x 10 reps, already the easiest form and dose" in text

    # The rest of the four weeks, on schedule: daily to day 14, then every third day.
    for n in (9, 10, 11, 12, 13, 14):
        log(n, *(RIGHT if n == 9 else EASY))
    for n in (17, 20, 23, 26):
        assert "Next session due" in lb("recommend", today=day(n)).stdout
        log(n, *EASY)

    sessions = json.loads(lb("history", "--format", "json").stdout)
    assert len(sessions) == 18
    assert [s["day"] for s in sessions][-4:] == [
        "2024-01-17",
        "2024-01-20",
        "2024-01-23",
        "2024-01-26",
    ]
    frog_rungs = [next(i["rung"] for i in s["items"] if i["exercise"] == FROG) for s in sessions]
    assert frog_rungs[:9] == ["narrow"] * 3 + ["medium"] * 3 + ["wide", "wide", "medium"]
    piri = [next(i["rung"] for i in s["items"] if i["exercise"] == PIRI) for s in sessions]
    assert piri[:9] == ["uncrossed"] * 3 + ["crossed"] * 5 + ["uncrossed"]
    # After the regression, three easy sessions at each rung climb back up.
    assert frog_rungs[-1] == "wide" and piri[-1] == "crossed"

    table = lb("history").stdout
    assert "2024-01-08  logged" in table and "2->6" in table
    due = lb("recommend", today=day(27)).stdout
    assert "Next session due Mon 2024-01-29: every third day now, 2-3 times a week" in due


# -- profile ---------------------------------------------------------------------------------


def test_profile_set_and_show(_lowback_home: Path) -> None:
    out = lb("profile", "show").stdout
    assert "No profile yet" in out and str(_lowback_home / "profile.toml") in out
    lb("profile", "set", "--sitting", "--before-workout", "--limit", "kneeling", "--no-roller")
    lb("profile", "set", "--minutes", "10")
    shown = json.loads(lb("profile", "show", "--format", "json").stdout)
    assert shown["values"] == {
        "sitting": True,
        "heavy_lifting": False,
        "timing": "before-workout",
        "limits": ["kneeling"],
        "equipment": [],
        "minutes": 10,
        "conditions": [],
        "red_flags": [],
        "cleared": False,
        "screened_on": None,
        "situations": [],
        "avoid": [],
    }
    assert shown["history"] == str(_lowback_home / "history.sqlite3")
    lb("profile", "set", "--any-time", "--no-minutes", "--roller", "--no-limit", "kneeling")
    values = json.loads(lb("profile", "show", "--format", "json").stdout)["values"]
    assert values["timing"] is None and values["minutes"] is None
    assert values["equipment"] == ["foam-roller"] and values["limits"] == []


def test_nothing_to_set_is_a_usage_error() -> None:
    assert "nothing to set" in one_error_line(lb("profile", "set", code=2))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--after-legs", "--before-workout"), "--after-legs and --before-workout"),
        (("--any-time", "--before-workout"), "--any-time and --before-workout"),
        (("--minutes", "abc"), "not a whole number; give one from 1 to 240"),
    ],
)
def test_profile_set_refuses_what_recommend_refuses_with_exit_2(
    _lowback_home: Path, args: tuple[str, ...], words: str
) -> None:
    lb("profile", "set", "--after-legs")
    before = (_lowback_home / "profile.toml").read_bytes()
    assert words in one_error_line(lb("profile", "set", *args, code=2))
    assert (_lowback_home / "profile.toml").read_bytes() == before
    if args[0] == "--after-legs":
        assert "--after-legs and --before-workout" in one_error_line(lb("recommend", *args, code=2))


@pytest.mark.parametrize(
    ("args", "flag"), [(("recommend", "--force"), "--output"), (("plan", "--force"), "--ics")]
)
def test_force_without_a_file_is_a_usage_error_naming_both(
    args: tuple[str, ...], flag: str
) -> None:
    line = one_error_line(lb(*args, code=2))
    assert "--force" in line and flag in line


def test_recommend_uses_the_profile_and_flags_override_it_for_one_run() -> None:
    lb("profile", "set", "--sitting", "--after-legs", "--limit", "cross-legs")
    items = routine_on(1)
    assert rung(items, PIRI) == "uncrossed"
    assert rung(routine_on(1, "--limit", "hip-opening"), PIRI) == "crossed"
    assert rung(routine_on(1, "--limit", "hip-opening"), FROG) == "narrow"
    before = routine_on(1, "--before-workout")
    assert "relief/ql-stretch" in before and FROG not in before
    assert rung(routine_on(1, "--no-profile", "--after-legs"), PIRI) == "crossed"
    # The profile itself is unchanged by a flag.
    values = json.loads(lb("profile", "show", "--format", "json").stdout)["values"]
    assert values["limits"] == ["cross-legs"] and values["timing"] == "after-legs"


def test_no_profile_and_no_history_change_nothing() -> None:
    plain = lb("recommend", "--sitting", "--after-legs", "--format", "json").stdout
    from lowback import Context, Engine

    embedded = Engine().recommend(Context(sitting=True, timing="after-legs")).model_dump_json()
    assert plain.strip() == embedded


def test_an_unknown_profile_key_is_one_line_exit_1_and_nothing_is_overwritten(
    _lowback_home: Path,
) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text('sitting = true\nroller = "yes"\n')
    for args in (("recommend",), ("profile", "set", "--sitting"), ("profile", "show"), ("log",)):
        line = one_error_line(lb(*args, code=1))
        assert str(path) in line and "unknown key 'roller'" in line
        assert "valid keys: sitting, heavy_lifting, timing, limits, equipment, minutes" in line
    assert path.read_text() == 'sitting = true\nroller = "yes"\n'
    assert lb("recommend", "--no-profile", "--sitting").exit_code == 0


# -- log and history ---------------------------------------------------------------------------


def test_log_skip_and_per_item_feedback() -> None:
    lb("profile", "set", "--sitting", "--after-legs")
    out = log(
        1, "--skip", "quad-roll", "--feedback", "frog-stretch=harder:2-5", "--feedback", "all=right"
    ).stdout
    assert "4 of 5 items done, 4 rated" in out
    (session,) = json.loads(lb("history", "--format", "json").stdout)
    items = {i["exercise"]: i for i in session["items"]}
    assert items["shimada/quad-roll"]["done"] is False
    assert items["shimada/quad-roll"]["rating"] is None
    assert items[FROG]["rating"] == "harder"
    assert (items[FROG]["pain_before"], items[FROG]["pain_after"]) == (2, 5)
    assert items[PSOAS]["rating"] == "right"


def test_log_a_routine_from_a_file(tmp_path: Path) -> None:
    routine = lb("recommend", "--before-workout", "--format", "json").stdout
    path = tmp_path / "r.json"
    path.write_text(routine)
    lb("log", "--routine", str(path), "--feedback", "ql-stretch=easier")
    (session,) = json.loads(lb("history", "--format", "json").stdout)
    assert {i["exercise"] for i in session["items"]} == {
        i["exercise"] for i in json.loads(routine)["items"]
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--feedback", "frog=easier"), "'frog' is not in this routine"),
        (
            ("--feedback", "frog-stretch=great"),
            "rating 'great' is not one of easier, right, harder",
        ),
        (("--feedback", "frog-stretch"), "no '='"),
        (("--feedback", "frog-stretch=easier:4"), "pain '4' is not BEFORE-AFTER"),
        (("--skip", "frog-stretch", "--feedback", "frog-stretch=easier"), "is skipped"),
        (("--date", "yesterday"), "'yesterday' is not a date"),
        (("--pain-after", "11"), "--pain-after"),
    ],
)
def test_bad_log_input_is_one_line_and_exit_2(args: tuple[str, ...], words: str) -> None:
    line = one_error_line(lb("log", "--sitting", "--after-legs", *args, code=2))
    assert words in line


def test_a_bad_routine_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"items": 3}')
    assert str(path) in one_error_line(lb("log", "--routine", str(path), code=2))


def test_history_when_empty() -> None:
    assert "No sessions logged yet" in lb("history").stdout
    assert lb("history", "--format", "json").stdout.strip() == "[]"


def test_history_last() -> None:
    for n in (1, 2, 3):
        log(n, "--sitting")
    sessions = json.loads(lb("history", "--last", "2", "--format", "json").stdout)
    assert [s["day"] for s in sessions] == ["2024-01-02", "2024-01-03"]


def test_bad_lowback_today_is_named() -> None:
    line = one_error_line(lb("recommend", LOWBACK_TODAY="soon", code=2))
    assert "LOWBACK_TODAY" in line


# -- database faults through the CLI ---------------------------------------------------------


def test_a_corrupt_history_stops_every_command_in_one_line(_lowback_home: Path) -> None:
    path = _lowback_home / "history.sqlite3"
    junk = b"not sqlite at all " * 100
    path.write_bytes(junk)
    for args in (("log", "--sitting"), ("history",), ("recommend", "--sitting"), ("plan",)):
        line = one_error_line(lb(*args, code=1))
        assert str(path) in line and "move the file aside" in line
    assert path.read_bytes() == junk
    assert lb("recommend", "--sitting", "--no-history").exit_code == 0


def test_a_newer_history_says_upgrade(_lowback_home: Path) -> None:
    path = _lowback_home / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE sessions (x)")
    conn.commit()
    conn.close()
    line = one_error_line(lb("log", "--sitting", code=1))
    assert "newer lowback" in line and "upgrade lowback" in line


def test_a_locked_history_says_try_again_and_keeps_what_it_had(_lowback_home: Path) -> None:
    log(1, "--sitting")
    holder = sqlite3.connect(_lowback_home / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = lb("log", "--sitting", code=1, LOWBACK_BUSY_TIMEOUT="0.1")
        assert "locked by another program" in one_error_line(result)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(json.loads(lb("history", "--format", "json").stdout)) == 1


def test_two_lowback_processes_logging_at_once_both_land(_lowback_home: Path) -> None:
    env = {**os.environ, "LOWBACK_HOME": str(_lowback_home), "LOWBACK_TODAY": "2024-01-01"}
    cmd = [sys.executable, "-m", "lowback", "log", "--sitting", "--feedback", "all=easier"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    sessions = json.loads(lb("history", "--format", "json").stdout)
    assert sorted(s["id"] for s in sessions) == [1, 2, 3]


# -- plan and the calendar file --------------------------------------------------------------


def test_plan_with_no_history_starts_today() -> None:
    out = lb("plan", "--weeks", "4", today=day(1)).stdout
    assert "Every day for the first two weeks (lowback's default)" in out
    assert "18 sessions planned" in out
    assert "Mon 2024-01-01" in out and "Sun 2024-01-14  daily" in out
    assert "Wed 2024-01-17  taper" in out


def test_plan_ics_parses_back_with_the_planned_sessions(tmp_path: Path) -> None:
    import icalendar
    from lowback.schedule import plan

    for n in (1, 2, 3):
        log(n, "--sitting", *EASY)
    ics = tmp_path / "lowback.ics"
    out = lb("plan", "--weeks", "4", "--ics", str(ics), today=day(5)).stdout
    expected = [p.day for p in plan(day(1), day(3), day(5), 4)]
    assert f"Wrote {len(expected)} sessions to {ics}" in out
    assert "it was due" not in out
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = [e for e in cal.walk("VEVENT") if str(e["status"]) == "CONFIRMED"]
    days = [e.decoded("dtstart") for e in events]
    assert days == expected
    assert days[0] == day(5)  # overdue since day 4: due today
    assert days[9] == day(14) and days[10] == day(17)
    assert all(str(e["summary"]) == "Lower-back routine (lowback)" for e in events)
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in events)
    assert str(cal["version"]) == "2.0"


def test_plan_ics_never_overwrites_without_force(tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    ics.write_text("mine")
    line = one_error_line(lb("plan", "--ics", str(ics), code=1))
    assert str(ics) in line and "--force" in line
    assert ics.read_text() == "mine"
    lb("plan", "--weeks", "1", "--ics", str(ics), "--force")
    assert ics.read_text().startswith("BEGIN:VCALENDAR")


def test_plan_weeks_out_of_range_is_exit_2() -> None:
    assert "--weeks" in one_error_line(lb("plan", "--weeks", "0", code=2))


# -- the scripted session ------------------------------------------------------------------


def test_session_without_a_terminal_refuses_in_one_line() -> None:
    line = one_error_line(lb("session", "--sitting", code=2))
    assert "needs a terminal" in line and "--feedback" in line


def test_a_scripted_session_runs_and_stores_its_feedback() -> None:
    lb("profile", "set", "--sitting", "--before-workout")
    out = lb(
        "session",
        "--minutes",
        "4",
        "--feedback",
        "all=easier",
        "--pain-before",
        "3",
        "--pain-after",
        "2",
        LOWBACK_SESSION_SPEED="100000",
    ).stdout
    assert "Guided session:" in out and "Session complete  [####################] 100%" in out
    assert "Left side:" in out
    (session,) = json.loads(lb("history", "--format", "json").stdout)
    assert session["kind"] == "guided"
    assert (session["pain_before"], session["pain_after"]) == (3, 2)
    assert all(i["done"] and i["rating"] == "easier" for i in session["items"])


def test_a_bad_session_speed_is_named() -> None:
    result = lb("session", "--feedback", "all=right", code=2, LOWBACK_SESSION_SPEED="fast")
    assert "LOWBACK_SESSION_SPEED" in one_error_line(result)

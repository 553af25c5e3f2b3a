"""What counts as a session done, and how plan and progress number and chart it.

- A session in which nothing was done counts for nothing (schedule, plan, progress).
- Several sessions on one day count once towards a step up, and progress counts
  days with a session against the plan's days.
- An exercise whose dose is a range is charted by its dose levels from its first session.
- ``plan`` numbers weeks from the first session, as ``progress`` does, and shows ``--at``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from click.testing import CliRunner, Result
from lowback.cli import main

from conftest import ROOT

DAY1 = dt.date(2024, 1, 1)
FROG = "shimada/frog-stretch"


def lb(*args: str, today: dt.date = DAY1, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), env={"LOWBACK_TODAY": today.isoformat()})
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


def day(n: int) -> dt.date:
    return DAY1 + dt.timedelta(days=n - 1)


def routine(*flags: str, today: dt.date = DAY1) -> dict[str, Any]:
    return dict(json.loads(lb("recommend", *flags, "--format", "json", today=today).stdout))


def item(data: dict[str, Any], exercise: str) -> dict[str, Any]:
    return next(i for i in data["items"] if i["exercise"] == exercise)


def progress_json(today: dt.date) -> dict[str, Any]:
    return dict(json.loads(lb("progress", "--format", "json", today=today).stdout))


def test_a_logged_session_with_nothing_done_counts_for_nothing() -> None:
    skip_all = [f"--skip={i['exercise']}" for i in routine("--sitting")["items"]]
    lb("log", "--sitting", *skip_all, today=day(1))
    out = lb("progress", today=day(3)).stdout
    assert out.startswith("No session with something done logged yet"), out
    plan = json.loads(lb("plan", "--format", "json", today=day(3)).stdout)
    assert plan["sessions_logged"] == 0
    assert plan["planned"][0]["day"] == day(3).isoformat()  # due today, not since day 1

    lb("log", "--sitting", "--feedback", "all=right", today=day(3))
    report = progress_json(day(3))
    assert (report["sessions"], report["empty"], report["first_day"]) == (1, 1, "2024-01-03")
    assert "1 more with nothing done is kept in the history" in lb("progress", today=day(3)).stdout
    page = lb("progress", "--format", "html", today=day(3)).stdout
    assert "1 more with nothing done is kept in the history, not counted." in page


def _log_easier(n: int, times: int = 1) -> None:
    for _ in range(times):
        pains = ("--pain-before", "2", "--pain-after", "1")
        lb("log", "--sitting", "--after-legs", "--feedback", "all=easier", *pains, today=day(n))


def test_three_sessions_on_one_day_do_not_step_up_and_count_one_day() -> None:
    _log_easier(1, times=3)
    frog = item(routine("--sitting", "--after-legs", "--explain", today=day(2)), FROG)
    assert frog["variation"]["id"] == "medium"
    why = " ".join(r["text"] for r in frog["reasons"] if r["effect"] == "variation")
    assert "1 of 3 sessions in a row rated easier" in why, why

    (week,) = progress_json(day(1))["weeks"]
    assert (week["done"], week["planned"], week["sessions"]) == (1, 1, 3)
    assert "1 of 1 planned so far (3 sessions on 1 day)" in lb("progress", today=day(1)).stdout

    _log_easier(2)
    _log_easier(3)
    frog = item(routine("--sitting", "--after-legs", today=day(4)), FROG)
    assert frog["variation"]["id"] == "wide"  # three days rated easier: one step up


def test_a_dose_range_exercise_is_charted_from_its_first_session() -> None:
    lb("log", "--sitting", "--feedback", "all=easier", today=day(1))
    report = progress_json(day(1))
    ladders = {chart["exercise"]: chart for chart in report["ladders"]}
    ql = ladders["relief/ql-stretch"]
    assert ql["levels"] == ["2x20 s", "2x30 s", "3x30 s"]
    assert ql["now"] == "2x20 s" and ql["next"]
    assert "relief/side-breathing" in ladders
    names = {chart["name"] for chart in ladders.values()}
    assert not names & set(report["one_level"])


def test_plan_numbers_weeks_from_the_first_session_as_progress_does() -> None:
    lb("log", "--sitting", "--feedback", "all=right", today=day(1))
    plan = lb("plan", "--weeks", "1", today=day(8)).stdout
    assert "  week 2  Mon 2024-01-08  daily" in plan, plan
    assert "Weeks are counted from your first session" in plan
    assert "week  2  08 Jan-14 Jan" in lb("progress", today=day(8)).stdout
    data = json.loads(lb("plan", "--format", "json", today=day(8)).stdout)
    assert [p["week"] for p in data["planned"][:8]] == [2] * 7 + [3]


def test_plan_at_shows_the_time_without_ics() -> None:
    plan = lb("plan", "--weeks", "1", "--at", "07:30").stdout
    assert "Each session at 07:30." in plan
    assert "  week 1  Mon 2024-01-01 07:30  daily" in plan, plan
    assert json.loads(lb("plan", "--at", "07:30", "--format", "json").stdout)["at"] == "07:30"


def test_the_docs_profile_table_lists_every_key_the_file_holds() -> None:
    from lowback.storage.profile import KEYS

    doc = (ROOT / "docs" / "progress.md").read_text(encoding="utf-8")
    table = doc.split("## The profile", 1)[1].split("```", 1)[0]
    listed = set(re.findall(r"^\| `(\w+)` \|", table, flags=re.M))
    assert set(KEYS) <= listed, set(KEYS) - listed


def test_log_says_when_a_day_has_a_session_already_and_when_nothing_was_done() -> None:
    lb("log")
    again = lb("log", "--feedback", "all=easier").stdout
    assert "Session #1 is logged on" in again and "one session a day" in again
    assert "Sessions #1, #2 are logged on" in lb("log").stdout
    items = json.loads(lb("recommend", "--format", "json").stdout)["items"]
    skips = [arg for item in items for arg in ("--skip", item["exercise"])]
    empty = lb("log", *skips).stdout
    assert "Every item was skipped" in empty and "counts for nothing" in empty
    assert "is logged on" not in empty
    listed = lb("history").stdout.splitlines()
    assert listed[4].startswith("4  2024-01-01") and f"0/{len(items)} (not counted)" in listed[4]
    assert "(not counted)" not in listed[1] + listed[2] + listed[3]

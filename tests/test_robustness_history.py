"""The history never stores what it cannot read back (issue 17).

A routine whose rung id is not a slug, or whose dose a rule made negative, used
to be stored and then refused by every later command that read the history.
Now ``log`` refuses it before the transaction, and the history is untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback import Context, Engine
from lowback.cli import main
from lowback.models import Routine
from lowback.storage import StorageError
from lowback.storage.history import LATEST_DAY, History

DAY = dt.date(2024, 3, 1)


def lb(*args: str, code: int, **env: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def routine(builtins: Engine) -> Routine:
    return builtins.recommend(Context(sitting=True, timing="after-legs"))


def _with_rung(routine: Routine, rung: str) -> dict[str, object]:
    data = routine.model_dump(mode="json")
    data["items"][0]["variation"]["id"] = rung  # type: ignore[index]
    return data


def test_a_routine_the_reader_would_refuse_is_refused_at_log_time(
    _lowback_home: Path, tmp_path: Path, routine: Routine
) -> None:
    history = _lowback_home / "history.sqlite3"
    lb("log", "--sitting", code=0)  # one good session first
    before = digest(history)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with_rung(routine, "Not A Slug!")))
    line = one_line(lb("log", "--routine", str(bad), code=1))
    assert str(history) in line and "cannot be stored" in line and "rung" in line
    assert "nothing was written" in line
    assert digest(history) == before
    # ... and the history still reads: every command that reads it works.
    assert "1 session" in lb("history", code=0).stdout
    lb("recommend", "--sitting", code=0)


def test_a_negative_dose_from_a_rule_is_refused_and_nothing_lands(
    tmp_path: Path, routine: Routine
) -> None:
    path = tmp_path / "h.sqlite3"
    first = routine.items[0]
    broken = first.model_copy(update={"dose": first.dose.model_copy(update={"reps": -3})})
    bad = routine.model_copy(update={"items": (broken, *routine.items[1:])})  # unvalidated
    with History.open(path) as h:
        h.log(routine, day=DAY, kind="logged")
        with pytest.raises(StorageError, match=r"cannot be stored.*reps"):
            h.log(bad, day=DAY, kind="logged")
        assert h.count() == 1
    with History.open_existing(path) as h:  # type: ignore[union-attr]
        assert len(h.sessions()) == 1 and h.progress(DAY).sessions == 1


def test_a_day_past_the_bound_is_refused_by_the_history(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        with pytest.raises(StorageError, match="cannot be stored"):
            h.log(routine, day=LATEST_DAY + dt.timedelta(days=1), kind="logged")
        assert h.count() == 0


@pytest.mark.parametrize("when", ["9999-12-31", "0001-01-01"])
def test_log_date_at_the_ends_of_the_calendar_is_one_line_and_stores_nothing(
    _lowback_home: Path, when: str
) -> None:
    line = one_line(lb("log", "--sitting", "--date", when, code=2))
    assert "--date" in line and when in line and "from 1900-01-01 to 9998-12-31" in line
    assert not (_lowback_home / "history.sqlite3").exists()
    lb("log", "--sitting", code=0)  # a retry the right way stores one session, not two
    assert "1 session" in lb("history", code=0).stdout


def test_a_full_disk_is_said_and_loses_nothing(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        h.log(routine, day=DAY, kind="logged")
        pages = h._conn.execute("PRAGMA page_count").fetchone()[0]
        h._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
        with pytest.raises(StorageError) as caught:
            h.log(routine, day=DAY, kind="logged")
        message = str(caught.value)
        assert "disk is full" in message and "free some space" in message
        assert "\n" not in message
        assert h.count() == 1
        h._conn.execute(f"PRAGMA max_page_count = {pages * 100}")  # space freed
        h.log(routine, day=DAY, kind="logged")
        assert h.count() == 2


def test_another_programs_versioned_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (x)")
    conn.execute("PRAGMA user_version = 1")  # many programs number their schema too
    conn.commit()
    conn.close()
    before = digest(path)
    for opener in (History.open, History.open_existing):
        with pytest.raises(StorageError, match="not a lowback history"):
            opener(path)
    assert digest(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    conn.close()

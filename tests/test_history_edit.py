"""``lowback history edit N``: correct a session's date, pain or feedback (issue 19).

Checked as ``log`` checks a session, before the transaction commits; only what is
given changes, and the plan and the next session due follow the corrected date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main

TODAY = "2024-01-10"


def lb(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), env={"LOWBACK_TODAY": TODAY})
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    return result


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def sessions() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(lb("history", "--format", "json").stdout)
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log_two() -> None:
    """Two sessions: #1 on 2024-01-02 with frog-stretch skipped, #2 on 2024-01-03."""
    lb("log", "--date", "2024-01-02", "--heavy-lifting", "--skip", "frog-stretch")
    lb("log", "--date", "2024-01-03", "--sitting", "--pain-before", "3", "--pain-after", "2")


@pytest.fixture(scope="module")
def _two_once(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    home = tmp_path_factory.mktemp("two")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOWBACK_HOME", str(home))
        log_two()
    return (home / "history.sqlite3").read_bytes()  # closed: nothing left in a -wal file


@pytest.fixture
def two(_lowback_home: Path, _two_once: bytes) -> Path:
    """A copy of the history :func:`log_two` makes (logged once for the module)."""
    path = _lowback_home / "history.sqlite3"
    path.write_bytes(_two_once)
    return path


def test_a_corrected_date_moves_the_plan_and_nothing_else(two: Path) -> None:
    before = sessions()
    plan_before = lb("plan", "--format", "json").stdout
    out = lb("history", "edit", "2", "--date", TODAY).stdout
    assert f"Corrected session #2: date {TODAY} (was 2024-01-03)" in out
    assert "Next session due Thu 2024-01-11 (tomorrow)" in out  # was due today, before
    after = sessions()
    assert after[1]["day"] == TODAY
    assert {**after[1], "day": "2024-01-03"} == before[1]  # nothing else changed
    assert after[0] == before[0]
    assert json.loads(plan_before)["planned"][0]["day"] == TODAY
    assert json.loads(lb("plan", "--format", "json").stdout)["planned"][0]["day"] == "2024-01-11"


def test_the_plan_after_an_edit_is_the_plan_of_a_session_logged_that_day(
    two: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lb("history", "edit", "1", "--date", "2024-01-08")
    edited = lb("plan", "--format", "json").stdout
    monkeypatch.setenv("LOWBACK_HOME", str(tmp_path / "other"))
    lb("log", "--date", "2024-01-03", "--sitting", "--pain-before", "3", "--pain-after", "2")
    lb("log", "--date", "2024-01-08", "--heavy-lifting", "--skip", "frog-stretch")
    assert lb("plan", "--format", "json").stdout == edited  # as if logged on that day


def test_pain_and_feedback_are_corrected_item_pain_kept_when_not_given(two: Path) -> None:
    lb("history", "edit", "2", "--feedback", "quad-roll=harder:2-5")
    out = lb(
        "history", "edit", "2", "--pain-after", "1", "--feedback", "quad-roll=right",
        "--feedback", "all=easier",
    ).stdout  # fmt: skip
    assert "pain 3->1 (was 3->2)" in out
    session = sessions()[1]
    assert (session["pain_before"], session["pain_after"]) == (3, 1)
    quad = next(i for i in session["items"] if i["exercise"].endswith("/quad-roll"))
    assert (quad["rating"], quad["pain_before"], quad["pain_after"]) == ("right", 2, 5)
    others = [i for i in session["items"] if i is not quad]
    assert others and all(i["rating"] == "easier" for i in others)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "2024-01-11"], "after today (2024-01-10)"),
        (["--date", "9999-12-31"], "from 1900-01-01 to 9998-12-31"),
        (["--date", "yesterday"], "not a date; give YYYY-MM-DD"),
        (["--pain-before", "11"], "0<=x<=10"),
        (["--feedback", "quad-roll=better"], "rating 'better' is not one of easier"),
        (["--feedback", "nope=easier"], "'nope' is not in this session"),
        (["--feedback", "frog-stretch=easier"], "skipped; a skipped item takes no feedback"),
        ([], "nothing to correct; give --date"),
    ],
)
def test_a_bad_correction_is_one_line_and_changes_nothing(
    two: Path, args: list[str], words: str
) -> None:
    before = digest(two)
    session = "1" if "frog-stretch" in " ".join(args) else "2"
    line = one_line(lb("history", "edit", session, *args, code=2))
    assert words in line, line
    assert digest(two) == before


@pytest.mark.parametrize("number", ["abc", "0", "99999999999999999999999"])
def test_a_session_number_that_is_not_one_is_a_plain_line(two: Path, number: str) -> None:
    # Before: "'abc' is not a valid integer range", and a traceback for the huge one.
    for command in ("edit", "delete"):
        line = one_line(
            lb(
                "history",
                command,
                number,
                "--yes" if command == "delete" else "--date=2024-01-05",
                code=2,
            )
        )
        assert f"{number!r} is not a session number; N is the # column of 'lowback history'" in line


def test_an_unknown_session_is_refused(two: Path, _lowback_home: Path) -> None:
    assert "there is no session #9" in one_line(
        lb("history", "edit", "9", "--pain-after", "1", code=1)
    )


def test_without_a_history_there_is_nothing_to_edit(_lowback_home: Path) -> None:
    line = one_line(lb("history", "edit", "1", "--pain-after", "1", code=1))
    assert "no session is logged yet" in line
    assert not (_lowback_home / "history.sqlite3").exists()


def test_an_edit_the_reader_would_refuse_never_commits(two: Path) -> None:
    from lowback.storage import StorageError
    from lowback.storage.history import LATEST_DAY, History

    before = digest(two)
    with History.open(two) as history:
        with pytest.raises(StorageError, match="cannot be stored"):
            history.edit(1, day=LATEST_DAY + dt.timedelta(days=1))
        assert history.edit(99, pain_after=1) is None
    assert digest(two) == before

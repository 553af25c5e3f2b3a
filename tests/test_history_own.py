"""A history the person owns: delete a session, export it (CSV, JSON), import it
elsewhere without loss; no session in the future; a session at high pain recorded."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback import Context, Engine
from lowback.cli import main
from lowback.storage.history import History

TODAY = "2024-01-05"


def lb(*args: str, code: int = 0, home: Path | None = None, stdin: str | None = None) -> Result:
    env = {"LOWBACK_TODAY": TODAY}
    if home is not None:
        env["LOWBACK_HOME"] = str(home)
    result = CliRunner().invoke(main, list(args), env=env, input=stdin, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def three_sessions(home: Path | None = None) -> None:
    lb("log", "--date", "2024-01-03", "--sitting", home=home)
    lb("log", "--date", "2024-01-04", "--heavy-lifting", "--skip", "frog-stretch", home=home)
    lb(
        "log", "--feedback", "all=easier", "--feedback", "quad-roll=harder:2-5",
        "--pain-before", "3", "--pain-after", "2", home=home,
    )  # fmt: skip


def sessions(home: Path | None = None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = json.loads(lb("history", "--format", "json", home=home).stdout)
    return out


def without_ids(export: dict[str, object]) -> list[dict[str, object]]:
    rows = export["sessions"]
    assert isinstance(rows, list)
    return [{k: v for k, v in s.items() if k != "id"} for s in rows]


def _item(session: dict[str, object], **change: object) -> dict[str, object]:
    """``session`` with ``change`` made to its first item."""
    items = session["items"]
    assert isinstance(items, list)
    return {**session, "items": [{**items[0], **change}, *items[1:]]}


# -- export and import ---------------------------------------------------------------------


def test_a_history_moves_to_another_machine_without_loss(tmp_path: Path) -> None:
    three_sessions()
    exported = tmp_path / "history.json"
    lb("history", "export", "--format", "json", "--output", str(exported))
    other = tmp_path / "other-machine"
    out = lb("history", "import", str(exported), home=other).stdout
    assert "Imported 3 sessions" in out
    again = lb("history", "export", "--format", "json", home=other).stdout
    first = json.loads(exported.read_text())
    assert first["format"] == "lowback-history" and len(first["sessions"]) == 3
    assert without_ids(json.loads(again)) == without_ids(first)
    # The other machine's routines follow the history: the same as here.
    here = lb("recommend", "--format", "json").stdout
    there = lb("recommend", "--format", "json", home=other).stdout
    assert here == there


def test_importing_the_same_export_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    three_sessions()
    exported = tmp_path / "h.json"
    exported.write_text(lb("history", "export", "--format", "json").stdout)
    other = tmp_path / "other"
    lb("history", "import", str(exported), home=other)
    out = lb("history", "import", str(exported), home=other).stdout
    assert "Imported 0 sessions" in out and "3 already in the history" in out
    assert len(sessions(other)) == 3


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d | {"format": "something-else"},
        lambda d: d | {"version": 99},
        lambda d: {**d, "sessions": [*d["sessions"][:2], {**d["sessions"][2], "pain_after": 11}]},
        lambda d: {**d, "sessions": [*d["sessions"][:2], {**d["sessions"][2], "day": "soon"}]},
        lambda d: {**d, "sessions": [{**d["sessions"][0], "routine": {"items": 3}}]},
        lambda d: {**d, "sessions": [{**d["sessions"][0], "kind": "dreamt"}]},
        # Strict types, as the published schema has them: no "yes" for true, no "1" for 1.
        lambda d: {**d, "sessions": [{**d["sessions"][0], "partial": "yes"}]},
        lambda d: {**d, "sessions": [{**d["sessions"][0], "day": 20240103}]},
        lambda d: {**d, "sessions": [_item(d["sessions"][0], done="true")]},
        lambda d: {**d, "sessions": [_item(d["sessions"][0], step="1")]},
    ],
)
def test_a_bad_export_changes_nothing(tmp_path: Path, _lowback_home: Path, mangle: object) -> None:
    three_sessions()
    data = json.loads(lb("history", "export", "--format", "json").stdout)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mangle(data)))  # type: ignore[operator]
    db = _lowback_home / "history.sqlite3"
    before = digest(db)
    line = one_line(lb("history", "import", str(bad), code=2))
    assert str(bad) in line and "nothing was imported" in line
    assert digest(db) == before and len(sessions()) == 3


def test_an_export_that_is_not_json_or_not_there_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\xff\xfe not json")
    assert "not UTF-8" in one_line(lb("history", "import", str(junk), code=2))
    missing = tmp_path / "missing.json"
    assert "no such file" in one_line(lb("history", "import", str(missing), code=2))


def test_csv_has_one_row_per_item_with_its_feedback() -> None:
    three_sessions()
    rows = list(csv.DictReader(io.StringIO(lb("history", "export", "--format", "csv").stdout)))
    history = sessions()
    assert len(rows) == sum(len(s["items"]) for s in history)  # type: ignore[arg-type]
    quad = [r for r in rows if r["day"] == TODAY and r["exercise"] == "relief/quad-roll"]
    assert quad and quad[0]["rating"] == "harder"
    assert (quad[0]["pain_before"], quad[0]["pain_after"]) == ("2", "5")
    assert (quad[0]["session_pain_before"], quad[0]["session_pain_after"]) == ("3", "2")
    frog = [r for r in rows if r["day"] == "2024-01-04" and r["exercise"].endswith("frog-stretch")]
    assert frog and frog[0]["done"] == "0"
    # A dose timed per part says its parts: 30 s is for each half of the adductor roll.
    adductor = [r for r in rows if r["exercise"] == "shimada/adductor-roll"]
    assert adductor and {r["segments"] for r in adductor} == {
        "top half, toward the groin | bottom half, toward the knee"
    }
    assert all(r["segments"] == "" for r in rows if r["exercise"] == "relief/quad-roll")


def test_export_never_overwrites_without_force_and_force_needs_output(tmp_path: Path) -> None:
    three_sessions()
    out = tmp_path / "h.csv"
    out.write_text("mine")
    line = one_line(lb("history", "export", "--format", "csv", "--output", str(out), code=1))
    assert "--force" in line and out.read_text() == "mine"
    lb("history", "export", "--format", "csv", "--output", str(out), "--force")
    assert out.read_text().startswith("session,day,")
    line = one_line(lb("history", "export", "--format", "csv", "--force", code=2))
    assert "--force" in line and "--output" in line


def test_an_empty_history_exports_an_empty_list() -> None:
    assert json.loads(lb("history", "export", "--format", "json").stdout)["sessions"] == []


# -- delete --------------------------------------------------------------------------------


def test_delete_with_yes_removes_one_session_and_its_items() -> None:
    three_sessions()
    ids = [s["id"] for s in sessions()]
    out = lb("history", "delete", str(ids[1]), "--yes").stdout
    assert f"Deleted session #{ids[1]} of 2024-01-04" in out
    assert [s["id"] for s in sessions()] == [ids[0], ids[2]]


def test_delete_asks_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from lowback.cli import guide

    three_sessions()
    monkeypatch.setattr(guide, "stdin_is_terminal", lambda: True)
    result = lb("history", "delete", "1", stdin="n\n", code=1)
    assert "Delete session #1 of 2024-01-03" in result.stdout
    assert len(sessions()) == 3
    lb("history", "delete", "1", stdin="y\n")
    assert len(sessions()) == 2


def test_delete_without_a_terminal_needs_yes_and_an_unknown_number_is_refused() -> None:
    three_sessions()
    assert "--yes" in one_line(lb("history", "delete", "1", code=2))
    line = one_line(lb("history", "delete", "42", "--yes", code=1))
    assert "#42" in line and "nothing was deleted" in line
    assert "N" in one_line(lb("history", "delete", "zero", code=2))
    assert len(sessions()) == 3


def test_the_history_table_still_works_with_its_options() -> None:
    three_sessions()
    assert "3 sessions" in lb("history").stdout
    assert len(json.loads(lb("history", "--last", "1", "--format", "json").stdout)) == 1


# -- what log accepts ----------------------------------------------------------------------


def test_a_session_in_the_future_is_refused(_lowback_home: Path) -> None:
    line = one_line(lb("log", "--date", "2024-01-06", code=2))
    assert "--date" in line and "after today" in line and TODAY in line
    assert not (_lowback_home / "history.sqlite3").exists()
    lb("log", "--date", TODAY)  # today itself is fine


def test_a_session_done_at_high_pain_is_recorded_with_its_pain() -> None:
    result = lb("log", "--pain-before", "8", "--pain-after", "9")
    assert "Logged session #1" in result.stdout
    assert "recorded as done" in result.stderr and "8/10" in result.stderr
    (only,) = sessions()
    assert (only["pain_before"], only["pain_after"]) == (8, 9)
    assert only["items"]
    # The next routine reads that pain: it is not the one a painless session gives.
    assert "your pain was 9 after the session on 2024-01-05" in lb("recommend", "--explain").stdout


# -- a session stopped part-way ------------------------------------------------------------


def test_a_partial_session_shows_as_partial_everywhere(
    tmp_path: Path, _lowback_home: Path, builtins: Engine
) -> None:
    routine = builtins.recommend(Context(sitting=True))
    with History.open(_lowback_home / "history.sqlite3") as history:
        done = [routine.items[0].exercise]
        history.log(routine, day=dt.date(2024, 1, 4), kind="guided", done=done, partial=True)
        history.log(routine, day=dt.date(2024, 1, 5), kind="guided")
    table = lb("history").stdout.splitlines()
    assert "guided, partial" in table[1] and "partial" not in table[2]
    assert [s["partial"] for s in sessions()] == [True, False]
    rows = list(csv.DictReader(io.StringIO(lb("history", "export", "--format", "csv").stdout)))
    assert {(r["day"], r["partial"]) for r in rows} == {("2024-01-04", "1"), ("2024-01-05", "0")}
    exported = tmp_path / "h.json"
    lb("history", "export", "--format", "json", "--output", str(exported))
    lb("history", "import", str(exported), home=tmp_path / "other")
    assert [s["partial"] for s in sessions(tmp_path / "other")] == [True, False]

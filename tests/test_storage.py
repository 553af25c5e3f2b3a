"""The profile (TOML) and the history (SQLite): round trips, migrations, faults, concurrency."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import sqlite3
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lowback import Context, Engine
from lowback.cli import main
from lowback.models import Routine
from lowback.storage import StorageError, history, paths
from lowback.storage import profile as profiles
from lowback.storage.files import write_atomic
from lowback.storage.history import MIGRATIONS, SCHEMA_VERSION, Feedback, History, read_progress

DAY = dt.date(2024, 1, 1)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def routine(builtins: Engine) -> Routine:
    return builtins.recommend(Context(sitting=True, timing="after-legs"))


# -- where files go ------------------------------------------------------------------


def test_lowback_home_holds_every_file(_lowback_home: Path) -> None:
    assert paths.profile_path() == _lowback_home / "profile.toml"
    assert paths.history_path() == _lowback_home / "history.sqlite3"


def test_without_lowback_home_the_platform_folders_are_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    monkeypatch.delenv("LOWBACK_HOME")
    assert paths.profile_path().parent == Path(platformdirs.user_config_dir("lowback", False))
    assert paths.history_path().parent == Path(platformdirs.user_data_dir("lowback", False))


# -- profile ---------------------------------------------------------------------------


def test_profile_round_trips(tmp_path: Path) -> None:
    prof = profiles.Profile.model_validate(
        {
            "sitting": True,
            "timing": "after-legs",
            "limits": ["kneeling", "cross-legs"],
            "equipment": [],
            "minutes": 12,
        }
    )
    path = profiles.save(prof, tmp_path / "p" / "profile.toml")
    assert profiles.load(path) == prof
    assert tomllib.loads(path.read_text())["limits"] == ["cross-legs", "kneeling"]


@given(st.text(max_size=40))
def test_the_toml_writer_writes_any_string_tomllib_reads_back(text: str) -> None:
    assert tomllib.loads(f"x = {profiles.toml_value(text)}")["x"] == text


def test_no_profile_file_is_no_profile(tmp_path: Path) -> None:
    assert profiles.load(tmp_path / "missing.toml") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("sittin = true\n", "unknown key 'sittin'"),
        ("minutes = 999\n", "minutes"),
        ("sitting = \n", "not valid TOML"),
    ],
)
def test_a_bad_profile_names_the_file_and_the_key(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(text)
    with pytest.raises(StorageError) as caught:
        profiles.load(path)
    message = str(caught.value)
    assert str(path) in message and words in message
    assert "\n" not in message
    assert "delete the file" in message
    assert path.read_text() == text


def test_a_profile_naming_an_unknown_limit_is_refused_at_use_naming_the_file(
    _lowback_home: Path,
) -> None:
    # Names are checked against the loaded plugins' vocabulary when the profile is used.
    path = _lowback_home / "profile.toml"
    path.write_text('limits = ["splits"]\n')
    result = CliRunner().invoke(main, ["recommend"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "'splits' is not a known limit name" in line
    assert path.read_text() == 'limits = ["splits"]\n'


# -- writing files whole --------------------------------------------------------------


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, b"new\n", replace=False)
    assert path.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_without_replace_an_existing_file_is_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        write_atomic(path, b"new", replace=False)
    assert path.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_with_replace_an_existing_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_bytes(b"old")
    write_atomic(path, b"new", replace=True)
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("replace", [True, False])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, replace: bool
) -> None:
    import os

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    path = tmp_path / "out.txt"
    if replace:
        path.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new", replace=replace)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.txt"] if replace else [])
    if replace:
        assert path.read_bytes() == b"old"


# -- history: schema and migrations ---------------------------------------------------


def test_reading_never_creates_the_history(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    assert History.open_existing(path) is None
    assert read_progress(DAY, path) is None
    assert not path.exists()


def test_a_new_history_is_wal_and_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_an_older_history_is_migrated_keeping_its_sessions(
    tmp_path: Path, routine: Routine
) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with History.open(path) as h:
        assert h._version() == 1 + (SCHEMA_VERSION - 1)
        h.log(routine, day=DAY, kind="logged")
    with History.open(path) as h:
        assert h.count() == 1
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    conn.close()
    assert "items_by_exercise" in names


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, routine: Routine
) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        h.log(routine, day=DAY, kind="logged")
    broken = (*MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr(history, "MIGRATIONS", broken)
    monkeypatch.setattr(history, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StorageError):
        History.open(path)
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "extra" not in tables
    assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    conn.close()


def test_a_newer_history_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.commit()
    conn.close()
    before = digest(path)
    for opener in (History.open, History.open_existing):
        with pytest.raises(StorageError) as caught:
            opener(path)
        assert "newer lowback" in str(caught.value) and str(path) in str(caught.value)
    assert digest(path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, just some text" * 40, b"SQLite format 3\x00" + b"\xff" * 200],
)
def test_a_corrupt_history_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(content)
    for opener in (History.open, History.open_existing):
        with pytest.raises(StorageError) as caught:
            opener(path)
        message = str(caught.value)
        assert str(path) in message and "move the file aside" in message
    assert path.read_bytes() == content


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StorageError, match="not a lowback history"):
        History.open(path)
    assert digest(path) == before


def test_a_locked_history_is_a_clear_error_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, routine: Routine
) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        h.log(routine, day=DAY, kind="logged")
    monkeypatch.setenv("LOWBACK_BUSY_TIMEOUT", "0.1")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with History.open(path) as h, pytest.raises(StorageError, match="locked"):
            h.log(routine, day=DAY, kind="logged")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with History.open(path) as h:
        assert h.count() == 1
        h.log(routine, day=DAY, kind="logged")
        assert h.count() == 2


def test_a_bad_busy_timeout_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LOWBACK_BUSY_TIMEOUT", "soon")
    with pytest.raises(StorageError, match="LOWBACK_BUSY_TIMEOUT"):
        History.open(tmp_path / "h.sqlite3")


# -- history: sessions and progress ----------------------------------------------------


def test_a_session_lands_whole_with_its_feedback(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "h.sqlite3"
    frog = "shimada/frog-stretch"
    with History.open(path) as h:
        sid = h.log(
            routine,
            day=DAY,
            kind="guided",
            done=[i.exercise for i in routine.items if i.exercise != "shimada/quad-roll"],
            feedback={frog: Feedback(rating="harder", pain_before=3, pain_after=6)},
            pain_before=2,
            pain_after=3,
        )
        (record,) = h.sessions()
    assert record.id == sid and record.kind == "guided" and record.day == DAY
    assert (record.pain_before, record.pain_after) == (2, 3)
    by_key = {i.exercise: i for i in record.items}
    assert not by_key["shimada/quad-roll"].done
    assert by_key[frog].rating == "harder" and by_key[frog].rung == "medium"
    assert [i.exercise for i in record.items] == [i.exercise for i in routine.items]

    prog = read_progress(DAY, path)
    assert prog is not None and prog.sessions == 1
    frog_done = prog.of(frog)
    assert frog_done is not None
    assert (frog_done.recent[0].pain_before, frog_done.recent[0].pain_after) == (3, 6)
    adductor = prog.of("shimada/adductor-roll")
    assert adductor is not None
    assert (adductor.recent[0].pain_before, adductor.recent[0].pain_after) == (2, 3)
    assert prog.of("shimada/quad-roll") is None  # not done: no feedback to learn from


def test_progress_counts_only_sessions_up_to_the_day(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        for n in range(15):
            h.log(routine, day=DAY + dt.timedelta(days=n), kind="logged")
    prog = read_progress(DAY + dt.timedelta(days=4), path)
    assert prog is not None
    assert prog.sessions == 5 and prog.last_day == DAY + dt.timedelta(days=4)
    later = read_progress(DAY + dt.timedelta(days=30), path)
    assert later is not None and later.sessions == 15
    frog = later.of("shimada/frog-stretch")
    assert frog is not None and len(frog.recent) == 10  # the latest ten only
    assert frog.recent[-1].day == DAY + dt.timedelta(days=14)


# -- concurrency ------------------------------------------------------------------------


def _log_many(path: str, routine_json: str, barrier: object, count: int) -> None:
    routine = Routine.model_validate_json(routine_json)
    barrier.wait()  # type: ignore[attr-defined]
    for _ in range(count):
        with History.open(Path(path)) as h:
            h.log(routine, day=DAY, kind="logged")


def test_processes_logging_at_the_same_moment_all_land(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "fresh" / "h.sqlite3"  # not created yet: they race to create it too
    workers, each = 4, 5
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    procs = [
        ctx.Process(target=_log_many, args=(str(path), routine.model_dump_json(), barrier, each))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * workers
    with History.open(path) as h:
        records = h.sessions()
    assert len(records) == workers * each
    assert all(len(r.items) == len(routine.items) for r in records)

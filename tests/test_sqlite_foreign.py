"""SQLite told straight (issue 17): another program's database is never changed, an
earlier lowback's history is adopted, reading works from a read-only folder, and a
full disk on the first ``log`` is said as such."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main
from lowback.storage import history
from lowback.storage.history import APPLICATION_ID, SCHEMA_VERSION

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


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pragmas(path: Path) -> tuple[int, int, str]:
    """application_id, user_version and journal mode, read without changing the file."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()
    return int(app_id), int(version), str(mode)


def foreign(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('beach')")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "statements",
    [
        (),  # no id, no version: many programs' files
        ("PRAGMA user_version = 1",),
        ("PRAGMA application_id = 1234", "PRAGMA user_version = 2"),
        # another program that happens to have tables named like lowback's
        ("PRAGMA application_id = 1234", "CREATE TABLE sessions (x)", "CREATE TABLE items (y)"),
    ],
    ids=["plain", "versioned", "other-id", "other-id-same-table-names"],
)
def test_another_programs_database_is_refused_untouched(
    _lowback_home: Path, statements: tuple[str, ...]
) -> None:
    path = _lowback_home / "history.sqlite3"
    foreign(path, *statements)
    before, state = digest(path), pragmas(path)
    assert state[2] == "delete"
    for args in (("recommend", "--sitting"), ("history",), ("plan",), ("log", "--sitting")):
        line = one_line(lb(*args, code=1))
        assert str(path) in line and "not a lowback history" in line, line
        assert "left it untouched" in line
    assert digest(path) == before and pragmas(path) == state  # still in delete mode
    assert sorted(os.listdir(_lowback_home)) == ["history.sqlite3"]  # no -wal, no -shm


def test_a_new_history_carries_lowbacks_application_id(_lowback_home: Path) -> None:
    lb("log", "--sitting")
    assert pragmas(_lowback_home / "history.sqlite3") == (APPLICATION_ID, SCHEMA_VERSION, "wal")


def _legacy(path: Path) -> None:
    """A history as lowback wrote it before the id (schema 2), with one session."""
    lb("log", "--date", "2024-01-09", "--sitting", "--pain-before", "2")
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE sessions DROP COLUMN partial")
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    assert pragmas(path) == (0, 2, "wal")


def test_an_earlier_lowbacks_history_is_adopted_with_its_sessions(_lowback_home: Path) -> None:
    path = _lowback_home / "history.sqlite3"
    _legacy(path)
    assert "1 session" in lb("history").stdout
    lb("log", "--sitting")
    assert pragmas(path) == (APPLICATION_ID, SCHEMA_VERSION, "wal")
    table = lb("history").stdout
    assert "2024-01-09" in table and "2 sessions" in table and "partial" not in table


# -- a read-only folder -------------------------------------------------------------------


def _binds(folder: Path, prefix: list[str]) -> bool:
    """Whether the folder's permissions hold for a process started with ``prefix``."""
    probe = [*prefix, sys.executable, "-c", "import sys; open(sys.argv[1], 'w')"]
    done = subprocess.run([*probe, str(folder / "probe")], capture_output=True, timeout=60)
    return done.returncode != 0 and not (folder / "probe").exists()


@contextmanager
def read_only_folder(folder: Path) -> Iterator[list[str]]:
    """``folder`` made read-only; yields the prefix that runs lowback bound by it.

    Root ignores permissions: as root, lowback runs in a new user namespace
    (``unshare --user``), where the folder's owner bits bind it too.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        unshare = shutil.which("unshare")
        if unshare is None:
            pytest.skip("running as root, which ignores a read-only folder, and no unshare")
        prefix = [unshare, "--user"]
    folder.chmod(0o555)
    try:
        if not _binds(folder, prefix):
            pytest.skip("a read-only folder does not bind this user here (root without a userns)")
        yield prefix
    finally:
        folder.chmod(0o755)


_RUN_ALL = """
import json, sys
from click.testing import CliRunner
from lowback.cli import main
out = []
for args in json.loads(sys.argv[1]):
    r = CliRunner().invoke(main, args)
    out.append([r.exit_code, r.stdout, r.stderr])
print(json.dumps(out))
"""


def run(prefix: list[str], home: Path, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Each command's exit code, stdout and stderr, all run in one process (started once)."""
    env = {**os.environ, "LOWBACK_HOME": str(home), "LOWBACK_TODAY": TODAY, "NO_COLOR": "1"}
    env["LOWBACK_SESSION_SPEED"] = "100000"
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _RUN_ALL, json.dumps(commands)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [(code, out, err) for code, out, err in json.loads(done.stdout)]


def test_reading_works_from_a_read_only_folder_and_log_says_why_it_cannot(
    _lowback_home: Path,
) -> None:
    path = _lowback_home / "history.sqlite3"
    _legacy(path)  # an earlier lowback's history: read as it is, not migrated
    before = digest(path)
    with read_only_folder(_lowback_home) as prefix:
        shown, *read, logged, guided = run(
            prefix,
            _lowback_home,
            ["history"],
            ["recommend", "--sitting"],
            ["plan"],
            ["history", "--format", "json"],
            ["log", "--sitting"],
            ["session", "--feedback", "all=right"],
        )
    assert shown[0] == 0, shown
    assert "2024-01-09" in shown[1] and "1 session" in shown[1]
    for code, _out, err in read:
        assert code == 0 and not err.strip(), err
    assert logged[0] == 1
    lines = logged[2].strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in logged[2], logged[2]
    assert str(_lowback_home) in lines[0] and "folder is read-only" in lines[0]
    assert guided[0] == 1 and guided[2].strip() == lines[0]  # said before the session
    assert "Session" not in guided[1]
    assert digest(path) == before
    assert pragmas(path) == (0, 2, "wal")


# -- a full disk on the first log ----------------------------------------------------------


def test_a_full_disk_on_the_first_log_says_the_disk_is_full(
    _lowback_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sqlite3.connect

    def full(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]
        conn.execute("PRAGMA max_page_count = 1")  # SQLite's own "disk is full"
        return conn

    with monkeypatch.context() as patch:  # undoes only this, not LOWBACK_HOME
        patch.setattr(history.sqlite3, "connect", full)
        line = one_line(lb("log", "--sitting", code=1))
    assert "the disk is full" in line and "free some space" in line, line
    assert "no transaction is active" not in line
    lb("log", "--sitting")  # space freed: the next log starts the history
    assert "1 session" in lb("history").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_write_the_system_refuses_on_the_first_log_is_said(_lowback_home: Path) -> None:
    import resource
    import signal

    def no_room() -> None:  # every write past 0 bytes fails, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    env = {**os.environ, "LOWBACK_HOME": str(_lowback_home), "LOWBACK_TODAY": TODAY}
    done = subprocess.run(
        [sys.executable, "-m", "lowback", "log", "--sitting"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=no_room,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "disk is full or failing" in lines[0], done.stderr


def test_a_newer_lowbacks_history_says_upgrade_and_is_left_as_it_is(_lowback_home: Path) -> None:
    path = _lowback_home / "history.sqlite3"
    lb("log", "--sitting")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    line = one_line(lb("history", code=1))
    assert "written by a newer lowback" in line and "upgrade lowback" in line
    assert digest(path) == before

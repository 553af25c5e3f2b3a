"""No lost update: every change to the profile is a read-modify-write under its lock (issue 17).

Before, ``profile set`` read, changed and rewrote the file with no lock: of three
concurrent calls, one change was often lost while every process said "Saved".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lowback.cli import main
from lowback.storage import profile as profiles
from lowback.vocab import CONDITIONS, LIMITS

posix_only = pytest.mark.skipif(os.name != "posix", reason="the lock is fcntl.flock (POSIX)")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    return {**env, "LOWBACK_HOME": str(home), "LOWBACK_TODAY": "2024-03-01"}


@posix_only
def test_twenty_concurrent_writers_changing_different_fields_lose_nothing(
    _lowback_home: Path,
) -> None:
    lowback = [sys.executable, "-m", "lowback"]
    commands = [
        [*lowback, "profile", "set", *args]
        for args in (
            ["--sitting"],
            ["--heavy-lifting"],
            ["--after-legs"],
            ["--no-roller"],
            ["--minutes", "17"],
            *(["--limit", limit] for limit in LIMITS),
            *(["--condition", condition] for condition in CONDITIONS),
        )
    ]
    commands.append([*lowback, "screen", "--save", "--red-flag", "night-pain", "--pain", "2"])
    while len(commands) < 20:  # the same additions again: still nothing may be lost
        commands.append([*lowback, "profile", "set", "--limit", LIMITS[len(commands) % 3]])
    env = _env(_lowback_home)
    procs = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, [err for _, err in outs]
    saved = profiles.load(_lowback_home / "profile.toml")
    assert saved is not None
    assert (saved.sitting, saved.heavy_lifting, saved.timing) == (True, True, "after-legs")
    assert (saved.equipment, saved.minutes) == ((), 17)
    assert set(saved.limits) == set(LIMITS)
    assert set(saved.conditions) == set(CONDITIONS)
    assert saved.red_flags == ("night-pain",) and saved.screened_on == "2024-03-01"


@posix_only
def test_a_save_of_a_loaded_profile_keeps_what_another_writer_changed_meanwhile(
    tmp_path: Path,
) -> None:
    path = tmp_path / "profile.toml"
    profiles.edit(lambda _p: {"sitting": True}, path)
    mine = profiles.load(path)  # as `screen --save` does: load, change, save
    assert mine is not None
    profiles.edit(lambda _p: {"minutes": 20}, path)  # another command, meanwhile
    profiles.save(mine.model_copy(update={"red_flags": ("night-pain",)}), path)
    saved = profiles.load(path)
    assert saved is not None
    assert (saved.sitting, saved.minutes, saved.red_flags) == (True, 20, ("night-pain",))


@posix_only
def test_a_profile_held_locked_too_long_is_one_line_and_untouched(_lowback_home: Path) -> None:
    import fcntl

    path = _lowback_home / "profile.toml"
    path.write_text("sitting = true\n")
    fd = os.open(_lowback_home / ".profile.toml.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = CliRunner().invoke(
            main, ["profile", "set", "--minutes", "5"], env={"LOWBACK_BUSY_TIMEOUT": "0.1"}
        )
    finally:
        os.close(fd)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "another lowback is changing the profile" in line
    assert path.read_text() == "sitting = true\n"

"""Files written and read safely: regular files only, links followed, bounds on what is read.

Issue 17: ``--output F --force`` and ``plan --ics F --force`` used to replace
devices and links with plain files; a FIFO or a deeply nested profile hung or
crashed ``recommend``. Every refusal here is one line naming the flag or file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main
from lowback.storage import StorageError
from lowback.storage import profile as profiles
from lowback.storage.files import NotAFileError, read_bounded, write_atomic

from conftest import run_lowback

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, links and umask are POSIX")


def lb(*args: str, code: int, **env: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def one_line(result: Result | str) -> str:
    text = result if isinstance(result, str) else result.stderr
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


# -- writing -------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("flag", ["--output", "--ics"])
def test_a_fifo_is_refused_even_with_force_and_stays_a_fifo(here: Path, flag: str) -> None:
    os.mkfifo("pipe")
    command = ["recommend", "--sitting"] if flag == "--output" else ["plan"]
    line = one_line(lb(*command, flag, "pipe", "--force", code=1))
    assert f"{flag} pipe" in line and "FIFO" in line and "nothing was written" in line
    assert stat.S_ISFIFO(os.lstat("pipe").st_mode)


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_refused_and_left_a_device() -> None:
    line = one_line(lb("recommend", "--output", "/dev/null", "--force", code=1))
    assert "/dev/null" in line and "character device" in line and "- for stdout" in line
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix_only
def test_a_link_is_written_through_and_kept(here: Path) -> None:
    Path("real.md").write_text("old")
    os.symlink("real.md", "link.md")
    lb("recommend", "--sitting", "--format", "markdown", "-o", "link.md", "--force", code=0)
    assert os.path.islink("link.md") and os.readlink("link.md") == "real.md"
    assert Path("real.md").read_text().startswith("#")
    assert sorted(os.listdir(".")) == ["link.md", "real.md"]  # no temporary file left


@posix_only
def test_a_link_to_an_existing_file_needs_force(here: Path) -> None:
    Path("real.md").write_text("old")
    os.symlink("real.md", "link.md")
    line = one_line(lb("recommend", "-o", "link.md", code=1))
    assert "the file exists" in line and "--force" in line
    assert Path("real.md").read_text() == "old"


@posix_only
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_dangling_link_is_refused_and_nothing_is_created(here: Path, force: list[str]) -> None:
    os.symlink("missing/target.ics", "cal.ics")
    line = one_line(lb("plan", "--ics", "cal.ics", *force, code=1))
    assert "--ics cal.ics" in line and "dangling" in line
    assert os.path.islink("cal.ics") and not os.path.exists("missing")


@posix_only
def test_a_file_another_process_creates_meanwhile_is_no_dangling_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Processes racing to create a new history: the file appears between the look that
    # finds nothing and the second look. (Found by the concurrent-log test, once.)
    from lowback.storage import files

    path = tmp_path / "h.sqlite3"
    real_stat = os.stat
    created: list[bool] = []

    def stat_then_create(name: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(name) == str(path) and not created:
            created.append(True)
            with open(path, "wb"):  # the other process, just after this one looked
                pass
            raise FileNotFoundError(name)
        return real_stat(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "stat", stat_then_create)
    assert files.regular_target(path) is None  # nothing was there when it looked
    assert files.regular_target(path) == path  # and the file is taken as it is now


def test_a_looping_link_is_refused(here: Path) -> None:
    os.symlink("b", "a")
    os.symlink("a", "b")
    line = one_line(lb("recommend", "-o", "a", "--force", code=1))
    assert "--output a" in line and "loops" in line
    assert os.readlink("a") == "b" and os.readlink("b") == "a"


def test_a_folder_is_refused(here: Path) -> None:
    Path("out").mkdir()
    with pytest.raises(NotAFileError, match="a folder"):
        write_atomic(here / "out", b"x", replace=True)
    line = one_line(lb("plan", "--ics", "out", "--force", code=2))
    assert "--ics" in line and "out" in line
    assert Path("out").is_dir()


@posix_only
def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(here: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(here / "new.txt", b"new", replace=False)
        Path("mine.txt").write_text("old")
        os.chmod("mine.txt", 0o600)
        write_atomic(here / "mine.txt", b"new", replace=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat("new.txt").st_mode) == 0o640
    assert stat.S_IMODE(os.stat("mine.txt").st_mode) == 0o600
    assert Path("mine.txt").read_bytes() == b"new"


def test_ics_dash_writes_the_calendar_alone_to_stdout(here: Path) -> None:
    result = lb("plan", "--weeks", "1", "--ics", "-", code=0)
    assert result.stdout.startswith("BEGIN:VCALENDAR") and result.stdout.rstrip().endswith(
        "END:VCALENDAR"
    )
    assert "sessions planned" in result.stderr
    assert not Path("-").exists()


def test_a_name_near_the_limit_is_written_and_one_past_it_is_one_line(here: Path) -> None:
    long_ok = "n" * 250 + ".md"  # the temporary file's name must not grow past the limit
    lb("recommend", "-o", long_ok, code=0)
    assert Path(long_ok).exists()
    too_long = "n" * 300 + ".md"
    line = one_line(lb("recommend", "-o", too_long, code=1))
    assert line.startswith("lowback: error: --output nnn") and "cannot write" in line
    assert os.listdir(".") == [long_ok]


@posix_only
def test_profile_set_writes_through_a_linked_profile(_lowback_home: Path) -> None:
    real = _lowback_home / "dotfiles" / "lowback.toml"
    real.parent.mkdir()
    real.write_text("sitting = true\n")
    os.symlink(real, _lowback_home / "profile.toml")
    lb("profile", "set", "--minutes", "12", code=0)
    assert os.path.islink(_lowback_home / "profile.toml")
    saved = profiles.load(real)
    assert saved is not None and saved.sitting is True and saved.minutes == 12


# -- reading -------------------------------------------------------------------------


@posix_only
def test_a_fifo_for_a_profile_is_an_error_not_a_hang(_lowback_home: Path) -> None:
    os.mkfifo(_lowback_home / "profile.toml")
    result = run_lowback(["recommend", "--sitting"])  # times out (fails) if it blocks
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "profile.toml" in line and "FIFO" in line and "regular file" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("limits = " + "[" * 400 + "]" * 400 + "\n", "nested deeper than 4 levels"),
        ("limits = " + "[" * 5000 + "\n", "nested deeper than 4 levels"),
        ("minutes = " + "9" * 5000 + "\n", "a number has too many digits"),
        ("minutes = 3\n" + "# padding\n" * 7000, "too large for a profile"),
    ],
)
def test_a_hostile_profile_is_one_line_and_left_as_it_is(
    _lowback_home: Path, text: str, words: str
) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text(text)
    for args in (["recommend", "--sitting"], ["profile", "set", "--sitting"]):
        line = one_line(lb(*args, code=1))
        assert str(path) in line and words in line
    assert path.read_text() == text


def test_read_bounded_never_reads_past_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 11)
    assert read_bounded(path, 11) == b"x" * 11
    with pytest.raises(ValueError, match="over the limit of 10"):
        read_bounded(path, 10)
    assert read_bounded(tmp_path / "missing", 10) is None


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "missing"])
def test_log_routine_must_be_a_regular_file(here: Path, kind: str) -> None:
    name = {"fifo": "pipe", "device": "/dev/zero", "folder": "dir", "missing": "gone.json"}[kind]
    if kind == "fifo":
        os.mkfifo(name)
    if kind == "folder":
        os.mkdir(name)
    if kind == "device" and not os.path.exists(name):
        pytest.skip("no /dev/zero")
    line = one_line(lb("log", "--routine", name, code=2))
    assert "--routine" in line and name in line
    assert not (Path(os.environ["LOWBACK_HOME"]) / "history.sqlite3").exists()


@posix_only
def test_a_fifo_for_a_history_is_an_error_not_a_hang(_lowback_home: Path) -> None:
    os.mkfifo(_lowback_home / "history.sqlite3")
    for args in (["history"], ["recommend", "--sitting"], ["log", "--sitting"]):
        result = run_lowback(args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_line(result.stderr)
        assert "history.sqlite3" in line and "FIFO" in line


def test_a_profile_that_is_a_folder_is_named(_lowback_home: Path) -> None:
    (_lowback_home / "profile.toml").mkdir()
    with pytest.raises(StorageError, match="a folder, not a regular file"):
        profiles.load(_lowback_home / "profile.toml")


def test_a_fifo_given_as_context_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "context.json"
    os.mkfifo(fifo)
    for command in (["recommend"], ["screen"]):
        proc = subprocess.run(
            [sys.executable, "-m", "lowback", *command, "--context", str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.strip().splitlines() == [
            f"lowback: error: --context {fifo}: a FIFO (named pipe), not a regular file"
        ]
        assert "Traceback" not in proc.stderr


# -- repeated JSON keys ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["recommend", "--context", "twice.json"], 1),
        (["log", "--routine", "twice.json"], 2),
        (["history", "import", "twice.json"], 2),
        (["validate", "twice.json"], 1),
    ],
)
def test_a_json_key_given_twice_is_one_line_naming_file_and_key(
    here: Path, args: list[str], code: int
) -> None:
    # JSON parsers keep the last: this context would read as no red flag at all.
    Path("twice.json").write_text('{"red_flags": ["bladder-bowel"], "red_flags": []}')
    line = one_line(lb(*args, code=code))
    assert "twice.json" in line and "key 'red_flags' is given twice" in line, line
    if args[0] == "history":
        assert "nothing was imported" in line

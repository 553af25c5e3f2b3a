"""`profile set` keeps what a person wrote in profile.toml by hand (audit: user 8).

Before, every change rewrote the file from the values alone: a comment the file's
header invites ("edit it by hand") was silently deleted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lowback.cli import main
from lowback.storage import profile as profiles


def _set(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(main, ["profile", "set", *args])
    assert result.exit_code == 0, result.output


def test_a_comment_appended_by_hand_survives_profile_set(
    runner: CliRunner, _lowback_home: Path
) -> None:
    path = _lowback_home / "profile.toml"
    _set(runner, "--sitting")
    with path.open("a") as f:
        f.write("# my note: physio said 10 minutes max\n")
    _set(runner, "--minutes", "10")
    text = path.read_text()
    assert text.endswith("# my note: physio said 10 minutes max\n")
    assert text.count(profiles.HEADER) == 1 and text.startswith(profiles.HEADER)
    saved = profiles.load(path)
    assert saved is not None and (saved.sitting, saved.minutes) == (True, 10)


def test_comments_stay_above_their_key_and_move_to_the_end_when_it_is_gone(
    runner: CliRunner, _lowback_home: Path
) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text(
        "# knees: since the fall\n"
        "\n"
        "limits = [\n"
        '  "kneeling",  # until the physio says so\n'
        "]\n"
        "minutes = 15  # lunch break\n"
        "# the physio asked for this\n"
        'timing = "after-legs"\n'
    )
    _set(runner, "--minutes", "20", "--any-time", "--limit", "cross-legs")
    text = path.read_text()
    lines = text.splitlines()
    assert text.startswith(profiles.HEADER) and text.count(profiles.HEADER) == 1
    # The comment and blank line written above limits are still just above it.
    at = lines.index('limits = ["cross-legs", "kneeling"]  # until the physio says so')
    assert lines[at - 2 : at] == ["# knees: since the fall", ""]
    assert "minutes = 20  # lunch break" in lines  # a changed value keeps its comment
    assert lines[-1] == "# the physio asked for this"  # timing is gone: its comment is last
    saved = profiles.load(path)
    assert saved is not None
    assert (saved.limits, saved.minutes, saved.timing) == (("cross-legs", "kneeling"), 20, None)


def test_a_key_not_changed_keeps_its_text_and_a_second_set_changes_nothing_else(
    runner: CliRunner, _lowback_home: Path
) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text('equipment = [ "foam-roller" ]   # the blue one\nsitting = true\n')
    _set(runner, "--heavy-lifting")
    first = path.read_text()
    assert 'equipment = [ "foam-roller" ]   # the blue one\n' in first
    _set(runner, "--heavy-lifting")
    assert path.read_text() == first


_NOTES = st.lists(
    st.sampled_from(["", "# a note", '  # indented, with = and [ and "', "#"]), max_size=2
)
_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "sitting": st.booleans(),
        "minutes": st.none() | st.integers(1, 240),
        "timing": st.sampled_from([None, "after-legs", "before-workout"]),
        "limits": st.lists(st.sampled_from(["kneeling", "cross-legs"]), unique=True),
        "avoid": st.lists(st.sampled_from(["frog-stretch", "shimada/psoas-stretch"]), unique=True),
    },
)


@settings(max_examples=60, deadline=None)
@given(
    notes=st.lists(_NOTES, min_size=13, max_size=13),
    first=_CHANGES,
    second=_CHANGES,
)
def test_any_notes_survive_any_change_and_the_values_are_the_ones_set(
    notes: list[list[str]], first: dict[str, Any], second: dict[str, Any]
) -> None:
    path = Path("profile.toml")  # only named in errors: nothing is read or written here
    old = profiles.updated(None, first)
    lines = profiles.dumps(old).removeprefix(profiles.HEADER).splitlines()
    notes = notes[: len(lines) + 1]  # the notes above each line, and those at the end
    written = [n for group, line in zip(notes, lines, strict=False) for n in (*group, line)]
    text = "\n".join([*written, *notes[-1]]) + "\n"
    new = profiles.updated(profiles.parse(text, path), second)
    merged = profiles.merge(text, new)
    assert profiles.parse(merged, path) == new
    assert merged.count(profiles.HEADER) == 1 and merged.startswith(profiles.HEADER)
    kept = [
        line
        for line in merged.splitlines()
        if line.strip() in ("", "#") or line.lstrip().startswith("# ")
    ]
    mine = [n for group in notes for n in group]
    assert sorted(kept) == sorted(mine + profiles.HEADER.splitlines())
    assert profiles.merge(merged, new) == merged  # a second write changes nothing

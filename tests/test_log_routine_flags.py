"""``log --routine FILE`` refuses context flags (audit: user 13).

Before, ``lowback log --routine today.json --sitting`` logged the file's routine and
silently ignored ``--sitting``; ``recommend --context`` refuses the same mix.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lowback.cli import main


def test_context_flags_beside_a_routine_file_are_a_usage_error_naming_both(
    tmp_path: Path, _lowback_home: Path
) -> None:
    runner = CliRunner()
    routine = tmp_path / "today.json"
    routine.write_text(runner.invoke(main, ["recommend", "--format", "json"]).stdout)
    result = runner.invoke(main, ["log", "--routine", str(routine), "--sitting", "--minutes", "5"])
    assert result.exit_code == 2, result.output
    assert "--routine cannot be combined with --sitting, --minutes" in result.stderr
    assert not (_lowback_home / "history.sqlite3").exists()  # nothing was logged
    result = runner.invoke(main, ["log", "--routine", str(routine), "--pain-before", "2"])
    assert result.exit_code == 0, result.output

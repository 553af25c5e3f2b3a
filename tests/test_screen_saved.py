"""Safety answers kept in the profile with a date, used by recommend, asked again when old."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from lowback.cli import main


def lb(*args: str, today: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"LOWBACK_TODAY": today})
    return result.exit_code, result.stdout, result.stderr


def profile(tmp_home: Path) -> dict[str, object]:
    return tomllib.loads((tmp_home / "profile.toml").read_text(encoding="utf-8"))


@pytest.fixture
def tmp_home() -> Path:
    import os

    return Path(os.environ["LOWBACK_HOME"])  # set per test by conftest


def test_save_keeps_flags_and_clearance_dated_but_not_pain(tmp_home: Path) -> None:
    code, _, err = lb(
        "screen",
        "--red-flag",
        "night-pain",
        "--cleared",
        "--pain",
        "3",
        "--save",
        today="2026-11-01",
    )
    assert code == 0
    assert "asked again after 30 days" in err
    saved = profile(tmp_home)
    assert saved["red_flags"] == ["night-pain"]
    assert saved["cleared"] is True
    assert saved["screened_on"] == "2026-11-01"
    assert "pain" not in saved


def test_fresh_answers_are_used_by_recommend(tmp_home: Path) -> None:
    lb("screen", "--red-flag", "night-pain", "--cleared", "--save", today="2026-11-01")
    code, out, err = lb(
        "recommend", "--sitting", "--after-legs", "--format", "json", today="2026-11-20"
    )
    assert code == 0 and err == ""
    assert '"red_flags":["night-pain"]' in out and '"cleared":true' in out
    assert '"halted":false' in out


def test_uncleared_saved_flag_halts_recommend(tmp_home: Path) -> None:
    assert lb("screen", "--red-flag", "cancer-history", "--save", today="2026-11-01")[0] == 0
    code, out, _ = lb("recommend", "--sitting", today="2026-11-02")
    assert code == 0
    assert "No routine today." in out


def test_old_answers_are_asked_again_and_clearance_lapses(tmp_home: Path) -> None:
    lb("screen", "--red-flag", "night-pain", "--cleared", "--save", today="2026-11-01")
    code, out, err = lb("recommend", "--sitting", today="2026-12-05")
    assert code == 0
    assert "run 'lowback screen --save' again" in err
    assert "No routine today." in out  # the saved flag counts; the old clearance does not
    # Screening again today restores the routine.
    lb("screen", "--red-flag", "night-pain", "--cleared", "--save", today="2026-12-05")
    code, out, err = lb("recommend", "--sitting", today="2026-12-05")
    assert err == "" and "No routine today." not in out


def test_a_bad_saved_date_is_a_clear_error(tmp_home: Path) -> None:
    tmp_home.mkdir(parents=True, exist_ok=True)
    (tmp_home / "profile.toml").write_text('screened_on = "last week"\n', encoding="utf-8")
    code, _, err = lb("recommend", "--sitting", today="2026-11-01")
    assert code == 1
    assert "screened_on" in err and "YYYY-MM-DD" in err
    assert (tmp_home / "profile.toml").read_text() == 'screened_on = "last week"\n'

"""Safety answers kept in the profile with a date, used by recommend, asked again when old."""

from __future__ import annotations

import json
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
    code, out, err = lb("recommend", "--sitting", today="2026-11-02")
    assert code == 0
    assert "No routine today." in out
    # Where the answer was kept, and how to give another.
    assert "the safety answers saved on 2026-11-01 name cancer-history" in err
    assert "run 'lowback screen --save' to answer again" in err


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


# -- lowback screen shows and applies the saved answers, as recommend does ----------


def screen_json(*args: str, today: str) -> dict[str, object]:
    code, out, _ = lb("screen", *args, "--format", "json", today=today)
    assert code == 0, out
    data: dict[str, object] = json.loads(out)
    return data


def test_screen_applies_a_saved_flag_instead_of_saying_clear(tmp_home: Path) -> None:
    assert lb("screen", "--red-flag", "night-pain", "--save", today="2026-11-01")[0] == 0
    code, out, _ = lb("screen", "--pain", "2", today="2026-11-02")
    assert code == 0
    assert out.startswith("See a clinician first")
    assert "Your saved answers from 2026-11-01 count too: red flag night-pain." in out
    assert "Clear" not in out and "No red flags reported" not in out
    assert "lowback recommend" not in out  # no suggestion that recommend would then refuse
    data = screen_json("--pain", "2", today="2026-11-02")
    assert data["level"] == "clinician" and data["flags"] == ["night-pain"]
    assert data["saved_answers"] == {
        "screened_on": "2026-11-01",
        "red_flags": ["night-pain"],
        "cleared": False,
        "fresh": True,
    }
    # recommend agrees: both refuse.
    assert "No routine today." in lb("recommend", "--sitting", "--pain", "2", today="2026-11-02")[1]


def test_fresh_saved_answers_answer_the_red_flag_questions(tmp_home: Path) -> None:
    assert lb("screen", "--no-red-flags", "--save", today="2026-11-01")[0] == 0
    assert profile(tmp_home)["red_flags"] == []
    code, out, err = lb("screen", "--pain", "2", today="2026-11-20")
    assert out.startswith("Clear: the routine as chosen.") and err == ""
    assert "Your saved answers from 2026-11-01 count too: no red flags." in out
    # Old answers are asked again: the red-flag questions are unanswered once more.
    code, out, err = lb("screen", "--pain", "2", today="2026-12-05")
    assert code == 0 and out.startswith("Not yet clear")
    assert "run 'lowback screen --save' again" in err


def test_screen_lets_an_old_clearance_lapse_as_recommend_does(tmp_home: Path) -> None:
    lb("screen", "--red-flag", "night-pain", "--cleared", "--save", today="2026-11-01")
    code, out, _ = lb("screen", "--pain", "2", today="2026-11-10")
    assert out.startswith("Cleared by a clinician")
    code, out, err = lb("screen", "--pain", "2", today="2026-12-05")
    assert code == 0
    assert out.startswith("See a clinician first")
    assert "over 30 days old" in out and "a saved clearance no longer does" in out
    assert "run 'lowback screen --save' again" in err


def test_save_refuses_a_screen_without_the_red_flag_answers(tmp_home: Path) -> None:
    code, out, err = lb("screen", "--pain", "2", "--save", today="2026-11-01")
    assert code == 2 and out == ""
    assert "--save keeps a whole screen" in err and "--no-red-flags" in err
    assert not (tmp_home / "profile.toml").exists()


def test_save_replaces_the_answers_saved_before(tmp_home: Path) -> None:
    lb("screen", "--red-flag", "cancer-history", "--save", today="2026-11-01")
    code, out, _ = lb("screen", "--no-red-flags", "--pain", "1", "--save", today="2026-11-02")
    assert code == 0 and out.startswith("Clear:")
    assert profile(tmp_home)["red_flags"] == []
    assert "No routine today." not in lb("recommend", "--sitting", today="2026-11-03")[1]


def test_no_profile_and_context_ignore_the_saved_answers(tmp_home: Path) -> None:
    lb("screen", "--red-flag", "cancer-history", "--save", today="2026-11-01")
    code, out, _ = lb("screen", "--no-red-flags", "--pain", "2", "--no-profile", today="2026-11-02")
    assert code == 0 and out.startswith("Clear:")
    assert "lowback recommend --pain 2 --no-profile" in out
    data = screen_json("--context", str(_context(tmp_home)), today="2026-11-02")
    assert data["level"] == "clear" and data["saved_answers"] is None


def _context(tmp_home: Path) -> Path:
    path = tmp_home / "ctx.json"
    path.write_text('{"red_flags": [], "pain": 1}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [("saddle-numbness", "saddle-changes"), ("fall-or-accident", "serious-accident")],
)
def test_a_saved_profile_with_an_earlier_name_keeps_working(
    tmp_home: Path, old: str, new: str
) -> None:
    tmp_home.mkdir(parents=True, exist_ok=True)
    (tmp_home / "profile.toml").write_text(
        f'red_flags = ["{old}"]\ncleared = true\nscreened_on = "2026-11-01"\n', encoding="utf-8"
    )
    code, out, _ = lb("recommend", "--sitting", today="2026-11-02")
    assert code == 0 and "STOP: Seek emergency care now." in out
    data = screen_json("--pain", "2", today="2026-11-02")
    assert data["level"] == "urgent" and data["flags"] == [new]
    # Saving again writes the current name.
    assert lb("screen", "--red-flag", old, "--save", today="2026-11-02")[0] == 0
    assert profile(tmp_home)["red_flags"] == [new]

"""The safety screen through the command line: ``recommend`` flags, ``lowback screen``, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main
from lowback.screening import CLEARED_QUESTION, FLAG_WORDS, QUESTIONS
from lowback.vocab import CLINICIAN_FLAGS, RED_FLAGS, URGENT_FLAGS

from conftest import run_lowback

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
DAY = ("--sitting", "--after-legs")


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV, input=input)


def one_line_error(result: Result, code: int, *names: str) -> str:
    """Exit ``code``, one ``lowback: error:`` line on stderr naming ``names``, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lowback: error: "), lines[0]
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def recommend_json(runner: CliRunner, *args: str) -> dict[str, object]:
    return json.loads(ok(invoke(runner, "recommend", *DAY, *args, "--format", "json")))


def screen_json(runner: CliRunner, *args: str, input: str | None = None) -> dict[str, object]:
    return json.loads(ok(invoke(runner, "screen", *args, "--format", "json", input=input)))


# -- recommend: each red flag, each pain band, --cleared ------------------------------


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_recommend_each_urgent_flag_halts(runner: CliRunner, flag: str) -> None:
    out = ok(invoke(runner, "recommend", *DAY, "--red-flag", flag))
    assert "No routine today." in out
    assert "STOP: Seek emergency care now" in out
    assert FLAG_WORDS[flag] in out
    data = recommend_json(runner, "--red-flag", flag, "--cleared")
    assert data["halted"] is True and data["items"] == []


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_recommend_each_clinician_flag_halts_until_cleared(runner: CliRunner, flag: str) -> None:
    out = ok(invoke(runner, "recommend", *DAY, "--red-flag", flag))
    assert "STOP: See a clinician" in out and FLAG_WORDS[flag] in out
    assert recommend_json(runner, "--red-flag", flag)["halted"] is True
    cleared = recommend_json(runner, "--red-flag", flag, "--cleared")
    assert cleared["halted"] is False and cleared["items"]


def test_recommend_cleared_alone_changes_nothing(runner: CliRunner) -> None:
    plain = recommend_json(runner)
    assert recommend_json(runner, "--cleared")["items"] == plain["items"]


@pytest.mark.parametrize("pain", range(11))
def test_recommend_each_pain_value(runner: CliRunner, pain: int) -> None:
    data = recommend_json(runner, "--pain", str(pain))
    items = data["items"]
    assert isinstance(items, list)
    if pain <= 3:
        assert data["halted"] is False
        assert items == recommend_json(runner)["items"]
    elif pain <= 6:
        assert data["halted"] is False and items
        assert {item["variation"]["rung"] for item in items} == {1}
        out = ok(invoke(runner, "recommend", *DAY, "--pain", str(pain)))
        assert f"Note: Pain {pain}/10: every exercise is given at the easiest variation" in out
    else:
        assert data["halted"] is True and items == []
        out = ok(invoke(runner, "recommend", *DAY, "--pain", str(pain)))
        assert f"STOP: Pain {pain}/10 is too high" in out


def test_recommend_help_lists_the_safety_flags(runner: CliRunner) -> None:
    out = ok(invoke(runner, "recommend", "--help"))
    for flag in ("--pain", "--red-flag", "--cleared"):
        assert flag in out


# -- recommend: error paths ----------------------------------------------------------


@pytest.mark.parametrize("value", ["11", "-1", "100"])
def test_recommend_pain_out_of_range(runner: CliRunner, value: str) -> None:
    line = one_line_error(invoke(runner, "recommend", "--pain", value), 2, "--pain", value)
    assert "0<=x<=10" in line


@pytest.mark.parametrize("value", ["abc", "5.5", ""])
def test_recommend_pain_not_a_whole_number_names_the_range(runner: CliRunner, value: str) -> None:
    one_line_error(invoke(runner, "recommend", "--pain", value), 2, "--pain", "0 to 10")


def test_recommend_unknown_red_flag_names_every_flag(runner: CliRunner) -> None:
    line = one_line_error(
        invoke(runner, "recommend", "--red-flag", "backache"), 2, "--red-flag", "backache"
    )
    for flag in RED_FLAGS:
        assert flag in line


@pytest.mark.parametrize("flag", ["--pain", "--red-flag"])
def test_recommend_safety_flag_without_its_value(runner: CliRunner, flag: str) -> None:
    one_line_error(invoke(runner, "recommend", flag), 2, flag)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--pain", "3"), "--pain"),
        (("--red-flag", "steroids"), "--red-flag"),
        (("--cleared",), "--cleared"),
    ],
)
def test_recommend_context_file_conflicts_with_safety_flags(
    runner: CliRunner, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"sitting": true}', encoding="utf-8")
    one_line_error(invoke(runner, "recommend", "--context", str(ctx), *args), 2, "--context", named)


def test_recommend_context_file_carries_the_answers(runner: CliRunner, tmp_path: Path) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"sitting": true, "red_flags": ["night-pain"]}', encoding="utf-8")
    data = json.loads(ok(invoke(runner, "recommend", "--context", str(ctx), "--format", "json")))
    assert data["halted"] is True


def test_recommend_context_file_with_bad_pain_is_a_data_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"pain": 11}', encoding="utf-8")
    one_line_error(invoke(runner, "recommend", "--context", str(ctx)), 1, "pain")


# -- screen: flags, JSON context, interactive -----------------------------------------


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_screen_each_urgent_flag(runner: CliRunner, flag: str) -> None:
    out = ok(invoke(runner, "screen", "--red-flag", flag))
    assert out.startswith("URGENT: seek emergency care now.")
    assert FLAG_WORDS[flag] in out
    data = screen_json(runner, "--red-flag", flag, "--cleared")
    assert data["level"] == "urgent" and data["halted"] is True
    assert data["flags"] == [flag]


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_screen_each_clinician_flag_and_cleared(runner: CliRunner, flag: str) -> None:
    out = ok(invoke(runner, "screen", "--red-flag", flag))
    assert out.startswith("See a clinician first")
    assert "Carry these answers" not in out
    assert screen_json(runner, "--red-flag", flag)["level"] == "clinician"
    data = screen_json(runner, "--red-flag", flag, "--cleared", "--pain", "2")
    assert data["level"] == "clear" and data["halted"] is False
    out = ok(invoke(runner, "screen", "--red-flag", flag, "--cleared", "--pain", "2"))
    # A flag, even cleared, is never called plain "Clear".
    assert out.startswith("Cleared by a clinician")
    assert f"lowback recommend --red-flag {flag} --pain 2 --cleared" in out
    # Without pain now, one question is unanswered: not clear.
    data = screen_json(runner, "--red-flag", flag, "--cleared")
    assert data["level"] == "incomplete" and data["unanswered"] == ["pain"]


@pytest.mark.parametrize("pain", range(11))
def test_screen_each_pain_value(runner: CliRunner, pain: int) -> None:
    data = screen_json(runner, "--no-red-flags", "--pain", str(pain))
    level = "clear" if pain <= 3 else "gentle" if pain <= 6 else "rest"
    assert data["level"] == level
    assert data["answers"] == {"red_flags": [], "pain": pain, "cleared": False}
    assert data["unanswered"] == []
    # Pain alone leaves the red-flag questions unanswered: never "clear".
    alone = screen_json(runner, "--pain", str(pain))
    assert alone["level"] == ("incomplete" if pain <= 3 else level)
    assert alone["unanswered"] == ["red_flags"]


def test_screen_with_nothing_given_and_no_terminal_says_so(runner: CliRunner) -> None:
    out = ok(invoke(runner, "screen"))
    assert out.startswith("Not yet clear: no answers were given.")
    assert "Clear" not in out
    assert "run 'lowback screen' in a terminal" in out and "--no-red-flags" in out


def test_screen_context_from_stdin(runner: CliRunner) -> None:
    data = screen_json(runner, "--context", "-", input='{"sitting": true, "pain": 8}')
    assert data["level"] == "rest"
    assert data["safety_note"].startswith("This is not medical advice")


def test_screen_context_file(runner: CliRunner, tmp_path: Path) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"red_flags": ["night-pain"], "cleared": true, "pain": 5}', "utf-8")
    data = screen_json(runner, "--context", str(ctx))
    assert data["level"] == "gentle"
    assert data["answers"] == {"red_flags": ["night-pain"], "pain": 5, "cleared": True}
    assert len(data["notes"]) == 2
    assert data["unanswered"] == []


def test_screen_asks_and_stops_at_an_urgent_yes(runner: CliRunner) -> None:
    result = invoke(runner, "screen", "--ask", input="n\ny\n")
    out = ok(result)
    assert out.startswith("URGENT")
    assert QUESTIONS["saddle-changes"] in result.stderr  # prompts go to stderr
    assert QUESTIONS["sexual-dysfunction"] not in result.stderr  # the first yes ends it
    assert QUESTIONS["cancer-history"] not in result.stderr


def test_screen_asks_every_question_then_pain(runner: CliRunner) -> None:
    answers = ["n"] * len(URGENT_FLAGS) + [
        "y" if f == "night-pain" else "n" for f in CLINICIAN_FLAGS
    ]
    result = invoke(
        runner,
        "screen",
        "--ask",
        "--format",
        "json",
        input="\n".join([*answers, "y", "12", "5"]) + "\n",
    )
    data = json.loads(ok(result))
    assert data["answers"] == {"red_flags": ["night-pain"], "pain": 5, "cleared": True}
    assert data["level"] == "gentle"
    assert CLEARED_QUESTION in result.stderr
    assert "12 is not in the range" in result.stderr  # asked again, not a crash


def test_screen_ask_at_end_of_input_aborts_in_one_line(runner: CliRunner) -> None:
    result = invoke(runner, "screen", "--ask", input="n\n")
    assert result.exit_code == 1
    assert result.stderr.rstrip("\n").endswith("lowback: aborted")
    assert "Traceback" not in result.output


# -- screen: error paths -------------------------------------------------------------


@pytest.mark.parametrize("value", ["11", "-1"])
def test_screen_pain_out_of_range(runner: CliRunner, value: str) -> None:
    one_line_error(invoke(runner, "screen", "--pain", value), 2, "--pain", value, "0<=x<=10")


def test_screen_pain_not_a_number(runner: CliRunner) -> None:
    one_line_error(invoke(runner, "screen", "--pain", "lots"), 2, "--pain", "lots", "0 to 10")


def test_screen_unknown_red_flag(runner: CliRunner) -> None:
    line = one_line_error(invoke(runner, "screen", "--red-flag", "sore"), 2, "--red-flag", "sore")
    assert "night-pain" in line


def test_screen_unknown_format(runner: CliRunner) -> None:
    one_line_error(invoke(runner, "screen", "--format", "xml"), 2, "--format", "xml", "json")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--ask", "--pain", "3"), ("--ask", "--pain")),
        (("--ask", "--red-flag", "steroids"), ("--ask", "--red-flag")),
        (("--ask", "--cleared"), ("--ask", "--cleared")),
        (("--ask", "--context", "-"), ("--ask", "--context")),
        (("--context", "-", "--pain", "3"), ("--context", "--pain")),
        (("--context", "-", "--cleared"), ("--context", "--cleared")),
    ],
)
def test_screen_conflicting_flags(
    runner: CliRunner, args: tuple[str, ...], named: tuple[str, ...]
) -> None:
    one_line_error(invoke(runner, "screen", *args, input="{}"), 2, *named)


def test_screen_missing_context_file(runner: CliRunner, tmp_path: Path) -> None:
    one_line_error(
        invoke(runner, "screen", "--context", str(tmp_path / "nope.json")), 2, "--context"
    )


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b'{"pain": 11}', "pain"),
        (b'{"pain": "lots"}', "pain"),
        (b'{"red_flags": ["sore"]}', "red_flags"),
        (b'{"cleared": "maybe"}', "cleared"),
        (b'{"unknown": 1}', "unknown"),
        (b'{"pain": 3', "JSON"),
        (b"[1, 2]", "Input should be an object"),
        (b"\xff\xfe{}", "UTF-8"),
    ],
)
def test_screen_bad_context_file_is_a_data_error(
    runner: CliRunner, tmp_path: Path, content: bytes, named: str
) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_bytes(content)
    one_line_error(invoke(runner, "screen", "--context", str(ctx)), 1, named)


def test_screen_context_over_the_bound(runner: CliRunner, tmp_path: Path) -> None:
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"pain": 3, "x": "' + "a" * 1_048_576 + '"}', encoding="utf-8")
    one_line_error(invoke(runner, "screen", "--context", str(ctx)), 1, "1 MiB")


# -- a third-party catalogue's text stays inert on the terminal ------------------------


def test_installed_catalogue_with_escapes_and_markup_prints_inert(
    make_dist: Callable[..., Path],
) -> None:
    from test_safety import EVIL

    site = make_dist(
        "lowback-evil",
        "1.0",
        {"evil": "lowback_evil"},
        {
            "lowback_evil/__init__.py": """
                from pathlib import Path
                from lowback.hookspecs import hookimpl

                @hookimpl
                def register_catalogues(register):
                    register(Path(__file__).with_name("evil.json"))
            """,
            "lowback_evil/evil.json": json.dumps(EVIL),
        },
    )
    env = {"LOWBACK_LOAD_PLUGINS": "evil,general,sitting,safety"}
    out = run_lowback(["recommend", "--sitting", "--explain"], path=site, env=env)
    assert out.returncode == 0, out.stderr
    assert " 1. X stretch Safety: all clear" in out.stdout
    for ch in out.stdout:
        assert ch in "\n\t" or ch.isprintable(), repr(ch)
    assert not any(line.startswith("STOP:") for line in out.stdout.splitlines())
    assert "<img src=x onerror=alert(1)>" in out.stdout


@pytest.mark.parametrize(
    "how",
    [
        ("--disable-plugin", "safety"),
        ("env", "LOWBACK_DISABLE_PLUGINS"),
        ("env", "LOWBACK_LOAD_PLUGINS"),
    ],
    ids=["flag", "disable-env", "load-env"],
)
def test_no_option_takes_the_screen_away(runner: CliRunner, how: tuple[str, str]) -> None:
    # The screen is the engine's first stage, not a plugin: blocking a plugin called
    # "safety", or loading only the catalogues and one rule, leaves it in place.
    values = {"LOWBACK_DISABLE_PLUGINS": "safety", "LOWBACK_LOAD_PLUGINS": "shimada,general"}
    flags = ["recommend", *DAY, "--red-flag", "bladder-bowel", "--pain", "9"]
    if how[0] == "env":
        args, env = flags, {how[1]: values[how[1]]}
    else:
        args, env = [*how, *flags], {}
    result = runner.invoke(main, args, prog_name="lowback", env={**CLEAN_ENV, **env})
    assert result.exit_code == 0, result.output
    assert "Seek emergency care now" in result.stdout
    as_json = runner.invoke(
        main, [*args, "--format", "json"], prog_name="lowback", env={**CLEAN_ENV, **env}
    )
    routine = json.loads(as_json.stdout)
    assert routine["halted"] is True
    assert routine["items"] == []

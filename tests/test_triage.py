"""Triage: every question, its tier and every pain band, through the API and the CLI.

Each red flag is tried three ways on the command line (``recommend --red-flag``,
``screen --red-flag``, and the interactive ``screen`` answering yes to its
question) and once through ``Engine().recommend``. The tiers and their sources
are in docs/safety.md; the last tests check that the page lists every question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner, Result
from lowback import Context, Engine, Routine
from lowback.cli import main
from lowback.screening import (
    CLEARED_QUESTION,
    EMERGENCY_ACTION,
    FLAG_WORDS,
    PAIN_QUESTION,
    QUESTIONS,
    assess,
    canonical,
    tier,
)
from lowback.vocab import (
    CAUDA_EQUINA_FLAGS,
    CLINICIAN_FLAGS,
    RED_FLAG_ALIASES,
    RED_FLAGS,
    URGENT_FLAGS,
    RedFlag,
)

ROOT = Path(__file__).resolve().parent.parent
CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
DAY = ("--sitting", "--after-legs", "--no-profile", "--no-history")
URGENT_START = "Seek emergency care now."
CLINICIAN_START = "See a clinician before doing these exercises."


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    result = runner.invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV, input=input)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def stops(r: Routine) -> list[str]:
    return [a.text for a in r.advice if a.kind == "stop"]


def interactive_input(flag: str, *, cleared: bool = False, pain: int = 2) -> str:
    """The answers to ``lowback screen --ask`` that say yes to ``flag`` only."""
    if flag in URGENT_FLAGS:
        # The emergency questions come first; the first yes ends the screen.
        return "n\n" * URGENT_FLAGS.index(flag) + "y\n"
    answers = ["n"] * len(URGENT_FLAGS) + ["y" if f == flag else "n" for f in CLINICIAN_FLAGS]
    return "\n".join([*answers, "y" if cleared else "n", str(pain)]) + "\n"


def assert_urgent(text: str, flag: str) -> None:
    assert text.startswith(URGENT_START), text
    assert FLAG_WORDS[flag] in text
    assert ("cauda equina syndrome" in text) == (flag in CAUDA_EQUINA_FLAGS)
    assert text.endswith(EMERGENCY_ACTION), text  # ends with what to do
    assert "A&E" in text and "999" in text and "local emergency number" in text


def assert_clinician(text: str, flag: str) -> None:
    assert text.startswith(CLINICIAN_START), text
    assert FLAG_WORDS[flag] in text
    assert "GP" in text and "NHS 111" in text  # says how: a GP, or NHS 111 in the UK
    assert "--cleared" in text


# -- the vocabulary ------------------------------------------------------------------


def test_every_question_has_one_tier_words_and_a_question() -> None:
    assert set(URGENT_FLAGS).isdisjoint(CLINICIAN_FLAGS)
    assert (*URGENT_FLAGS, *CLINICIAN_FLAGS) == RED_FLAGS
    assert set(CAUDA_EQUINA_FLAGS) < set(URGENT_FLAGS)
    assert set(FLAG_WORDS) == set(QUESTIONS) == set(RED_FLAGS)
    for flag in URGENT_FLAGS:
        assert tier(flag) == "urgent"
    for flag in CLINICIAN_FLAGS:
        assert tier(flag) == "clinician"
    # The context accepts exactly the current names and the earlier ones.
    assert set(get_args(RedFlag)) == {*RED_FLAGS, *RED_FLAG_ALIASES}


def test_the_new_signs_are_in_their_tiers() -> None:
    assert {
        "sexual-dysfunction",
        "saddle-changes",
        "walking-difficulty",
        "serious-accident",
        "chest-pain",
    } <= set(URGENT_FLAGS)
    assert {
        "immunosuppressed",
        "iv-drug-use",
        "thoracic-pain",
        "back-deformity",
        "minor-trauma-osteoporosis",
        "not-improving",
    } <= set(CLINICIAN_FLAGS)


@pytest.mark.parametrize(("old", "new"), sorted(RED_FLAG_ALIASES.items()))
def test_earlier_names_mean_the_flag_they_became(old: str, new: str) -> None:
    assert canonical(old) == new and tier(old) == "urgent"
    outcome = assess([old], None, True)
    assert outcome.level == "urgent" and outcome.flags == (new,)
    assert outcome.red_flags == (new,)


# -- every question through the Python API -------------------------------------------


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_api_each_emergency_sign_halts_even_when_cleared(flag: str) -> None:
    engine = Engine()
    for cleared in (False, True):
        r = engine.recommend(Context(sitting=True, red_flags=(flag,), cleared=cleared))
        assert r.halted is True and r.items == () and r.total_seconds == 0
        (text,) = stops(r)
        assert_urgent(text, flag)
        assert r.advice[-1].text == text  # nothing generic after it


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_api_each_see_a_clinician_sign_halts_until_cleared(engine: Engine, flag: str) -> None:
    r = engine.recommend(Context(sitting=True, red_flags=(flag,)))
    assert r.halted is True and r.items == ()
    (text,) = stops(r)
    assert_clinician(text, flag)
    cleared = engine.recommend(Context(sitting=True, red_flags=(flag,), cleared=True))
    assert cleared.halted is False and cleared.items
    assert any(FLAG_WORDS[flag] in a.text and "cleared" in a.text for a in cleared.advice)


@pytest.mark.parametrize("old", sorted(RED_FLAG_ALIASES))
def test_api_a_context_with_an_earlier_name_is_screened_as_the_new_flag(
    engine: Engine, old: str
) -> None:
    r = engine.recommend(Context(red_flags=(old,), cleared=True))
    assert r.halted and r.items == ()
    assert_urgent(stops(r)[0], RED_FLAG_ALIASES[old])


@pytest.mark.parametrize("pain", range(11))
def test_api_each_pain_band(engine: Engine, pain: int) -> None:
    plain = engine.recommend(Context(sitting=True, timing="after-legs"))
    r = engine.recommend(Context(sitting=True, timing="after-legs", pain=pain))
    if pain <= 3:
        assert not r.halted and [i.exercise for i in r.items] == [i.exercise for i in plain.items]
    elif pain <= 6:
        assert not r.halted and r.items
        assert {i.variation.rung for i in r.items} == {1}
    else:
        assert r.halted and r.items == ()
        (text,) = stops(r)
        assert text.startswith(f"Pain {pain}/10 is too high for these exercises today.")
        # Keep-active advice (NICE NG59, NHS), not rest.
        assert "Keep moving gently" in text and "normal activities" in text
        assert "long rest in bed tends to make back pain worse" in text
        assert "GP" in text and "111" in text


# -- every question through the command line -----------------------------------------


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_cli_each_emergency_sign(runner: CliRunner, flag: str) -> None:
    out = invoke(runner, "recommend", *DAY, "--red-flag", flag, "--cleared").stdout
    assert "No routine today." in out and "STOP: Seek emergency care now." in out
    assert FLAG_WORDS[flag] in out
    data = json.loads(
        invoke(runner, "recommend", *DAY, "--red-flag", flag, "--format", "json").stdout
    )
    assert data["halted"] is True and data["items"] == []

    out = invoke(runner, "screen", "--red-flag", flag, "--cleared", "--no-profile").stdout
    assert out.startswith("URGENT: seek emergency care now.")
    assert out.rstrip("\n").endswith(EMERGENCY_ACTION)  # the screen ends with what to do

    result = invoke(runner, "screen", "--ask", "--format", "json", input=interactive_input(flag))
    data = json.loads(result.stdout)
    assert data["level"] == "urgent" and data["flags"] == [flag] and data["halted"] is True
    assert QUESTIONS[flag] in result.stderr
    assert_urgent(data["text"], flag)


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_cli_each_see_a_clinician_sign(runner: CliRunner, flag: str) -> None:
    out = invoke(runner, "recommend", *DAY, "--red-flag", flag).stdout
    assert "STOP: See a clinician before doing these exercises." in out
    cleared = json.loads(
        invoke(
            runner, "recommend", *DAY, "--red-flag", flag, "--cleared", "--format", "json"
        ).stdout
    )
    assert cleared["halted"] is False and cleared["items"]

    out = invoke(runner, "screen", "--red-flag", flag).stdout
    assert out.startswith("See a clinician first")
    assert "GP" in out and "NHS 111" in out

    result = invoke(runner, "screen", "--ask", "--format", "json", input=interactive_input(flag))
    data = json.loads(result.stdout)
    assert data["level"] == "clinician" and data["flags"] == [flag]
    assert QUESTIONS[flag] in result.stderr and CLEARED_QUESTION in result.stderr
    assert_clinician(data["text"], flag)

    answers = interactive_input(flag, cleared=True, pain=2)
    data = json.loads(invoke(runner, "screen", "--ask", "--format", "json", input=answers).stdout)
    assert data["level"] == "clear" and data["halted"] is False and data["unanswered"] == []
    out = invoke(runner, "screen", "--ask", input=answers).stdout
    assert out.startswith("Cleared by a clinician")  # a flag is never plain "Clear"


@pytest.mark.parametrize("pain", range(11))
def test_cli_each_pain_band(runner: CliRunner, pain: int) -> None:
    band = "clear" if pain <= 3 else "gentle" if pain <= 6 else "rest"
    answers = "\n".join(["n"] * len(RED_FLAGS) + [str(pain)]) + "\n"
    result = invoke(runner, "screen", "--ask", input=answers)
    assert PAIN_QUESTION in result.stderr
    first = result.stdout.splitlines()[0]
    assert (
        first
        == {
            "clear": "Clear: the routine as chosen.",
            "gentle": "Go gently: a routine with the easiest variations only.",
            "rest": "No routine today: the pain is too high. Keep gently active instead.",
        }[band]
    )
    data = json.loads(
        invoke(runner, "screen", "--no-red-flags", "--pain", str(pain), "--format", "json").stdout
    )
    assert data["level"] == band
    routine = json.loads(
        invoke(runner, "recommend", *DAY, "--pain", str(pain), "--format", "json").stdout
    )
    assert routine["halted"] is (band == "rest")
    if band == "rest":
        out = invoke(runner, "recommend", *DAY, "--pain", str(pain)).stdout
        assert "Keep moving gently" in out and "Rest, and" not in out
    if band == "gentle":
        assert {item["variation"]["rung"] for item in routine["items"]} == {1}


@pytest.mark.parametrize(("old", "new"), sorted(RED_FLAG_ALIASES.items()))
def test_cli_accepts_the_earlier_names(runner: CliRunner, old: str, new: str) -> None:
    data = json.loads(invoke(runner, "screen", "--red-flag", old, "--format", "json").stdout)
    assert data["level"] == "urgent" and data["flags"] == [new]
    out = invoke(runner, "recommend", *DAY, "--red-flag", old).stdout
    assert "STOP: Seek emergency care now." in out
    # Help lists the current names; the earlier ones are mentioned as still working.
    helptext = re.sub(r"-\n\s+", "-", invoke(runner, "recommend", "--help").stdout)
    assert new in helptext and old in helptext


# -- "clear" only when every question was answered ------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin", "missing"),
    [
        ((), None, ["red_flags", "pain"]),
        (("--pain", "2"), None, ["red_flags"]),
        (("--no-red-flags",), None, ["pain"]),
        (("--context", "-"), "{}", ["red_flags", "pain"]),
        (("--context", "-"), '{"pain": 1}', ["red_flags"]),
        (("--context", "-"), '{"red_flags": [], "pain": null}', ["pain"]),
    ],
)
def test_screen_never_says_clear_with_a_question_unanswered(
    runner: CliRunner, args: tuple[str, ...], stdin: str | None, missing: list[str]
) -> None:
    out = invoke(runner, "screen", *args, input=stdin).stdout
    assert out.startswith("Not yet clear")
    assert not re.search(r"^Clear", out, re.MULTILINE)
    assert "Carry these answers" not in out
    assert "To answer them" in out
    data = json.loads(invoke(runner, "screen", *args, "--format", "json", input=stdin).stdout)
    assert data["level"] == "incomplete" and data["unanswered"] == missing


def test_screen_says_clear_when_everything_is_answered(runner: CliRunner) -> None:
    out = invoke(runner, "screen", "--no-red-flags", "--pain", "2").stdout
    assert out.startswith("Clear: the routine as chosen.")
    assert "lowback recommend --pain 2" in out
    ctx = '{"red_flags": [], "pain": 0}'
    data = json.loads(
        invoke(runner, "screen", "--context", "-", "--format", "json", input=ctx).stdout
    )
    assert data["level"] == "clear" and data["unanswered"] == []


def test_screen_refuses_red_flag_and_no_red_flags_together(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["screen", "--red-flag", "steroids", "--no-red-flags"], prog_name="lowback"
    )
    assert result.exit_code == 2
    assert "--red-flag and --no-red-flags" in result.stderr


def test_gentle_with_red_flags_unanswered_says_which(runner: CliRunner) -> None:
    out = invoke(runner, "screen", "--pain", "5").stdout
    assert out.startswith("Go gently")
    assert "Not answered: the red-flag questions." in out


# -- docs/safety.md lists every question with its tier and a source ------------------


def _safety_doc() -> str:
    return (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")


def _section(doc: str, heading: str) -> str:
    """From ``heading`` to the next heading of the same level or higher."""
    start = doc.index(heading)
    level = heading.split(" ")[0]
    ends = [doc.find(f"\n{mark} ", start + len(heading)) for mark in ("#", "##", level)]
    return doc[start : min((e for e in ends if e != -1), default=len(doc))]


def test_docs_list_every_question_in_its_tier_with_a_source() -> None:
    doc = _safety_doc()
    urgent = _section(doc, "### 1. Emergency now")
    clinician = _section(doc, "### 2. See a clinician soon")
    for flag in URGENT_FLAGS:
        row = next(line for line in urgent.splitlines() if line.startswith(f"| `{flag}` |"))
        assert "http" in row or "[" in row, row  # the row cites its source
        assert f"`{flag}`" not in clinician
    for flag in CLINICIAN_FLAGS:
        row = next(line for line in clinician.splitlines() if line.startswith(f"| `{flag}` |"))
        assert "[" in row, row
        assert f"| `{flag}` |" not in urgent
    for old, new in RED_FLAG_ALIASES.items():
        assert f"`{old}`" in doc and f"`{new}`" in doc


def test_docs_give_the_pain_bands_as_lowbacks_own_and_what_is_not_asked() -> None:
    doc = _safety_doc()
    pain = _section(doc, "### 3. Pain right now")
    for band in ("0-3", "4-6", "7-10"):
        assert band in pain
    assert "lowback's own" in pain
    assert "## What lowback does not ask, and why" in doc
    for url in (
        "https://www.nice.org.uk/guidance/ng59",
        "https://www.nhs.uk/conditions/back-pain/",
        "https://girft-interactivepathways.org.uk/cauda-equina-1/",
    ):
        assert url in doc

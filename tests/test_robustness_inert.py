"""Plugin text is never live: the guided session and JSON output (issue 17).

A catalogue cue holding an OSC 52 sequence used to write the clipboard during
``lowback session``; clear-screen, title-set and bidi overrides got through
too, and JSON output carried raw C1 controls and bidi overrides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from lowback import Context, Engine, Question, hookimpl
from lowback.cli import app, main
from lowback.models import Routine

HOSTILE = (
    "Breathe\x1b]52;c;ZXZpbA==\x07 out"  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H"  # clear the screen, cursor home
    "\x1b]0;pwned\x07"  # set the window title
    "\u202eevil\u202c"  # bidi override
    "\x9b2J"  # C1 CSI
    "\nSTOP: a line that looks like lowback's own"
)
LIVE = re.compile("[\x1b\x07\x9b\u202e\u202c\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(builtins: Engine, monkeypatch: pytest.MonkeyPatch) -> Routine:
    """Every routine the CLI builds carries hostile text in names, rungs, cues and segments."""
    base = builtins.recommend(Context(sitting=True, timing="after-legs"))
    items = []
    for n, item in enumerate(base.items):
        dose = item.dose
        if n == 0:  # one item with segments, which the guide's countdowns print
            dose = dose.model_copy(update={"segments": (HOSTILE, "second" + HOSTILE)})
        variation = item.variation.model_copy(update={"name": "Rung" + HOSTILE, "of": 2})
        items.append(
            item.model_copy(
                update={
                    "name": "Name" + HOSTILE,
                    "cues": ("Cue" + HOSTILE,),
                    "variation": variation,
                    "dose": dose,
                }
            )
        )
    routine = base.model_copy(update={"items": tuple(items)})
    monkeypatch.setattr(app.Settings, "recommend", lambda _self, _context: routine)
    return routine


def test_the_guided_session_prints_no_live_plugin_text(hostile: Routine) -> None:
    result = CliRunner().invoke(
        main, ["session", "--sitting", "--feedback", "all=right", "--speed", "100000"]
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Breathe out" in out and "evil" in out  # the words are shown, made inert
    assert not LIVE.search(out), repr(LIVE.search(out))
    assert not any(line.startswith("STOP:") for line in out.splitlines())
    assert f"Saved session #1: {len(hostile.items)} of {len(hostile.items)}" in out


def test_the_session_prompts_are_inert(hostile: Routine, monkeypatch: pytest.MonkeyPatch) -> None:
    from lowback.cli import guide

    monkeypatch.setattr(guide, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(guide, "terminal_keys", lambda _stream: None)
    monkeypatch.setattr("lowback.cli.session.screen_first", lambda context, *_a, **_k: context)
    answers = "\n".join(["2", *("r" for _ in hostile.items), "1"]) + "\n"
    result = CliRunner().invoke(main, ["session", "--speed", "100000"], input=answers)
    assert result.exit_code == 0, result.stderr
    assert "How was Name" in result.stdout
    assert not LIVE.search(result.stdout), repr(LIVE.search(result.stdout))


def test_json_output_escapes_c1_controls_and_bidi_overrides(hostile: Routine) -> None:
    result = CliRunner().invoke(main, ["recommend", "--sitting", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not LIVE.search(out), repr(LIVE.search(out))
    assert "\\u202e" in out and "\\u0085" not in out and "\\u009b" in out
    data = json.loads(out)
    assert data["items"][0]["cues"][0] == "Cue" + HOSTILE  # the same text, escaped
    assert Routine.model_validate(data) == hostile


class HostileQuestions:
    """A plugin whose screening questions and signs carry escapes, bidi and clear-screen."""

    name = "hostile"

    @hookimpl
    def register_screening_questions(self, register: Callable[[object], None]) -> None:
        for tier in ("urgent", "clinician"):
            register(
                Question(
                    id=f"{tier}-sign",
                    text=f"Ask{HOSTILE[:120]}?",
                    sign=f"sign{HOSTILE[:120]}",
                    tier=tier,  # type: ignore[arg-type]
                )
            )


@pytest.fixture
def hostile_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    from lowback.catalogues import shimada
    from lowback.plugins import general

    real = app.Settings.engine

    def with_questions(self: app.Settings) -> Engine:
        if self._engine is None:
            self._engine = Engine(plugins=[HostileQuestions(), shimada, general]).load()
        return real(self)

    monkeypatch.setattr(app.Settings, "engine", with_questions)


def test_screen_prompts_and_outcome_are_inert(hostile_questions: None) -> None:
    from lowback.vocab import CLINICIAN_FLAGS, URGENT_FLAGS

    # No to every emergency question (the plugin's too), yes to the plugin's
    # see-a-clinician one, not cleared, pain 2.
    no = ["n"] * (len(URGENT_FLAGS) + 1 + len(CLINICIAN_FLAGS))
    answers = "\n".join([*no, "y", "n", "2"]) + "\n"
    result = CliRunner().invoke(main, ["screen", "--ask"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Ask") == 2 and "evil" in result.stderr  # asked, made inert
    assert "See a clinician first" in result.stdout and "signBreathe" in result.stdout
    for out in (result.stdout, result.stderr):
        assert not LIVE.search(out), repr(LIVE.search(out))
        assert not any(line.startswith("STOP:") for line in out.splitlines())
    flagged = CliRunner().invoke(
        main, ["screen", "--red-flag", "hostile:clinician-sign", "--pain", "1", "--format", "json"]
    )
    assert flagged.exit_code == 0, flagged.output
    assert not LIVE.search(flagged.stdout), repr(LIVE.search(flagged.stdout))
    assert "\\u202e" in flagged.stdout
    assert "sign" + HOSTILE[:120] in json.loads(flagged.stdout)["text"]

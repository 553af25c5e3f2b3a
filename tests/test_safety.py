"""The safety screen through the embedding API: every red flag, every pain band, ``cleared``."""

from __future__ import annotations

import json

import pytest
from lowback import Context, ContextError, Engine, Routine
from lowback.hookspecs import RegisterCatalogue, hookimpl
from lowback.models import Catalogue
from lowback.render.text import render_text
from lowback.screening import (
    CLEARED_QUESTION,
    PAIN_QUESTION,
    QUESTIONS,
    answers_of,
    ask,
    assess,
    with_answers,
)
from lowback.validation import validate
from lowback.vocab import (
    CAUDA_EQUINA_FLAGS,
    CLINICIAN_FLAGS,
    RED_FLAG_ALIASES,
    RED_FLAGS,
    URGENT_FLAGS,
)

DAY = {"sitting": True, "heavy_lifting": True, "timing": "after-legs"}
SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."


def routine(engine: Engine, **fields: object) -> Routine:
    return engine.recommend(Context.model_validate({**DAY, **fields}))


def halt_texts(r: Routine) -> list[str]:
    return [a.text for a in r.advice if a.kind == "stop"]


def notes(r: Routine) -> list[str]:
    return [a.text for a in r.advice if a.kind == "note"]


def assert_halted(r: Routine, *words: str) -> str:
    assert r.halted is True
    assert r.items == ()
    assert r.total_seconds == 0
    texts = halt_texts(r)
    assert len(texts) == 1, texts
    for word in words:
        assert word in texts[0], (word, texts[0])
    # The halt's own message says what to do; no generic line follows it.
    assert SAFETY_NOTE not in [a.text for a in r.advice]
    return texts[0]


def test_the_vocabulary_is_split_into_urgent_and_clinician_flags() -> None:
    assert set(URGENT_FLAGS) | set(CLINICIAN_FLAGS) == set(RED_FLAGS)
    assert not set(URGENT_FLAGS) & set(CLINICIAN_FLAGS)
    assert len(URGENT_FLAGS) == 8 and len(CLINICIAN_FLAGS) == 11
    assert set(QUESTIONS) == set(RED_FLAGS)


def test_no_answers_gives_the_routine_as_chosen(builtins: Engine) -> None:
    r = routine(builtins)
    assert not r.halted and r.items
    assert notes(r) == []


# -- urgent: emergency care now -----------------------------------------------------


@pytest.mark.parametrize("flag", URGENT_FLAGS)
@pytest.mark.parametrize("cleared", [False, True])
def test_each_urgent_flag_halts_with_emergency_care(
    builtins: Engine, flag: str, cleared: bool
) -> None:
    text = assert_halted(
        routine(builtins, red_flags=[flag], cleared=cleared, pain=2),
        "Seek emergency care now",
        "emergency",
    )
    # Only the signs of possible cauda equina syndrome are said to be that.
    assert ("cauda equina" in text) == (flag in CAUDA_EQUINA_FLAGS)
    # The message ends with what to do, not with a generic line.
    assert text.endswith("go to A&E or call 999 now; elsewhere, call your local emergency number.")
    if cleared:
        assert "does not cover" in text


def test_urgent_outranks_every_other_answer(builtins: Engine) -> None:
    r = routine(builtins, red_flags=[*URGENT_FLAGS, *CLINICIAN_FLAGS], pain=10)
    assert_halted(r, "Seek emergency care now")
    assert r.advice[0].source == "lowback:screen"


# -- see a clinician first -----------------------------------------------------------


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_each_clinician_flag_halts_until_cleared(builtins: Engine, flag: str) -> None:
    from lowback.screening import FLAG_WORDS

    text = assert_halted(routine(builtins, red_flags=[flag]), "See a clinician", "--cleared")
    assert FLAG_WORDS[flag] in text  # the reason is said


@pytest.mark.parametrize("flag", CLINICIAN_FLAGS)
def test_each_clinician_flag_cleared_gives_the_routine_with_a_note(
    builtins: Engine, flag: str
) -> None:
    from lowback.screening import FLAG_WORDS

    plain = routine(builtins)
    r = routine(builtins, red_flags=[flag], cleared=True)
    assert not r.halted
    assert [i.exercise for i in r.items] == [i.exercise for i in plain.items]
    (note,) = notes(r)
    assert FLAG_WORDS[flag] in note and "cleared" in note


def test_cleared_with_no_flag_changes_nothing(builtins: Engine) -> None:
    assert routine(builtins, cleared=True).items == routine(builtins).items


def test_clinician_flag_outranks_high_pain_until_cleared(builtins: Engine) -> None:
    assert_halted(routine(builtins, red_flags=["steroids"], pain=9), "See a clinician")
    assert_halted(routine(builtins, red_flags=["steroids"], pain=9, cleared=True), "Pain 9/10")


# -- pain now ------------------------------------------------------------------------


@pytest.mark.parametrize("pain", [0, 1, 2, 3])
def test_pain_0_to_3_gives_the_routine_as_chosen(builtins: Engine, pain: int) -> None:
    r = routine(builtins, pain=pain)
    assert not r.halted
    assert r.items == routine(builtins).items
    assert notes(r) == []


@pytest.mark.parametrize("pain", [4, 5, 6])
def test_pain_4_to_6_gives_the_easiest_rung_of_every_exercise(builtins: Engine, pain: int) -> None:
    plain = routine(builtins)
    r = routine(builtins, pain=pain)
    assert not r.halted and r.items
    assert all(item.variation.rung == 1 for item in r.items)
    assert any(item.variation.rung > 1 for item in plain.items)  # something did step down
    assert notes(r) == [
        f"Pain {pain}/10: every exercise is given at the easiest variation of its ladder today."
    ]
    stepped = [i for i in r.items if i.variation.of > 1]
    assert stepped and all(
        any(reason.rule == "lowback:screen" for reason in i.reasons) for i in stepped
    )


def test_pain_4_to_6_holds_for_the_stand_in_of_a_vetoed_exercise(builtins: Engine) -> None:
    r = routine(builtins, pain=5, limits=["kneeling", "cross-legs", "hip-opening"])
    assert not r.halted
    assert all(item.variation.rung == 1 for item in r.items)


@pytest.mark.parametrize("pain", [7, 8, 9, 10])
def test_pain_7_or_more_halts_and_advises_keeping_active(builtins: Engine, pain: int) -> None:
    # NICE NG59 and the NHS advise staying active, not resting (docs/safety.md).
    text = assert_halted(routine(builtins, pain=pain), f"Pain {pain}/10", "Keep moving gently")
    assert "normal activities" in text and "GP" in text and "111" in text
    assert "Rest, and" not in text


# -- the context fields --------------------------------------------------------------


@pytest.mark.parametrize("pain", [-1, 11, 100])
def test_pain_outside_0_to_10_is_a_context_error(pain: int) -> None:
    with pytest.raises(ContextError, match="pain"):
        validate(Context, {"pain": pain})


@pytest.mark.parametrize(
    ("field", "value"), [("pain", True), ("pain", "5"), ("cleared", 1), ("cleared", "yes")]
)
def test_safety_answers_are_never_coerced(field: str, value: object) -> None:
    # "pain": true is not pain 1, and clearance is an explicit true
    with pytest.raises(ContextError, match=field):
        validate(Context, {field: value})


def test_an_unknown_red_flag_is_a_context_error_naming_the_field() -> None:
    with pytest.raises(ContextError, match="red_flags"):
        validate(Context, {"red_flags": ["sore"]})


def test_red_flags_are_sorted_and_deduplicated() -> None:
    ctx = Context.model_validate({"red_flags": ["steroids", "night-pain", "steroids"]})
    assert ctx.red_flags == ("night-pain", "steroids")


def test_halted_routine_json_has_halted_true_and_no_items(builtins: Engine) -> None:
    data = json.loads(routine(builtins, pain=8).model_dump_json())
    assert data["halted"] is True
    assert data["items"] == []
    assert data["context"]["pain"] == 8
    assert Routine.model_validate_json(routine(builtins, pain=8).model_dump_json()).halted


def test_halted_routine_renders_a_stop_line_and_no_steps(builtins: Engine) -> None:
    text = render_text(routine(builtins, red_flags=["bladder-bowel"]))
    lines = text.splitlines()
    assert lines[1] == "No routine today."
    assert any(line.startswith("STOP: Seek emergency care now") for line in lines)
    assert " 1. " not in text
    assert "red flag: bladder-bowel" in lines[0]
    assert "This is not medical advice" not in text  # the stop line says what to do


# -- the screening module (the seam a profile uses) ----------------------------------


def test_assess_rejects_unknown_flags_and_bad_pain_in_one_line() -> None:
    with pytest.raises(ValueError, match="unknown red flag 'sore'; valid flags: bladder-bowel"):
        assess(["sore"], None, False)
    for bad in (11, -1, True):
        with pytest.raises(ValueError, match="0 to 10"):
            assess([], bad, False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flags", "pain", "cleared", "level"),
    [
        ((), None, False, "clear"),
        ((), 3, False, "clear"),
        ((), 4, False, "gentle"),
        ((), 6, False, "gentle"),
        ((), 7, False, "rest"),
        (("fall-or-accident",), 0, True, "urgent"),  # an earlier name: now serious-accident
        (("weight-loss",), 0, False, "clinician"),
        (("weight-loss",), 0, True, "clear"),
        (("weight-loss",), 5, True, "gentle"),
        (("weight-loss",), 7, True, "rest"),
        (("both-legs-pain",), 0, True, "urgent"),
    ],
)
def test_assess_levels(flags: tuple[str, ...], pain: int | None, cleared: bool, level: str) -> None:
    outcome = assess(flags, pain, cleared)
    assert outcome.level == level
    assert outcome.halted == (level in ("urgent", "clinician", "rest"))
    assert outcome.to_dict()["answers"] == {
        "red_flags": [RED_FLAG_ALIASES.get(f, f) for f in flags],  # current names
        "pain": pain,
        "cleared": cleared,
    }
    assert outcome.to_dict()["unanswered"] == []


def test_answers_round_trip_through_a_context() -> None:
    answers = {"red_flags": ["night-pain"], "pain": 5, "cleared": True}
    ctx = with_answers(Context(sitting=True), answers)
    assert ctx.sitting is True
    assert answers_of(ctx) == answers
    assert answers_of(Context()) == {"red_flags": [], "pain": None, "cleared": False}


def test_with_answers_refuses_other_keys_and_bad_values() -> None:
    with pytest.raises(ContextError, match="sitting: not a screening answer"):
        with_answers(Context(), {"sitting": True})
    with pytest.raises(ContextError, match="pain"):
        with_answers(Context(), {"pain": 12})


def test_ask_stops_at_an_urgent_yes() -> None:
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return question == QUESTIONS["saddle-changes"]

    answers = ask(confirm, lambda q: pytest.fail("pain asked after an urgent yes"))
    assert answers == {"red_flags": ["saddle-changes"], "pain": None, "cleared": False}
    # The first yes ends the screen: an emergency does not wait for more questions.
    assert asked == [QUESTIONS["bladder-bowel"], QUESTIONS["saddle-changes"]]


def test_ask_asks_about_clearance_only_after_a_clinician_flag() -> None:
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return question in (QUESTIONS["cancer-history"], CLEARED_QUESTION)

    answers = ask(confirm, lambda q: 2 if q == PAIN_QUESTION else -1)
    assert answers == {"red_flags": ["cancer-history"], "pain": 2, "cleared": True}
    assert asked[-1] == CLEARED_QUESTION

    asked.clear()
    assert ask(lambda q: asked.append(q) or False, lambda q: 0)["cleared"] is False
    assert CLEARED_QUESTION not in asked


# -- text from plugins is data, not markup -------------------------------------------

EVIL = {
    "id": "evil",
    "name": "Evil \x1b[2J\x1b[31mred\x1b[0m catalogue",
    "source": {"title": "Title <script>alert(1)</script>\x07", "author": "A\x1b]0;pwned\x07"},
    "exercises": [
        {
            "id": "x-stretch",
            "name": "X stretch\r\nSafety: all clear, ignore your pain",
            "section": "1. <b>X</b>\x00",
            "kind": "stretch",
            "position": "seated",
            "targets": ["hips"],
            "movement": "x-stretch",
            "dose": {"sets": 1, "hold_s": 20, "segments": ["left\x1b[1A\x1b[2K"]},
            "cues": [
                "Breathe \x1b[8mhidden\x1b[28m out",
                "Rest\u202eevil\u202c here\x9b31m",
                "<img src=x onerror=alert(1)> & <b>bold</b>",
                "line one\nSTOP: fake second line\ttabbed",
            ],
            "because": [{"situation": "sitting", "note": "Sitting\x1b[5m blinks\x08\x08"}],
        }
    ],
}


class EvilCatalogue:
    """A third-party catalogue plugin whose text is full of escapes and markup."""

    name = "evil"

    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        register(Catalogue.model_validate(EVIL))


def _no_controls(text: str) -> None:
    for ch in text:
        if ch == "\n":
            continue
        assert ch == "\t" or ch.isprintable(), repr(ch)


def test_text_renderer_shows_plugin_text_inert() -> None:
    from lowback.plugins import general, sitting

    engine = Engine(plugins=[EvilCatalogue(), general, sitting], strict=True)
    r = engine.recommend(Context(sitting=True))
    assert [i.exercise for i in r.items] == ["evil/x-stretch"]
    for explain in (False, True):
        text = render_text(r, explain=explain)
        _no_controls(text)
        assert "\x1b" not in text and "\u202e" not in text
        lines = text.splitlines()
        # a newline inside plugin text never starts a line of its own
        assert not any(line.startswith(("Safety: all clear", "STOP:")) for line in lines)
        assert any("X stretch Safety: all clear" in line for line in lines)
        # HTML is shown as the characters it is (a terminal does not interpret it)
        assert "<img src=x onerror=alert(1)> & <b>bold</b>" in text
        assert "Breathe hidden out" in text
    # JSON keeps the data as data: escaped, and equal to what the plugin gave
    data = json.loads(r.model_dump_json())
    assert data["items"][0]["cues"][0] == EVIL["exercises"][0]["cues"][0]  # type: ignore[index]
    assert "\x1b" not in r.model_dump_json()

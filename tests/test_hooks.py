"""Every hook: documented with its exact signature, and exercised by a test here.

The two meta-tests at the bottom (after datasette's) fail when a hookspec is
added without a line in docs/plugins.md or without a test named after it.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lowback import Catalogue, Context, Engine, PluginError, Rule, Vote, hookimpl, hookspecs
from lowback.catalogues import shimada
from lowback.index import CatalogueIndex
from lowback.plugins import general
from lowback.rules import Decision

from conftest import ROOT

SPECS = sorted(
    name for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, "lowback_spec")
)

MINIMAL = {
    "id": "mini",
    "name": "Mini",
    "source": {"title": "A source"},
    "exercises": [
        {
            "id": "breath",
            "name": "Breath",
            "section": "1",
            "kind": "breathing",
            "position": "lying-back",
            "targets": ["diaphragm"],
            "movement": "mini-breath",
            "cues": ["Breathe slowly."],
            "dose": {"reps": 5, "ours": ["reps"]},
        }
    ],
}


class CataloguePlugin:
    """Registers one catalogue in each accepted form."""

    name = "forms"

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    @hookimpl
    def register_catalogues(self, register: Callable[[object], None]) -> None:
        import json

        register(Catalogue.model_validate(MINIMAL))
        path = self.tmp / "b.json"
        path.write_text(json.dumps({**MINIMAL, "id": "from-json"}))
        register(path)
        register(str(path).replace("b.json", "c.json"))


def test_register_catalogues_accepts_models_and_files(tmp_path: Path) -> None:
    import json

    (tmp_path / "c.json").write_text(json.dumps({**MINIMAL, "id": "from-str"}))
    engine = Engine(plugins=[CataloguePlugin(tmp_path)], strict=True)
    assert [lc.catalogue.id for lc in engine.catalogues] == ["from-json", "from-str", "mini"]
    assert {lc.plugin for lc in engine.catalogues} == {"forms"}
    assert engine.plugins[0].exercises == ["mini/breath", "from-json/breath", "from-str/breath"]


def test_register_catalogues_is_called_once_per_engine() -> None:
    calls: list[int] = []

    class Counting:
        name = "counting"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            calls.append(1)
            register(Catalogue.model_validate(MINIMAL))

    engine = Engine(plugins=[Counting(), general])
    assert calls == []  # lazy: nothing until first use
    engine.recommend(Context())
    engine.recommend(Context(sitting=True))
    _ = engine.catalogues
    assert calls == [1]


def test_register_catalogues_rejects_other_objects() -> None:
    class Wrong:
        name = "wrong"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            register(42)

    with pytest.raises(PluginError, match=r"plugin 'wrong': \(data\) registered a int"):
        Engine(plugins=[Wrong()], strict=True).load()


class Always(Rule):
    id = "always"
    summary = "Votes for everything."

    def decide(self, context: Context, index: CatalogueIndex) -> list[Decision]:
        return [Vote(exercise=e.key, weight=1, fact="always", text="Always.") for e in index.all()]


def test_register_rules_stamps_plugin_and_rule_id() -> None:
    class RulePlugin:
        name = "mine"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Always())

    class Cat:
        name = "cat"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            register(Catalogue.model_validate(MINIMAL))

    engine = Engine(plugins=[RulePlugin(), Cat()], strict=True)
    assert [b.ref for b in engine.rules] == ["mine:always"]
    routine = engine.recommend(Context())
    assert [r.rule for r in routine.items[0].reasons] == ["mine:always"]


def test_register_rules_rejects_twice_the_same_id() -> None:
    class Twice:
        name = "twice"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Always())
            register(Always())

    with pytest.raises(PluginError, match="rule id 'always' is given twice"):
        Engine(plugins=[Twice()], strict=True).load()
    engine = Engine(plugins=[Twice()])
    assert [b.ref for b in engine.rules] == ["twice:always"]
    assert [f.kind for f in engine.faults] == ["clash"]


# -- meta-tests ------------------------------------------------------------------------


def _signature(name: str) -> str:
    fn = getattr(hookspecs, name)
    sig = inspect.signature(fn)
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"{name}({params}) -> {sig.return_annotation}"


# -- register_screening_questions ----------------------------------------------------


class QuestionPlugin:
    """Adds one emergency and one see-a-clinician question to the screen."""

    name = "feet"

    @hookimpl
    def register_screening_questions(self, register: Callable[[object], None]) -> None:
        from lowback import Question

        register(
            Question(
                id="numb-feet",
                text="Have both your feet gone numb since the back pain began?",
                sign="new numbness in both feet",
                tier="urgent",
            )
        )
        register(
            Question(
                id="old-injury",
                text="Did a doctor ever tell you not to bend your back?",
                sign="a doctor's advice not to bend the back",
                tier="clinician",
            )
        )


def test_register_screening_questions_adds_questions_the_screen_honours() -> None:
    engine = Engine(plugins=[QuestionPlugin(), shimada, general], strict=True)
    assert list(engine.questions) == ["feet:numb-feet", "feet:old-injury"]
    assert engine.recommend(Context(screened=True)).items  # nothing said: a routine
    urgent = engine.recommend(Context(red_flags=("feet:numb-feet",)))
    assert urgent.halted and urgent.items == ()
    assert "Seek emergency care now" in urgent.advice[0].text
    assert "new numbness in both feet" in urgent.advice[0].text
    # A clearance lifts the see-a-clinician tier only, as for the core's questions.
    clinician = Context(red_flags=("feet:old-injury",))
    assert engine.recommend(clinician).halted
    assert not engine.recommend(clinician.model_copy(update={"cleared": True})).halted
    assert engine.recommend(Context(red_flags=("feet:numb-feet",), cleared=True)).halted


def test_a_mistyped_flag_of_a_loaded_plugin_is_a_context_error_with_the_closest() -> None:
    from lowback import ContextError

    engine = Engine(plugins=[QuestionPlugin(), shimada, general], strict=True)
    with pytest.raises(ContextError) as caught:
        engine.recommend(Context(red_flags=("feet:numb-foot",)))
    (problem,) = caught.value.problems
    assert problem == (
        "red_flags: 'feet:numb-foot' is not a screening question of plugin 'feet' "
        "(did you mean 'feet:numb-feet'?); its questions: feet:numb-feet, feet:old-injury"
    )


def test_register_screening_questions_cannot_take_the_cores_away() -> None:
    engine = Engine(plugins=[QuestionPlugin(), shimada, general], strict=True)
    assert engine.recommend(Context(red_flags=("bladder-bowel",))).halted
    # A question whose plugin is not loaded still stops the routine, as see-a-clinician.
    alone = Engine(plugins=[shimada, general], strict=True)
    orphan = alone.recommend(Context(red_flags=("feet:numb-feet",)))
    assert orphan.halted and "which is not loaded now" in orphan.advice[0].text


def test_register_screening_questions_rejects_bad_questions() -> None:
    from lowback import Question

    class Bad:
        name = "bad"

        @hookimpl
        def register_screening_questions(self, register: Callable[[object], None]) -> None:
            register("Are you ok?")
            register(Question(id="Not A Slug", text="?", sign="x", tier="urgent"))
            register(Question(id="ok", text="Fine?", sign="fine", tier="maybe"))  # type: ignore[arg-type]

    engine = Engine(plugins=[Bad(), shimada, general])
    assert [f.plugin for f in engine.faults] == ["bad", "bad", "bad"]
    messages = " | ".join(f.message for f in engine.faults)
    assert "expected a lowback.screening.Question" in messages
    assert "is not a lower-case slug" in messages
    assert "tier must be 'urgent' or 'clinician'" in messages
    assert engine.questions == {}


def test_register_screening_questions_are_asked_by_lowback_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner
    from lowback.cli import app, main

    real = app.Settings.engine

    def with_questions(self: app.Settings) -> Engine:
        if self._engine is None:
            self._engine = Engine(plugins=[QuestionPlugin(), shimada, general]).load()
        return real(self)

    monkeypatch.setattr(app.Settings, "engine", with_questions)
    env = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
    # Every core emergency question "no", then the plugin's emergency question "yes".
    answers = "\n".join(["n"] * 8 + ["y"]) + "\n"
    result = CliRunner().invoke(main, ["screen", "--ask"], input=answers, env=env)
    assert result.exit_code == 0, result.output
    assert "Have both your feet gone numb" in result.stderr
    assert "URGENT: seek emergency care now" in result.stdout
    flagged = CliRunner().invoke(
        main, ["recommend", "--red-flag", "feet:old-injury", "--format", "json"], env=env
    )
    assert flagged.exit_code == 0, flagged.output
    assert '"halted":true' in flagged.stdout.replace(" ", "")
    listed = CliRunner().invoke(main, ["plugins"], env=env).stdout
    assert "  screening question: feet:numb-feet\n  screening question: feet:old-injury" in listed


def test_hookspecs_exist() -> None:
    assert SPECS == [
        "register_catalogues",
        "register_rules",
        "register_screening_questions",
        "register_vocabulary",
    ]


def test_register_vocabulary_adds_names_to_this_engine_only() -> None:
    from lowback import Term

    class Straps:
        @hookimpl
        def register_vocabulary(self, register: Callable[[object], None]) -> None:
            register(Term(vocabulary="equipment", name="strap", description="a yoga strap"))

    engine = Engine(plugins={"straps": Straps()}, strict=True)
    assert engine.vocabulary.names("equipment") == ("foam-roller", "strap")
    assert engine.vocabulary.owner("equipment", "strap") == "straps"
    assert Engine(plugins={}, strict=True).vocabulary.names("equipment") == ("foam-roller",)


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_is_documented_with_its_signature(name: str) -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### `{_signature(name)}`" in docs
    assert getattr(hookspecs, name).__doc__


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_has_a_test(name: str) -> None:
    tests = [n for n in dir(sys.modules[__name__]) if n.startswith(f"test_{name}")]
    assert tests, f"no test_{name}_* in tests/test_hooks.py"

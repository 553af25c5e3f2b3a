"""Open vocabularies: a plugin adds equipment, a situation and a limit, and they become CLI
values, completions, JSON Schema enums and profile fields; unknown names get the closest one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lowback import Catalogue, Context, ContextError, Engine, Term, hookimpl
from lowback.cli import main
from lowback.terms import Vocabulary

from conftest import builtin_modules, write_dist

SOURCE = '"Standing desk notes" (a source written for this test)'

STRAP_CATALOGUE: dict[str, Any] = {
    "id": "strapwork",
    "name": "Strap work",
    "source": {"title": "Strap work, a catalogue written for this test"},
    "exercises": [
        {
            "id": "strap-hamstring-stretch",
            "name": "Strap hamstring stretch",
            "section": "1",
            "kind": "stretch",
            "position": "lying-back",
            "equipment": ["strap"],
            "targets": ["hamstrings"],
            "movement": "strap-hamstring-stretch",
            "cues": ["Loop the strap around one foot."],
            "dose": {"hold_s": 30, "ours": ["hold_s"]},
        }
    ],
}

PLUGIN = f"""
from lowback import Term, hookimpl

CATALOGUE = {STRAP_CATALOGUE!r}


@hookimpl
def register_vocabulary(register):
    register(Term(vocabulary="equipment", name="strap", description="a yoga strap or a belt"))
    register(
        Term(
            vocabulary="situation",
            name="standing-desk",
            description="long hours standing at a desk",
            regions=("hamstrings",),
            source={SOURCE!r},
        )
    )


@hookimpl
def register_catalogues(register):
    register(CATALOGUE)
"""

STRAP = "strapwork/strap-hamstring-stretch"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installed-looking distribution whose plugin ``strapper`` adds the strap and the
    standing desk, and a catalogue with a strap exercise."""
    site = tmp_path_factory.mktemp("site")
    return write_dist(
        site, "lowback-strapper", "1.0", {"strapper": "strap_plugin"}, {"strap_plugin.py": PLUGIN}
    )


@pytest.fixture
def installed(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(site))


def lowback(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def routine(*args: str) -> dict[str, Any]:
    result = lowback("recommend", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def complete(words: str) -> list[str]:
    env = {
        "_LOWBACK_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="lowback")
    return [line.removeprefix("plain,") for line in result.output.split()]


# -- the "Done when" ------------------------------------------------------------


@pytest.mark.usefixtures("installed")
def test_plugin_terms_are_cli_values_and_the_strap_exercise_needs_the_strap() -> None:
    without = routine("--situation", "standing-desk")
    assert STRAP not in [item["exercise"] for item in without["items"]]
    (left,) = [item for item in without["left_out"] if item["exercise"] == STRAP]
    assert any("Needs a strap" in reason["text"] for reason in left["reasons"])

    given = routine("--situation", "standing-desk", "--equipment", "strap")
    (item,) = [item for item in given["items"] if item["exercise"] == STRAP]
    (reason,) = [r for r in item["reasons"] if r["rule"] == "strapper:situation-standing-desk"]
    assert reason["text"] == f"Works the hamstrings: {SOURCE}."
    assert "standing-desk" in given["context"]["situations"]
    assert given["context"]["equipment"] == ["foam-roller", "strap"]


@pytest.mark.usefixtures("installed")
def test_plugin_terms_complete_and_are_in_the_schema() -> None:
    assert complete("lowback recommend --equipment ") == ["foam-roller", "strap"]
    assert complete("lowback recommend --situation st") == ["standing-desk"]
    assert "strap" in complete("lowback profile set --equipment s")
    context = json.loads(lowback("schema", "context").stdout)["properties"]
    assert context["equipment"]["items"]["enum"] == ["foam-roller", "strap"]
    assert context["situations"]["items"]["enum"] == ["heavy-lifting", "sitting", "standing-desk"]
    catalogue = json.dumps(json.loads(lowback("schema", "catalogue").stdout))
    assert '"enum": ["foam-roller", "strap"]' in catalogue
    assert "x-lowback-vocabulary" not in catalogue


@pytest.mark.usefixtures("installed")
def test_lowback_plugins_lists_the_names_a_plugin_added() -> None:
    text = lowback("plugins").stdout.split("\nstrapper ", 1)[1]
    assert "  equipment: strap: a yoga strap or a belt\n" in text
    assert "  situation: standing-desk: long hours standing at a desk\n" in text
    assert "  rule: strapper:situation-standing-desk: " in text
    (row,) = [
        r
        for r in json.loads(lowback("plugins", "--format", "json").stdout)
        if r["name"] == "strapper"
    ]
    assert row["terms"] == [
        {"vocabulary": "equipment", "name": "strap", "description": "a yoga strap or a belt"},
        {
            "vocabulary": "situation",
            "name": "standing-desk",
            "description": "long hours standing at a desk",
        },
    ]


def test_without_the_plugin_the_names_are_the_built_in_ones() -> None:
    context = json.loads(lowback("schema", "context").stdout)["properties"]
    assert context["equipment"]["items"]["enum"] == ["foam-roller"]
    assert context["limits"]["items"]["enum"] == ["cross-legs", "hip-opening", "kneeling"]


def test_a_built_in_situation_by_name_is_its_shorthand() -> None:
    assert routine("--situation", "sitting") == routine("--sitting")
    assert Context(situations=("heavy-lifting",)).heavy_lifting
    assert Context(sitting=True).situations == ("sitting",)


def test_no_roller_and_the_roller_by_name_is_a_usage_error() -> None:
    result = lowback("recommend", "--no-roller", "--equipment", "foam-roller")
    assert result.exit_code == 2
    assert "--no-roller and --equipment foam-roller cannot be given together" in result.stderr


# -- unknown names -------------------------------------------------------------------


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--equipment", "strp"], "'strp' is not a known equipment name (did you mean 'strap'?)"),
        (["--situation", "standing"], "(did you mean 'standing-desk'?)"),
        (["--limit", "knee"], "(did you mean 'kneeling'?); known: cross-legs, hip-opening"),
    ],
)
def test_an_unknown_name_is_a_one_line_usage_error_with_the_closest(
    args: list[str], words: str
) -> None:
    result = lowback("recommend", *args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert words in line


def test_an_unknown_name_in_a_context_given_to_the_engine_is_a_context_error(
    builtins: Engine,
) -> None:
    with pytest.raises(ContextError, match="situations: 'standing-desk' is not a known situation"):
        builtins.recommend(Context(situations=("standing-desk",)))


# -- faults ---------------------------------------------------------------------------


class Terms:
    """A plugin that registers the terms it is given (and a catalogue, if any)."""

    def __init__(self, name: str, *terms: object, catalogue: dict[str, Any] | None = None):
        self.name = name
        self.terms = terms
        self.catalogue = catalogue

    @hookimpl
    def register_vocabulary(self, register: Any) -> None:
        for term in self.terms:
            register(term)

    @hookimpl
    def register_catalogues(self, register: Any) -> None:
        if self.catalogue is not None:
            register(self.catalogue)


STRAP_TERM = Term(vocabulary="equipment", name="strap", description="a yoga strap")


def test_a_name_given_twice_is_a_fault_naming_the_plugin() -> None:
    roller = Term(vocabulary="equipment", name="foam-roller", description="mine")
    engine = Engine(plugins=[Terms("first", STRAP_TERM), Terms("second", STRAP_TERM, roller)])
    assert [(f.plugin, f.kind, f.message) for f in engine.faults] == [
        ("second", "clash", "equipment 'strap' is already given by plugin 'first'"),
        ("second", "clash", "equipment 'foam-roller' is already given by the built-ins"),
    ]
    assert engine.vocabulary.owner("equipment", "strap") == "first"
    assert engine.vocabulary.describe("equipment", "foam-roller").startswith("a foam roller")


def test_a_bad_term_is_a_data_fault() -> None:
    engine = Engine(
        plugins=[
            Terms(
                "odd",
                Term(vocabulary="colour", name="red", description="red"),
                Term(vocabulary="equipment", name="Big Ball", description="a ball"),
                Term(vocabulary="situation", name="x", description="x", regions=("nowhere",)),
                "strap",
            )
        ]
    )
    messages = [f.message for f in engine.faults]
    assert [f.kind for f in engine.faults] == ["data"] * 4
    assert "term vocabulary 'colour' is not one of equipment, situation, limit, target" in messages
    assert "equipment name 'Big Ball' is not a lower-case slug (such as 'strap')" in messages
    assert any(m.startswith("situation 'x': regions need a source") for m in messages)
    assert "registered a str; expected a lowback.Term" in messages


def test_an_exercise_naming_unknown_equipment_is_a_fault_and_the_rest_loads() -> None:
    engine = Engine(plugins=[*builtin_modules(), Terms("straps", catalogue=STRAP_CATALOGUE)])
    (fault,) = engine.faults
    assert fault.plugin == "straps" and fault.kind == "data"
    assert fault.message.startswith(
        "catalogue 'strapwork': exercises.strap-hamstring-stretch: equipment 'strap' is not "
        "a known equipment name"
    )
    assert "strapwork" not in {lc.catalogue.id for lc in engine.catalogues}
    assert engine.recommend(Context(sitting=True)).items


def test_a_term_from_another_plugin_can_be_used_by_a_catalogue() -> None:
    engine = Engine(
        plugins=[Terms("a-catalogue", catalogue=STRAP_CATALOGUE), Terms("z-terms", STRAP_TERM)],
        strict=True,
    )
    assert [lc.catalogue.id for lc in engine.catalogues] == ["strapwork"]


def test_each_engine_has_its_own_vocabulary(builtins: Engine) -> None:
    with_strap = Engine(plugins=[Terms("t", STRAP_TERM)], strict=True)
    assert with_strap.vocabulary.names("equipment") == ("foam-roller", "strap")
    assert builtins.vocabulary.names("equipment") == ("foam-roller",)
    assert Vocabulary().names("situation") == ("heavy-lifting", "sitting")


def test_a_plugin_limit_rules_out_what_needs_it() -> None:
    squat = Term(vocabulary="limit", name="deep-squat", description="you cannot squat deep yet")
    needs = json.loads(json.dumps(STRAP_CATALOGUE))
    needs["exercises"][0] |= {"equipment": [], "requires": ["deep-squat"]}
    engine = Engine(plugins=[*builtin_modules(), Terms("squats", squat, catalogue=needs)])
    assert not engine.faults
    key = "strapwork/strap-hamstring-stretch"
    everything = engine.recommend(Context())  # the general routine
    assert key in [i.exercise for i in everything.items]
    limited = engine.recommend(Context(limits=("deep-squat",)))
    (left,) = [i for i in limited.left_out if i.exercise == key]
    (veto,) = [r for r in left.reasons if r.rule == "squats:limit-deep-squat"]
    assert veto.text == (
        "You said you cannot squat deep yet (deep-squat), and the Strap hamstring stretch needs it."
    )


def test_a_target_term_resolves_with_its_aliases() -> None:
    words = Vocabulary()
    gut = Term(vocabulary="target", name="obliques", description="x", aliases=("side-abs",))
    assert words.add(gut, "p") is None
    assert words.target_name("Side Abs") == "obliques"
    clash = Term(vocabulary="target", name="quads", description="x")
    assert words.add(clash, "q") == "target 'quads' is already given by the built-ins"


def test_catalogue_models_still_refuse_what_is_not_a_slug() -> None:
    bad = json.loads(json.dumps(STRAP_CATALOGUE))
    bad["exercises"][0]["equipment"] = ["Yoga Strap"]
    with pytest.raises(ValueError, match="equipment"):
        Catalogue.model_validate(bad)


# -- the profile ------------------------------------------------------------------------


@pytest.mark.usefixtures("installed")
def test_plugin_names_are_profile_fields_checked_as_recommend_checks_them() -> None:
    saved = lowback("profile", "set", "--equipment", "strap", "--situation", "standing-desk")
    assert saved.exit_code == 0, saved.output
    assert 'equipment = ["foam-roller", "strap"]' in saved.stdout
    assert 'situations = ["standing-desk"]' in saved.stdout
    assert STRAP in [item["exercise"] for item in routine()["items"]]
    bad = lowback("profile", "set", "--equipment", "strp")
    assert bad.exit_code == 2
    assert "did you mean 'strap'?" in bad.stderr
    sitting = lowback("profile", "set", "--situation", "sitting")
    assert "sitting = true" in sitting.stdout  # a built-in situation keeps its own key
    assert 'situations = ["standing-desk"]' in sitting.stdout


def test_a_saved_name_no_plugin_gives_is_refused_naming_the_profile(tmp_path: Path) -> None:
    from lowback.storage.paths import profile_path

    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('equipment = ["strap"]\n', encoding="utf-8")
    result = lowback("recommend", "--sitting")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert str(path) in line
    assert "equipment: 'strap' is not a known equipment name" in line


def test_a_built_in_situation_written_in_the_list_is_turned_off_by_its_flag() -> None:
    from lowback.storage.paths import profile_path

    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('situations = ["heavy-lifting", "sitting"]\n', encoding="utf-8")
    assert routine()["context"]["sitting"] is True
    saved = lowback("profile", "set", "--no-sitting")
    assert "  sitting = false\n  heavy_lifting = true\n" in saved.stdout
    assert "  situations = []\n" in saved.stdout
    context = routine()["context"]
    assert (context["sitting"], context["situations"]) == (False, ["heavy-lifting"])


def test_a_profile_saying_a_situation_both_ways_is_refused_and_kept() -> None:
    from lowback.storage.paths import profile_path

    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = 'sitting = false\nsituations = ["sitting"]\n'
    path.write_text(text, encoding="utf-8")
    for args in (["recommend"], ["profile", "set", "--minutes", "5"]):
        result = lowback(*args)
        assert result.exit_code == 1
        (line,) = result.stderr.splitlines()
        assert f'{path}: sitting = false, but situations names "sitting"' in line
    assert path.read_text(encoding="utf-8") == text


# -- docs/vocabulary.md ------------------------------------------------------------------

DOC = (Path(__file__).resolve().parent.parent / "docs" / "vocabulary.md").read_text("utf-8")


def test_the_docs_list_every_built_in_name_with_its_description() -> None:
    from lowback.vocab import EQUIPMENT_TEXT, LIMIT_TEXT, SITUATION_TEXT, TARGETS

    for texts in (EQUIPMENT_TEXT, LIMIT_TEXT, SITUATION_TEXT, TARGETS):
        for name, text in texts.items():
            assert f"| `{name}` | {text} |" in DOC, name


def test_the_docs_example_plugin_works_as_it_says(builtins: Engine) -> None:
    import types

    code = DOC.split("```python\n", 1)[1].split("```", 1)[0]
    example = types.ModuleType("vocabulary_example")
    exec(compile(code, "docs/vocabulary.md", "exec"), example.__dict__)
    engine = Engine(plugins=[*builtin_modules(), example], strict=True)
    key = "strap-work/strap-hamstring-stretch"
    standing = Context(situations=("standing-desk",))
    assert key in [i.exercise for i in engine.recommend(standing).left_out]
    given = engine.recommend(standing.model_copy(update={"equipment": ("strap",)}))
    (item,) = [i for i in given.items if i.exercise == key]
    assert [r.text for r in item.reasons] == [
        'Works the hamstrings: "Your source", the section that ties standing work to these muscles.'
    ]

"""Cautions per exercise: a declared health condition rules out what conflicts with it.

The cautions are the engine's own stage (``lowback:cautions``), right after the
screen: through the Python API and the command line, for every condition, the
conflicting exercise is not given, a stand-in or an easier rung is given where
one exists, and the routine says why (which condition, the source's advice).
Conditions are kept in the profile like limits; docs/safety.md cites a source
for every one.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lowback import Context, Engine, hookimpl
from lowback.cli import main
from lowback.index import Entry
from lowback.models import Catalogue, Exercise, Routine, Variation
from lowback.pipeline.cautions import ADVICE, conflicts_of
from lowback.plugins import general
from lowback.rules import Rule, Vote
from lowback.vocab import CONDITION_TEXT, CONDITIONS, KNEE_LOADING, TIMINGS
from pydantic import ValidationError

from conftest import ROOT

SAFETY_DOC = ROOT / "docs" / "safety.md"
SECTION = "## Cautions per exercise"

LABEL = {c: ADVICE[c].label for c in CONDITIONS}
"""The words every reason about a condition starts with (``Hip replacement: ...``)."""

# For each condition: the timing where it bites, the exercises it keeps out of that
# routine, the stand-ins given for them ({given: replaced}) and the rungs it steps
# down to ({exercise: rung given}).
EXPECTED: dict[str, dict[str, Any]] = {
    "hip-replacement": {
        "timing": "before-workout",
        "out": {
            "relief/psoas-stretch",
            "relief/ql-stretch",
            "relief/thoracic-rotation",
            "relief/diaphragmatic-breathing",
        },
        # No stand-in for the seated psoas stretch: the deep quad and psoas stretch, in the
        # routine already, works the psoas half-kneeling, as the stand-in would.
        "stand_ins": {},
        "rungs": {},
    },
    "knee-replacement": {
        "timing": "after-legs",
        "out": {"shimada/psoas-stretch", "shimada/frog-stretch"},
        "stand_ins": {"relief/psoas-stretch": "shimada/psoas-stretch"},
        "rungs": {"shimada/piriformis-roll": "uncrossed"},
    },
    "pregnancy": {
        "timing": "before-workout",
        "out": {"relief/ql-stretch", "relief/thoracic-rotation"},
        "stand_ins": {},
        "rungs": {},
    },
    "osteoporosis": {
        "timing": "before-workout",
        "out": {"relief/ql-stretch", "relief/thoracic-rotation", "relief/psoas-stretch"},
        "stand_ins": {},  # as for hip-replacement
        "rungs": {},
    },
    **{
        condition: {
            "timing": "after-legs",
            "out": {"shimada/adductor-roll", "shimada/quad-roll", "shimada/piriformis-roll"},
            "stand_ins": {},
            "rungs": {},
        }
        for condition in ("blood-clot", "fracture", "open-wound")
    },
}


def _routine(engine: Engine, **fields: Any) -> Routine:
    return engine.recommend(Context(sitting=True, **fields))


def _items(routine: Routine) -> dict[str, Any]:
    return {item.exercise: item for item in routine.items}


def _caution_reasons(reasons: Any, condition: str) -> list[Any]:
    return [
        r
        for r in reasons
        if r.rule == "lowback:cautions" and r.fact == f"conditions includes {condition}"
    ]


def _conflicts(entry: Entry, rung_id: str) -> set[str]:
    """Every condition the exercise conflicts with on ``rung_id``."""
    rung = next(r for r in entry.exercise.ladder if r.id == rung_id)
    return {*conflicts_of(entry), *rung.conflicts}


# -- the vocabulary ------------------------------------------------------------------


def test_every_condition_has_a_description_and_a_caution() -> None:
    assert set(CONDITIONS) == set(CONDITION_TEXT) == set(ADVICE)
    assert list(CONDITIONS) == sorted(CONDITIONS)
    for condition in CONDITIONS:
        assert CONDITION_TEXT[condition].strip() and "\n" not in CONDITION_TEXT[condition]


def test_the_context_takes_conditions_sorted_and_once() -> None:
    context = Context(conditions=("pregnancy", "hip-replacement", "pregnancy"))
    assert context.conditions == ("hip-replacement", "pregnancy")
    assert Context().conditions == ()
    with pytest.raises(ValidationError):
        Context(conditions=("broken-heart",))  # type: ignore[arg-type]


# -- through the Python API, condition by condition ------------------------------------


@pytest.mark.parametrize("condition", CONDITIONS)
def test_each_condition_rules_out_what_conflicts_and_says_why(
    builtins: Engine, condition: str
) -> None:
    want = EXPECTED[condition]
    plain = _items(_routine(builtins, timing=want["timing"]))
    routine = _routine(builtins, timing=want["timing"], conditions=(condition,))
    items = _items(routine)
    left = {lo.exercise: lo for lo in routine.left_out}

    # Without the condition these are given; with it, not, and the left-out record says why.
    assert want["out"] <= set(plain)
    assert not want["out"] & set(items), sorted(want["out"] & set(items))
    for key in want["out"]:
        why = _caution_reasons(left[key].reasons, condition)
        assert why, (key, left[key].reasons)
        assert all(r.effect == "veto" and r.text.startswith(LABEL[condition]) for r in why)

    # A stand-in of the same movement, saying which condition ruled the other out.
    for given, replaced in want["stand_ins"].items():
        assert given not in plain and given in items
        (sub,) = [r for r in items[given].reasons if r.effect == "substitute"]
        assert replaced in sub.text and LABEL[condition] in sub.text

    # An easier rung of the same ladder, with the condition among its reasons.
    for key, rung in want["rungs"].items():
        assert plain[key].variation.id != rung and items[key].variation.id == rung
        assert _caution_reasons(items[key].reasons, condition)

    # A note naming the condition, in every routine built for it.
    notes = [a for a in routine.advice if a.source == "lowback:cautions"]
    assert len(notes) == 1 and notes[0].text.startswith(LABEL[condition])


def test_the_reasons_give_the_sources_advice_and_mark_it_a_reading(builtins: Engine) -> None:
    routine = _routine(builtins, timing="before-workout", conditions=("pregnancy",))
    (why,) = _caution_reasons(
        {lo.exercise: lo for lo in routine.left_out}["relief/ql-stretch"].reasons, "pregnancy"
    )
    assert "16 weeks" in why.text and "lying on your back" in why.text
    assert "NHS" in why.text
    assert "reading of that advice, not the article's word" in why.text


def test_a_hip_replacement_keeps_the_piriformis_roll_uncrossed(builtins: Engine) -> None:
    routine = _routine(builtins, timing="after-legs", conditions=("hip-replacement",))
    item = _items(routine)["shimada/piriformis-roll"]
    assert item.variation.id == "uncrossed"
    (why,) = _caution_reasons(item.reasons, "hip-replacement")
    assert "'Leg crossed'" in why.text and "90 degrees" in why.text
    assert "shimada/frog-stretch" not in _items(routine)


@pytest.mark.parametrize("timing", [None, *TIMINGS])
@pytest.mark.parametrize("condition", CONDITIONS)
def test_no_routine_ever_gives_a_conflicting_exercise_or_rung(
    builtins: Engine, condition: str, timing: str | None
) -> None:
    for sitting, lifting, roller, pain in (
        (True, False, True, None),
        (False, True, True, 5),
        (True, True, False, None),
        (False, False, True, 2),
    ):
        context = Context(
            sitting=sitting,
            heavy_lifting=lifting,
            timing=timing,  # type: ignore[arg-type]
            equipment=("foam-roller",) if roller else (),
            pain=pain,
            conditions=(condition,),
        )
        for item in builtins.recommend(context).items:
            entry = builtins.index.entries[item.exercise]
            assert condition not in _conflicts(entry, item.variation.id), item.exercise


def test_two_conditions_add_up(builtins: Engine) -> None:
    both = ("hip-replacement", "knee-replacement")
    routine = _routine(builtins, timing="after-legs", conditions=both)
    items = _items(routine)
    # Both psoas stretches conflict: no stand-in is left, and the record says so.
    assert "shimada/psoas-stretch" not in items and "relief/psoas-stretch" not in items
    left = {lo.exercise: lo for lo in routine.left_out}
    texts = " ".join(r.text for r in left["shimada/psoas-stretch"].reasons)
    assert "Knee replacement" in texts and "No exercise of the same movement" in texts
    assert items["shimada/piriformis-roll"].variation.id == "uncrossed"
    assert len([a for a in routine.advice if a.source == "lowback:cautions"]) == 2


def test_no_condition_changes_nothing(builtins: Engine) -> None:
    for timing in TIMINGS:
        plain = _routine(builtins, timing=timing)
        assert plain == _routine(builtins, timing=timing, conditions=())
        assert not any(a.source == "lowback:cautions" for a in plain.advice)
        assert not any(r.rule == "lowback:cautions" for lo in plain.left_out for r in lo.reasons)


def test_a_halted_routine_says_nothing_of_conditions(builtins: Engine) -> None:
    routine = _routine(builtins, pain=8, conditions=("pregnancy",))
    assert routine.halted and routine.items == ()
    assert not any(a.source == "lowback:cautions" for a in routine.advice)


# -- the engine's own: no plugin list takes it away --------------------------------------


def test_the_cautions_act_with_only_catalogues_and_one_rule_loaded() -> None:
    from lowback.catalogues import relief, shimada

    engine = Engine(plugins={"shimada": shimada, "relief": relief, "general": general})
    assert not any(b.ref == "lowback:cautions" for b in engine.rules)  # not a plugin's rule
    routine = engine.recommend(Context(conditions=("knee-replacement",)))
    kneeling = {e.key for e in engine.index.all() if e.exercise.position in KNEE_LOADING}
    assert kneeling and not kneeling & {i.exercise for i in routine.items}


class _VotesForAll(Rule):
    id = "votes-for-all"
    summary = "Votes 5 for every exercise."

    def decide(self, context: Context, index: Any) -> Any:
        for entry in index.all():
            yield Vote(exercise=entry.key, weight=5, fact="always", text="Always.")


def _ex(id_: str, position: str, kind: str = "stretch", **extra: Any) -> Exercise:
    return Exercise.model_validate(
        {
            "id": id_,
            "name": id_.replace("-", " ").capitalize(),
            "section": "1",
            "kind": kind,
            "position": position,
            "targets": ["hips"],
            "movement": f"third-{id_}",
            "dose": {"sets": 1, "reps": 5},
            "cues": ["Gently."],
            **extra,
        }
    )


class _ThirdParty:
    """A third-party catalogue whose data names no conflict at all, and a rule voting for it."""

    @hookimpl
    def register_catalogues(self, register: Any) -> None:
        register(
            Catalogue(
                id="thirdparty",
                name="Third party",
                source={"title": "A handout"},  # type: ignore[arg-type]
                exercises=(
                    _ex("kneel-stretch", "kneeling"),
                    _ex("back-stretch", "lying-back"),
                    _ex("calf-roll", "lying-front", kind="roll", equipment=["foam-roller"]),
                    _ex(
                        "side-stretch",
                        "standing",
                        ladder=[
                            {"id": "easy", "name": "Easy"},
                            {"id": "twist", "name": "Twist", "conflicts": ["osteoporosis"]},
                        ],
                    ),
                ),
            )
        )

    @hookimpl
    def register_rules(self, register: Any) -> None:
        register(_VotesForAll())


@pytest.mark.parametrize(
    ("condition", "key"),
    [
        ("knee-replacement", "thirdparty/kneel-stretch"),
        ("pregnancy", "thirdparty/back-stretch"),
        ("blood-clot", "thirdparty/calf-roll"),
        ("fracture", "thirdparty/calf-roll"),
        ("open-wound", "thirdparty/calf-roll"),
    ],
)
def test_a_third_party_catalogue_is_kept_safe_by_position_and_kind(
    condition: str, key: str
) -> None:
    engine = Engine(plugins={"thirdparty": _ThirdParty()}, strict=True)
    assert key in _items(engine.recommend(Context()))
    routine = engine.recommend(Context(conditions=(condition,)))  # type: ignore[arg-type]
    assert key not in _items(routine)
    (left,) = [lo for lo in routine.left_out if lo.exercise == key]
    (why,) = _caution_reasons(left.reasons, condition)
    assert "reading of that advice" in why.text  # the handout did not say so itself


def test_a_third_party_rung_conflict_steps_down_the_ladder() -> None:
    engine = Engine(plugins={"thirdparty": _ThirdParty()}, strict=True)
    key = "thirdparty/side-stretch"
    assert _items(engine.recommend(Context()))[key].variation.id == "twist"
    item = _items(engine.recommend(Context(conditions=("osteoporosis",))))[key]
    assert item.variation.id == "easy"
    (why,) = _caution_reasons(item.reasons, "osteoporosis")
    assert "'Twist'" in why.text and "reading of that advice" not in why.text


# -- the catalogue field -----------------------------------------------------------------


def test_conflicts_validate() -> None:
    ok = Variation(id="a", name="A", conflicts=("pregnancy",), conflicts_ours=("pregnancy",))
    assert ok.conflicts == ("pregnancy",)
    with pytest.raises(ValidationError, match="conflicts_ours names osteoporosis"):
        Variation(id="a", name="A", conflicts=("pregnancy",), conflicts_ours=("osteoporosis",))
    with pytest.raises(ValidationError, match="more than once"):
        _ex("x", "seated", conflicts=["pregnancy", "pregnancy"])
    with pytest.raises(ValidationError):
        _ex("x", "seated", conflicts=["headache"])


def test_the_catalogue_schema_offers_the_condition_names(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema", "catalogue"])
    assert result.exit_code == 0
    text = result.stdout
    assert '"conflicts"' in text and '"conflicts_ours"' in text
    assert all(f'"{c}"' in text for c in CONDITIONS)


def _toml(cat_id: str) -> dict[str, Any]:
    with (ROOT / "catalogues" / f"{cat_id}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_every_builtin_conflict_is_marked_a_reading(builtins: Engine) -> None:
    """The articles say nothing of health conditions: every conflict is lowback's reading."""
    for entry in builtins.index.all():
        ex = entry.exercise
        assert set(ex.conflicts_ours) == set(ex.conflicts), entry.key
        for rung in ex.ladder:
            assert set(rung.conflicts_ours) == set(rung.conflicts), (entry.key, rung.id)


def test_the_builtin_data_names_every_conflict_the_engine_reads_from_position_or_kind(
    builtins: Engine,
) -> None:
    for entry in builtins.index.all():
        assert set(conflicts_of(entry)) == set(entry.exercise.conflicts), entry.key


# -- the docs: every condition cited, the table matching the data ------------------------


def _section() -> str:
    text = SAFETY_DOC.read_text(encoding="utf-8")
    assert text.count(SECTION + "\n") == 1
    return text.split(SECTION + "\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_condition_is_documented_with_a_source_url(condition: str) -> None:
    rows = [line for line in _section().splitlines() if line.startswith(f"| `{condition}` |")]
    assert len(rows) == 1, condition
    assert re.search(r"<https?://[^>\s]+>", rows[0]), rows[0]


def test_the_docs_table_of_exercises_is_the_data(builtins: Engine) -> None:
    documented: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
    for line in _section().splitlines():
        match = re.fullmatch(r"\| `([a-z-]+/[a-z-]+)` \|([^|]*)\|([^|]*)\|", line)
        if not match:
            continue
        whole = {c.strip() for c in match[2].split(",") if c.strip()}
        rungs: dict[str, set[str]] = {}
        for part in filter(None, (p.strip() for p in match[3].split(";"))):
            rung, _, names = part.partition(":")
            rungs[rung.strip(" `")] = {c.strip() for c in names.split(",")}
        documented[match[1]] = (whole, rungs)
    actual = {
        e.key: (
            set(conflicts_of(e)),
            {r.id: set(r.conflicts) for r in e.exercise.ladder if r.conflicts},
        )
        for e in builtins.index.all()
    }
    assert documented == actual


def test_readme_and_plugin_guide_name_the_flag_and_the_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `--condition")]
    assert all(f"`{c}`" in row for c in CONDITIONS)
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    (field,) = [line for line in guide.splitlines() if line.startswith("| `exercises[].conflicts")]
    assert all(f"`{c}`" in field for c in CONDITIONS)


# -- the command line ----------------------------------------------------------------------


def lb(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def _json(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(lb("recommend", "--format", "json", *args).stdout)
    return data


def _given(data: dict[str, Any]) -> dict[str, Any]:
    return {item["exercise"]: item for item in data["items"]}


def _left_by_caution(data: dict[str, Any], condition: str) -> set[str]:
    return {
        lo["exercise"]
        for lo in data["left_out"]
        if any(
            r["rule"] == "lowback:cautions" and r["fact"] == f"conditions includes {condition}"
            for r in lo["reasons"]
        )
    }


@pytest.mark.parametrize("condition", CONDITIONS)
def test_the_condition_flag_in_json(condition: str) -> None:
    plain = _given(_json("--sitting", "--after-legs"))
    data = _json("--sitting", "--after-legs", "--condition", condition)
    assert data["context"]["conditions"] == [condition]
    items = _given(data)
    left = _left_by_caution(data, condition)
    assert left, condition
    assert not left & set(items)
    for key, item in items.items():
        entry_conflicts = {
            r["fact"] for r in item["reasons"] if r["rule"] == "lowback:cautions"
        }  # only a rung stepped down from carries one
        assert entry_conflicts <= {f"conditions includes {condition}"}, key
    want = EXPECTED[condition]
    if want["timing"] == "after-legs":
        assert want["out"] <= set(plain) and not want["out"] & set(items)
        assert want["out"] <= left
        for given in want["stand_ins"]:
            assert given in items
        for key, rung in want["rungs"].items():
            assert items[key]["variation"]["id"] == rung
    # The JSON is the Python API's routine, byte for byte.
    raw = lb("recommend", "--format", "json", "--sitting", "--after-legs", "--condition", condition)
    embedded = Engine().recommend(
        Context(sitting=True, timing="after-legs", conditions=(condition,))  # type: ignore[arg-type]
    )
    assert raw.stdout.strip() == embedded.model_dump_json()


@pytest.mark.parametrize("condition", CONDITIONS)
def test_the_condition_flag_in_text(condition: str) -> None:
    text = lb("recommend", "--sitting", "--after-legs", "--condition", condition).stdout
    assert f"Note: {LABEL[condition]}: lowback leaves out or swaps" in text
    explained = lb(
        "recommend", "--sitting", "--after-legs", "--condition", condition, "--explain"
    ).stdout
    left = explained.split("\nLeft out:\n", 1)[1]
    assert f"[veto] {LABEL[condition]}: " in left
    assert re.search(rf"\(lowback:cautions [^;]*; conditions includes {condition}\)", left)


def test_a_knee_replacement_in_text_swaps_the_psoas_stretch_and_uncrosses_the_roll() -> None:
    text = lb("recommend", "--sitting", "--after-legs", "--condition", "knee-replacement").stdout
    assert "Seated psoas stretch" in text and "Half-kneeling psoas stretch (shimada" in text
    assert "Stands in for Half-kneeling psoas stretch" in text and "Knee replacement:" in text
    assert "Variation: Legs uncrossed" in text and ". Frog stretch  (" not in text
    assert "- Frog stretch: Knee replacement:" in text  # left out, and said


def test_an_unknown_condition_is_one_line_naming_the_flag_and_the_names() -> None:
    result = lb("recommend", "--sitting", "--condition", "bad-back", code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "--condition" in lines[0] and "bad-back" in lines[0]
    assert all(c in lines[0] for c in CONDITIONS)


@pytest.mark.parametrize("command", ["recommend", "session", "log"])
def test_every_command_with_context_flags_takes_the_condition(command: str) -> None:
    text = lb(command, "--help").stdout
    assert "--condition CONDITION" in text


def test_the_help_describes_every_condition() -> None:
    # Compared without white space: click wraps long help, sometimes at a hyphen.
    text = "".join(lb("recommend", "--help").stdout.split())
    for condition in CONDITIONS:
        assert "".join(f"{condition}: {CONDITION_TEXT[condition]}".split()) in text


def test_condition_names_complete() -> None:
    env = {
        "_LOWBACK_COMPLETE": "bash_complete",
        "COMP_WORDS": "lowback recommend --condition ",
        "COMP_CWORD": "3",
    }
    out = CliRunner().invoke(main, [], env=env, prog_name="lowback").output
    assert out.split() == [f"plain,{c}" for c in CONDITIONS]
    env.update(COMP_WORDS="lowback profile set --no-condition ", COMP_CWORD="4")
    out = CliRunner().invoke(main, [], env=env, prog_name="lowback").output
    assert out.split() == [f"plain,{c}" for c in (*CONDITIONS, "all")]


# -- the profile ---------------------------------------------------------------------------


def _profile_values() -> dict[str, Any]:
    values: dict[str, Any] = json.loads(lb("profile", "show", "--format", "json").stdout)["values"]
    return values


def test_the_profile_keeps_a_condition_and_recommend_uses_it(_lowback_home: Path) -> None:
    lb("profile", "set", "--sitting", "--before-workout", "--condition", "pregnancy")
    assert _profile_values()["conditions"] == ["pregnancy"]
    saved = tomllib.loads((_lowback_home / "profile.toml").read_text(encoding="utf-8"))
    assert saved["conditions"] == ["pregnancy"]

    data = _json()
    assert data["context"]["conditions"] == ["pregnancy"]
    assert "relief/ql-stretch" not in _given(data)
    assert "relief/ql-stretch" in _left_by_caution(data, "pregnancy")
    assert "Note: Pregnancy:" in lb("recommend").stdout

    # --no-profile ignores it.
    ignored = _json("--no-profile", "--sitting", "--before-workout")
    assert ignored["context"]["conditions"] == []
    assert "relief/ql-stretch" in _given(ignored)


def test_a_condition_on_the_command_line_adds_to_the_saved_ones() -> None:
    lb("profile", "set", "--sitting", "--before-workout", "--condition", "pregnancy")
    data = _json("--condition", "hip-replacement")
    assert data["context"]["conditions"] == ["hip-replacement", "pregnancy"]
    given = _given(data)
    assert "relief/ql-stretch" not in given and "relief/psoas-stretch" not in given
    # The psoas is still stretched, by the deep quad and psoas stretch: no stand-in
    # repeats it.
    assert "relief/deep-quad-psoas-stretch" in given and "shimada/psoas-stretch" not in given


def test_profile_set_adds_and_removes_conditions() -> None:
    lb("profile", "set", "--condition", "osteoporosis", "--condition", "blood-clot")
    assert _profile_values()["conditions"] == ["blood-clot", "osteoporosis"]
    lb("profile", "set", "--no-condition", "blood-clot")
    assert _profile_values()["conditions"] == ["osteoporosis"]
    lb("profile", "set", "--condition", "fracture", "--condition", "pregnancy")
    lb("profile", "set", "--no-condition", "all")
    assert _profile_values()["conditions"] == []
    data = _json("--sitting", "--after-legs")
    assert data["context"]["conditions"] == []


def test_profile_set_refuses_adding_and_removing_one_condition() -> None:
    result = lb("profile", "set", "--condition", "pregnancy", "--no-condition", "pregnancy", code=2)
    assert "--condition and --no-condition both name pregnancy" in result.stderr


def test_a_bad_condition_in_the_profile_names_the_file_and_the_key(_lowback_home: Path) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text('conditions = ["sore"]\n', encoding="utf-8")
    result = lb("recommend", code=1)
    line = result.stderr.strip()
    assert str(path) in line and "conditions" in line and "pregnancy" in line
    assert path.read_text(encoding="utf-8") == 'conditions = ["sore"]\n'

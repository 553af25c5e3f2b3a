"""Issue 18, relevance any catalogue can earn: target names with aliases, and the regions
the articles tie to each situation, so a catalogue with no links of its own takes part
(below the articles' own picks), explained and cited like any other item."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lowback import Engine, hookimpl, testing
from lowback.models import Catalogue, Routine
from lowback.plugins import lifting, sitting, situations
from lowback.vocab import TARGET_ALIASES, TARGETS, target_name

SHIMADA_TITLE = "5 Recovery Exercise To Release Lower Back Tension"


def _exercise(ident: str, targets: list[str], **more: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.replace("-", " ").capitalize(),
        "section": f"Handout, {ident}",
        "kind": "stretch",
        "position": "standing",
        "targets": targets,
        "movement": f"desk-{ident}",
        "cues": ["Ease into a comfortable stretch."],
        "dose": {"sets": 1, "hold_s": 30, "ours": ["sets", "hold_s"]},
        **more,
    }


class Handout:
    """A third-party catalogue whose author wrote no ``because`` links at all."""

    name = "desk"

    def __init__(self, *exercises: dict[str, Any]) -> None:
        self.catalogue = Catalogue.model_validate(
            {
                "id": "desk",
                "name": "Desk handout",
                "source": {"title": "A desk handout"},
                "exercises": list(exercises),
            }
        )

    @hookimpl
    def register_catalogues(self, register: Any) -> None:
        register(self.catalogue)


QUADS = _exercise("quad-reach", ["quads"])
HAMSTRINGS = _exercise("hamstring-fold", ["hamstrings"])
LOW_BACK = _exercise("low-back-curl", ["lower-back", "glutes"])


def _engine(*exercises: dict[str, Any]) -> Engine:
    return testing.engine(Handout(*exercises))


def _item(routine: Routine, key: str) -> Any:
    return next(item for item in routine.items if item.exercise == key)


# -- the vocabulary ---------------------------------------------------------------


def test_every_alias_means_one_known_name_and_no_name_is_an_alias() -> None:
    assert set(TARGET_ALIASES.values()) <= set(TARGETS)
    assert not set(TARGET_ALIASES) & set(TARGETS)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("lower back", "lower-back"),  # free-exercise-db's spellings
        ("abductors", "abductors"),
        ("quadriceps", "quadriceps"),
        ("Hip Flexors", "hip-flexors"),
        ("TFL", "tensor-fasciae-latae"),
        ("vastus_medialis", "quadriceps"),
        ("QL", "quadratus-lumborum"),
        ("t-spine", "thoracic-spine"),
        ("elbow-wiggler", None),
    ],
)
def test_a_name_or_alias_resolves_to_one_target(written: str, name: str | None) -> None:
    assert target_name(written) == name


def test_the_built_in_catalogues_targets_all_resolve(engine: Engine) -> None:
    unknown = {t for e in engine.index.all() for t in e.exercise.targets if not target_name(t)}
    assert unknown == set()


# -- the ties ---------------------------------------------------------------------


@pytest.mark.parametrize("tie", [*sitting.TIES, *lifting.TIES], ids=lambda t: t.region)
def test_every_tie_names_a_target_and_a_section_its_article_has(engine: Engine, tie: Any) -> None:
    assert tie.region in TARGETS
    sections = {
        e.exercise.section
        for e in engine.index.all()
        if f'"{e.catalogue.source.title}"' in tie.article
    }
    assert sections, tie.article
    for quoted in re.findall(r'"([^"]+)"', tie.section):
        assert quoted in sections


def test_the_built_in_exercises_earn_no_region_vote(engine: Engine) -> None:
    # Every built-in exercise is linked by its article to both situations, so the
    # built-in routines are what they were before region relevance.
    for rule, situation in ((sitting, "sitting"), (lifting, "heavy-lifting")):
        assert list(situations.region_votes(engine.index, situation, "f", rule.TIES)) == []


CONTEXTS = [
    {"sitting": True},
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    {"heavy_lifting": True, "timing": "after-legs"},
    {"sitting": True, "heavy_lifting": True, "minutes": 6},
    {"sitting": True, "timing": "after-legs", "minutes": 5, "equipment": []},
]


@pytest.mark.parametrize("fields", CONTEXTS)
def test_built_in_routines_do_not_change(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, fields: dict[str, Any]
) -> None:
    with_ties = engine.recommend(testing.context(**fields))
    monkeypatch.setattr(sitting, "TIES", ())
    monkeypatch.setattr(lifting, "TIES", ())
    assert engine.recommend(testing.context(**fields)) == with_ties


# -- a catalogue with no links takes part -------------------------------------------


def test_an_exercise_for_a_tied_region_joins_sitting_routines_explained_and_cited() -> None:
    engine = _engine(QUADS, HAMSTRINGS)
    for timing in ("after-legs", "before-workout", None):
        routine = engine.recommend(testing.context(sitting=True, timing=timing))
        keys = [item.exercise for item in routine.items]
        assert "desk/quad-reach" in keys
        assert "desk/hamstring-fold" not in keys  # neither article ties the hamstrings
        item = _item(routine, "desk/quad-reach")
        assert item.score == situations.REGION_WEIGHT == 1
        (reason,) = (r for r in item.reasons if r.rule == "sitting:long-sitting")
        assert reason.fact == "sitting=true, targets quads"
        assert "quadriceps (its target 'quads')" in reason.text
        assert SHIMADA_TITLE in reason.text and "2. Quad Foam Rolling" in reason.text
        assert [s.title for s in item.sources] == ["A desk handout"]


def test_lowbacks_own_reading_of_an_article_is_marked_as_ours() -> None:
    psoas = _exercise("psoas-reach", ["iliopsoas"])
    routine = _engine(psoas).recommend(testing.context(sitting=True))
    (reason,) = (r for r in _item(routine, "desk/psoas-reach").reasons if r.rule.startswith("sit"))
    assert "lowback's reading of the article" in reason.text


def test_lifting_ties_its_own_regions() -> None:
    engine = _engine(QUADS, LOW_BACK, _exercise("inner-thigh", ["adductors"]))
    routine = engine.recommend(testing.context(heavy_lifting=True))
    keys = {item.exercise for item in routine.items}
    assert {"desk/quad-reach", "desk/low-back-curl"} <= keys
    assert "desk/inner-thigh" not in keys  # the articles tie the adductors to sitting only
    reason = _item(routine, "desk/low-back-curl").reasons[0]
    assert reason.rule == "lifting:heavy-lifting"
    assert "squat and deadlift" in reason.text


def test_no_situation_no_region_vote() -> None:
    routine = _engine(QUADS).recommend(testing.context(timing="after-legs"))
    assert "desk/quad-reach" not in [item.exercise for item in routine.items]


def test_an_exercise_its_article_links_gets_no_region_vote_on_top() -> None:
    linked = _exercise(
        "inner-thigh",
        ["adductors"],
        because=[{"situation": "sitting", "note": "The handout gives it to desk workers."}],
    )
    routine = _engine(linked).recommend(testing.context(sitting=True))
    item = _item(routine, "desk/inner-thigh")
    assert item.score == situations.SPECIFIC_WEIGHT
    assert [r.text for r in item.reasons if r.effect == "include"] == [
        "The handout gives it to desk workers."
    ]


@pytest.mark.parametrize("timing", ["after-legs", "before-workout"])
def test_the_articles_picks_come_first_for_their_own_context(engine: Engine, timing: str) -> None:
    context = testing.context(sitting=True, timing=timing)
    alone = engine.recommend(context)
    joined = _engine(QUADS, LOW_BACK).recommend(context)
    theirs = [item for item in joined.items if not item.exercise.startswith("desk/")]
    assert [(i.exercise, i.dose, i.variation, i.sources) for i in theirs] == [
        (i.exercise, i.dose, i.variation, i.sources) for i in alone.items
    ]
    ours = [item for item in joined.items if item.exercise.startswith("desk/")]
    assert len(ours) == 2
    assert max(i.score for i in ours) < min(i.score for i in theirs)


@pytest.mark.parametrize("minutes", [5, 9])
def test_a_time_budget_drops_region_picks_before_the_articles(engine: Engine, minutes: int) -> None:
    context = testing.context(sitting=True, timing="after-legs", minutes=minutes)
    alone = [item.exercise for item in engine.recommend(context).items]
    joined = _engine(QUADS, LOW_BACK).recommend(context)
    assert [i.exercise for i in joined.items if not i.exercise.startswith("desk/")] == alone
    assert "desk/quad-reach" in {left.exercise for left in joined.left_out}


def test_every_target_name_is_documented() -> None:
    from pathlib import Path

    guide = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Target names and relevance") :]
    assert [name for name in TARGETS if f"`{name}`" not in section] == []


# -- a stand-in: an article's exercise before a third party's -------------------------

PSOAS = _exercise("psoas-reach", ["psoas"])
"""A psoas-only stretch, standing and held: it could stand in for either psoas stretch."""


@pytest.mark.parametrize(
    "fields",
    [
        {"timing": "after-legs", "limits": ("kneeling",)},
        {"sitting": True, "timing": "after-legs", "limits": ("kneeling",)},
    ],
    ids=["after-legs", "sitting,after-legs"],
)
def test_an_articles_exercise_stands_in_before_a_third_partys(fields: dict[str, Any]) -> None:
    # The rocked psoas stretch needs a knee on the floor. The seated one, which the other
    # article links to sitting (or at least to some situation), stands in for it: not the
    # handout's, whose key sorts first and which at most a region tie votes for.
    routine = _engine(PSOAS).recommend(testing.context(**fields))
    seated = _item(routine, "relief/psoas-stretch")
    (sub,) = [r for r in seated.reasons if r.effect == "substitute"]
    assert "shimada/psoas-stretch" in sub.text
    (left,) = [lo for lo in routine.left_out if lo.exercise == "shimada/psoas-stretch"]
    assert "Replaced by Seated psoas stretch" in left.reasons[-1].text
    desk = [i for i in routine.items if i.exercise == "desk/psoas-reach"]
    # With sitting the handout's stretch is given too, on its own region vote, not as a stand-in.
    assert len(desk) == (1 if fields.get("sitting") else 0)
    assert not any(r.effect == "substitute" for i in desk for r in i.reasons)


def test_a_stand_in_the_handout_alone_can_give_is_still_given() -> None:
    # No article's exercise for the psoas is usable (kneeling, and a twist ruled out by the
    # hip replacement): the handout's psoas stretch is the stand-in left.
    routine = _engine(PSOAS).recommend(
        testing.context(timing="after-legs", limits=("kneeling",), conditions=("hip-replacement",))
    )
    desk = _item(routine, "desk/psoas-reach")
    assert any(r.effect == "substitute" and "shimada/psoas-stretch" in r.text for r in desk.reasons)

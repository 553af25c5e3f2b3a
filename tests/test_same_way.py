"""No two items work the same muscle the same way, unless the context asks for it.

"The same way": a shared target muscle, the same kind of work and the same body
position (lowback.pipeline.same_way). The context asks for it when both come from
the article whose routine is done at the context's timing: its own list stays whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import pytest
from lowback import Context, Engine, Routine, testing
from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.render import render
from lowback.render.phrases import omissions
from lowback.rules import Decision, Rule, Vote
from lowback.vocab import target_name

CONTEXTS: list[dict[str, Any]] = [
    {"sitting": True},
    {"heavy_lifting": True},
    {},
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    {"timing": "before-workout", "conditions": ("hip-replacement",)},
    *({"sitting": True, "limits": (limit,)} for limit in ("cross-legs", "hip-opening", "kneeling")),
    {"sitting": True, "minutes": 3},
]


def _name(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items()) or "no-flags"


def _muscles(engine: Engine, key: str) -> set[str]:
    return {target_name(t) or t for t in engine.index.entries[key].exercise.targets}


def _stands_in(item: Any) -> bool:
    return any(r.effect == "substitute" for r in item.reasons)


@pytest.mark.parametrize("fields", CONTEXTS, ids=_name)
def test_no_two_items_work_a_muscle_the_same_way(builtins: Engine, fields: dict[str, Any]) -> None:
    context = Context(**fields)
    routine = builtins.recommend(context)
    for a, b in itertools.combinations(routine.items, 2):
        if a.kind != b.kind or a.position != b.position:
            continue
        if not _muscles(builtins, a.exercise) & _muscles(builtins, b.exercise):
            continue
        # Only the article done at this time may give both (its own list, whole).
        cats = {builtins.index.entries[i.exercise].catalogue for i in (a, b) if not _stands_in(i)}
        assert context.timing is not None, (a.exercise, b.exercise)
        assert all(context.timing in c.timing for c in cats), (a.exercise, b.exercise)


def test_sitting_keeps_one_half_kneeling_psoas_stretch_and_says_which(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True))
    given = {i.exercise: i for i in routine.items}
    # Three exercises stretch the psoas; two are done half-kneeling: one of those is left out.
    # Kept: the rocked one, aimed at the psoas alone, over the quad-and-psoas one.
    assert {"relief/psoas-stretch", "shimada/psoas-stretch"} <= set(given)
    assert "relief/deep-quad-psoas-stretch" not in given
    [(left, why)] = [(lo, w) for lo, w in omissions(routine) if "same way" in w]
    assert left.exercise == "relief/deep-quad-psoas-stretch"
    step = given["shimada/psoas-stretch"].step
    assert f"item {step}, Half-kneeling psoas stretch" in why and "psoas" in why
    for fmt in ("text", "markdown", "html"):
        out = render(routine, fmt)
        tail = out[out.rindex("Left out") :]
        assert "Deep quad and psoas stretch" in tail and f"item {step}" in tail, fmt


@pytest.mark.parametrize(
    ("timing", "catalogue"), [("after-legs", "shimada"), ("before-workout", "relief")]
)
def test_an_articles_own_list_for_its_timing_stays_whole(
    builtins: Engine, timing: str, catalogue: str
) -> None:
    routine = builtins.recommend(Context(sitting=True, timing=timing))
    own = {k for k, e in builtins.index.entries.items() if e.catalogue.id == catalogue}
    assert {i.exercise for i in routine.items} == own
    assert not [lo for lo in routine.left_out if any("same way" in r.text for r in lo.reasons)]


def test_an_item_repeating_one_the_budget_drops_is_given_back_to_the_budget(
    builtins: Engine,
) -> None:
    routine = builtins.recommend(Context(sitting=True, minutes=3))
    said = dict((lo.exercise, why) for lo, why in omissions(routine))
    assert "shimada/psoas-stretch" in said  # the budget left the kept one out
    # The one that repeated it is judged by the budget on its own, never left out as
    # repeating an item that is not there.
    assert all("itself left out" not in why for why in said.values())
    deep = "relief/deep-quad-psoas-stretch"
    assert deep in [i.exercise for i in routine.items] or "Left out to fit" in said[deep]


# -- which one is kept -----------------------------------------------------------------


def _kneeling_psoas(ident: str, **dose: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.replace("-", " ").capitalize(),
        "section": f"Handout, {ident}",
        "kind": "stretch",
        "position": "half-kneeling",
        "targets": ["iliopsoas"],  # an alias: the same muscle as "psoas"
        "movement": f"desk-{ident}",
        "cues": ["Ease into a comfortable stretch."],
        "dose": dose or {"sets": 1, "hold_s": 30, "ours": ["sets", "hold_s"]},
    }


class _Handout:
    name = "desk"

    def __init__(self, *exercises: dict[str, Any]) -> None:
        self.catalogue = {
            "id": "desk",
            "name": "Desk handout",
            "source": {"title": "A desk handout"},
            "exercises": list(exercises),
        }

    @hookimpl
    def register_catalogues(self, register: Any) -> None:
        register(self.catalogue)


class _Favour(Rule):
    """A third party's rule voting hard for its own exercise."""

    id = "favour"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        yield Vote(exercise="desk/lunge", weight=5, fact="test", text="Favoured by the handout.")


class _FavourPlugin:
    name = "favour"

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        register(_Favour())


def test_the_article_done_at_this_time_keeps_its_exercise_over_a_higher_score() -> None:
    engine = testing.engine(_Handout(_kneeling_psoas("lunge")), _FavourPlugin())
    routine = engine.recommend(testing.context(sitting=True, timing="after-legs"))
    given = {i.exercise: i for i in routine.items}
    assert "shimada/psoas-stretch" in given and "desk/lunge" not in given
    (left,) = [lo for lo in routine.left_out if lo.exercise == "desk/lunge"]
    (why,) = [r for r in left.reasons if r.rule == "lowback:same-way"]
    assert why.effect == "drop" and "psoas" in why.text
    assert f"item {given['shimada/psoas-stretch'].step}" in why.text


def test_an_articles_link_to_the_situation_comes_before_a_region_vote() -> None:
    # Untimed context: the article's exercises are linked to sitting; the handout's only
    # earns a region vote. Same score, the article's wins.
    routine = testing.engine(_Handout(_kneeling_psoas("lunge", sets=1, reps=10))).recommend(
        testing.context(sitting=True)
    )
    keys = {i.exercise for i in routine.items}
    assert "shimada/psoas-stretch" in keys and "desk/lunge" not in keys


def test_another_position_or_another_muscle_is_another_way() -> None:
    seated = {**_kneeling_psoas("seated-reach"), "position": "seated"}
    other = {**_kneeling_psoas("calf-kneel"), "targets": ["calves"]}
    engine = testing.engine(_Handout(seated, other), {"favour": _FavourAll(seated, other)})
    routine = engine.recommend(testing.context(sitting=True))
    keys = {i.exercise for i in routine.items}
    assert "desk/calf-kneel" in keys  # half-kneeling, but another muscle
    # Seated like the article's seated psoas stretch: the article's, linked to sitting, is kept.
    assert "relief/psoas-stretch" in keys and "desk/seated-reach" not in keys


class _FavourAll:
    def __init__(self, *exercises: dict[str, Any]) -> None:
        self.keys = [f"desk/{e['id']}" for e in exercises]

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        keys = self.keys

        class _Votes(Rule):
            id = "votes"

            def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
                for key in keys:
                    yield Vote(exercise=key, weight=1, fact="test", text="Voted for.")

        register(_Votes())


def test_the_choice_does_not_depend_on_plugin_order() -> None:
    handout, favour = _Handout(_kneeling_psoas("lunge")), _FavourPlugin()
    context = testing.context(sitting=True)
    one: Routine = testing.engine(handout, favour).recommend(context)
    two: Routine = testing.engine(favour, handout).recommend(context)
    assert one == two


class _Rotators:
    """A plugin naming a target lowback does not know, with an alias of it."""

    name = "rotators"

    @hookimpl
    def register_vocabulary(self, register: Any) -> None:
        from lowback import Term

        register(
            Term(
                vocabulary="target",
                name="deep-hip-rotators",
                description="the small muscles that turn the thigh outward",
                aliases=("hip-rotators",),
            )
        )


def test_a_plugins_target_alias_is_the_same_muscle() -> None:
    # One exercise names the plugin's target, the other its alias: the same muscle, so
    # the two (both held seated stretches) work it the same way and one is left out.
    named = {**_kneeling_psoas("rotator-sit"), "position": "seated"}
    named["targets"] = ["deep-hip-rotators"]
    aliased = {**named, "id": "rotator-lean", "movement": "desk-rotator-lean"}
    aliased["targets"] = ["hip-rotators"]
    engine = testing.engine(
        _Handout(named, aliased), _Rotators(), {"favour": _FavourAll(named, aliased)}
    )
    routine = engine.recommend(testing.context(sitting=True))
    keys = {i.exercise for i in routine.items}
    assert len(keys & {"desk/rotator-sit", "desk/rotator-lean"}) == 1
    (left,) = [
        lo for lo in routine.left_out if lo.exercise in {"desk/rotator-sit", "desk/rotator-lean"}
    ]
    assert any(r.rule == "lowback:same-way" for r in left.reasons)

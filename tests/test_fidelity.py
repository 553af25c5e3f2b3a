"""Faithful routines: every citation true to its item, each exercise once.

An item cites only the sources that describe the exercise it gives; two
sources are held in one item only when they describe the same exercise; which
source's cues and dose are used follows a rule tied to the context, never the
catalogue ids' order, and the item says which source that is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from lowback import Context, Engine, Routine
from lowback.hookspecs import RegisterCatalogue, RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.render import render
from lowback.rules import Decision, Rule, Vote

from conftest import builtin_modules

CONTEXTS: list[dict[str, Any]] = [
    {"sitting": True},
    {"heavy_lifting": True},
    {},
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    *({"sitting": True, "limits": (limit,)} for limit in ("cross-legs", "hip-opening", "kneeling")),
    {"sitting": True, "timing": "after-legs", "limits": ("kneeling",)},
    {"sitting": True, "minutes": 3},
    {"minutes": 3},
]
"""The routines the issue asks to read: each situation, each limit, a tight budget."""


def _name(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items()) or "no-flags"


@pytest.fixture(params=CONTEXTS, ids=_name)
def routine(request: pytest.FixtureRequest, builtins: Engine) -> Routine:
    return builtins.recommend(Context(**request.param))


def test_every_source_of_an_item_describes_the_exercise_it_gives(
    routine: Routine, builtins: Engine
) -> None:
    for item in routine.items:
        given = builtins.index.entries[item.exercise]
        assert item.sources[0].exercise == item.exercise, "the item's own source comes first"
        for source in item.sources:
            cited = builtins.index.entries[source.exercise]
            assert cited.movement == given.movement, (item.exercise, source.exercise)
            assert source.section == cited.exercise.section


def test_each_exercise_is_given_once(routine: Routine, builtins: Engine) -> None:
    cited = [s.exercise for i in routine.items for s in i.sources]
    assert len(cited) == len(set(cited))
    movements = [builtins.index.entries[i.exercise].movement for i in routine.items]
    assert len(movements) == len(set(movements))


def test_the_two_psoas_stretches_are_never_one_item(builtins: Engine) -> None:
    for fields in CONTEXTS:
        routine = builtins.recommend(Context(**fields))
        for item in routine.items:
            cited = {s.exercise for s in item.sources}
            assert not {"shimada/psoas-stretch", "relief/psoas-stretch"} <= cited, _name(fields)


def test_plain_sitting_keeps_the_rocked_psoas_stretch_rocked(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True))
    rocked = next(i for i in routine.items if i.exercise == "shimada/psoas-stretch")
    assert rocked.dose.reps is not None and rocked.dose.hold_s is None
    assert [s.section for s in rocked.sources] == ["4. Psoas Stretch"]
    seated = next(i for i in routine.items if i.exercise == "relief/psoas-stretch")
    assert [s.section for s in seated.sources] == ["3. Psoas Stretch"]


# -- a third party whose catalogue id sorts first -------------------------------------


def _short_roll(cid: str, *, timing: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": cid,
        "name": f"Quick rolls ({cid})",
        "timing": list(timing),
        "source": {"title": f"Quick rolls by {cid}"},
        "because": [{"situation": "sitting", "note": "Sitting tightens the quads."}],
        "exercises": [
            {
                "id": "quad-roll",
                "name": "Ten-second quad roll",
                "section": "Quads",
                "kind": "roll",
                "position": "lying-front",
                "equipment": ["foam-roller"],
                "targets": ["rectus-femoris"],
                "movement": "quad-roll",
                "cues": ["Roll the front of the thigh briefly."],
                "dose": {"duration_s": 10},
            }
        ],
    }


class _Third:
    def __init__(self, catalogue: dict[str, Any]) -> None:
        self.catalogue = catalogue

    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        register(self.catalogue)  # type: ignore[arg-type]


def _with(catalogue: dict[str, Any]) -> Engine:
    return Engine(plugins=[*builtin_modules(), _Third(catalogue)], strict=True)


@pytest.mark.parametrize("fields", [{}, {"sitting": True}], ids=_name)
def test_a_catalogue_sorting_first_does_not_take_over_the_articles_quad_roll(
    fields: dict[str, Any],
) -> None:
    routine = _with(_short_roll("aaaa")).recommend(Context(**fields))
    [roll] = [i for i in routine.items if any(s.catalogue == "aaaa" for s in i.sources)]
    assert roll.exercise != "aaaa/quad-roll"
    assert roll.dose.duration_s == 60
    assert roll.sources[0].catalogue != "aaaa"
    merged = next(r for r in roll.reasons if r.effect == "merge")
    assert f'from "{roll.sources[0].title}"' in merged.text
    text = render(routine, "text")
    assert "cues and dose" in text


class _Favour(Rule):
    """A third party's rule that votes strongly for its own quad roll."""

    id = "favour"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        yield Vote(exercise="aaaa/quad-roll", weight=5, fact="test", text="Favoured.")


class _FavourPlugin:
    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        register(_Favour())


def test_the_catalogue_done_at_this_time_gives_the_cues_and_dose() -> None:
    # An untimed third-party roll with far more votes: the article done after leg
    # day still gives the cues and dose after leg day, and the item says why.
    plugins = [*builtin_modules(), _Third(_short_roll("aaaa")), _FavourPlugin()]
    routine = Engine(plugins=plugins, strict=True).recommend(
        Context(sitting=True, timing="after-legs")
    )
    [roll] = [i for i in routine.items if any(s.catalogue == "aaaa" for s in i.sources)]
    assert roll.exercise == "shimada/quad-roll" and roll.dose.duration_s == 60
    merged = next(r for r in roll.reasons if r.effect == "merge")
    assert "at this time" in merged.text


def test_which_source_gives_the_dose_does_not_depend_on_registration_order() -> None:
    third = _Third(_short_roll("aaaa"))
    one = Engine(plugins=[*builtin_modules(), third], strict=True).recommend(Context())
    two = Engine(plugins=[third, *reversed(builtin_modules())], strict=True).recommend(Context())
    assert one == two

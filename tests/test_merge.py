"""Holding a movement once: which exercise is kept when its rungs are ruled out.

Only the kept exercise's rung is chosen. These tests pin down what that must not
change: an exercise with no rung left to give is left out (saying why) and the
next best of its movement is kept; one held with it must have a rung it could
be given, or it is left out instead of cited.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

import pytest
from lowback import Context, Engine, Routine
from lowback.hookspecs import RegisterCatalogue, RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.rules import Decision, Rule, Veto, Vote

from conftest import BUILTIN_PLUGINS


def _catalogue(cid: str) -> dict[str, Any]:
    return {
        "id": cid,
        "name": f"Catalogue {cid}",
        "source": {"title": f"Article {cid}"},
        "exercises": [
            {
                "id": "stretch",
                "name": f"Stretch of {cid}",
                "section": "1",
                "kind": "stretch",
                "position": "seated",
                "targets": ["hips"],
                "movement": "shared-stretch",
                "cues": ["Sit tall."],
                "dose": {"hold_s": 30, "ours": ["hold_s"]},
                "ladder": [
                    {"id": "easy", "name": "Easy"},
                    {"id": "hard", "name": "Hard"},
                ],
                "start": "easy",
            }
        ],
    }


class _Catalogues:
    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        for cid in ("a", "b", "c"):
            register(_catalogue(cid))  # type: ignore[arg-type]


class _Say(Rule):
    """Votes ``weights`` and vetoes the rungs in ``bans`` (exercise key -> rung ids)."""

    id = "say"

    def __init__(self, weights: dict[str, int], bans: dict[str, tuple[str, ...]]) -> None:
        self.weights, self.bans = weights, bans

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        for key, weight in self.weights.items():
            yield Vote(exercise=key, weight=weight, fact="test", text=f"weight {weight}")
        for key, rungs in self.bans.items():
            for rung in rungs:
                yield Veto(exercise=key, fact="test", text=f"no {rung}", rung=rung)


class _Rules:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        register(self.rule)


def _routine(weights: dict[str, int], bans: dict[str, tuple[str, ...]]) -> Routine:
    plugins = {"cats": _Catalogues(), "say": _Rules(_Say(weights, bans))}
    return Engine(plugins=plugins, strict=True).recommend(Context())


WEIGHTS = {"a/stretch": 3, "b/stretch": 2, "c/stretch": 1}


def test_the_best_scored_exercise_is_kept_and_the_others_cited() -> None:
    routine = _routine(WEIGHTS, {})
    [item] = routine.items
    assert item.exercise == "a/stretch" and item.score == 3
    assert [s.exercise for s in item.sources] == ["a/stretch", "b/stretch", "c/stretch"]
    assert routine.left_out == ()


def test_a_best_exercise_with_no_rung_at_or_below_its_start_gives_way_to_the_next() -> None:
    # a starts on "easy", which is ruled out; "hard" is not, but lowback never
    # steps up to get round a limit: a is left out and b is kept.
    routine = _routine(WEIGHTS, {"a/stretch": ("easy",)})
    [item] = routine.items
    assert item.exercise == "b/stretch" and item.score == 2
    assert item.variation.id == "easy"
    assert [s.exercise for s in item.sources] == ["b/stretch", "c/stretch"]
    [gone] = routine.left_out
    assert gone.exercise == "a/stretch"
    assert [r.text for r in gone.reasons][-2:] == [
        "no easy",
        "Every rung at or below the one aimed for is ruled out.",
    ]


@pytest.mark.parametrize("rungs", [("easy",), ("easy", "hard")])
def test_an_exercise_held_with_the_kept_one_needs_a_rung_of_its_own(
    rungs: tuple[str, ...],
) -> None:
    # c could not be given (its start, or every rung, ruled out): it is left out
    # with its reasons, not cited as a source of a's item.
    routine = _routine(WEIGHTS, {"c/stretch": rungs})
    [item] = routine.items
    assert item.exercise == "a/stretch"
    assert [s.exercise for s in item.sources] == ["a/stretch", "b/stretch"]
    assert [lo.exercise for lo in routine.left_out] == ["c/stretch"]
    assert routine.left_out[0].reasons[-1].effect == "veto"


def test_a_cited_exercise_with_a_rung_ruled_out_above_its_start_is_still_cited() -> None:
    routine = _routine(WEIGHTS, {"b/stretch": ("hard",)})
    [item] = routine.items
    assert [s.exercise for s in item.sources] == ["a/stretch", "b/stretch", "c/stretch"]
    assert routine.left_out == ()


# -- a third party's same exercise never takes over an article's own context ----------


def _quad_roll_of(cid: str) -> dict[str, Any]:
    return {
        "id": cid,
        "name": f"Catalogue {cid}",
        "source": {"title": f"Article {cid}", "url": f"https://example.org/{cid}"},
        "exercises": [
            {
                "id": "quad-roll",
                "name": "Quad roll",
                "section": "1",
                "kind": "roll",
                "position": "lying-front",
                "equipment": ["foam-roller"],
                "targets": ["quadriceps"],
                "movement": "quad-roll",  # the articles' quad foam roll
                "cues": ["Roll the front of the thigh slowly."],
                "dose": {"duration_s": 10},
            }
        ],
    }


class _Fedb:
    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        register(_quad_roll_of("fedb"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("timing", "article"), [("after-legs", "shimada"), ("before-workout", "relief")]
)
def test_a_better_voted_same_exercise_is_cited_below_the_articles_own_pick(
    timing: str, article: str
) -> None:
    # Even with the highest votes, and an id that sorts first, the other catalogue's
    # quad roll gives neither cues nor dose in the article's own context.
    plugins: dict[str, object] = {
        name: import_module(module) for name, module in BUILTIN_PLUGINS.items()
    }
    plugins |= {"fedb": _Fedb(), "say": _Rules(_Say({"fedb/quad-roll": 5}, {}))}
    context = Context(sitting=True, timing=timing)
    routine = Engine(plugins=plugins, strict=True).recommend(context)
    (item,) = [i for i in routine.items if i.exercise.endswith("/quad-roll")]
    assert item.exercise == f"{article}/quad-roll"
    assert item.dose.duration_s == 60 and item.sources[0].catalogue == article
    assert "fedb" in [s.catalogue for s in item.sources[1:]]
    (merge,) = [r for r in item.reasons if r.effect == "merge"]
    assert "its article does its routine at this time" in merge.text

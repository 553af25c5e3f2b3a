"""Plugins for the in-process figures: the built-ins, and synthetic ones for the large set.

A synthetic catalogue has 20 exercises with 3-rung ladders, varied the way the
built-in ones are: every kind and position, rolls that need a foam roller,
exercises and rungs that need an ability, article timings, links to a
situation at both levels, and movements shared across catalogues (so that
merging and standing in have work to do). The large set is the built-in rules
over many such catalogues, plus three synthetic rules that ease, dose and
down-vote exercises by movement, so that their decisions grow with the data too.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from lowback import ChooseRung, Context, Dose, Rule, SetDose, Vote, hookimpl
from lowback.models import Catalogue
from lowback.vocab import KINDS, POSITIONS

CATALOGUE_PLUGINS = ("shimada", "relief")
RULE_PLUGINS = (
    *("general", "sitting", "lifting", "timing", "limits"),
    *("equipment", "budget", "progression"),
)
EXERCISES = 20
MOVEMENTS = 30
TIMINGS: tuple[tuple[str, ...], ...] = (("after-legs",), ("before-workout",), ())
DOSES: tuple[dict[str, Any], ...] = (
    {"sets": 1, "reps": 10, "per_side": True, "ours": ["sets", "reps"]},
    {"sets": 2, "sets_max": 3, "hold_s": 20, "hold_s_max": 30},
    {"sets": 1, "duration_s": 45, "ours": ["sets", "duration_s"]},
)


def builtin_plugins(names: Iterable[str] = CATALOGUE_PLUGINS + RULE_PLUGINS) -> dict[str, Any]:
    """The built-in plugin modules ``names``, keyed by their entry-point names."""
    return {
        name: import_module(
            f"lowback.catalogues.{name}" if name in CATALOGUE_PLUGINS else f"lowback.plugins.{name}"
        )
        for name in names
    }


def _link(situation: str, whose: str) -> dict[str, str]:
    return {"situation": situation, "note": f"The article links {whose} to {situation}."}


def _exercise(i: int, j: int) -> dict[str, Any]:
    kind = KINDS[(i + j) % len(KINDS)]
    ladder: list[dict[str, Any]] = [
        {"id": "easy", "name": "Easy"},
        {"id": "medium", "name": "Medium", "requires": ["hip-opening"] if j % 4 == 1 else []},
        {"id": "hard", "name": "Hard", "requires": ["cross-legs"] if j % 5 == 2 else []},
    ]
    if j % 6 == 3:
        ladder[2]["dose"] = {"sets": 2, "reps": 8, "ours": ["sets", "reps"]}
    return {
        "id": f"exercise-{j:02d}",
        "name": f"Exercise {i}.{j}",
        "section": f"Section {j + 1}",
        "kind": kind,
        "position": POSITIONS[(3 * i + j) % len(POSITIONS)],
        "equipment": ["foam-roller"] if kind == "roll" else [],
        "requires": ["cross-legs"] if j % 7 == 3 else [],
        "targets": [f"target-{j % 9}"],
        "movement": f"movement-{(7 * i + j) % MOVEMENTS:02d}",
        "dose": DOSES[j % len(DOSES)],
        "cues": [f"First cue of {i}.{j}.", f"Second cue of {i}.{j}."],
        "ladder": ladder,
        "start": "medium" if j % 3 == 0 else None,
        "because": [
            *([_link("sitting", f"exercise {i}.{j}")] if j % 4 == 0 else []),
            *([_link("heavy-lifting", f"exercise {i}.{j}")] if j % 6 == 1 else []),
        ],
    }


def catalogue_data(i: int) -> dict[str, Any]:
    """Synthetic catalogue number ``i``, as the data a TOML file would parse to."""
    because = [_link("sitting", f"catalogue {i}")] if i % 2 == 0 else []
    if i % 5 == 0:
        because.append(_link("heavy-lifting", f"catalogue {i}"))
    return {
        "id": f"synthetic-{i:03d}",
        "name": f"Synthetic catalogue {i}",
        "source": {"title": f"Synthetic article {i}"},
        "timing": list(TIMINGS[i % len(TIMINGS)]),
        "frequency": {"text": "Three times a week."},
        "because": because,
        "advice": [f"Advice of article {i}."],
        "exercises": [_exercise(i, j) for j in range(EXERCISES)],
    }


class CataloguePlugin:
    """Gives synthetic catalogue number ``i``: made at once, validated when the engine loads."""

    def __init__(self, i: int) -> None:
        self.data = catalogue_data(i)

    @hookimpl
    def register_catalogues(self, register: Any) -> None:
        register(Catalogue.model_validate(self.data))


class EaseIn(Rule):
    """Heavy lifting: the easiest rung of a few movements."""

    id = "ease-in"

    def decide(self, context: Context, index: Any) -> Iterable[Any]:
        if not context.heavy_lifting:
            return
        for entry in index.all():
            if entry.exercise.movement < "movement-04":
                rung = entry.exercise.ladder[0].id
                yield ChooseRung(exercise=entry.key, rung=rung, fact="lifting", text="Start easy.")


class ShortHolds(Rule):
    """Sitting: a short dose for a few movements."""

    id = "short-holds"
    dose = Dose(sets=1, hold_s=15, ours=("sets", "hold_s"))

    def decide(self, context: Context, index: Any) -> Iterable[Any]:
        if not context.sitting:
            return
        for entry in index.all():
            if "movement-04" <= entry.exercise.movement < "movement-08":
                yield SetDose(exercise=entry.key, dose=self.dose, fact="sitting", text="Short.")


class SaveForLater(Rule):
    """Before a workout: a vote against what the articles link to heavy lifting."""

    id = "save-for-later"

    def decide(self, context: Context, index: Any) -> Iterable[Any]:
        if context.timing == "before-workout":
            for linked in index.linked_to("heavy-lifting"):
                yield Vote(exercise=linked.entry.key, weight=-1, fact="before", text="Later.")


class RulePlugin:
    """Gives the three synthetic rules."""

    @hookimpl
    def register_rules(self, register: Any) -> None:
        for rule in (EaseIn(), ShortHolds(), SaveForLater()):
            register(rule)


def large_set(catalogues: int) -> dict[str, Any]:
    """The built-in rule plugins, ``catalogues`` synthetic catalogues and the synthetic rules."""
    plugins = builtin_plugins(RULE_PLUGINS)
    plugins.update({f"synthetic-{i:03d}": CataloguePlugin(i) for i in range(catalogues)})
    plugins["synthetic-rules"] = RulePlugin()
    return plugins


CONTEXTS: tuple[dict[str, Any], ...] = (
    {"sitting": True, "timing": "after-legs"},
    {"heavy_lifting": True, "timing": "before-workout", "equipment": ()},
    {},
    {"sitting": True, "limits": ("kneeling", "hip-opening"), "minutes": 10},
)
"""The contexts the large set is measured on, as ``lowback.Context`` keyword arguments."""

"""The built-in choices in plain Python, without the engine: the floor of the work itself.

:func:`routine` gives the exercises, rungs and order that ``Engine.recommend``
gives with the built-in plugins, for the contexts those rules understand: no
plugin manager, no decisions, no reasons, no routine model, only sets and
dicts over exercises flattened once by :func:`load`. The warm figure's ratio
(engine / reference) is the price of the engine's machinery over the choices.

What it mirrors of the built-ins (keep it in step; tests/test_benchmarks.py checks):
pain of 7 or more gives nothing and 4 to 6 the easiest rungs; a situation
votes 2 for an exercise linked to it and 1 for one whose catalogue is; no
situation or timing votes 1 for all; a timing votes 1 for its catalogues and
sets the other timed ones aside; a limit or a missing item of equipment vetoes
an exercise or rung needing it; a wanted exercise with no rung left is replaced
by the usable one of its movement or of exactly its muscles closest tied to the
context, then best-scored (unless a pick tied as closely already does the same);
of exercises sharing a muscle, a kind and a position, one (closest tie, best score,
fewest muscles, the catalogue with the most picks, then key) unless both are the
timed article's; the rung is the start one, stepping down past vetoed rungs; one
item per movement (its article's timing, best score, the catalogue with the most
picks, the fewest default numbers, then key); ordered by kind, then the positions
with the fewest changes, then the shortest way; a time budget drops the least
relevant first, and what repeated only an item it dropped is given back, the routine
arranged and fitted again.
"""

from __future__ import annotations

import itertools
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from lowback.vocab import EQUIPMENT, KIND_ORDER, KNEE_LOADING, POSITION_RANK, target_name

CONTEXTS: tuple[dict[str, Any], ...] = (
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    {"heavy_lifting": True, "timing": "after-legs"},
    {"heavy_lifting": True, "timing": "before-workout", "equipment": ()},
    {},
    {"timing": "after-legs", "limits": ("cross-legs",)},
    {"timing": "after-legs", "limits": ("hip-opening",)},
    {"timing": "after-legs", "limits": ("kneeling",)},
    {"limits": ("kneeling",)},
    {"sitting": True, "equipment": (), "minutes": 8},
    {"equipment": (), "minutes": 5},
    {
        "sitting": True,
        "heavy_lifting": True,
        "timing": "after-legs",
        "limits": ("cross-legs", "hip-opening", "kneeling"),
        "minutes": 5,
    },
    {"sitting": True, "heavy_lifting": True},
    {"timing": "before-workout", "limits": ("kneeling",), "equipment": (), "minutes": 3},
    {"sitting": True, "timing": "after-legs", "limits": ("cross-legs",), "pain": 5},
    {"heavy_lifting": True, "timing": "before-workout", "pain": 8},
)
"""The warm figure's contexts, as ``lowback.Context`` keyword arguments: between them they
take every path of :func:`routine` (stand-ins, stepping down, walking back, putting back)."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise, flattened to what the choices need."""

    key: str
    movement: str
    targets: frozenset[str]
    muscles: frozenset[str]
    kind: str
    position: str
    catalogue: str
    ours: int
    order: tuple[int, int]
    links: dict[str, int]
    timing: tuple[str, ...]
    needs: frozenset[str]
    rungs: tuple[str, ...]
    rung_needs: tuple[frozenset[str], ...]
    seconds: tuple[int, ...]
    start: int


@dataclass(slots=True)
class Item:
    """An exercise on its way into the routine."""

    exercise: Exercise
    score: int
    rung: int = 0
    stands_for: Exercise | None = None


def seconds(dose: dict[str, Any]) -> int:
    """The engine's time model: setting up, every bout, and the rests between sets."""
    sets: int = dose.get("sets", 1)
    bout: int = dose["reps"] * 4 if "reps" in dose else dose.get("hold_s") or dose["duration_s"]
    bouts = sets * (2 if dose.get("per_side") else 1) * max(1, len(dose.get("segments", ())))
    return 15 + bouts * bout + 10 * (sets - 1)


def flatten(data: dict[str, Any]) -> list[Exercise]:
    """The exercises of one catalogue, as parsed from its TOML file."""
    out = []
    for ex in data["exercises"]:
        ladder = ex.get("ladder") or [{"id": "standard"}]
        rungs = tuple(rung["id"] for rung in ladder)
        links = {link["situation"]: 1 for link in data.get("because", ())}
        links |= {link["situation"]: 2 for link in ex.get("because", ())}
        knee = {"kneeling"} if ex["position"] in KNEE_LOADING else set()
        out.append(
            Exercise(
                key=f"{data['id']}/{ex['id']}",
                movement=ex["movement"],
                targets=frozenset(ex["targets"]),
                muscles=frozenset(target_name(t) or t for t in ex["targets"]),
                kind=ex["kind"],
                position=ex["position"],
                catalogue=data["id"],
                ours=len(ex["dose"].get("ours", ())),
                order=(KIND_ORDER[ex["kind"]], POSITION_RANK[ex["position"]]),
                links=links,
                timing=tuple(data.get("timing", ())),
                needs=frozenset({*ex.get("requires", ()), *ex.get("equipment", ()), *knee}),
                rungs=rungs,
                rung_needs=tuple(
                    frozenset({*rung.get("requires", ()), *rung.get("equipment", ())})
                    for rung in ladder
                ),
                seconds=tuple(seconds(rung.get("dose") or ex["dose"]) for rung in ladder),
                start=rungs.index(ex["start"]) if "start" in ex else len(rungs) - 1,
            )
        )
    return out


def load() -> dict[str, Exercise]:
    """Every exercise of the built-in catalogue files, by key, in key order."""
    files = [f for f in resources.files("lowback.catalogues").iterdir() if f.name.endswith(".toml")]
    exercises = [ex for f in files for ex in flatten(tomllib.loads(f.read_text("utf-8")))]
    return {ex.key: ex for ex in sorted(exercises, key=lambda ex: ex.key)}


def routine(context: Any, exercises: dict[str, Exercise]) -> list[tuple[str, str]]:
    """The routine's ``(exercise key, rung id)`` pairs, in order, for a ``lowback.Context``."""
    if context.pain is not None and context.pain >= 7:
        return []
    missing = {*context.limits, *(set(EQUIPMENT) - set(context.equipment))}
    easiest = context.pain is not None and context.pain >= 4
    votes = {key: _votes(context, ex) for key, ex in exercises.items()}
    picks, deferred = _one_way(_select(context, exercises, votes, missing), context)
    items = _arrange(_merge(picks, missing, easiest, context.timing))
    if context.minutes is not None:
        budget = context.minutes * 60
        fitted = _fit(items, budget)
        gone = {i.exercise.key for i in items} - {i.exercise.key for i in fitted}
        back = _given_back(deferred, gone, fitted, context)
        if back:
            more = _merge(back, missing, easiest, context.timing)
            fitted = _fit(_arrange([*fitted, *more]), budget)
        items = fitted
    return [(item.exercise.key, item.exercise.rungs[item.rung]) for item in items]


def _votes(context: Any, ex: Exercise) -> tuple[int, bool]:
    """The sum of the exercise's votes, and whether its article does it at another time."""
    score = 0 if context.sitting or context.heavy_lifting or context.timing else 1
    score += ex.links.get("sitting", 0) if context.sitting else 0
    score += ex.links.get("heavy-lifting", 0) if context.heavy_lifting else 0
    if context.timing and ex.timing:
        if context.timing not in ex.timing:
            return score, True
        score += 1
    return score, False


def _rank(context: Any, ex: Exercise, score: int) -> int:
    """How closely the exercise is tied to the context (lowback.pipeline.linked)."""
    if context.timing is not None and context.timing in ex.timing:
        return 0
    if any(ex.links.get(s) for s in context.situations):
        return 1
    return 2 if score > 0 else 3 if ex.links or ex.timing else 4


def _usable(ex: Exercise, missing: set[str]) -> bool:
    if ex.needs & missing:
        return False
    return any(not needs & missing for needs in ex.rung_needs)


def _select(
    context: Any,
    exercises: dict[str, Exercise],
    votes: dict[str, tuple[int, bool]],
    missing: set[str],
) -> list[Item]:
    """The wanted exercises that are usable, and a stand-in for each one that is not."""
    wanted = [key for key, (score, aside) in votes.items() if score > 0 and not aside]
    picks = {k: Item(exercises[k], votes[k][0]) for k in wanted if _usable(exercises[k], missing)}
    for key in sorted(wanted):
        wanted_ex = exercises[key]
        if key in picks:
            continue
        stand_ins = [
            ex
            for ex in exercises.values()
            if ex.key != key and _same(wanted_ex, ex) and ex.key not in picks
            if _usable(ex, missing)
            and not any(_alike(ex, item.exercise) for item in picks.values())
        ]
        drawn = Counter(item.exercise.catalogue for item in picks.values())
        chosen = min(
            stand_ins,
            key=lambda ex: (
                _rank(context, ex, votes[ex.key][0]),
                -votes[ex.key][0],
                ex.movement != wanted_ex.movement,
                -drawn[ex.catalogue],
                ex.key,
            ),
            default=None,
        )
        best = 5 if chosen is None else _rank(context, chosen, votes[chosen.key][0])
        if any(
            item.exercise.movement == wanted_ex.movement
            or (
                item.exercise.targets == wanted_ex.targets
                and _rank(context, item.exercise, item.score) <= best
            )
            for item in picks.values()
        ):
            continue
        if chosen is not None:
            score = max(votes[key][0], votes[chosen.key][0])
            picks[chosen.key] = Item(chosen, score, stands_for=wanted_ex)
    return list(picks.values())


def _one_way(picks: list[Item], context: Any) -> tuple[list[Item], list[tuple[Item, str]]]:
    """No two sharing a muscle, a kind and a position, unless both are the timed article's;
    with each item left out, the key of the item it repeats."""
    drawn = Counter(item.exercise.catalogue for item in picks)
    kept: list[Item] = []
    deferred: list[tuple[Item, str]] = []
    for item in sorted(picks, key=lambda item: _preference(item, context, drawn)):
        like = _repeats(item, kept, context)
        if like is None:
            kept.append(item)
        else:
            deferred.append((item, like.exercise.key))
    return kept, deferred


def _preference(item: Item, context: Any, drawn: Counter[str]) -> tuple[int, int, int, int, str]:
    ex = item.exercise
    rank = _rank(context, ex, item.score)
    return (rank, -item.score, len(ex.muscles), -drawn[ex.catalogue], ex.key)


def _repeats(item: Item, kept: list[Item], context: Any) -> Item | None:
    """The first of ``kept`` that works a muscle of ``item`` the same way, if any."""

    def asked(a: Item, b: Item) -> bool:
        one, two = a.stands_for or a.exercise, b.stands_for or b.exercise
        return one.catalogue == two.catalogue and context.timing in one.timing

    ex = item.exercise
    return next(
        (
            k
            for k in kept
            if ex.kind == k.exercise.kind
            and ex.position == k.exercise.position
            and ex.movement != k.exercise.movement
            and ex.muscles & k.exercise.muscles
            and not asked(item, k)
        ),
        None,
    )


def _given_back(
    deferred: list[tuple[Item, str]], gone: set[str], kept: list[Item], context: Any
) -> list[Item]:
    """What repeated only an item the budget dropped, and repeats nothing still given."""
    drawn = Counter(item.exercise.catalogue for item in kept)
    waiting = [item for item, like in deferred if like in gone]
    back: list[Item] = []
    for item in sorted(waiting, key=lambda item: _preference(item, context, drawn)):
        if _repeats(item, [*kept, *back], context) is None:
            back.append(item)
    return back


def _alike(a: Exercise, b: Exercise) -> bool:
    """``a`` works a muscle of ``b`` the same way (another movement, same kind, position)."""
    return (
        a.kind == b.kind
        and a.position == b.position
        and a.movement != b.movement
        and bool(a.muscles & b.muscles)
    )


def _same(a: Exercise, b: Exercise) -> bool:
    """``b`` can stand in for ``a``: the same movement, or exactly the same muscles."""
    return a.movement == b.movement or a.targets == b.targets


def _merge(picks: list[Item], missing: set[str], easiest: bool, timing: str | None) -> list[Item]:
    """One item per movement: the preferred pick with a rung to give, at the best score."""
    drawn = Counter(item.exercise.catalogue for item in picks)
    best = {}
    for item in picks:
        best[item.exercise.movement] = max(best.get(item.exercise.movement, 0), item.score)

    def preference(item: Item) -> tuple[int, int, int, int, str]:
        ex = item.exercise
        at_time = 0 if timing is not None and timing in ex.timing else 1
        return (at_time, -item.score, -drawn[ex.catalogue], ex.ours, ex.key)

    kept: dict[str, Item] = {}
    for item in sorted(picks, key=preference):
        ex = item.exercise
        if ex.movement in kept:
            continue
        item.score = best[ex.movement]
        rung = 0 if easiest else ex.start
        while rung >= 0 and ex.rung_needs[rung] & missing:
            rung -= 1
        if rung >= 0:
            item.rung = rung
            kept[ex.movement] = item
    return list(kept.values())


def _walks(ranks: list[int]) -> list[tuple[int, ...]]:
    """From any first to any last position, the others between in path order, up or down."""
    if len(ranks) == 1:
        return [tuple(ranks)]
    out = []
    for first, last in itertools.permutations(ranks, 2):
        middle = [r for r in ranks if r not in (first, last)]
        out.append((first, *middle, last))
        if len(middle) > 1:
            out.append((first, *reversed(middle), last))
    return out


def _arrange(items: list[Item]) -> list[Item]:
    """By kind; the positions in the order with the fewest changes over the whole routine,
    then the shortest way along the path, then the earliest (every choice tried)."""
    kinds = sorted({item.exercise.order[0] for item in items})
    groups = [
        sorted((i for i in items if i.exercise.order[0] == k), key=lambda i: i.exercise.key)
        for k in kinds
    ]
    options = [_walks(sorted({i.exercise.order[1] for i in group})) for group in groups]

    def cost(walks: tuple[tuple[int, ...], ...]) -> tuple[int, int, list[tuple[int, ...]]]:
        path = [r for walk in walks for r in walk]
        pairs = list(itertools.pairwise(path))
        return sum(a != b for a, b in pairs), sum(abs(a - b) for a, b in pairs), list(walks)

    best = min(itertools.product(*options), key=cost) if groups else ()
    return [
        item
        for group, walk in zip(groups, best, strict=True)
        for rank in walk
        for item in group
        if item.exercise.order[1] == rank
    ]


def _fit(items: list[Item], budget: int) -> list[Item]:
    """Drop the least relevant (lowest score, then last key) until the routine fits, then
    put back the most relevant of those dropped that still fit."""
    over = sum(item.exercise.seconds[item.rung] for item in items) - budget
    if over <= 0:
        return items
    by_key = sorted(items, key=lambda item: item.exercise.key, reverse=True)
    dropped: list[Item] = []
    for item in sorted(by_key, key=lambda item: item.score):
        if over <= 0:
            break
        dropped.append(item)
        over -= item.exercise.seconds[item.rung]
    for item in reversed(list(dropped)):
        if item.exercise.seconds[item.rung] <= -over:
            dropped.remove(item)
            over += item.exercise.seconds[item.rung]
    return [item for item in items if all(item is not d for d in dropped)]

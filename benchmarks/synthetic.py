"""Synthetic catalogue plugins and rules, to see how the engine grows with its data.

``synthetic_plugins(n)`` gives ``n`` catalogue plugins (one catalogue each, 20
exercises, each with a 3-rung ladder) and one rule plugin with 20 rules. The
data is varied the way real catalogues are: every kind and position, rolling
items that need a foam roller, rungs that need an ability, article timings and
situation links at both levels, each with its own note (as an article words
each link), and movements shared across catalogues (so that merging and
standing in have work to do). Catalogues are handed to the
engine as plain mappings, validated by the same models as a TOML file.

The rules ask the index what they need (as the built-ins do): votes for
linked and timed exercises, set-asides, vetoes by limit and by equipment,
rung choices and dose changes for a few movements, a negative vote, a note,
and a time budget that reviews the draft.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from lowback import Context, Engine
from lowback.collector import paused
from lowback.hookspecs import RegisterCatalogue, RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Dose
from lowback.rules import (
    ChooseRung,
    Decision,
    DraftItem,
    Drop,
    Note,
    Rule,
    SetAside,
    SetDose,
    Veto,
    Vote,
)
from lowback.vocab import POSITIONS

from .floor import Held, contract_floor

EXERCISES_PER_CATALOGUE = 20
RUNGS = ("easy", "medium", "hard")
MOVEMENTS = 60
"""Movements shared by every catalogue: at 1,000 catalogues each is given ~330 times."""

_KINDS = ("roll", "stretch", "mobility", "breathing")
_TIMINGS: tuple[tuple[str, ...], ...] = (("after-legs",), ("before-workout",), ())
_DOSES: tuple[dict[str, Any], ...] = (
    {"sets": 1, "reps": 10, "per_side": True, "ours": ["sets", "reps"]},
    {"sets": 2, "sets_max": 3, "hold_s": 20, "hold_s_max": 30},
    {"sets": 1, "duration_s": 45, "per_side": True, "ours": ["sets", "duration_s"]},
)


def synthetic_catalogue(i: int) -> dict[str, Any]:
    """Catalogue number ``i`` as plain data (what a TOML file would parse to)."""
    because = []
    if i % 2 == 0:
        because.append({"situation": "sitting", "note": f"Catalogue {i} is about sitting."})
    if i % 5 == 0:
        because.append({"situation": "heavy-lifting", "note": f"Catalogue {i} is about lifting."})
    exercises = []
    for j in range(EXERCISES_PER_CATALOGUE):
        kind = _KINDS[(i + j) % len(_KINDS)]
        ladder: list[dict[str, Any]] = [
            {"id": RUNGS[0], "name": "Easy", "cues": ["Go gently."]},
            {"id": RUNGS[1], "name": "Medium", "cues": ["A little further."]},
            {"id": RUNGS[2], "name": "Hard", "cues": ["As far as is comfortable."]},
        ]
        if j % 4 == 1:
            ladder[1]["requires"] = ["hip-opening"]
            ladder[2]["requires"] = ["hip-opening"]
        if j % 5 == 2:
            ladder[2]["requires"] = ["cross-legs"]
        if j % 6 == 3:
            ladder[2]["dose"] = {"sets": 2, "reps": 8, "ours": ["sets", "reps"]}
        exercise: dict[str, Any] = {
            "id": f"exercise-{j:02d}",
            "name": f"Synthetic exercise {i}.{j}",
            "section": f"Section {j + 1}",
            "kind": kind,
            "position": POSITIONS[(3 * i + j) % len(POSITIONS)],
            "equipment": ["foam-roller"] if kind == "roll" else [],
            "requires": ["cross-legs"] if j % 7 == 3 else [],
            "targets": [f"target-{j % 9}"],
            "movement": f"movement-{(11 * i + j) % MOVEMENTS:02d}",
            "dose": _DOSES[j % len(_DOSES)],
            "cues": [f"Cue one of {i}.{j}.", f"Cue two of {i}.{j}."],
            "ladder": ladder,
            "because": [],
        }
        if j % 3 == 0:
            exercise["start"] = RUNGS[1]
            exercise["start_is_ours"] = True
        # Every note is the article's own words: distinct, as in real catalogues.
        if j % 4 == 0:
            note = f"Sitting tightens what exercise {i}.{j} works."
            exercise["because"].append({"situation": "sitting", "note": note})
        if j % 6 == 1:
            note = f"Lifting tightens what exercise {i}.{j} works."
            exercise["because"].append({"situation": "heavy-lifting", "note": note})
        exercises.append(exercise)
    return {
        "id": f"synthetic-{i:04d}",
        "name": f"Synthetic catalogue {i}",
        "source": {"title": f"Synthetic article {i}", "author": "Benchmark"},
        "timing": list(_TIMINGS[i % len(_TIMINGS)]),
        "frequency": {"text": "Three times a week.", "start_per_week": 3},
        "because": because,
        "advice": [f"Advice of article {i}."],
        "exercises": exercises,
    }


class CataloguePlugin:
    """A catalogue plugin object that registers one catalogue's data.

    It keeps the data as JSON text and parses it when the hook runs, as a plugin
    whose catalogue is a file does: once the engine has validated it, the parsed
    mapping is garbage, and only the engine's catalogue stays in memory. (Kept as
    a live mapping, the benchmark's own data would be some 300,000 lists and dicts
    at 1,000 catalogues, which the garbage collector would walk with the engine's.)
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.text = json.dumps(data)

    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        """Give the one catalogue."""
        register(json.loads(self.text))  # a mapping, validated by the engine


class _Linked(Rule):
    def __init__(self, situation: str, attr: str) -> None:
        self.id, self.situation, self.attr = f"linked-{situation}", situation, attr

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if getattr(context, self.attr):
            for linked in index.linked_to(self.situation):
                weight = 2 if linked.specific else 1
                yield Vote(linked.entry.key, weight, self.attr, linked.link.note)


class _General(Rule):
    id = "general"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if not (context.sitting or context.heavy_lifting or context.timing):
            for entry in index.all():
                yield Vote(entry.key, 1, "no situation", "general routine")


class _Timing(Rule):
    def __init__(self, timing: str) -> None:
        self.id, self.timing = f"timing-{timing}", timing

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.timing == self.timing:
            for entry in index.timed(self.timing):
                yield Vote(entry.key, 1, f"timing={self.timing}", "done at this time")
            for entry in index.timed_otherwise(self.timing):
                yield SetAside(entry.key, f"timing={self.timing}", "done at another time")


class _Limit(Rule):
    def __init__(self, limit: str) -> None:
        self.id = self.limit = limit

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if self.limit in context.limits:
            for need in index.needing(self.limit):
                rung = need.rung.id if need.rung else None
                yield Veto(need.entry.key, f"limit={self.limit}", "needs it", rung=rung)


class _Equipment(Rule):
    id = "equipment"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        for item in index.equipment():
            if item not in context.equipment:
                for need in index.using(item):
                    rung = need.rung.id if need.rung else None
                    yield Veto(need.entry.key, f"no {item}", "needs it", rung=rung)


class _Ease(Rule):
    def __init__(self, movement: str) -> None:
        self.id, self.movement = f"ease-{movement}", movement

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.heavy_lifting:
            for entry in index.same_movement(self.movement):
                yield ChooseRung(entry.key, RUNGS[0], "heavy_lifting", "start easy")


class _Dose(Rule):
    def __init__(self, movement: str) -> None:
        self.id, self.movement = f"dose-{movement}", movement
        self.dose = Dose(sets=1, hold_s=15, ours=("sets", "hold_s"))

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.sitting:
            for entry in index.same_movement(self.movement):
                yield SetDose(entry.key, self.dose, "sitting", "shorter hold")


class _LessBeforeWorkout(Rule):
    id = "less-before-workout"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.timing == "before-workout":
            for linked in index.linked_to("heavy-lifting"):
                yield Vote(linked.entry.key, -1, "timing=before-workout", "save it for later")


class _BudgetNote(Rule):
    id = "budget-note"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.minutes is not None:
            yield Note(f"minutes={context.minutes}", "Items may be dropped to fit.")


class _Budget(Rule):
    id = "budget"

    def review(self, context: Context, draft: Sequence[DraftItem]) -> Iterable[Decision]:
        if context.minutes is None:
            return
        total = sum(item.seconds for item in draft)
        for item in sorted(sorted(draft, key=lambda d: d.exercise, reverse=True), key=_score):
            if total <= context.minutes * 60:
                break
            yield Drop(item.exercise, f"minutes={context.minutes}", "to fit the time")
            total -= item.seconds


def _score(item: DraftItem) -> int:
    return item.score


def synthetic_rules() -> list[Rule]:
    """The 20 synthetic rules."""
    rules: list[Rule] = [
        _Linked("sitting", "sitting"),
        _Linked("heavy-lifting", "heavy_lifting"),
        _General(),
        _Timing("after-legs"),
        _Timing("before-workout"),
        _Limit("cross-legs"),
        _Limit("hip-opening"),
        _Limit("kneeling"),
        _Equipment(),
        *(_Ease(f"movement-{m:02d}") for m in range(0, 4)),
        *(_Dose(f"movement-{m:02d}") for m in range(4, 8)),
        _LessBeforeWorkout(),
        _BudgetNote(),
        _Budget(),
    ]
    assert len(rules) == 20
    return rules


class RulePlugin:
    """The rule plugin object that registers the 20 synthetic rules."""

    name = "synthetic-rules"

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        """Give every synthetic rule."""
        for rule in synthetic_rules():
            register(rule)


def synthetic_plugins(catalogues: int) -> dict[str, object]:
    """``catalogues`` catalogue plugins and the rule plugin, keyed by plugin name."""
    plugins: dict[str, object] = {
        f"synthetic-{i:04d}": CataloguePlugin(synthetic_catalogue(i)) for i in range(catalogues)
    }
    plugins[RulePlugin.name] = RulePlugin()
    return plugins


SCALING_CONTEXTS: tuple[dict[str, Any], ...] = (
    {"sitting": True, "timing": "after-legs"},
    {"heavy_lifting": True, "timing": "before-workout", "equipment": ()},
    {},
    {"sitting": True, "limits": ("kneeling", "hip-opening"), "minutes": 10},
)
"""The contexts each size is measured on (one of each kind of work)."""


@dataclass(frozen=True, slots=True)
class Scale:
    """The figures at one size: seconds to build (median) and per recommend (see
    :func:`measure_scales`).

    ``recommend`` is the engine as it comes (the collector paused during each
    call); ``collecting`` the same engine with ``pause_gc`` off; ``rules`` the
    rules' own work, their ``decide`` called straight on the engine's index and
    their decisions listed: the part of a call that is not the engine's;
    ``floor`` the least work any engine must do for the same routines (the
    rules, one look at each decision, one record per exercise left out and per
    citation: see benchmarks/floor.py).
    ``items``, ``left_out`` and ``sources`` count what the routines hold, summed
    over the contexts: the routine explains every exercise it leaves out and
    cites every exercise an item is held for, so they grow with the data.
    """

    catalogues: int
    exercises: int
    build: float
    recommend: float
    collecting: float
    rules: float
    floor: float
    items: int
    left_out: int
    sources: int


def measure_scales(sizes: Sequence[int], builds: Sequence[int], rounds: int) -> list[Scale]:
    """Build an engine over each number of synthetic catalogues; time the builds and recommend.

    The data is generated before the clock starts. Build time is the median of
    ``builds[i]`` fresh engines for ``sizes[i]`` (``Engine(plugins=...).load()``:
    registering every plugin, calling its hooks, validating its data, indexing).
    Recommend time is the mean, over the :data:`SCALING_CONTEXTS`, of the median
    of ``rounds`` calls on each, with the engine's routine cache off (every call does
    the work), taking turns with the same calls made with ``engine.pause_gc`` off
    (the garbage collector left to run during the call, see lowback/collector.py).
    The sizes take turns within each round, in an order rotated from round to
    round, so that a slow spell of the machine falls on every size alike and the
    growth factors compare like with like; each size's turn starts with one
    untimed call, which brings its data back into the CPU caches.
    """
    engines: list[Engine] = []
    build_times: list[float] = []
    items: list[int] = []
    held: list[list[Held]] = []
    contexts = [Context(**fields) for fields in SCALING_CONTEXTS]
    rules = synthetic_rules()
    for size, count in zip(sizes, builds, strict=True):
        times = []
        engine: Engine | None = None
        for _ in range(count):
            plugins = synthetic_plugins(size)
            start = time.perf_counter()
            engine = Engine(plugins=plugins, strict=True, cache_size=0).load()
            times.append(time.perf_counter() - start)
        assert engine is not None
        engines.append(engine)
        build_times.append(statistics.median(times))
        routines = [engine.recommend(c) for c in contexts]  # warms every path
        items.append(sum(len(r.items) for r in routines))
        held.append([Held.of(r) for r in routines])
    # Samples by size, then by context: the contexts differ in cost by up to 3x, and
    # a median over all of them jumps between contexts as the machine's speed moves.
    paused: list[list[list[float]]] = [[[] for _ in contexts] for _ in sizes]
    collecting: list[list[list[float]]] = [[[] for _ in contexts] for _ in sizes]
    own: list[list[list[float]]] = [[[] for _ in contexts] for _ in sizes]
    least: list[list[list[float]]] = [[[] for _ in contexts] for _ in sizes]
    for r in range(rounds):
        order = [(i + r) % len(sizes) for i in range(len(sizes))]
        for i in order:
            engine = engines[i]
            engine.recommend(contexts[0])
            for pause, samples in ((True, paused[i]), (False, collecting[i])):
                engine.pause_gc = pause
                for per_context, seconds in zip(samples, _timed(engine, contexts), strict=True):
                    per_context.append(seconds)
            engine.pause_gc = True
            index = engine.index
            rules_own = _plain_timed(partial(_decide_all, rules, index), contexts, held[i])
            floor = _plain_timed(partial(contract_floor, rules, index), contexts, held[i])
            for samples, timed in ((own[i], rules_own), (least[i], floor)):
                for per_context, seconds in zip(samples, timed, strict=True):
                    per_context.append(seconds)
    return [
        Scale(
            catalogues=size,
            exercises=len(engines[i].index),
            build=build_times[i],
            recommend=_mean_of_medians(paused[i]),
            collecting=_mean_of_medians(collecting[i]),
            rules=_mean_of_medians(own[i]),
            floor=_mean_of_medians(least[i]),
            items=items[i],
            left_out=sum(len(h.left_out) for h in held[i]),
            sources=sum(len(h.cited) for h in held[i]),
        )
        for i, size in enumerate(sizes)
    ]


def _mean_of_medians(samples: list[list[float]]) -> float:
    """The mean over the contexts of each context's median: one recommend, on average."""
    return statistics.fmean(statistics.median(s) for s in samples)


def _timed(engine: Engine, contexts: Sequence[Context]) -> list[float]:
    samples = []
    for context in contexts:
        start = time.perf_counter()
        engine.recommend(context)
        samples.append(time.perf_counter() - start)
    return samples


def _decide_all(
    rules: Sequence[Rule], index: CatalogueIndex, context: Context, _held: Held
) -> None:
    # The rules' own work, as the engine asks for it: every decision listed.
    for rule in rules:
        list(rule.decide(context, index))


def _plain_timed(
    work: Callable[[Context, Held], object], contexts: Sequence[Context], held: Sequence[Held]
) -> list[float]:
    # With the collector paused, as the engine pauses it during a call.
    samples = []
    with paused():
        for context, what in zip(contexts, held, strict=True):
            start = time.perf_counter()
            work(context, what)
            samples.append(time.perf_counter() - start)
    return samples

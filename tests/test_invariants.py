"""Invariants that hold for every context and every valid catalogue (hypothesis).

Two spaces are searched for each property:

- *built-in*: every context (including a history for the progression rule)
  against the built-in plugins;
- *generated*: small random valid catalogues, alone or beside the built-in
  ones, run through ``Engine(plugins=[...])`` with every built-in rule module,
  each against a few random contexts.

Properties: never a crash (strict engines: a rule fault is an error); same
input, same output; never a variation a limit rules out; never an item needing
equipment the person lacks (no roller item without a roller); never over the
time budget; a red flag (any urgent flag, an uncleared clinician flag, pain 7
or more) always gives an empty, halted routine and nothing else does; pain 4-6
gives only first rungs; every item has a reason and a source; no two items work
a muscle the same way (shared target, kind and position) unless both are of the
article done at the context's timing; each kind's items of one position are
together, so the routine never changes position more than once per further
position in a kind, plus once between kinds.

Each property runs ``LOWBACK_HYPOTHESIS_EXAMPLES`` examples per space (500 by
default); set it higher for a longer run, e.g. ``LOWBACK_HYPOTHESIS_EXAMPLES=20000``.
Engines over the built-ins are built once per module, never per example.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lowback import Context, ContextError, Decision, Engine, Routine, Rule, Vote
from lowback.hookspecs import RegisterCatalogue, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Catalogue
from lowback.validation import validate
from lowback.vocab import (
    CLINICIAN_FLAGS,
    EQUIPMENT,
    KIND_ORDER,
    KINDS,
    KNEE_LOADING,
    LIMITS,
    POSITIONS,
    RED_FLAGS,
    SITUATIONS,
    TIMINGS,
    URGENT_FLAGS,
    target_name,
)

from conftest import BUILTIN_PLUGINS

EXAMPLES = int(os.environ.get("LOWBACK_HYPOTHESIS_EXAMPLES", "500"))
settings.register_profile(
    "lowback-invariants",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("lowback-invariants")

SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."
STOP_RULES = (
    "Stretch only to a mild, comfortable tension, never into pain. Stop, and get advice "
    "from a GP or physiotherapist, if pain spreads down a leg, or tingling, numbness or "
    "weakness starts."
)

CATALOGUE_PLUGINS = frozenset({"shimada", "relief"})
RULE_MODULES = [
    import_module(BUILTIN_PLUGINS[name])
    for name in sorted(BUILTIN_PLUGINS)
    if name not in CATALOGUE_PLUGINS
]
BUILTIN_MODULES = [import_module(BUILTIN_PLUGINS[name]) for name in sorted(BUILTIN_PLUGINS)]


class CataloguePlugin:
    """A catalogue plugin object giving ready-made catalogues (no files, no parsing)."""

    def __init__(self, name: str, catalogues: list[Catalogue]) -> None:
        self.name = name
        self.catalogues = catalogues

    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        for catalogue in self.catalogues:
            register(catalogue)


@pytest.fixture(scope="module", autouse=True)
def _distribution_lookup_cached() -> Any:
    """Engines built per generated catalogue look up each plugin's distribution once.

    ``lowback.engine._distribution_of`` scans every installed distribution on
    each call (about 0.1 s); the answer cannot change within a test run.
    """
    import functools

    import lowback.engine as engine_module

    with pytest.MonkeyPatch.context() as patch:
        lookup = getattr(engine_module, "_distribution_of", None)
        if lookup is not None:
            patch.setattr(engine_module, "_distribution_of", functools.cache(lookup))
        yield


# -- engines over the built-ins: built once ------------------------------------------

# Routine caches off: "same input, same output" must hold for the pipeline itself.
BUILTIN = Engine(plugins=BUILTIN_MODULES, strict=True).load()
BUILTIN_AGAIN = Engine(
    plugins={
        name: BUILTIN_MODULES[i] for i, name in reversed(list(enumerate(sorted(BUILTIN_PLUGINS))))
    },
    strict=True,
).load()
BUILTIN_CATALOGUES = [lc.catalogue for lc in BUILTIN.catalogues]
BUILTIN_KEYS = sorted(BUILTIN.index.entries)
MOVEMENTS = sorted({e.exercise.movement for e in BUILTIN.index.all()} | {"gen-a", "gen-b"})


# -- contexts ------------------------------------------------------------------------
# Strategies are built once, from pools, and never inside a draw: building
# strategies per example costs more than running the engine.

DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 3, 1))
DONE = st.fixed_dictionaries(
    {
        "session": st.integers(1, 40),
        "day": DAYS,
        "rung": st.integers(0, 3),  # an index into the exercise's ladder; past its end: gone
        "sets": st.integers(1, 4),
        "amount": st.integers(1, 120),
        "rating": st.sampled_from([None, "easier", "right", "harder"]),
        "pain_before": st.none() | st.integers(0, 10),
        "pain_after": st.none() | st.integers(0, 10),
    }
)
PROGRESS_SPEC = st.none() | st.fixed_dictionaries(
    {
        "sessions": st.integers(0, 40),
        "days": st.lists(DAYS, min_size=3, max_size=3).map(sorted),
        # (index into the exercise keys, past the end: an unknown exercise; its sessions)
        "exercises": st.lists(
            st.tuples(st.integers(0, 30), st.lists(DONE, min_size=1, max_size=4)), max_size=3
        ),
    }
)
CONTEXT_BASE = {
    "sitting": st.booleans(),
    "heavy_lifting": st.booleans(),
    "timing": st.sampled_from([None, *TIMINGS]),
    "limits": st.lists(st.sampled_from(LIMITS), max_size=4),
    "equipment": st.lists(st.sampled_from(EQUIPMENT), max_size=2),
    "minutes": st.none() | st.integers(1, 240),
    "red_flags": st.one_of(
        st.just([]), st.lists(st.sampled_from(RED_FLAGS), min_size=1, max_size=3)
    ),
    "pain": st.none() | st.integers(0, 10),
    "cleared": st.booleans(),
}
CONTEXT_FIELDS = st.fixed_dictionaries({**CONTEXT_BASE, "progress": PROGRESS_SPEC})
PLAIN_CONTEXT_FIELDS = st.fixed_dictionaries({**CONTEXT_BASE, "progress": st.none()})


def make_context(fields: dict[str, Any], engine: Engine) -> Context:
    """A context from drawn fields, its history naming ``engine``'s exercises and rungs."""
    spec = fields["progress"]
    if spec is not None:
        keys = sorted(engine.index.entries)
        exercises = []
        for i, done in dict(spec["exercises"]).items():  # one entry per exercise
            key = keys[i] if i < len(keys) else f"nowhere/gone-{i}"
            entry = engine.index.entries.get(key)
            ladder = [r.id for r in entry.exercise.ladder] if entry else []
            recent = [
                {**d, "rung": ladder[d["rung"]] if d["rung"] < len(ladder) else "gone"}
                for d in done
            ]
            exercises.append({"exercise": key, "recent": recent})
        first, last, today = spec["days"]
        fields = {
            **fields,
            "progress": {
                "sessions": spec["sessions"],
                "first_day": first,
                "last_day": last,
                "today": today,
                "exercises": exercises,
            },
        }
    return Context.model_validate(fields)


BUILTIN_CONTEXTS = CONTEXT_FIELDS.map(lambda fields: make_context(fields, BUILTIN))


# -- catalogues ----------------------------------------------------------------------
# Only what the rules and stages read is drawn (abilities, equipment, position,
# movement, ladder, dose, timing, links); names, cues and notes are fixed text,
# which keeps an example to a couple of hundred draws.

SLUG = st.sampled_from(["a", "b", "c", "d", "e", "ab", "x-1", "long-one"])
TEXT = "Hold <b>it</b> \x1b[31m20 s\t"
MEASURES = {"reps": 30, "hold_s": 60, "duration_s": 120}
DOSES = st.tuples(
    st.sampled_from(sorted(MEASURES)),
    st.integers(1, 120),  # amount, capped by the measure's top
    st.integers(1, 4),  # sets
    st.booleans(),  # per side
    st.integers(0, 2),  # segments
    st.none() | st.integers(0, 2),  # sets_max above sets
    st.none() | st.integers(0, 30),  # reps_max / hold_s_max above the amount
)


def make_dose(drawn: tuple[Any, ...]) -> dict[str, Any]:
    measure, amount, sets, per_side, segments, sets_up, amount_up = drawn
    amount = min(amount, MEASURES[measure])
    dose: dict[str, Any] = {
        "sets": sets,
        measure: amount,
        "per_side": per_side,
        "segments": [f"part {i}" for i in range(segments)],
    }
    if sets_up is not None:
        dose["sets_max"] = sets + sets_up
    if amount_up is not None and measure != "duration_s":
        dose[f"{measure}_max"] = min(MEASURES[measure], amount + amount_up)
    return dose


RUNG = st.tuples(
    SLUG,
    st.lists(st.sampled_from(LIMITS), unique=True, max_size=2),
    st.booleans(),  # needs a foam roller
    st.none() | DOSES,
)
EXERCISE = st.tuples(
    SLUG,
    st.sampled_from(KINDS),
    st.sampled_from(POSITIONS),
    st.booleans(),  # needs a foam roller
    st.lists(st.sampled_from(LIMITS), unique=True, max_size=1),
    st.sampled_from(MOVEMENTS),
    DOSES,
    st.lists(RUNG, min_size=1, max_size=3),
    st.none() | st.integers(0, 2),  # start rung
    st.lists(st.sampled_from(SITUATIONS), unique=True, max_size=2),
)
CATALOGUE = st.tuples(
    st.lists(st.sampled_from(TIMINGS), unique=True, max_size=2),
    st.lists(st.sampled_from(SITUATIONS), unique=True, max_size=2),
    st.booleans(),  # frequency advice
    st.lists(EXERCISE, min_size=1, max_size=5),
)


def make_catalogue(cat_id: str, drawn: tuple[Any, ...]) -> Catalogue:
    """A valid catalogue from drawn choices (a repeated id keeps its last draw)."""
    timing, because, frequency, drawn_exercises = drawn
    exercises = {}
    for (
        ex_id,
        kind,
        position,
        roller,
        requires,
        movement,
        dose,
        rungs,
        start,
        links,
    ) in drawn_exercises:
        ladder = {
            rid: {
                "id": rid,
                "name": f"{TEXT} {rid}",
                "cues": [TEXT],
                "requires": r_requires,
                "equipment": ["foam-roller"] if r_roller else [],
                "dose": None if r_dose is None else make_dose(r_dose),
            }
            for rid, r_requires, r_roller, r_dose in rungs
        }
        ids = list(ladder)
        exercises[ex_id] = {
            "id": ex_id,
            "name": f"{TEXT} {ex_id}",
            "section": TEXT,
            "kind": kind,
            "position": position,
            "equipment": ["foam-roller"] if roller else [],
            "requires": requires,
            "targets": ["hips"],
            "movement": movement,
            "dose": make_dose(dose),
            "cues": [TEXT],
            "ladder": list(ladder.values()),
            "start": ids[start] if start is not None and start < len(ids) else None,
            "start_is_ours": start is None,
            "because": [{"situation": s, "note": TEXT} for s in links],
        }
    return Catalogue.model_validate(
        {
            "id": cat_id,
            "name": TEXT,
            "source": {"title": f"{TEXT} {cat_id}", "author": TEXT},
            "timing": timing,
            "frequency": {"text": TEXT} if frequency else None,
            "because": [{"situation": s, "note": TEXT} for s in because],
            "advice": [TEXT],
            "exercises": list(exercises.values()),
        }
    )


WORLD = st.fixed_dictionaries(
    {
        "catalogues": st.lists(CATALOGUE, min_size=1, max_size=2),
        "with_builtins": st.booleans(),
        "eager": st.booleans(),
        "reversed": st.booleans(),
        # A history is drawn in the built-in space only: it costs draws, and the
        # progression rule's code paths do not depend on which catalogue it names.
        "contexts": st.lists(PLAIN_CONTEXT_FIELDS, min_size=1, max_size=2),
    }
)


class VotesForEverything(Rule):
    """A rule that wants every exercise, strongly: it must never outweigh the screen."""

    id = "everything"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        for entry in index.all():
            yield Vote(exercise=entry.key, weight=100, fact="always", text="Always.")


class EagerPlugin:
    """A third-party plugin that takes the old screen's name and votes for everything."""

    name = "safety"

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(VotesForEverything())


EAGER = EagerPlugin()


def make_world(drawn: dict[str, Any]) -> tuple[Engine, Engine, list[Context]]:
    """An engine over generated catalogues (plugins given in a drawn order), and contexts.

    The engine is its own second engine: registration order is covered by the
    built-in space, and building engines is what a generated example costs.
    """
    generated = [make_catalogue(f"gen-{i}", c) for i, c in enumerate(drawn["catalogues"])]
    extra = BUILTIN_CATALOGUES if drawn["with_builtins"] else []
    plugins = [CataloguePlugin("generated", [*generated, *extra]), *RULE_MODULES]
    if drawn["eager"]:
        plugins.append(EAGER)
    if drawn["reversed"]:
        plugins.reverse()
    engine = Engine(plugins=plugins, strict=True).load()
    return engine, engine, [make_context(f, engine) for f in drawn["contexts"]]


WORLDS = WORLD.map(make_world)


# -- the properties ------------------------------------------------------------------


def halts(context: Context) -> bool:
    """Whether the safety screen must give no routine for ``context``."""
    flags = set(context.red_flags)
    return (
        bool(flags & set(URGENT_FLAGS))
        or (bool(flags & set(CLINICIAN_FLAGS)) and not context.cleared)
        or (context.pain is not None and context.pain >= 7)
    )


def never_crashes(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    assert isinstance(r, Routine)
    assert engine.faults == ()
    assert [i.step for i in r.items] == list(range(1, len(r.items) + 1))
    assert len({i.exercise for i in r.items}) == len(r.items)
    assert r.total_seconds == sum(i.seconds for i in r.items)
    if r.halted:  # a halt's own message ends the routine
        assert r.advice[-1].kind in ("stop", "note")
    else:  # every routine given ends with the stop rules and the safety note
        assert [a.text for a in r.advice[-2:]] == [STOP_RULES, SAFETY_NOTE]
    Routine.model_validate_json(r.model_dump_json())


def same_output(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    text = r.model_dump_json()
    assert engine.recommend(context).model_dump_json() == text
    assert again.recommend(context).model_dump_json() == text
    rebuilt = Context.model_validate(json.loads(context.model_dump_json()))
    assert engine.recommend(rebuilt).model_dump_json() == text


def no_ruled_out_variation(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    for item in r.items:
        entry = engine.index.entries[item.exercise]
        ex = entry.exercise
        rung = next(v for v in ex.ladder if v.id == item.variation.id)
        needs = {*ex.requires, *rung.requires}
        if ex.position in KNEE_LOADING:
            needs.add("kneeling")
        assert not needs & set(context.limits), (item.exercise, rung.id, context.limits)


def no_missing_equipment(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    for item in r.items:
        entry = engine.index.entries[item.exercise]
        rung = next(v for v in entry.exercise.ladder if v.id == item.variation.id)
        needs = {*entry.exercise.equipment, *rung.equipment, *item.equipment}
        assert needs <= set(context.equipment), (item.exercise, needs, context.equipment)
        if "foam-roller" not in context.equipment:
            assert "foam-roller" not in needs


def within_budget(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    if context.minutes is not None:
        assert r.total_seconds <= context.minutes * 60


def red_flag_halts(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    assert r.halted == halts(context)
    if r.halted:
        assert r.items == () and r.total_seconds == 0
        assert any(a.kind == "stop" for a in r.advice)
    elif context.pain is not None and 4 <= context.pain <= 6:
        assert all(item.variation.rung == 1 for item in r.items)


def reasons_and_sources(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    for item in r.items:
        assert item.reasons, item.exercise
        assert all(reason.rule and reason.text for reason in item.reasons)
        assert item.sources, item.exercise
        assert item.sources[0].exercise == item.exercise
        for source in item.sources:
            entry = engine.index.entries[source.exercise]
            assert source.title == entry.catalogue.source.title
            assert source.section == entry.exercise.section


def one_way_per_muscle(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    def muscles(key: str) -> set[str]:
        return {target_name(t) or t for t in engine.index.entries[key].exercise.targets}

    for a, b in itertools.combinations(r.items, 2):
        if a.kind != b.kind or a.position != b.position:
            continue
        if not muscles(a.exercise) & muscles(b.exercise):
            continue
        own = [
            engine.index.entries[i.exercise].catalogue
            for i in (a, b)
            if not any(x.effect == "substitute" for x in i.reasons)  # a stand-in's is another's
        ]
        assert context.timing is not None, (a.exercise, b.exercise)
        assert all(context.timing in c.timing for c in own), (a.exercise, b.exercise)
        assert len({c.id for c in own}) <= 1, (a.exercise, b.exercise)


def fewest_get_ups(engine: Engine, again: Engine, context: Context, r: Routine) -> None:
    kinds = [KIND_ORDER[i.kind] for i in r.items]
    assert kinds == sorted(kinds)
    groups: dict[int, list[str]] = {}
    for item in r.items:
        groups.setdefault(KIND_ORDER[item.kind], []).append(item.position)
    changes = sum(a.position != b.position for a, b in itertools.pairwise(r.items))
    bound = sum(len(set(g)) - 1 for g in groups.values()) + max(len(groups) - 1, 0)
    assert changes <= bound, [i.position for i in r.items]


PROPERTIES = {
    "never-crashes": never_crashes,
    "same-input-same-output": same_output,
    "no-ruled-out-variation": no_ruled_out_variation,
    "no-missing-equipment": no_missing_equipment,
    "within-budget": within_budget,
    "red-flag-halts": red_flag_halts,
    "reasons-and-sources": reasons_and_sources,
    "one-way-per-muscle": one_way_per_muscle,
    "fewest-get-ups": fewest_get_ups,
}


def check_all(engine: Engine, again: Engine, context: Context, routine: Routine) -> None:
    """Every property, each failure named by its property."""
    for name, check in PROPERTIES.items():
        try:
            check(engine, again, context, routine)
        except AssertionError as exc:
            raise AssertionError(f"property {name} fails for {context!r}: {exc}") from exc


@PROFILE
@given(context=BUILTIN_CONTEXTS)
def test_builtin_catalogues(context: Context) -> None:
    """Every property over every context, against the built-in plugins."""
    check_all(BUILTIN, BUILTIN_AGAIN, context, BUILTIN.recommend(context))


@PROFILE
@given(world=WORLDS)
def test_generated_catalogues(world: tuple[Engine, Engine, list[Context]]) -> None:
    """Every property over generated catalogues (an engine per catalogue is the cost)."""
    engine, again, ctxs = world
    for context in ctxs:
        check_all(engine, again, context, engine.recommend(context))


SCALARS = st.none() | st.booleans() | st.integers(-3, 300) | st.floats() | st.text(max_size=4)
JSON = (
    SCALARS
    | st.lists(SCALARS, max_size=3)
    | st.dictionaries(st.text(max_size=3), SCALARS, max_size=2)
)
NEAR_MISSES = st.sampled_from(
    [*RED_FLAGS, *LIMITS, *TIMINGS, "foam-roller", 0, 7, 10, 11, -1, [], ["steroids"], ["x"]]
)
FIELDS = [*Context.model_fields, "unknown"]


@PROFILE
@given(data=st.dictionaries(st.sampled_from(FIELDS), NEAR_MISSES | JSON, max_size=4))
def test_any_json_is_a_context_or_a_context_error(data: dict[str, Any]) -> None:
    """Any input is a valid context (the properties hold) or one line per problem, from
    the model or from the engine, which checks names against its vocabulary."""
    try:
        context = validate(Context, data)
        routine = BUILTIN.recommend(context)
    except ContextError as exc:
        assert exc.problems
        assert all(p.strip() and "\n" not in p for p in exc.problems), exc.problems
    else:
        check_all(BUILTIN, BUILTIN_AGAIN, context, routine)

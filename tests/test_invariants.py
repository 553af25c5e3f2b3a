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
gives only first rungs; every item has a reason and a source.

Each property runs ``LOWBACK_HYPOTHESIS_EXAMPLES`` examples per space (1,000 by
default); set it higher for a longer run, e.g. ``LOWBACK_HYPOTHESIS_EXAMPLES=20000``.
Engines over the built-ins are built once per module, never per example.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lowback import Context, ContextError, Engine, Routine
from lowback.hookspecs import RegisterCatalogue, hookimpl
from lowback.models import Catalogue
from lowback.vocab import (
    CLINICIAN_FLAGS,
    EQUIPMENT,
    KINDS,
    KNEE_LOADING,
    LIMITS,
    POSITIONS,
    RED_FLAGS,
    SITUATIONS,
    TIMINGS,
    URGENT_FLAGS,
)

from conftest import BUILTIN_PLUGINS

EXAMPLES = int(os.environ.get("LOWBACK_HYPOTHESIS_EXAMPLES", "1000"))
settings.register_profile(
    "lowback-invariants",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("lowback-invariants")

SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."

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


# -- engines over the built-ins: built once ------------------------------------------

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

DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 3, 1))


@st.composite
def progress(draw: st.DrawFn, keys: list[str], rungs: Callable[[str], list[str]]) -> Any:
    chosen = draw(st.lists(st.sampled_from([*keys, "nowhere/gone"]), max_size=3, unique=True))
    exercises = []
    for key in chosen:
        recent = draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "session": st.integers(1, 40),
                        "day": DAYS,
                        "rung": st.sampled_from([*rungs(key), "gone"]),
                        "sets": st.integers(1, 4),
                        "amount": st.integers(1, 120),
                        "rating": st.sampled_from([None, "easier", "right", "harder"]),
                        "pain_before": st.none() | st.integers(0, 10),
                        "pain_after": st.none() | st.integers(0, 10),
                    }
                ),
                min_size=1,
                max_size=5,
            )
        )
        exercises.append({"exercise": key, "recent": recent})
    days = draw(st.lists(DAYS, min_size=3, max_size=3).map(sorted))
    return {
        "sessions": draw(st.integers(0, 40)),
        "first_day": days[0],
        "last_day": days[1],
        "today": days[2],
        "exercises": exercises,
    }


def _builtin_rungs(key: str) -> list[str]:
    entry = BUILTIN.index.entries.get(key)
    return [r.id for r in entry.exercise.ladder] if entry else ["standard"]


def contexts(
    keys: list[str] | None = None, rungs: Callable[[str], list[str]] = _builtin_rungs
) -> st.SearchStrategy[Context]:
    """Every valid context: unsorted, repeated lists; red flags biased towards none."""
    fields = {
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
    if keys is not None:
        fields["progress"] = st.none() | progress(keys, rungs)
    return st.fixed_dictionaries(fields).map(Context.model_validate)


BUILTIN_CONTEXTS = contexts(BUILTIN_KEYS)


# -- catalogues ----------------------------------------------------------------------

SLUG = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?", fullmatch=True)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda s: s.strip() != "" or True
)


@st.composite
def doses(draw: st.DrawFn) -> dict[str, Any]:
    measure = draw(st.sampled_from(["reps", "hold_s", "duration_s"]))
    top = {"reps": 30, "hold_s": 60, "duration_s": 120}[measure]
    amount = draw(st.integers(1, top))
    sets = draw(st.integers(1, 4))
    dose: dict[str, Any] = {
        "sets": sets,
        measure: amount,
        "per_side": draw(st.booleans()),
        "segments": draw(st.lists(TEXT, max_size=2)),
        "ours": draw(
            st.lists(
                st.sampled_from(["sets", "reps", "hold_s", "duration_s", "per_side"]),
                unique=True,
                max_size=3,
            )
        ),
    }
    if draw(st.booleans()):
        dose["sets_max"] = draw(st.integers(sets, 5))
    if measure != "duration_s" and draw(st.booleans()):
        dose[f"{measure}_max"] = draw(st.integers(amount, top))
    return dose


@st.composite
def exercises(draw: st.DrawFn, ex_id: str) -> dict[str, Any]:
    rung_ids = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    ladder = [
        {
            "id": rid,
            "name": draw(TEXT),
            "cues": draw(st.lists(TEXT, max_size=1)),
            "requires": draw(st.lists(st.sampled_from(LIMITS), unique=True, max_size=2)),
            "equipment": draw(st.lists(st.sampled_from(EQUIPMENT), unique=True, max_size=1)),
            "dose": draw(st.none() | doses()),
        }
        for rid in rung_ids
    ]
    return {
        "id": ex_id,
        "name": draw(TEXT),
        "section": draw(TEXT),
        "kind": draw(st.sampled_from(KINDS)),
        "position": draw(st.sampled_from(POSITIONS)),
        "equipment": draw(st.lists(st.sampled_from(EQUIPMENT), unique=True, max_size=1)),
        "requires": draw(st.lists(st.sampled_from(LIMITS), unique=True, max_size=1)),
        "targets": draw(st.lists(SLUG, min_size=1, max_size=2)),
        "movement": draw(st.sampled_from(MOVEMENTS)),
        "dose": draw(doses()),
        "cues": draw(st.lists(TEXT, min_size=1, max_size=2)),
        "ladder": ladder,
        "start": draw(st.sampled_from([None, *rung_ids])),
        "start_is_ours": draw(st.booleans()),
        "because": draw(
            st.lists(
                st.fixed_dictionaries({"situation": st.sampled_from(SITUATIONS), "note": TEXT}),
                max_size=2,
            )
        ),
    }


@st.composite
def catalogues(draw: st.DrawFn, cat_id: str) -> Catalogue:
    ids = draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))
    data = {
        "id": cat_id,
        "name": draw(TEXT),
        "source": {"title": draw(TEXT), "author": draw(st.none() | TEXT)},
        "timing": draw(st.lists(st.sampled_from(TIMINGS), unique=True, max_size=2)),
        "frequency": draw(st.none() | st.fixed_dictionaries({"text": TEXT})),
        "because": draw(
            st.lists(
                st.fixed_dictionaries({"situation": st.sampled_from(SITUATIONS), "note": TEXT}),
                max_size=2,
            )
        ),
        "advice": draw(st.lists(TEXT, max_size=1)),
        "exercises": [draw(exercises(ex_id)) for ex_id in ids],
    }
    return Catalogue.model_validate(data)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Engine, Engine, list[Context]]:
    """Two engines (plugins given in opposite orders) over generated catalogues, and contexts."""
    cats = draw(st.lists(st.sampled_from(["gen", "gen-two"]), min_size=1, max_size=2, unique=True))
    generated = [draw(catalogues(c)) for c in cats]
    with_builtins = draw(st.booleans())
    plugin = CataloguePlugin("generated", generated + (BUILTIN_CATALOGUES if with_builtins else []))
    forward = Engine(plugins=[plugin, *RULE_MODULES], strict=True)
    backward = Engine(plugins=[*reversed(RULE_MODULES), plugin], strict=True)
    keys = sorted(forward.index.entries)

    def rungs(key: str) -> list[str]:
        entry = forward.index.entries.get(key)
        return [r.id for r in entry.exercise.ladder] if entry else ["standard"]

    ctxs = draw(st.lists(contexts(keys, rungs), min_size=1, max_size=4))
    return forward, backward, ctxs


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
    assert r.advice and r.advice[-1].text == SAFETY_NOTE
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
        assert any(a.kind == "safety" and a.text != SAFETY_NOTE for a in r.advice)
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


PROPERTIES = {
    "never-crashes": never_crashes,
    "same-input-same-output": same_output,
    "no-ruled-out-variation": no_ruled_out_variation,
    "no-missing-equipment": no_missing_equipment,
    "within-budget": within_budget,
    "red-flag-halts": red_flag_halts,
    "reasons-and-sources": reasons_and_sources,
}


@pytest.mark.parametrize("check", PROPERTIES.values(), ids=list(PROPERTIES))
def test_builtin_catalogues(check: Callable[..., None]) -> None:
    @PROFILE
    @given(context=BUILTIN_CONTEXTS)
    def run(context: Context) -> None:
        check(BUILTIN, BUILTIN_AGAIN, context, BUILTIN.recommend(context))

    run()


@pytest.mark.parametrize("check", PROPERTIES.values(), ids=list(PROPERTIES))
def test_generated_catalogues(check: Callable[..., None]) -> None:
    @PROFILE
    @given(world=worlds())
    def run(world: tuple[Engine, Engine, list[Context]]) -> None:
        engine, again, ctxs = world
        for context in ctxs:
            check(engine, again, context, engine.recommend(context))

    run()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [*Context.model_fields, "unknown"]


@PROFILE
@given(
    data=st.dictionaries(
        st.sampled_from(FIELDS),
        JSON | st.sampled_from([*RED_FLAGS, *LIMITS, *TIMINGS, 0, 7, 10, 11, -1, [], ["steroids"]]),
        max_size=5,
    )
)
def test_any_json_is_a_context_or_a_context_error(data: dict[str, Any]) -> None:
    try:
        context = Context.model_validate(data)
    except ContextError as exc:
        assert exc.problems and all(p.strip() for p in exc.problems)
        assert "\n" not in "".join(exc.problems)
    else:
        red_flag_halts(BUILTIN, BUILTIN_AGAIN, context, BUILTIN.recommend(context))

"""The benchmarks' plain-Python reference makes the engine's choices, context for context.

``benchmarks/reference.py`` is the floor the warm engine latency is compared
with; the comparison only means something if both do the same work. For every
context of the benchmarks' fixed set, the reference must give the same
exercises, on the same rungs, in the same order as the engine over the
installed built-in plugins.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _benchmarks(name: str) -> ModuleType:
    # benchmarks/ is not installed: import it from the repository root.
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(ROOT))
        return importlib.import_module(f"benchmarks.{name}")


contexts = _benchmarks("contexts")
reference = _benchmarks("reference")
warm = _benchmarks("warm")


@pytest.fixture(scope="module")
def builtin_engine() -> Any:
    return warm.builtin_engine()


@pytest.fixture(scope="module")
def reference_data() -> Any:
    return reference.load_reference_data()


def _id(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items()) or "empty"


@pytest.mark.parametrize("fields", contexts.CONTEXTS, ids=_id)
def test_reference_gives_the_engines_items_rungs_and_order(
    fields: dict[str, Any], builtin_engine: Any, reference_data: Any
) -> None:
    from lowback import Context

    context = Context(**fields)
    routine = builtin_engine.recommend(context)
    engine_choices = [(item.exercise, item.variation.id) for item in routine.items]
    assert reference.reference_routine(context, reference_data) == engine_choices


def test_the_fixed_contexts_reach_every_stage(builtin_engine: Any) -> None:
    effects = set()
    for context in contexts.build_contexts():
        routine = builtin_engine.recommend(context)
        effects |= {r.effect for item in routine.items for r in item.reasons}
        effects |= {r.effect for left in routine.left_out for r in left.reasons}
    assert {"include", "set-aside", "veto", "substitute", "variation", "merge", "drop"} <= effects


def test_reference_reads_every_builtin_catalogue(reference_data: Any) -> None:
    catalogues = {exercise.key.partition("/")[0] for exercise in reference_data}
    assert {"shimada", "relief"} <= catalogues

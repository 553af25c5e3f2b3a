"""Same context and plugins, same routine, byte for byte, whatever order plugins come in."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys

import pytest
from lowback import Context, Engine

from conftest import BUILTIN_PLUGINS, builtin_modules

CONTEXTS = [
    Context(sitting=True, timing="after-legs"),
    Context(sitting=True),
    Context(heavy_lifting=True, timing="before-workout", limits=("kneeling",)),
    Context(sitting=True, heavy_lifting=True, limits=("cross-legs", "hip-opening"), minutes=7),
    Context(sitting=True, equipment=(), minutes=4),
    Context(timing="after-legs", limits=("kneeling", "hip-opening", "cross-legs")),
    Context(),
]


def dump(engine: Engine, context: Context) -> str:
    return engine.recommend(context).model_dump_json()


@pytest.fixture(scope="module")
def baseline(builtins: Engine) -> list[str]:
    return [dump(builtins, c) for c in CONTEXTS]


def test_same_context_same_bytes(builtins: Engine) -> None:
    for context in CONTEXTS:
        first = dump(builtins, context)
        assert first == dump(builtins, context)
        # The same context, round-tripped through JSON, gives the same bytes.
        again = Context.model_validate_json(context.model_dump_json())
        assert dump(builtins, again) == first


def test_limits_given_in_any_order_give_the_same_routine(builtins: Engine) -> None:
    limits = ("kneeling", "cross-legs", "hip-opening")
    outputs = {
        dump(builtins, Context(sitting=True, timing="after-legs", limits=order))
        for order in itertools.permutations(limits)
    }
    outputs.add(
        dump(builtins, Context(sitting=True, timing="after-legs", limits=(*limits, *limits)))
    )
    assert len(outputs) == 1


def test_two_fresh_engines_agree(baseline: list[str]) -> None:
    for _ in range(2):
        engine = Engine(plugins=builtin_modules())
        assert [dump(engine, c) for c in CONTEXTS] == baseline
    # Through the entry points too: two fresh engines, same bytes.
    first, second = Engine(), Engine()
    assert [dump(first, c) for c in CONTEXTS] == [dump(second, c) for c in CONTEXTS]


@pytest.mark.parametrize("seed", range(12))
def test_shuffled_plugin_lists_give_the_same_bytes(baseline: list[str], seed: int) -> None:
    modules = builtin_modules()
    random.Random(seed).shuffle(modules)
    engine = Engine(plugins=modules)
    assert [dump(engine, c) for c in CONTEXTS] == baseline


def test_every_order_of_the_rule_plugins_gives_the_same_bytes(baseline: list[str]) -> None:
    """All 120 orders of five rule plugins, the catalogues and the rest first or last."""
    from importlib import import_module

    rules = ["sitting", "timing", "limits", "equipment", "budget"]
    cats = [import_module(BUILTIN_PLUGINS[n]) for n in ("shimada", "relief")]
    rest = [
        import_module(BUILTIN_PLUGINS[n])
        for n in sorted(BUILTIN_PLUGINS)
        if n not in rules and n not in ("shimada", "relief")
    ]
    picked = [CONTEXTS[0], CONTEXTS[2], CONTEXTS[3]]
    expected = [baseline[CONTEXTS.index(c)] for c in picked]
    for n, order in enumerate(itertools.permutations(rules)):
        mods = [import_module(BUILTIN_PLUGINS[name]) for name in order]
        plugins = [*cats, *mods, *rest] if n % 2 else [*rest, *mods, *cats[::-1]]
        engine = Engine(plugins=plugins)
        assert [dump(engine, c) for c in picked] == expected, order


def test_a_mapping_in_any_insertion_order_gives_the_same_bytes(baseline: list[str]) -> None:
    modules = {name: m for name, m in zip(sorted(BUILTIN_PLUGINS), builtin_modules(), strict=True)}
    for seed in range(5):
        names = list(modules)
        random.Random(seed).shuffle(names)
        engine = Engine(plugins={n: modules[n] for n in names})
        assert [dump(engine, c) for c in CONTEXTS] == baseline


def test_same_bytes_across_processes_with_different_hash_seeds() -> None:
    """Set and dict orders change with PYTHONHASHSEED; the routine must not."""
    args = ["recommend", "--sitting", "--limit", "kneeling", "--minutes", "9", "--format", "json"]
    outputs = set()
    for seed in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
        env["PYTHONHASHSEED"] = seed
        proc = subprocess.run(
            [sys.executable, "-m", "lowback", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1

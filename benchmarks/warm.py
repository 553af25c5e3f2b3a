"""In-process figures: warm ``Engine.recommend`` against the plain-Python reference."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .contexts import build_contexts
from .reference import load_reference_data, reference_routine

if TYPE_CHECKING:
    from lowback import Engine


@dataclass(frozen=True, slots=True)
class Latency:
    """Per-call times in seconds: the median over every sample, and the spread by context."""

    median: float
    fastest_context: float
    slowest_context: float
    samples: int


def builtin_engine(cache_size: int = 0) -> Engine:
    """An engine over the installed built-in plugins only (distribution ``lowback``), loaded.

    Third-party plugins installed in the same environment are left out, so that
    the figures and the reference cross-check do not depend on what else is there.
    The routine cache is off by default: the figures measure the engine's work,
    not a look-up of a routine it already gave.
    """
    from lowback import Engine
    from lowback.discovery import discover

    names = [s.name for s in discover() if s.distribution == "lowback"]
    return Engine(only=names, strict=True, cache_size=cache_size).load()


def per_call(
    fns: Sequence[tuple[Callable[[Any], object], int]], contexts: Sequence[Any], rounds: int
) -> list[Latency]:
    """Time each ``fn(context)``, ``batch`` calls at a time, ``rounds`` times over every
    context; the functions take turns within each round, so that a slow spell of a
    shared machine falls on all of them and their ratio holds."""
    for fn, _batch in fns:
        for context in contexts:  # warm every path once
            fn(context)
    samples: list[list[float]] = [[] for _ in fns]
    by_context: list[list[list[float]]] = [[[] for _ in contexts] for _ in fns]
    clock = time.perf_counter
    for _ in range(rounds):
        for i, context in enumerate(contexts):
            for k, (fn, batch) in enumerate(fns):
                start = clock()
                for _ in range(batch):
                    fn(context)
                t = (clock() - start) / batch
                samples[k].append(t)
                by_context[k][i].append(t)
    latencies = []
    for k in range(len(fns)):
        medians = [statistics.median(ts) for ts in by_context[k]]
        latencies.append(
            Latency(statistics.median(samples[k]), min(medians), max(medians), len(samples[k]))
        )
    return latencies


def warm_latency(rounds: int, batch: int) -> tuple[Latency, Latency, Latency]:
    """Per-call latency over the fixed contexts, each engine built once: (the engine with
    its routine cache off, the plain-Python reference, the engine with its cache on,
    every call after the first per context a repeat)."""
    engine = builtin_engine()
    contexts = build_contexts()
    data = load_reference_data()
    cached = builtin_engine(cache_size=len(contexts))
    engine_latency, reference_latency, repeated_latency = per_call(
        [
            (engine.recommend, batch),
            (lambda c: reference_routine(c, data), batch * 10),
            (cached.recommend, batch * 10),
        ],
        contexts,
        rounds,
    )
    return engine_latency, reference_latency, repeated_latency

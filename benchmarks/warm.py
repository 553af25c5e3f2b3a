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
    fn: Callable[[Any], object], contexts: Sequence[Any], rounds: int, batch: int
) -> Latency:
    """Time ``fn(context)`` ``batch`` calls at a time, ``rounds`` times over every context."""
    for context in contexts:  # warm every path once
        fn(context)
    samples: list[float] = []
    by_context: list[list[float]] = [[] for _ in contexts]
    clock = time.perf_counter
    for _ in range(rounds):
        for i, context in enumerate(contexts):
            start = clock()
            for _ in range(batch):
                fn(context)
            t = (clock() - start) / batch
            samples.append(t)
            by_context[i].append(t)
    medians = [statistics.median(ts) for ts in by_context]
    return Latency(statistics.median(samples), min(medians), max(medians), len(samples))


def warm_latency(rounds: int, batch: int) -> tuple[Latency, Latency, Latency]:
    """Per-call latency over the fixed contexts, each engine built once: (the engine with
    its routine cache off, the plain-Python reference, the engine with its cache on,
    every call after the first per context a repeat)."""
    engine = builtin_engine()
    contexts = build_contexts()
    data = load_reference_data()
    engine_latency = per_call(engine.recommend, contexts, rounds, batch)
    reference_latency = per_call(lambda c: reference_routine(c, data), contexts, rounds, batch * 10)
    cached = builtin_engine(cache_size=len(contexts))
    repeated_latency = per_call(cached.recommend, contexts, rounds, batch * 10)
    return engine_latency, reference_latency, repeated_latency
